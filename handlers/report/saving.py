"""Submitting the card: new activity or edit, and what the user sees afterwards."""

from __future__ import annotations

from html import escape

from aiogram.fsm.context import FSMContext
from aiogram.types import Message
from aiogram.utils.i18n import gettext as _
from sqlalchemy.ext.asyncio import AsyncSession

from handlers.fit import shorten
from handlers.report.card import render_card
from handlers.report.draft import ReportDraft
from handlers.report.keyboards import (
    after_submit_keyboard,
    card_keyboard,
    long_keyboard,
    overlap_keyboard,
)
from handlers.stale import drop_keyboard
from handlers.texts.problems import problem_text
from handlers.texts.report import activity_line, progress
from models import Employee
from services.clock import Clock
from services.errors import Invalid, Locked, NotFound, Problem, StaleVersion
from services.reporting import OverlapDetected, Saved, submit_activity, update_activity


def overlap_text(error: OverlapDetected) -> str:
    lines = [_("⚠️ This time overlaps with your other activities that day:")]
    lines += [
        f"• {o.start_time:%H.%M}–{o.end_time:%H.%M} {escape(shorten(o.description, 60))}"
        for o in error.overlaps
    ]
    return "\n".join(lines)


async def _store(
    draft: ReportDraft,
    session: AsyncSession,
    employee: Employee,
    clock: Clock,
    *,
    allow_overlap: bool,
    allow_long: bool,
) -> Saved:
    activity = draft.to_activity()
    if draft.activity_id:
        return await update_activity(
            session,
            employee,
            draft.activity_id,
            int(draft.version or 0),
            activity,
            now=clock(),
            allow_overlap=allow_overlap,
            allow_long=allow_long,
        )
    return await submit_activity(
        session,
        employee,
        activity,
        idempotency_key=f"flow:{draft.flow}",
        now=clock(),
        allow_overlap=allow_overlap,
        allow_long=allow_long,
    )


async def save(
    message: Message,
    state: FSMContext,
    draft: ReportDraft,
    session: AsyncSession,
    employee: Employee,
    clock: Clock,
    *,
    allow_overlap: bool = False,
    allow_long: bool = False,
) -> None:
    """Submit; a long or overlapping activity is confirmed first, an invalid one shown again."""
    try:
        saved = await _store(
            draft, session, employee, clock, allow_overlap=allow_overlap, allow_long=allow_long
        )
    except OverlapDetected as exc:
        await message.answer(overlap_text(exc), reply_markup=overlap_keyboard(draft.flow))
        return
    except Invalid as exc:
        if exc.code is Problem.LONG_ACTIVITY:
            await message.answer(
                problem_text(exc), reply_markup=long_keyboard(draft.flow, draft.minutes or 0)
            )
            return
        await message.answer(problem_text(exc))
        await message.answer(
            render_card(draft),
            reply_markup=card_keyboard(draft.flow, bool(draft.activity_id), bool(draft.targets)),
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
    title = _("✅ Changes saved.") if draft.activity_id else _("✅ Report submitted.")
    await message.edit_text(f"{title}\n\n{activity_line(saved.activity)}")
    await message.answer(progress(saved.summary), reply_markup=after_submit_keyboard())
