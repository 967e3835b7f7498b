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
    my_data,
    people,
    reminders,
    review,
    start,
    status,
    team,
    trail,
    unregistered,
)
from handlers.gates import GatedRouter, install_gates
from handlers.plans import entry as plan_entry
from handlers.plans import files as plan_files
from handlers.plans import fix as plan_fix
from handlers.plans import flow as plan_flow
from handlers.recap import flow as recap_flow
from handlers.report import flow as report_flow


def build_root_router() -> Router:
    root = GatedRouter(name="root")
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
        my_data.router,
        reminders.router,
        plan_entry.router,
        plan_fix.router,
        plan_flow.router,
        plan_files.router,
        *evaluation.ROUTERS,
        admin.router,
        admin_tools.router,
        people.router,
        agency_settings.router,
        status.router,
        basics.router,
    )
    install_gates(root)  # each router rejects at once what none of its handlers takes
    return root
