"""What an outbox batch looks like as a Telegram message, by kind family."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from html import escape

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder
from sqlalchemy.ext.asyncio import AsyncSession

from handlers.evaluation import employee_keyboard, evaluation_summary
from handlers.feedback import FeedbackCb
from handlers.fit import fit, shorten
from handlers.history import ActivityCb
from handlers.reminders import RemindCb
from handlers.review_card import render_review_card
from handlers.texts.format import format_day, format_minutes, leave_label, time_span
from models import (
    Activity,
    ActivityStatus,
    Announcement,
    Employee,
    Evaluation,
    EvaluationStatus,
    Feedback,
    FeedbackKind,
    Leave,
    Plan,
    PlanStatus,
)
from services.core_values import CORE_VALUE_NAMES
from services.errors import NotAllowed, NotFound
from services.nudges import still_missing, weekly_summary
from services.outbox import Batch
from services.review import pending_group


@dataclass(frozen=True)
class Rendered:
    text: str
    markup: InlineKeyboardMarkup | None = None


async def _review(session: AsyncSession, batch: Batch, now: datetime) -> Rendered | None:
    """Current pending work of the employee-day (not the payloads: those may be outdated)."""
    employee_id, day = batch.rows[0].group_key.split(":")  # type: ignore[union-attr]
    try:
        group = await pending_group(
            session, batch.recipient, int(employee_id), date.fromisoformat(day), now
        )
    except (NotAllowed, NotFound):
        return None
    if not group.activities:
        return None
    text, markup = render_review_card(group)
    return Rendered(text, markup)


_DECISION_LINE = {
    ActivityStatus.APPROVED: "✅",
    ActivityStatus.REVISION: "✏️",
    ActivityStatus.REJECTED: "❌",
}


async def _decisions(session: AsyncSession, batch: Batch) -> Rendered | None:
    activities = [
        a
        for a in [await session.get(Activity, r.payload["activity_id"]) for r in batch.rows]
        if a is not None and a.deleted_at is None and a.status in _DECISION_LINE
    ]
    if not activities:
        return None
    decided = sorted({a.id: a for a in activities}.values(), key=lambda a: a.id)
    head = _("📋 <b>Your reports for {day} were verified</b>").format(
        day=format_day(activities[0].work_date)
    )

    def render(budget: int) -> str:
        lines = [head]
        for activity in decided:
            icon = _DECISION_LINE[activity.status]
            what = escape(shorten(activity.description, min(80, budget)))
            line = f"{icon} {time_span(activity)} · {what}"
            if activity.decision_reason:
                reason = escape(shorten(activity.decision_reason, budget))
                line += "\n   " + _("Note: {reason}").format(reason=reason)
            lines.append(line)
        return "\n".join(lines)

    kb = InlineKeyboardBuilder()
    for activity in decided:
        if activity.status is ActivityStatus.REVISION:
            kb.button(
                text=_("✏️ Revise: {what}").format(what=activity.description[:20]),
                callback_data=ActivityCb(action="edit", id=activity.id, v=activity.version),
            )
    kb.adjust(1)
    markup = kb.as_markup() if list(kb.buttons) else None
    return Rendered(fit(render), markup)


async def _leave(session: AsyncSession, batch: Batch) -> Rendered | None:
    lines = []
    for row in batch.rows:
        leave = await session.get(Leave, row.payload["leave_id"])
        employee = await session.get(Employee, row.payload["employee_id"])
        if leave is None or employee is None or leave.cancelled_at is not None:
            continue
        span = f"{leave.start_date:%d/%m/%Y}"
        if leave.end_date != leave.start_date:
            span += f" – {leave.end_date:%d/%m/%Y}"
        lines.append(
            _("🗓 {name}: {kind}, {span}").format(
                name=escape(employee.name), kind=leave_label(leave.kind), span=span
            )
        )
    return Rendered("\n".join(lines)) if lines else None


async def _feedback(session: AsyncSession, batch: Batch) -> Rendered | None:
    item = await session.get(Feedback, batch.rows[0].payload["feedback_id"])
    if item is None:
        return None
    author = await session.get(Employee, item.author_id)
    assert author is not None
    name = escape(author.name)
    if item.kind is FeedbackKind.REQUEST:
        head = _("🙋 {name} asks you for feedback:").format(name=name)
    elif item.kind is FeedbackKind.REPLY:
        head = _("💬 {name} replied:").format(name=name)
    else:
        head = _("💬 Feedback from {name}").format(name=name)
        if item.core_value is not None:
            head += f" ({CORE_VALUE_NAMES[item.core_value]})"
        head += ":"
    kb = InlineKeyboardBuilder()
    thread = item.thread_id or item.id
    kb.button(text=_("💬 Reply"), callback_data=FeedbackCb(action="reply", id=thread))
    kb.button(text=_("✓ Mark as read"), callback_data=FeedbackCb(action="read", id=item.id))
    kb.adjust(2)
    return Rendered(f"{head}\n{escape(item.text)}", kb.as_markup())


async def _reminder(session: AsyncSession, batch: Batch) -> Rendered | None:
    row = batch.rows[-1]
    day = date.fromisoformat(row.payload["day"])
    if not await still_missing(session, batch.recipient.id, day):
        return None  # reported (or went on leave) since the reminder was due
    kb = InlineKeyboardBuilder()
    kb.button(text=_("📝 Report now"), callback_data=RemindCb(action="report", day=day.isoformat()))
    if row.kind == "reminder.daily":
        kb.button(text=_("⏰ Remind me in 1 hour"), callback_data=RemindCb(action="snooze"))
        text = _("⏰ No report yet for today ({day}). It takes a minute.").format(
            day=format_day(day)
        )
    else:
        text = _("📌 There is no report for {day}. You can still add it.").format(
            day=format_day(day)
        )
    kb.adjust(2)
    return Rendered(text, kb.as_markup())


async def _summary(session: AsyncSession, batch: Batch, now: datetime) -> Rendered | None:
    week_start = date.fromisoformat(batch.rows[-1].payload["week_start"])
    summary = await weekly_summary(session, batch.recipient, week_start, now)
    lines = [
        _("📊 <b>Your week</b> (from {day})").format(day=format_day(week_start)),
        _("Days reported: {days} of {workdays}").format(
            days=summary.days_reported, workdays=summary.workdays
        ),
        _("Time: {minutes}").format(minutes=format_minutes(summary.minutes)),
        _("Approved: {share}%").format(share=round(summary.approved_share * 100)),
    ]
    if summary.streak:
        lines.append(_("🔥 Streak: {n} workday(s) in a row").format(n=summary.streak))
    return Rendered("\n".join(lines))


def _digest(batch: Batch) -> Rendered:
    kb = InlineKeyboardBuilder()
    kb.button(text=_("🧾 Verify now"), callback_data=RemindCb(action="verify"))
    count = batch.rows[-1].payload["count"]
    return Rendered(
        _("🧾 Good morning! {n} report(s) from your team await your verification.").format(n=count),
        kb.as_markup(),
    )


async def _escalation(session: AsyncSession, batch: Batch) -> Rendered | None:
    lines = [_("⚠️ <b>Verifications overdue in your line</b>")]
    for row in batch.rows:
        supervisor = await session.get(Employee, row.payload["supervisor_id"])
        if supervisor is not None:
            lines.append(
                _("• {name}: {n} report(s) waiting").format(
                    name=escape(supervisor.name), n=row.payload["count"]
                )
            )
    return Rendered("\n".join(lines)) if len(lines) > 1 else None


async def _announcement(session: AsyncSession, batch: Batch) -> Rendered | None:
    item = await session.get(Announcement, batch.rows[0].payload["announcement_id"])
    if item is None:
        return None
    return Rendered(_("📢 <b>Announcement</b>") + "\n" + escape(item.text))


async def _plan(session: AsyncSession, batch: Batch) -> Rendered | None:
    row = batch.rows[-1]
    if row.kind == "plan.reminder":
        return Rendered(
            _("🎯 Your SKP for {year} is not submitted yet. Open /skp to start.").format(
                year=row.payload["year"]
            )
        )
    plan = await session.get(Plan, row.payload["plan_id"])
    if plan is None:
        return None
    owner = await session.get(Employee, plan.employee_id)
    if row.kind == "plan.submitted":
        return Rendered(
            _("📋 {name} submitted the SKP {year} for your approval. Open /skp.").format(
                name=escape(owner.name if owner else "?"), year=plan.year
            )
        )
    if plan.status is PlanStatus.APPROVED:
        return Rendered(_("✅ Your SKP {year} was approved.").format(year=plan.year))
    return Rendered(
        _("↩️ Your SKP {year} was returned: {note}").format(
            year=plan.year, note=escape(plan.return_note or "")
        )
    )


async def _evaluation(session: AsyncSession, batch: Batch) -> Rendered | None:
    row = batch.rows[-1]
    if row.kind == "evaluation.prompt":
        return Rendered(
            _(
                "📝 Period {period} has ended: {n} team member(s) still to rate. Open /nilai."
            ).format(period=row.payload["period"], n=row.payload["missing"])
        )
    evaluation = await session.get(Evaluation, row.payload["evaluation_id"])
    if evaluation is None:
        return None
    if row.kind == "evaluation.response":
        owner = await session.get(Employee, evaluation.employee_id)
        return Rendered(
            _("💬 {name} responded to the evaluation {period}: {text}").format(
                name=escape(owner.name if owner else "?"),
                period=evaluation.period_key,
                text=escape(evaluation.employee_response or ""),
            )
        )
    if evaluation.status is EvaluationStatus.DRAFT:
        return None  # reopened meanwhile
    return Rendered(evaluation_summary(evaluation), employee_keyboard(evaluation))


async def _delivery_failed(session: AsyncSession, batch: Batch) -> Rendered | None:
    row = batch.rows[0]
    recipient = await session.get(Employee, row.payload["recipient_id"])
    name = escape(recipient.name) if recipient else "?"
    return Rendered(
        _(
            "⚠️ A message for {name} could not be delivered and will not be retried "
            "(ref. #{ref}, {kind}). Telegram said: {error}"
        ).format(
            name=name,
            ref=row.payload["notification_id"],
            kind=escape(str(row.payload["kind"])),
            error=escape(shorten(str(row.payload["error"]), 200)),
        )
    )


async def render_batch(session: AsyncSession, batch: Batch, now: datetime) -> Rendered | None:
    """The message for a batch, or None when there is nothing left worth sending."""
    if batch.family == "review":
        return await _review(session, batch, now)
    if batch.family == "decision":
        return await _decisions(session, batch)
    if batch.family == "leave":
        return await _leave(session, batch)
    if batch.family == "feedback":
        return await _feedback(session, batch)
    if batch.family == "reminder":
        return await _reminder(session, batch)
    if batch.family == "summary":
        return await _summary(session, batch, now)
    if batch.family == "digest":
        return _digest(batch)
    if batch.family == "escalation":
        return await _escalation(session, batch)
    if batch.family == "announcement":
        return await _announcement(session, batch)
    if batch.family == "plan":
        return await _plan(session, batch)
    if batch.family == "evaluation":
        return await _evaluation(session, batch)
    if batch.family == "delivery":
        return await _delivery_failed(session, batch)
    return None
