"""Text people typed, made safe to store and show: control characters (NUL and the like, which
PostgreSQL refuses and nobody means) are dropped, runs of whitespace become one space."""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def one_line(text: str | None) -> str:
    """`text` on one line: controls dropped, whitespace collapsed, ends trimmed."""
    return " ".join(_CONTROL.sub("", text or "").split())


def without_controls(text: str | None) -> str:
    """`text` with its line breaks kept, controls dropped, ends trimmed."""
    return _CONTROL.sub("", text or "").strip()
