"""aiogram routers, one per feature. `build_root_router` fixes their order."""

from __future__ import annotations

from aiogram import Router

from handlers import admin, basics, start, unregistered


def build_root_router() -> Router:
    root = Router(name="root")
    # Order matters: /start first (works for everyone), then the unregistered catch-all,
    # then features for registered people, and the registered fallback last.
    root.include_routers(start.router, unregistered.router, admin.router, basics.router)
    return root
