"""An announcement as its recipients read it; the sender's preview shows exactly this."""

from __future__ import annotations

from html import escape

from handlers.gettext import gettext as _


def announcement_text(text: str, author: str) -> str:
    """At most 3,000 characters of text (services.announcements.MAX_TEXT) and a 200-character
    name: within Telegram's 4,096."""
    lines = [_("📢 <b>Announcement</b>"), escape(text)]
    if author:
        lines += ["", _("— {name}").format(name=escape(author))]
    return "\n".join(lines)
