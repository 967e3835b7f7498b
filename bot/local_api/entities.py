"""Telegram's HTML parse mode: markup → plain text + entities, refused exactly as Telegram does.

Written after the behaviour of tdlib's HTML parser (the one behind the Bot API): every `<`
opens a tag, only Telegram's tags are allowed, only `&lt; &gt; &amp; &quot;` and numeric
references are decoded (any other `&` stays literal), and errors name the byte offset in the
UTF-8 source. Entity offsets and lengths count UTF-16 code units, as in the Bot API.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

_SIMPLE = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
}
SUPPORTED_TAGS = frozenset(_SIMPLE) | {"a", "span", "tg-emoji"}
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_SPACE = " \t\n\r\f\v"


class EntityParseError(ValueError):
    """Why Telegram refuses the markup; `reason` is the text after "can't parse entities: "."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass
class Parsed:
    text: str
    entities: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class _Open:
    tag: str
    attrs: dict[str, str]
    offset: int  # in UTF-16 units
    text_start: int  # index into the output characters


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _byte_offset(source: str, index: int) -> int:
    return len(source[:index].encode("utf-8"))


def _entity(source: str, i: int) -> tuple[str, int] | None:
    """The character a `&...` reference at i stands for and the source length it takes."""
    end = i + 1
    if source[end : end + 1] == "#":
        end += 1
        hexadecimal = source[end : end + 1] in ("x", "X")
        end += hexadecimal
        digits = "0123456789abcdefABCDEF" if hexadecimal else "0123456789"
        start = end
        while end < len(source) and source[end] in digits:
            end += 1
        if end == start or end - i >= 10:
            return None
        value = int(source[start:end], 16 if hexadecimal else 10)
        if value == 0 or value >= 0x10FFFF or 0xD800 <= value <= 0xDFFF:
            return None
        char = chr(value)
    else:
        while end < len(source) and source[end].isascii() and source[end].isalpha():
            end += 1
        named = _NAMED.get(source[i + 1 : end])
        if named is None:
            return None
        char = named
    if source[end : end + 1] == ";":
        end += 1
    return char, end - i


def _attributes(source: str, i: int, tag: str, begin: int) -> tuple[dict[str, str], int]:
    """Attributes from i up to the closing `>`; returns them and the index of the `>`."""
    attrs: dict[str, str] = {}
    n = len(source)
    where = _byte_offset(source, begin)
    while True:
        while i < n and source[i] in _SPACE:
            i += 1
        if i >= n:
            raise EntityParseError(f'Unclosed start tag "{tag}" at byte offset {where}')
        if source[i] == ">":
            return attrs, i
        start = i
        while i < n and source[i] not in _SPACE and source[i] not in "=>":
            i += 1
        name = source[start:i].lower()
        if not name:
            raise EntityParseError(
                f'Empty attribute name in the tag "{tag}" at byte offset {where}'
            )
        while i < n and source[i] in _SPACE:
            i += 1
        if i < n and source[i] != "=" and (tag, name) == ("blockquote", "expandable"):
            attrs[name] = ""  # the one attribute Telegram takes without a value
            continue
        if i >= n or source[i] != "=":
            raise EntityParseError(
                "Expected equal sign in declaration of an attribute of the tag "
                f'"{tag}" at byte offset {where}'
            )
        i += 1
        while i < n and source[i] in _SPACE:
            i += 1
        if i >= n:
            raise EntityParseError(f'Unclosed start tag "{tag}" at byte offset {where}')
        if source[i] in "'\"":
            quote, i, value = source[i], i + 1, []
            while i < n and source[i] != quote:
                decoded = _entity(source, i) if source[i] == "&" else None
                if decoded:
                    value.append(decoded[0])
                    i += decoded[1]
                else:
                    value.append(source[i])
                    i += 1
            i += 1
            attrs[name] = "".join(value)
        else:
            start = i
            while i < n and (source[i].isalnum() or source[i] in ".-"):
                i += 1
            if i < n and source[i] not in _SPACE and source[i] != ">":
                offset = _byte_offset(source, start)
                raise EntityParseError(f"Unexpected end of name token at byte offset {offset}")
            attrs[name] = source[start:i].lower()


