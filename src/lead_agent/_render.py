"""Lead text made safe for where it is shown: a terminal through Rich, JSON on a terminal, a plain-text field.

Every string a lead carries is the sender's: in a terminal it must not be read as Rich markup (`[/]` crashes a
table, `[link=...]` draws a link) nor reach it as control characters (ESC sequences, C1 controls, bidi overrides).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from markupsafe import Markup
from rich.markup import escape

__all__ = ('cut', 'json_text', 'plain', 'shown', 'terminal', 'visible')

# C0 controls but tab and newline, DEL and C1, the bidi embeddings, overrides, isolates and marks, the line and
# paragraph separators, and lone surrogates (which no UTF-8 stream can carry). And what shows nothing, so can hide
# text (helper-200: "ASCII smuggling" reached Slack, the CRM and the review page unseen): zero-width spaces and joiners,
# word joiners and invisible operators, soft hyphens, byte order marks, interlinear annotations, blank letters (Hangul
# fillers, the braille blank) and Unicode tags. Not a joiner between two characters of a script or emoji that joins
# (Persian 'می‌خواهم', '👩‍💻'), nor the tags of a subdivision flag (🏴 England): those are text, and stay.
_HIDES = ('\u00ad\u034f\u061c\u115f\u1160\u180e\u200b\u200e\u200f\u2028-\u202e\u2060-\u206f\u2800\u3164\ufeff\uffa0'
          '\ufff9-\ufffb\U000e0000-\U000e007f')
_CONTROLS = '\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff'
"""C0 but tab and newline, DEL, C1, lone surrogates: a character class's ranges."""
_JOINS = f'[^\\x00-\\x9f\\s\ud800-\udfff\u200c\u200d{_HIDES}]'
"""A character a joiner may stand beside: not ASCII, not a space, not a control, not invisible itself."""
_FLAG = '\U0001f3f4[\U000e0020-\U000e007e]{1,7}\U000e007f'
_UNSAFE = re.compile(f'{_FLAG}|[{_CONTROLS}{_HIDES}]'
                     f'|(?<!{_JOINS})[\u200c\u200d]|[\u200c\u200d](?!{_JOINS})')
_MAYBE = re.compile(f'[{_CONTROLS}\u200c\u200d{_HIDES}]')
"""Any character `_UNSAFE` may match: one search for it is a tenth of `_UNSAFE`'s, and most text has none."""


def _sub(replace: Callable[[re.Match[str]], str], text: str) -> str:
    return _UNSAFE.sub(replace, text) if _MAYBE.search(text) else text


def _code(match: re.Match[str]) -> str:
    text = match.group()
    if len(text) > 1:  # a flag
        return text
    n = ord(text)
    return f'\\x{n:02x}' if n < 0x100 else f'\\u{n:04x}' if n < 0x10000 else f'\\U{n:08x}'


def _dropped(match: re.Match[str]) -> str:
    return match.group() if len(match.group()) > 1 else ''


def visible(text: str) -> str:
    r"""The text with each control, bidi or invisible character shown as its code (`\x1b`, `\u202e`, `\u200b`)."""
    return _sub(_code, text)


def shown(value: object) -> object:
    """Jinja's `finalize` for an HTML page: every text it shows goes through `visible` (before autoescaping).

    A right-to-left override in a name drew the address after it reversed: a reviewer read
    `Priya Raman <oi.app@havenhospitals.com>` for `moc.slatipsohnevah@ppa.io` (helper-48). Markup the page built
    itself is left as it is.
    """
    return visible(value) if isinstance(value, str) and not isinstance(value, Markup) else value


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
    return _sub(_json_code, text)


def _json_code(match: re.Match[str]) -> str:
    text = match.group()
    if len(text) > 1:  # a flag
        return text
    n = ord(text)
    if n < 0x10000:
        return f'\\u{n:04x}'
    high, low = divmod(n - 0x10000, 0x400)  # JSON writes the others as a surrogate pair
    return f'\\u{0xd800 + high:04x}\\u{0xdc00 + low:04x}'


def plain(text: str, *, lines: bool = False) -> str:
    """The text without control, bidi or invisible characters, for a vendor's plain-text field.

    Whitespace runs become one space; with `lines`, line breaks (CR LF, CR, U+2028...) are kept as LF instead.
    """
    if lines:
        return '\n'.join(_sub(_dropped, line) for line in text.splitlines())
    if _MAYBE.search(text) is None:
        return ' '.join(text.split())
    words = (_UNSAFE.sub(_dropped, word) for word in text.split())
    return ' '.join(word for word in words if word)


def cut(text: str, limit: int) -> str:
    """The text, or its first `limit - 1` characters and '…' when it is longer than `limit`."""
    return text if len(text) <= limit else text[:limit - 1] + '…'
