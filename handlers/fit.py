"""Messages built from what people typed fit Telegram's limits by construction.

Telegram counts a text after its HTML entities are parsed, in UTF-16 code units: 4,096 for a
message, 1,024 for a caption, 200 for a button alert. A renderer that shows several user texts
takes a per-item budget; `fit` picks the largest budget whose result fits.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass

TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024
ALERT_LIMIT = 200
_TAG = re.compile(r"<[^>]*>")


def visible_length(text: str) -> int:
    """The length Telegram checks: tags removed, entities decoded, UTF-16 code units."""
    plain = html.unescape(_TAG.sub("", text))
    return len(plain.encode("utf-16-le")) // 2


def shorten(text: str, limit: int) -> str:
    """`text` cut to at most `limit` characters, ending in "…" when cut."""
    return text if len(text) <= limit else text[: max(1, limit - 1)].rstrip() + "…"


@dataclass(frozen=True)
class Fitted:
    text: str
    budget: int  # the per-item budget it was rendered with


def fit_budget(
    render: Callable[[int], str], limit: int = TEXT_LIMIT, widest: int = 1000, narrowest: int = 16
) -> Fitted:
    """`render(budget)` for the largest budget in [narrowest, widest] that fits in `limit`.

    Renderers are monotonic (a smaller budget never makes a longer text); if even the narrowest
    rendering is too long, its plain text is cut, so the result always fits.
    """
    best = render(widest)
    if visible_length(best) <= limit:
        return Fitted(best, widest)
    best = render(narrowest)
    if visible_length(best) > limit:
        plain = html.unescape(_TAG.sub("", best))
        return Fitted(html.escape(shorten(plain, limit // 2)), narrowest)
    low, high, budget = narrowest + 1, widest - 1, narrowest
    while low <= high:
        middle = (low + high) // 2
        candidate = render(middle)
        if visible_length(candidate) <= limit:
            best, budget, low = candidate, middle, middle + 1
        else:
            high = middle - 1
    return Fitted(best, budget)


def fit(render: Callable[[int], str], limit: int = TEXT_LIMIT) -> str:
    """The text of `fit_budget`."""
    return fit_budget(render, limit).text
