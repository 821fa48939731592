"""Lead text made safe for the terminal, for JSON on a terminal and for vendors' plain-text fields."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.console import Console
from rich.text import Text

from lead_agent._render import json_text, plain, terminal, visible

# What must never reach a terminal or a plain-text field: C0 but tab and newline, DEL, C1, bidi controls,
# line and paragraph separators, lone surrogates; and what shows nothing (zero-width spaces, word joiners, soft
# hyphens, BOMs, blank letters, Unicode tags), but a joiner between two characters that join (`JOINER_ALONE`).
UNSAFE = re.compile('[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069'
                    '\ud800-\udfff\u00ad\u034f\u115f\u1160\u180e\u200b\u2060-\u2065\u206a-\u206f\u2800\u3164'
                    '\ufeff\uffa0\ufff9-\ufffb\U000e0000-\U000e007f]')
JOINER_ALONE = re.compile('(^|[\x00-\x7f\\s\u200c\u200d])[\u200c\u200d]'
                          '|[\u200c\u200d]([\x00-\x7f\\s\u200c\u200d]|$)')
# Text rich in the characters that matter: markup brackets, backslashes, controls, bidi, ordinary letters.
hostile_text = st.lists(st.one_of(
    st.sampled_from(['[', ']', '/', '\\', '=', '@', '#', ' ', '\n', '\t', '\r', 'link', 'bold', 'a', 'é', '日', '\u200c',
                     '\u200d', '👩', '\U000e0061', '\U0001f3f4']),
    st.characters(codec=None, categories=['Cc', 'Cf', 'Zl', 'Zp', 'Cs']),
    st.characters(),
)).map(''.join)


@dataclass(frozen=True)
class Case:
    text: str
    visible: str
    plain: str


@pytest.mark.parametrize('case', [
    Case('Eve [/]', 'Eve [/]', 'Eve [/]'),
    Case('[link=https://evil.example]click[/link]', '[link=https://evil.example]click[/link]',
         '[link=https://evil.example]click[/link]'),
    Case('\x1b[31mred\x1b[0m', '\\x1b[31mred\\x1b[0m', '[31mred[0m'),
    Case('\x1b]8;;https://evil\x07x\x1b]8;;\x07', '\\x1b]8;;https://evil\\x07x\\x1b]8;;\\x07', ']8;;https://evilx]8;;'),
    Case('abc\u202efdp.exe', 'abc\\u202efdp.exe', 'abcfdp.exe'),
    Case('\x9b31m \x85 \x7f', '\\x9b31m \\x85 \\x7f', '31m'),
    Case('lone \ud800 surrogate', 'lone \\ud800 surrogate', 'lone surrogate'),
    Case('two\nlines\tand a tab', 'two\nlines\tand a tab', 'two lines and a tab'),
    Case('crlf\r\nline\u2028sep', 'crlf\\x0d\nline\\u2028sep', 'crlf line sep'),
    Case('José Müller · 山田 👩\u200d⚕️', 'José Müller · 山田 👩\u200d⚕️', 'José Müller · 山田 👩\u200d⚕️'),
    # helper-200: "ASCII smuggling" (Unicode tags spelling "approve"), zero-width and blank characters, shown
    Case('Tom\U000e0061\U000e0070\U000e0070 Becker', 'Tom\\U000e0061\\U000e0070\\U000e0070 Becker', 'Tom Becker'),
    Case('Tom\u200bBecker · NorthPeak\xad\ufeff', 'Tom\\u200bBecker · NorthPeak\\xad\\ufeff', 'TomBecker · NorthPeak'),
    Case('x\u2060y \u3164 a\u200c\u200db \u200dz', 'x\\u2060y \\u3164 a\\u200c\\u200db \\u200dz', 'xy ab z'),
    # ... but not a joiner that joins, nor a subdivision flag's tags
    Case('می\u200cخواهم 👩\u200d💻 🏴\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f',
         'می\u200cخواهم 👩\u200d💻 🏴\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f',
         'می\u200cخواهم 👩\u200d💻 🏴\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f'),
], ids=lambda c: repr(c.text)[:24])
def test_known_text(case: Case) -> None:
    assert (visible(case.text), plain(case.text)) == (case.visible, case.plain)


def test_plain_keeps_lines_when_asked() -> None:
    assert plain('Hi\r\nthere\x1b[2J\rbye\u2029\u202eend', lines=True) == 'Hi\nthere[2J\nbye\nend'


@given(hostile_text)
def test_terminal_text_prints_as_written_and_without_controls(text: str) -> None:
    # Inside our own markup, as the CLI uses it: the lead text comes out as its visible form, our styles stay.
    rendered = Text.from_markup(f'[bold]{terminal(text)}[/bold] [green]ok[/]', emoji=False)
    assert rendered.plain == visible(text) + ' ok'
    assert [(s.start, s.end, str(s.style)) for s in rendered.spans] == [
        (0, len(visible(text)), 'bold'), (len(visible(text)) + 1, len(visible(text)) + 3, 'green')]
    assert not UNSAFE.search(visible(text)) and not JOINER_ALONE.search(visible(text))


@given(hostile_text)
def test_terminal_text_on_a_real_terminal_has_no_escape_but_ours(text: str) -> None:
    console = Console(force_terminal=True, color_system='truecolor', emoji=False, width=80, legacy_windows=False)
    with console.capture() as captured:
        console.print(terminal(text), highlight=False)
    output = captured.get()
    assert '\x1b]8' not in output  # no hyperlink
    # Without styles Rich writes no escape sequence at all: every ESC would be the lead's.
    assert '\x1b' not in output and not UNSAFE.search(output)


@given(st.recursive(st.none() | st.booleans() | st.integers() | hostile_text,
                    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(hostile_text, inner, max_size=3),
                    max_leaves=8))
def test_json_text_is_the_same_json_without_controls(value: object) -> None:
    encoded = json_text(json.dumps(value, ensure_ascii=False, indent=2))
    assert json.loads(encoded) == json.loads(json.dumps(value))  # as JSON reads it (a surrogate pair is one character)
    assert not UNSAFE.search(encoded)


@given(hostile_text)
def test_plain_has_no_controls(text: str) -> None:
    one_line, lines = plain(text), plain(text, lines=True)
    assert not UNSAFE.search(one_line) and '\n' not in one_line and '\t' not in one_line
    assert not UNSAFE.search(lines) and '\r' not in lines
    assert not JOINER_ALONE.search(one_line) and not JOINER_ALONE.search(lines)


@pytest.mark.parametrize('text', ['\\[', '\\\\[', 'a\\', 'a\\\\', 'a\\\\\\', '\\[x]', '\\[[/]', '[bold]\\'])
def test_backslashes_print_as_written(text: str) -> None:
    """Cases `rich.markup.escape` leaves (hypothesis found the first): Rich turns a '\\[' into '[', and trailing
    backslashes would escape the tag that follows."""
    rendered = Text.from_markup(f'[bold]{terminal(text)}[/bold] [green]ok[/]', emoji=False)
    assert rendered.plain == text + ' ok'
