"""The status report (services/status.py) in words, for /status and `python -m bot status`:
numbers only, a dozen short lines, times in the reader's zone (WIB/WITA/WIT)."""

from __future__ import annotations

from datetime import datetime

from handlers.gettext import gettext as _
from handlers.texts.format import format_minutes
from services.status import AgencyStatus
from services.zones import local_time_label


def format_bytes(size: int) -> str:
    if size < 1024:
        return f"{size} B"
    value = size / 1024
    for unit in ("KB", "MB"):
        if value < 1024:
            return f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} GB"


def _ago(moment: datetime, now: datetime) -> str:
    return format_minutes(max(0, int((now - moment).total_seconds() // 60)))


def render_status(status: AgencyStatus, zone: str, *, title: str | None = None) -> str:
    """`title` replaces the plain heading (the chat makes it bold)."""
    now = status.now
    lines = [
        title or _("Bot status"),
        _("As of {now}").format(now=local_time_label(now, zone)),
        "",
        _("Staff: {linked} linked to Telegram, {unlinked} not linked").format(
            linked=status.linked, unlinked=status.unlinked
        ),
        _("Pending invites: {n}").format(n=status.pending_invites),
        _("Unreachable (blocked the bot): {n}").format(n=status.unreachable),
        _("Outbox: {unsent} unsent, {due} of them due now").format(
            unsent=status.outbox_unsent, due=status.outbox_due
        ),
    ]
    if status.oldest_due_at is not None:
        lines.append(
            _("Oldest due message: since {since} ({age})").format(
                since=local_time_label(status.oldest_due_at, zone),
                age=_ago(status.oldest_due_at, now),
            )
        )
    if status.last_scheduled_at is not None:
        lines.append(
            _("Scheduler last enqueued: {at} ({age} ago)").format(
                at=local_time_label(status.last_scheduled_at, zone),
                age=_ago(status.last_scheduled_at, now),
            )
        )
    else:
        lines.append(_("Scheduler last enqueued: nothing yet"))
    size = format_bytes(status.db_bytes) if status.db_bytes is not None else _("unknown")
    lines.append(_("Database size: {size}").format(size=size))
    return "\n".join(lines)
