"""The router tree: `build_root_router` includes every feature router in a fixed order."""

from __future__ import annotations

from aiogram import Router

from handlers import (
    admin,
    admin_tools,
    agency_settings,
    basics,
    evaluation,
    feedback,
    history,
    leave,
    plans,
    reminders,
    review,
    start,
    status,
    team,
    trail,
    unregistered,
)
from handlers.recap import flow as recap_flow
from handlers.report import flow as report_flow


def build_root_router() -> Router:
    root = Router(name="root")
    # Order matters: /start first (works for everyone), then the unregistered catch-all,
    # then features for registered people (dialogs before admin file import, so a document
    # sent as evidence is evidence), and the registered fallback last.
    root.include_routers(
        start.router,
        unregistered.router,
        report_flow.router,
        history.router,
        leave.router,
        review.router,
        feedback.router,
        team.router,
        recap_flow.router,
        trail.router,
        reminders.router,
        plans.router,
        evaluation.router,
        admin.router,
        admin_tools.router,
        agency_settings.router,
        status.router,
        basics.router,
    )
    return root
