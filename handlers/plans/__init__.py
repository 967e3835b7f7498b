"""The SKP in chat: /skp (flow), /skp_baru and fixing one RHK (entry), SKP spreadsheets (files)."""

from __future__ import annotations

from aiogram import Router

from handlers.plans import entry, files, flow

router = Router(name="plans_root")
router.include_routers(entry.router, flow.router, files.router)
