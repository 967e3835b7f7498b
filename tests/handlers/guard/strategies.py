"""What a careless, curious or hostile user can type or forge."""

from __future__ import annotations

from hypothesis import strategies as st

_SPECIALS = "<>&\"'`*_[]()~|#=+-@/\\{}%$"
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"  # zero-width and BOM
_BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"  # right-to-left overrides
_CONTROL = "".join(chr(c) for c in (*range(1, 9), 11, 12, *range(14, 32), 127))
_WORDS = [
    "08.00-10.30",
    "90 menit",
    "1,5 jam",
    "3 dokumen",
    "kemarin",
    "30/11/2026",
    "1/12 - 3/12",
    "https://drive.example.go.id/x",
    "http://[::1",
    "<b>",
    "</i>",
    "&amp;",
    '=HYPERLINK("http://x")',
    "9" * 40,
    "-1",
    "0",
    "2147483648",
    "9999-12-31",
    "198507172010011002",
]

hostile_char = st.one_of(
    st.characters(codec="utf-8", exclude_categories=["Cs"]),
    st.sampled_from(_SPECIALS + _INVISIBLE + _BIDI + _CONTROL + "\n\t "),
    st.sampled_from("😀👍🏽🇮🇩ĀÑ中文العربية"),
)


def hostile_text(max_size: int = 5000) -> st.SearchStrategy[str]:
    """Text as Telegram delivers it (never empty), from a word to 5,000 characters."""
    short = st.text(hostile_char, min_size=1, max_size=60)
    words = st.lists(st.sampled_from(_WORDS) | short, min_size=1, max_size=6).map(" ".join)
    long = st.text(hostile_char, min_size=60, max_size=max_size)
    return st.one_of(words, short, long).filter(lambda t: t.strip() != "" or len(t) > 0)


def field_value() -> st.SearchStrategy[str]:
    """One field of forged callback data."""
    return st.one_of(
        st.integers(min_value=-(2**70), max_value=2**70).map(str),
        st.sampled_from(["", "0", "-1", "9999-12-31", "0001-01-01", "2026-03-02", "x", "~", "a~b"]),
        st.text(hostile_char, max_size=20),
    )
