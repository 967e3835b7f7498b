"""How an outbox message reads in Telegram: one renderer per notice (services/notices.py reads
what it says; nothing here touches the database)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import singledispatch
from html import escape

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder
from sqlalchemy.ext.asyncio import AsyncSession

from handlers.evaluation.keyboards import employee_keyboard
from handlers.evaluation.texts import evaluation_summary
from handlers.feedback import thread_keyboard
from handlers.fit import fit, shorten
from handlers.history import ActivityAction, ActivityCb
from handlers.reminders import RemindAction, RemindCb
from handlers.review_card import render_review_card
from handlers.texts.announcement import announcement_text
from handlers.texts.format import format_day, format_minutes, leave_label, period_label, time_span
from models import ActivityStatus, FeedbackKind
from services.core_values import CORE_VALUE_NAMES
from services.notices import (
    AnnouncementNotice,
    CorrectionNotice,
    DecisionNotice,
    DeliveryFailedNotice,
    DigestNotice,
    EscalationNotice,
    EvaluationNotice,
    FeedbackNotice,
    LeaveNotice,
    Notice,
    PlanNotice,
    PostingNotice,
    RatingPromptNotice,
    ReminderNotice,
    ResponseNotice,
    ReviewNotice,
    SummaryNotice,
    TransferNotice,
    notice_for,
)
from services.outbox import Batch
from services.zones import local_time_label


@dataclass(frozen=True)
class Rendered:
    text: str
    markup: InlineKeyboardMarkup | None = None


async def render_batch(session: AsyncSession, batch: Batch, now: datetime) -> Rendered | None:
    """The message for a batch, or None when there is nothing left worth sending."""
    notice = await notice_for(session, batch, now)
    return render(notice) if notice is not None else None


@singledispatch
def render(notice: Notice) -> Rendered:
    raise TypeError(f"no renderer for {type(notice).__name__}")


@render.register
def _review(notice: ReviewNotice) -> Rendered:
    text, markup = render_review_card(notice.group)
    return Rendered(text, markup)


_DECISION_LINE = {
    ActivityStatus.APPROVED: "✅",
    ActivityStatus.REVISION: "✏️",
    ActivityStatus.REJECTED: "❌",
}


@render.register
def _decisions(notice: DecisionNotice) -> Rendered:
    revising = any(a.status is ActivityStatus.REVISION for a in notice.activities)
    head = (
        _("📋 <b>Your supervisor reviewed your reports for {day}</b>")
        if revising
        else _("📋 <b>Your reports for {day} were verified</b>")
    ).format(day=format_day(notice.day))

    def lines(budget: int) -> str:
        out = [head]
        for activity in notice.activities:
            what = escape(shorten(activity.description, min(80, budget)))
            line = f"{_DECISION_LINE[activity.status]} {time_span(activity)} · {what}"
            if activity.decision_reason:
                reason = escape(shorten(activity.decision_reason, budget))
                line += "\n   " + _("Note: {reason}").format(reason=reason)
            out.append(line)
        return "\n".join(out)

    kb = InlineKeyboardBuilder()
    for activity in notice.activities:
        if activity.status is ActivityStatus.REVISION:
            kb.button(
                text=_("✏️ Revise: {what}").format(what=shorten(activity.description, 24)),
                callback_data=ActivityCb(
                    action=ActivityAction.EDIT, id=activity.id, v=activity.version
                ),
            )
    kb.adjust(1)
    return Rendered(fit(lines), kb.as_markup() if list(kb.buttons) else None)


@render.register
def _leave(notice: LeaveNotice) -> Rendered:
    lines = []
    for line in notice.lines:
        span = f"{line.start:%d/%m/%Y}"
        if line.end != line.start:
            span += f" – {line.end:%d/%m/%Y}"
        lines.append(
            _("🗓 {name}: {kind}, {span}").format(
                name=escape(line.name), kind=leave_label(line.kind), span=span
            )
        )
    return Rendered("\n".join(lines))


@render.register
def _feedback(notice: FeedbackNotice) -> Rendered:
    name = escape(notice.author)
    if notice.kind is FeedbackKind.REQUEST:
        head = _("🙋 {name} asks you for feedback:").format(name=name)
    elif notice.kind is FeedbackKind.REPLY:
        head = _("💬 {name} replied:").format(name=name)
    else:
        head = _("💬 Feedback from {name}").format(name=name)
        if notice.core_value is not None:
            head += f" ({CORE_VALUE_NAMES[notice.core_value]})"
        head += ":"
    return Rendered(
        f"{head}\n{escape(notice.text)}", thread_keyboard(notice.thread_id, notice.feedback_id)
    )


@render.register
def _reminder(notice: ReminderNotice) -> Rendered:
    kb = InlineKeyboardBuilder()
    kb.button(
        text=_("📝 Report now"),
        callback_data=RemindCb(action=RemindAction.REPORT, day=notice.day.isoformat()),
    )
    if notice.daily:
        kb.button(
            text=_("⏰ Remind me in 1 hour"), callback_data=RemindCb(action=RemindAction.SNOOZE)
        )
        text = _("⏰ No report yet for today ({day}). It takes a minute.").format(
            day=format_day(notice.day)
        )
    else:
        text = _("📌 There is no report for {day}. You can still add it.").format(
            day=format_day(notice.day)
        )
    kb.adjust(2)
    return Rendered(text, kb.as_markup())


@render.register
def _summary(notice: SummaryNotice) -> Rendered:
    summary = notice.summary
    lines = [
        _("📊 <b>Your week</b> (from {day})").format(day=format_day(notice.week_start)),
        _("Days reported: {days} of {workdays}").format(
            days=summary.days_reported, workdays=summary.workdays
        ),
        _("Time: {minutes}").format(minutes=format_minutes(summary.minutes)),
        _("Approved: {share}%").format(share=round(summary.approved_share * 100)),
    ]
    if summary.streak:
        lines.append(_("🔥 Streak: {n} workday(s) in a row").format(n=summary.streak))
    return Rendered("\n".join(lines))


@render.register
def _digest(notice: DigestNotice) -> Rendered:
    kb = InlineKeyboardBuilder()
    kb.button(text=_("🧾 Verify now"), callback_data=RemindCb(action=RemindAction.VERIFY))
    text = (
        _("🧾 Good morning! {n} report(s) from your team await your verification.")
        if notice.morning
        else _("🧾 {n} report(s) from your team await your verification.")
    )
    return Rendered(text.format(n=notice.count), kb.as_markup())


@render.register
def _escalation(notice: EscalationNotice) -> Rendered:
    lines = [_("⚠️ <b>Verifications overdue in your line</b>")]
    lines += [
        _("• {name}: {n} report(s) waiting").format(name=escape(name), n=count)
        for name, count in notice.waiting
    ]
    return Rendered("\n".join(lines))


@render.register
def _announcement(notice: AnnouncementNotice) -> Rendered:
    return Rendered(announcement_text(notice.text, notice.author))


@render.register
def _plan(notice: PlanNotice) -> Rendered:
    if notice.kind == "reminder":
        return Rendered(
            _("🎯 Your SKP for {year} is not submitted yet. Open /skp to start.").format(
                year=notice.year
            )
        )
    if notice.kind == "submitted":
        return Rendered(
            _("📋 {name} submitted the SKP {year} for your approval. Open /skp.").format(
                name=escape(notice.owner), year=notice.year
            )
        )
    if notice.kind == "approved":
        return Rendered(
            _(
                "✅ Your SKP {year} was approved. Report your work with /lapor and pick the RHK "
                "it serves; /skp shows the progress."
            ).format(year=notice.year)
        )
    return Rendered(
        _(
            "↩️ Your SKP {year} was returned: {note}\nOpen /skp, tap ✏️ Edit one RHK to fix "
            "what is asked, then submit it again."
        ).format(year=notice.year, note=escape(notice.note))
    )


@render.register
def _rating_prompt(notice: RatingPromptNotice) -> Rendered:
    return Rendered(
        _("📝 Period {period} has ended: {n} team member(s) still to rate. Open /nilai.").format(
            period=period_label(notice.period), n=notice.missing
        )
    )


@render.register
def _response(notice: ResponseNotice) -> Rendered:
    return Rendered(
        _("💬 {name} responded to the evaluation {period}: {text}").format(
            name=escape(notice.owner), period=period_label(notice.period), text=escape(notice.text)
        )
    )


@render.register
def _evaluation(notice: EvaluationNotice) -> Rendered:
    return Rendered(evaluation_summary(notice.evaluation), employee_keyboard(notice.evaluation))


@render.register
def _delivery_failed(notice: DeliveryFailedNotice) -> Rendered:
    return Rendered(
        _(
            "⚠️ A message for {name} could not be delivered and will not be retried "
            "(ref. #{ref}, {kind}). Telegram said: {error}"
        ).format(
            name=escape(notice.recipient),
            ref=notice.reference,
            kind=escape(notice.kind),
            error=escape(shorten(notice.error, 200)),
        )
    )


@render.register
def _posting(notice: PostingNotice) -> Rendered:
    name, day = escape(notice.name), format_day(notice.day)
    if notice.kind == "moved_out":
        head = _("🔀 {name} moves to another supervisor from {day}.").format(name=name, day=day)
        tail = _("Reports before that date stay with you; {n} later report(s) moved.")
    elif notice.kind == "unverified":
        head = _(
            "⚠️ {name} has left (from {day}) and nobody verifies their team of {team}: there is "
            "no acting official and no supervisor above."
        ).format(name=name, day=day, team=notice.team)
        tail = _(
            "{n} pending report(s) wait. Appoint an acting official or move the team to a new "
            "supervisor with /mutasi."
        )
    elif notice.kind == "moved_in":
        head = _("🔀 {name} reports to you from {day}.").format(name=name, day=day)
        tail = _("{n} pending report(s) from that date now wait for you in /verifikasi.")
    else:
        head = _(
            "🔀 {name} has left (from {day}); {team} team member(s) now report to you."
        ).format(name=name, day=day, team=notice.team)
        tail = _("{n} pending report(s) of their team now wait for you in /verifikasi.")
    return Rendered(head + "\n" + tail.format(n=notice.pending))


@render.register
def _transferred(notice: TransferNotice) -> Rendered:
    boss = notice.supervisor or _("none (you head the agency)")
    return Rendered(
        _(
            "🔀 Your posting changes from {day}: {position}, {unit}; supervisor {boss}.\n"
            "Reports from that date go to this supervisor; earlier ones stay with the previous one."
        ).format(
            day=format_day(notice.day),
            position=escape(shorten(notice.position, 200)),
            unit=escape(shorten(notice.unit, 300)),
            boss=escape(shorten(boss, 100)),
        )
    )


@render.register
def _correction(notice: CorrectionNotice) -> Rendered:
    request = notice.request
    return Rendered(
        _(
            "✏️ <b>Data correction request</b> from {name} (NIP {nip}), {at}:\n{text}\n\n"
            "Please check the data and correct it (staff file import), then tell them."
        ).format(
            name=escape(shorten(request.name, 200)),
            nip=request.nip,
            at=local_time_label(request.at, notice.zone),
            text=escape(shorten(request.text, 1000)),
        )
    )
