"""HTML parse mode as Telegram parses it: plain text, UTF-16 entity offsets, and refusals."""

from __future__ import annotations

import pytest

from bot.local_api.entities import EntityParseError, parse_html, strip


def test_telegram_tags_become_entities_with_utf16_offsets() -> None:
    parsed = parse_html('📝 <b>Laporan</b> <i>x</i> <a href="https://t.me/k">k</a> <code>c</code>')

    assert parsed.text == "📝 Laporan x k c"
    assert parsed.entities == [
        {"type": "bold", "offset": 3, "length": 7},  # the emoji is two UTF-16 units
        {"type": "italic", "offset": 11, "length": 1},
        {"type": "text_link", "url": "https://t.me/k", "offset": 13, "length": 1},
        {"type": "code", "offset": 15, "length": 1},
    ]


def test_nested_tags_spoiler_blockquote_and_pre_with_language() -> None:
    parsed = parse_html(
        '<b>a<i>b</i></b><tg-spoiler>s</tg-spoiler><span class="tg-spoiler">t</span>'
        '<blockquote expandable>q</blockquote><pre><code class="language-python">x</code></pre>'
    )

    assert parsed.text == "abstqx"
    assert parsed.entities == [
        {"type": "bold", "offset": 0, "length": 2},
        {"type": "italic", "offset": 1, "length": 1},
        {"type": "spoiler", "offset": 2, "length": 1},
        {"type": "spoiler", "offset": 3, "length": 1},
        {"type": "expandable_blockquote", "offset": 4, "length": 1},
        {"type": "pre", "offset": 5, "length": 1, "language": "python"},
    ]


def test_only_four_named_references_and_numeric_ones_are_decoded() -> None:
    assert parse_html("&lt;NIP&gt; &amp; &quot; &#39; &#x1F600; &nbsp; & x").text == (
        "<NIP> & \" ' 😀 &nbsp; & x"
    )


@pytest.mark.parametrize(
    ("source", "reason"),
    [
        ("/undang <NIP>", 'Unsupported start tag "nip" at byte offset 8'),
        ("Jam <08.00 lalu", 'Unsupported start tag "08.00" at byte offset 4'),
        ("a < b", 'Unsupported start tag "" at byte offset 2'),
        ("é <p>", 'Unsupported start tag "p" at byte offset 3'),  # é is two bytes
        ("<b>open", 'Can\'t find end tag corresponding to start tag "b"'),
        ("<b>x</i>", 'Unmatched end tag at byte offset 4, expected "</b>", found "</i>"'),
        ("x</b>", "Unexpected end tag at byte offset 1"),
        ("<b", "Unclosed start tag at byte offset 0"),
        ('<a href="x"', 'Unclosed start tag "a" at byte offset 0'),
        ("<span>x</span>", 'Tag "span" must have class "tg-spoiler" at byte offset 0'),
    ],
)
def test_markup_telegram_refuses(source: str, reason: str) -> None:
    with pytest.raises(EntityParseError) as refused:
        parse_html(source)

    assert refused.value.reason == reason


def test_surrounding_white_space_is_trimmed_and_entities_follow() -> None:
    parsed = strip(parse_html("\n  <b>Judul</b> isi  \n"))

    assert parsed.text == "Judul isi"
    assert parsed.entities == [{"type": "bold", "offset": 0, "length": 5}]
