"""Submitting the card: new activity or edit, and what the user sees afterwards."""

from __future__ import annotations

from html import escape
from typing import Any

from aiogram.fsm.context import FSMContext
from aiogram.types import Message
from aiogram.utils.i18n import gettext as _
from sqlalchemy.ext.asyncio import AsyncSession

from handlers.report.card import render_card
from handlers.report.draft import to_activity_draft
from handlers.report.keyboards import after_submit_keyboard, card_keyboard, overlap_keyboard
from handlers.stale import drop_keyboard
from handlers.texts.problems import problem_text
from handlers.texts.report import activity_line, progress
from models import Employee
from services.clock import Clock
from services.errors import Invalid, Locked, NotFound, StaleVersion
from services.reporting import OverlapDetected, Saved, submit_activity, update_activity


def overlap_text(error: OverlapDetected) -> str:
    lines = [_("⚠️ This time overlaps with your other activities that day:")]
    lines += [
        f"• {o.start_time:%H.%M}–{o.end_time:%H.%M} {escape(o.description[:60])}"
        for o in error.overlaps
    ]
    return "\n".join(lines)


async def _store(
    data: dict[str, Any], session: AsyncSession, employee: Employee, clock: Clock, force: bool
) -> Saved:
    draft = to_activity_draft(data)
    if data.get("activity_id"):
        return await update_activity(
            session,
            employee,
            int(data["activity_id"]),
            int(data["version"]),
            draft,
            now=clock(),
            allow_overlap=force,
        )
    return await submit_activity(
        session,
        employee,
        draft,
        idempotency_key=f"flow:{data['flow']}",
        now=clock(),
        allow_overlap=force,
    )


async def save(
    message: Message,
    state: FSMContext,
    data: dict[str, Any],
    session: AsyncSession,
    employee: Employee,
    clock: Clock,
    force: bool,
) -> None:
    try:
        saved = await _store(data, session, employee, clock, force)
    except OverlapDetected as exc:
        await message.answer(overlap_text(exc), reply_markup=overlap_keyboard(data["flow"]))
        return
    except Invalid as exc:
        await message.answer(problem_text(exc))
        has_targets = bool(data.get("targets"))
        await message.answer(
            render_card(data),
            reply_markup=card_keyboard(data["flow"], bool(data["activity_id"]), has_targets),
        )
        return
    except (StaleVersion, Locked, NotFound) as exc:
        await state.clear()
        await drop_keyboard(message)
        await message.answer(
            {
                StaleVersion: _("This activity changed in the meantime. Open /riwayat to see it."),
                Locked: _("This activity is already approved and can no longer change."),
                NotFound: _("This activity no longer exists."),
            }[type(exc)]
        )
        return
    await state.clear()
    title = _("✅ Changes saved.") if data.get("activity_id") else _("✅ Report submitted.")
    await message.edit_text(f"{title}\n\n{activity_line(saved.activity)}")
    await message.answer(progress(saved.summary), reply_markup=after_submit_keyboard())
