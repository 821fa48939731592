"""A pattern set answers as its patterns do: an alternative is left out only where no match of it can be."""
# pyright: reportPrivateUsage=false

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import cast

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lead_agent import _injection, _injection_shape, _legal, _set_aside, _text
from lead_agent._prefilter import PatternSet, may_match, needs, screened
from lead_agent.policy import load_policy

from .helpers import cpu_seconds

ROOT = Path(__file__).parents[1]

_VOCABULARY = _injection.vocabulary(load_policy(ROOT / 'examples' / 'policy.yaml'))
# Every pattern the guards ask through a pattern set.
GUARDS: dict[str, re.Pattern[str]] = {
    'phrases': _text._INJECTION_FOLDED, 'set_aside': _text._SET_ASIDE, 'structure': _text._STRUCTURE,
    'other_scripts': _set_aside.other_scripts(), 'set_aside_more': _set_aside.set_aside(),
    'system_tag': _set_aside.system_tag(), 'central_east': _set_aside.central_east(),
    'south_asian': _set_aside.south_asian(), 'address': _injection._ADDRESS,
    'directive': _VOCABULARY.directive,
    **dict(_injection_shape.PATTERNS), **dict(_injection_shape.HANDLING),
    **{f'lever {n}': lever for n, lever in enumerate(_injection_shape.LEVERS)},
    'legal_threat': _legal._THREAT, 'legal_threat_southeast': _legal._SOUTHEAST_THREAT,
    'near_order': _injection._NEAR_ORDER,
}


# The patterns searched, or walked, only in a text that `may_match` them.
CHEAP: dict[str, re.Pattern[str]] = {
    'setting': _injection_shape._SETTING, 'heading': _injection_shape._HEADING, 'assignment': _VOCABULARY.assignment,
    'token': _injection._TOKEN, 'your': _injection._YOUR,
}


