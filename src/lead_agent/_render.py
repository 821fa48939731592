"""Lead text made safe for where it is shown: a terminal through Rich, JSON on a terminal, a plain-text field.

Every string a lead carries is the sender's: in a terminal it must not be read as Rich markup (`[/]` crashes a
table, `[link=...]` draws a link) nor reach it as control characters (ESC sequences, C1 controls, bidi overrides).
"""

from __future__ import annotations

import re

from rich.markup import escape

__all__ = ('cut', 'json_text', 'plain', 'terminal', 'visible')

# C0 controls but tab and newline, DEL and C1, the bidi embeddings, overrides, isolates and marks, the line and
# paragraph separators, and lone surrogates (which no UTF-8 stream can carry).
_UNSAFE = re.compile('[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069'
                     '\ud800-\udfff]')


def _code(match: re.Match[str]) -> str:
    n = ord(match.group())
    return f'\\x{n:02x}' if n < 0x100 else f'\\u{n:04x}'


def visible(text: str) -> str:
    r"""The text with each control or bidi character shown as its code (`\x1b`, `\u202e`): for plain output."""
    return _UNSAFE.sub(_code, text)


# A '[' after a backslash that does not open a tag: Rich renders '\\[' there as '[', eating the backslash.
_BARE_BRACKET = re.compile(r'(?<=\\)\[(?![a-z#/@][^[]*?\])')


def terminal(text: str) -> str:
    """The text for Rich's `print` or a table cell: controls shown as codes, markup escaped so it prints as written.

    `rich.markup.escape` covers tags; two cases it leaves are covered here: a backslash before a '[' that opens no
    tag (Rich drops it), and a run of trailing backslashes (it would escape the tag that follows ours).
    """
    shown = visible(text)
    body = shown.rstrip('\\')
    return _BARE_BRACKET.sub(r'\\[', escape(body)) + '\\' * (2 * (len(shown) - len(body)))


def json_text(text: str) -> str:
    r"""JSON text (e.g. `json.dumps(..., ensure_ascii=False)`) with the characters above written as `\uXXXX` escapes.

    Outside strings JSON holds none of them, so the result is the same JSON value, and safe to print.
    """
    return _UNSAFE.sub(lambda m: f'\\u{ord(m.group()):04x}', text)


def plain(text: str, *, lines: bool = False) -> str:
    """The text without control or bidi characters, for a vendor's plain-text field.

    Whitespace runs become one space; with `lines`, line breaks (CR LF, CR, U+2028...) are kept as LF instead.
    """
    if lines:
        return '\n'.join(_UNSAFE.sub('', line) for line in text.splitlines())
    words = (_UNSAFE.sub('', word) for word in text.split())
    return ' '.join(word for word in words if word)


def cut(text: str, limit: int) -> str:
    """The text, or its first `limit - 1` characters and '…' when it is longer than `limit`."""
    return text if len(text) <= limit else text[:limit - 1] + '…'
