"""Plain ASCII whole numbers: `"²".isdigit()` is True but `int("²")` fails."""

from __future__ import annotations

import re

_NUMBER = re.compile(r"[0-9]{1,9}")


def is_number(text: str) -> bool:
    return _NUMBER.fullmatch(text) is not None