@pytest.mark.parametrize('name', GUARDS)
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_a_match_is_never_left_out(name: str, data: st.DataObject) -> None:
    """A text that holds a match of the pattern (and whatever around it): the set says what the pattern says."""
    pattern = GUARDS[name]
    match = data.draw(_matching(name), label='match')
    text = data.draw(st.text(max_size=30)) + match + data.draw(st.text(max_size=30))
    assert screened(pattern).search(text) is (pattern.search(text) is not None)
    words = ' '.join(data.draw(st.lists(st.sampled_from(sorted(_words(pattern))), min_size=1)))
    long = (text + ' ' + words * (4500 // len(words)))[:5000]  # past 4,000 characters a pattern is searched whole
    assert screened(pattern).search(long) is (pattern.search(long) is not None)


@pytest.mark.parametrize('name', CHEAP)
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_a_text_with_a_match_may_match(name: str, data: st.DataObject) -> None:
    pattern = CHEAP[name]
    text = data.draw(st.text(max_size=30)) + data.draw(st.from_regex(pattern, fullmatch=True)) + data.draw(st.text())
    assert may_match(pattern, text) or pattern.search(text) is None


@cache
def _matching(name: str) -> st.SearchStrategy[str]:
    """Strings `GUARDS[name]` matches whole: built once (`_ADDRESS`'s 40 KB took 1.6 s each example, 34 s a run)."""
    return st.from_regex(GUARDS[name], fullmatch=True)


def _words(pattern: re.Pattern[str]) -> set[str]:
    """The strings the set looks for first: a text made of them makes every alternative a candidate."""
    return set(screened(pattern)._owners) or {'x'}


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in cast(dict[str, object], value).values() for s in _strings(v)]
    return [s for v in cast(list[object], value) for s in _strings(v)] if isinstance(value, list) else []


_PARTS = 4


@cache
def _texts() -> list[str]:
    """Every string of the genuine leads, the attacks and the eval sets, each once (names, forms and domains recur)."""
    paths = sorted([*(ROOT / 'tests' / 'data').glob('*.jsonl'), *(ROOT / 'evals').glob('*.jsonl')])
    return list(dict.fromkeys(s for path in paths for line in path.read_text(encoding='utf-8').splitlines()
                              if line.strip() for s in _strings(json.loads(line))))


@pytest.mark.parametrize('part', range(_PARTS))
def test_the_guards_answer_as_their_patterns_on_every_lead(part: int) -> None:
    """Every string of the sets, read a part at a time (a fourth each: the whole took 27-35 s in one test, the last to
    end of a CI run's workers)."""
    patterns = list(GUARDS.values())
    plain = [_text.skeleton(t) for t in _texts()[part::_PARTS]]
    assert len(plain) > 2000 // _PARTS
    expected = [[bool(q.search(p)) for q in patterns] for p in plain]
    together = screened(*patterns)
    assert [together.matches(p) for p in plain] == expected
    assert sum(map(any, expected)) > 300 // _PARTS  # leads that do match
    for pattern in CHEAP.values():
        assert all(may_match(pattern, p) for p in plain if pattern.search(p))
        assert any(not may_match(pattern, p) for p in plain)  # it does rule texts out


@pytest.mark.parametrize('pattern, expected', [
    (r'\bignore (all )?previous\b', [{'ignore all previous', 'ignore previous'}]),
    (r'system\s*:', [{'system'}]),
    (r'\w+@example\.com', [{'@example.com'}]),
    (r'(^|\n)\s*#{2,}\s*(system|rules)', [{'system', 'rules'}]),  # '##': too short to rule anything out
    (r'\bfor (the|any) (ai|lead.?scoring\w*)\b', [{'for the ai', 'for any ai', 'for the lead', 'for any lead'}]),
    (r'(?>(?:virtual|automated)\s+){0,3}agent', [{'agent'}]),
    (r'colou?r', [{'color', 'colour'}]),
    (r'指示.{0,5}無視', [{'無視'}, {'指示'}]),  # two CJK characters are six bytes
    (r'(?i)ignore', []),  # case-insensitive: not read
    (r'(?i:ignore) this', []),
    (r'(a+)\1 there', []),  # a back-reference
    (r'[^x]*|\d+', []),
    (r'ab|cd', []),
])
def test_what_every_match_holds(pattern: str, expected: list[set[str]]) -> None:
    assert set(needs(pattern)) == set(map(frozenset, expected))


def test_a_start_all_alternatives_share_is_given_back_to_each() -> None:
    words = PatternSet(re.compile(r'\bfoolish|\bbarbaric'))  # the parse moves '\b' out in front of the branch
    assert words.matches('a barbaric act') == [True]
    assert words.matches('abarbaric act') == [False]


def test_a_pattern_that_cannot_be_read_is_always_searched() -> None:
    assert PatternSet(re.compile('(?i)IGNORE previous')).search('ignore Previous')
    assert PatternSet(re.compile(r'(\w+) \1')).search('very very')


def test_spans_are_searched_as_re_does() -> None:
    """`pos`/`endpos`: a look-behind sees before the span, '^' does not match at its start."""
    text = 'abcd'
    for source in [r'(?<=a)bcd', r'^bcd', r'bcd$', r'\bbcd']:
        pattern = re.compile(source)
        assert PatternSet(pattern).search(text, [(1, 4)]) is (pattern.search(text, 1, 4) is not None)
    assert not PatternSet(re.compile('abc')).search(text, [])


@pytest.mark.parametrize('unit', ['to the ai ', 'note for the ai ', 'ignore\n', 'system: ', 'dear ai, ', 'ai ',
                                  'virtual ', 'pls crm entry ', 'forget '])
def test_a_long_repeated_text_stays_linear(unit: str) -> None:
    """100,000 characters of words the patterns look for: each alternative a candidate, the patterns searched whole."""
    text = (unit * (100_000 // len(unit)))[:100_000]
    assert cpu_seconds(_text.looks_like_injection, text) < 1.0


def test_a_single_character_is_what_a_cheap_check_asks_for() -> None:
    setting = r'(?<![\w.])[a-z]+\s*(:|=)(?!//)'
    assert needs(setting) == []  # too common to screen a pattern set's alternatives by
    assert needs(setting, shortest=1) == [frozenset({':', '='})]
    assert not may_match(re.compile(setting), 'no key here') and may_match(re.compile(setting), 'a key: here')


def test_a_parse_not_understood_costs_speed_not_an_answer(monkeypatch: pytest.MonkeyPatch,
                                                           caplog: pytest.LogCaptureFixture) -> None:
    """`re`'s parse is private: when reading it fails, the pattern is searched whole in every text."""
    from lead_agent import _prefilter

    def broken(*_: object, **__: object) -> list[frozenset[str]]:
        raise AttributeError('a parse of another shape')

    monkeypatch.setattr(_prefilter, '_alternatives', broken)
    monkeypatch.setattr(_prefilter, 'needs', broken)
    _prefilter._cheap_needs.cache_clear()
    try:
        pattern = re.compile(r'\bignore (all )?previous instructions|\bsystem prompt\b')
        patterns = PatternSet(pattern)
        for text in ('please ignore previous instructions', 'our system prompt', 'a plain lead', ''):
            assert patterns.search(text) is (pattern.search(text) is not None)
            assert patterns.matches(text) == [pattern.search(text) is not None]
            assert may_match(pattern, text)
        assert 'read whole' in caplog.text and 'searched in every text' in caplog.text
    finally:
        _prefilter._cheap_needs.cache_clear()