def _entity_for(opened: _Open, length: int, inner: str) -> dict[str, Any] | None:
    base: dict[str, Any] = {"offset": opened.offset, "length": length}
    if opened.tag in _SIMPLE:
        kind = _SIMPLE[opened.tag]
        if kind == "blockquote" and "expandable" in opened.attrs:
            kind = "expandable_blockquote"
        if kind == "code" and opened.attrs.get("language"):
            base["language"] = opened.attrs["language"]  # kept only inside <pre>
        return {"type": kind, **base}
    if opened.tag == "span":
        return {"type": "spoiler", **base}
    if opened.tag == "tg-emoji":
        return {"type": "custom_emoji", "custom_emoji_id": opened.attrs.get("emoji-id", ""), **base}
    url = opened.attrs.get("href") or inner
    if url.startswith("tg://user?id="):
        return {"type": "text_mention", "user": {"id": int(url[13:] or 0)}, **base}
    return {"type": "text_link", "url": url, **base} if url else None


def _merge_pre_code(entities: list[dict[str, Any]]) -> None:
    """`<pre><code class="language-x">` is one pre entity with a language, as on Telegram."""
    if len(entities) < 2:
        return
    inner, outer = entities[-2], entities[-1]
    if (
        outer["type"] == "pre"
        and inner["type"] == "code"
        and (inner["offset"], inner["length"]) == (outer["offset"], outer["length"])
    ):
        language = inner.pop("language", "")
        entities.pop(-2)
        if language:
            outer["language"] = language


def parse_html(source: str) -> Parsed:
    out: list[str] = []
    utf16 = 0
    entities: list[dict[str, Any]] = []
    stack: list[_Open] = []
    i, n = 0, len(source)
    while i < n:
        char = source[i]
        if char == "&" and (decoded := _entity(source, i)):
            out.append(decoded[0])
            utf16 += utf16_len(decoded[0])
            i += decoded[1]
            continue
        if char != "<":
            out.append(char)
            utf16 += utf16_len(char)
            i += 1
            continue
        begin = i
        i += 1
        if source[i : i + 1] == "/":
            if not stack:
                raise EntityParseError(
                    f"Unexpected end tag at byte offset {_byte_offset(source, begin)}"
                )
            j = i + 1
            while j < n and source[j] not in _SPACE and source[j] != ">":
                j += 1
            name = source[i + 1 : j].lower()
            while j < n and source[j] in _SPACE:
                j += 1
            if j >= n or source[j] != ">":
                raise EntityParseError(
                    f"Unclosed end tag at byte offset {_byte_offset(source, begin)}"
                )
            opened = stack.pop()
            if name and name != opened.tag:
                raise EntityParseError(
                    f"Unmatched end tag at byte offset {_byte_offset(source, begin)}, "
                    f'expected "</{opened.tag}>", found "</{name}>"'
                )
            if utf16 > opened.offset:
                inner = "".join(out[opened.text_start :])
                entity = _entity_for(opened, utf16 - opened.offset, inner)
                if entity is not None:
                    entities.append(entity)
                    if opened.tag == "pre":
                        _merge_pre_code(entities)
            i = j + 1
            continue
        j = i
        while j < n and source[j] not in _SPACE and source[j] != ">":
            j += 1
        if j >= n:
            raise EntityParseError(
                f"Unclosed start tag at byte offset {_byte_offset(source, begin)}"
            )
        tag = source[i:j].lower()
        if tag not in SUPPORTED_TAGS:
            raise EntityParseError(
                f'Unsupported start tag "{tag}" at byte offset {_byte_offset(source, begin)}'
            )
        attrs, j = _attributes(source, j, tag, begin)
        if tag == "span" and attrs.get("class") != "tg-spoiler":
            raise EntityParseError(
                f'Tag "span" must have class "tg-spoiler" at byte offset '
                f"{_byte_offset(source, begin)}"
            )
        if tag == "code" and attrs.get("class", "").startswith("language-"):
            attrs["language"] = attrs["class"][9:]
        stack.append(_Open(tag, attrs, utf16, len(out)))
        i = j + 1
    if stack:
        raise EntityParseError(f'Can\'t find end tag corresponding to start tag "{stack[-1].tag}"')
    for entity in entities:
        if entity["type"] == "code":
            entity.pop("language", None)
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return Parsed("".join(out), entities)


def strip(parsed: Parsed) -> Parsed:
    """Leading and trailing white space removed, entities moved and clipped (as Telegram)."""
    left = len(parsed.text) - len(parsed.text.lstrip())
    text = parsed.text.strip()
    shift, size = utf16_len(parsed.text[:left]), utf16_len(text)
    entities = []
    for entity in parsed.entities:
        start = max(0, entity["offset"] - shift)
        end = min(size, entity["offset"] - shift + entity["length"])
        if end > start:
            entities.append({**entity, "offset": start, "length": end - start})
    return Parsed(text, entities)
