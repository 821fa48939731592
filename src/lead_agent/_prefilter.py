r"""Patterns asked for a yes or no together, each alternative searched only in a text that holds what it needs.

Python's `re` tries a pattern at every position of a text, each alternative of it in turn, and scans ahead for a first
character only when the pattern starts with a literal or a set of them (not with `\b` or a group of words). The
guards' patterns are long lists of alternatives, most of which need words few texts hold ('ignore', 'system prompt',
'<|im_'). `PatternSet` reads from each alternative's parse sets of literal strings such that every match holds a
string of each set, finds in one pass which of those strings a text holds (Aho-Corasick), and searches only the
alternatives whose every set is met, each compiled by `re` from the pattern's own parse. `may_match` asks the same
of one pattern with substring tests, down to single characters, for a pattern whose matches are walked (a setting is
written with ':' or '=', a snake_case token with '_').

The answers are the patterns' own: a pattern matches where one of its top-level alternatives does, and an alternative
left out lacks every string of one of its sets, so no match of it is there. What is not read exactly (a
case-insensitive part, a back-reference) is always searched.
"""

from __future__ import annotations

import importlib
import logging
import re
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any, NamedTuple, Protocol, cast

import ahocorasick  # pyright: ignore[reportMissingTypeStubs]

from . import _pattern_cache

__all__ = ('PatternSet', 'may_match', 'needs', 'screened')

log = logging.getLogger('lead_agent.prefilter')

# The parse `re` compiles from (sre_parse before 3.11, deprecated under that name): op codes and their arguments.
_parser: Any = importlib.import_module('re._parser')
_op: Any = importlib.import_module('re._constants')

_CAP = 64  # most strings a set may hold: a longer product is cut to prefixes (each still in the text)
_SHORTEST = 3  # UTF-8 bytes: a set with a shorter string is in nearly every text, asking rules nothing out
_KEPT = 3  # sets kept for an alternative, the most telling ones
_LONG = 4000  # characters: a text searched for a pattern's alternatives alone up to this length (`PatternSet`)
_EMPTY = frozenset({''})

Strings = frozenset[str]
_Need = tuple[int, int, Strings]  # -(shortest string's size), how many strings, the strings


class _Unsupported(Exception):
    """A part whose literals are not read here (case-insensitive, a back-reference): its alternative is searched."""


class _Info(NamedTuple):
    exact: Strings | None
    """Every string the part matches, when they are few; None when unknown or many."""
    prefix: Strings
    """Every match starts with one of these ('' among them: nothing known)."""
    suffix: Strings
    """Every match ends with one of these."""
    needs: tuple[_Need, ...]
    """Every match holds a string of each set (the most telling sets, scored by `_telling`)."""


_UNKNOWN = _Info(None, _EMPTY, _EMPTY, ())


def _exactly(strings: Strings) -> _Info:
    if len(strings) > _CAP:
        return _Info(None, _cut(strings), _cut(strings, end=True), _telling(strings))
    return _Info(strings, strings, strings, ())  # what it needs is its prefix


def _cut(strings: Strings, *, end: bool = False) -> Strings:
    """The strings' prefixes (or suffixes), as long as leaves at most `_CAP` of them."""
    def cut(n: int) -> Strings:
        return frozenset(s[len(s) - n:] if end else s[:n] for s in strings)
    lo, hi = 0, max(map(len, strings), default=0)
    while lo < hi:  # the longest length that leaves few enough: more length, never fewer strings
        mid = (lo + hi + 1) // 2
        lo, hi = (mid, hi) if len(cut(mid)) <= _CAP else (lo, mid - 1)
    return cut(lo)


def _joined(a: Strings, b: Strings) -> Strings | None:
    """Each string of `a` followed by each of `b`, when that makes few enough."""
    return frozenset(x + y for x in a for y in b) if len(a) * len(b) <= _CAP else None


def _then(x: _Info, y: _Info) -> _Info:
    """What `x` followed by `y` matches."""
    if x.exact is not None and y.exact is not None and (both := _joined(x.exact, y.exact)) is not None:
        return _exactly(both)
    prefix = x.prefix if x.exact is None else _joined(x.exact, y.prefix) or x.exact
    suffix = y.suffix if y.exact is None else _joined(x.suffix, y.exact) or y.exact
    return _Info(None, prefix, suffix, _telling(_joined(x.suffix, y.prefix), prefix, suffix, kept=x.needs + y.needs))


def _sequence(items: Iterable[tuple[Any, Any]]) -> _Info:
    info, literal = _exactly(_EMPTY), ''
    for op, av in items:
        if op is _op.LITERAL:  # a run of characters is one string (the common case, read without a step each)
            literal += chr(av)
            continue
        if literal:
            info, literal = _then(info, _exactly(frozenset({literal}))), ''
        info = _then(info, _node(op, av))
    return _then(info, _exactly(frozenset({literal}))) if literal else info


def _node(op: Any, av: Any) -> _Info:
    if op is _op.LITERAL:
        return _exactly(frozenset({chr(av)}))
    if op in (_op.AT, _op.ASSERT, _op.ASSERT_NOT):  # zero-width: adds no character to a match
        return _exactly(_EMPTY)
    if op is _op.IN:
        chars: set[str] = set()
        for o, a in av:
            if o is _op.LITERAL:
                chars.add(chr(a))
            elif o is _op.RANGE and a[1] - a[0] < 16:
                chars.update(map(chr, range(a[0], a[1] + 1)))
            else:  # a negation, a category (\w, \s), a wide range
                return _UNKNOWN
        return _exactly(frozenset(chars))
    if op is _op.SUBPATTERN:
        _group, add_flags, _del_flags, p = av
        if add_flags & re.IGNORECASE:
            raise _Unsupported
        return _sequence(p.data)
    if op is _op.ATOMIC_GROUP:
        return _sequence(av.data)
    if op is _op.BRANCH:
        return _either([_sequence(alt.data) for alt in av[1]])
    if op in (_op.MAX_REPEAT, _op.MIN_REPEAT, _op.POSSESSIVE_REPEAT):
        lo, hi, p = av
        return _repeated(_sequence(p.data), lo, hi)
    if op in (_op.GROUPREF, _op.GROUPREF_EXISTS):
        raise _Unsupported
    return _UNKNOWN  # any character, a character but one


def _either(infos: list[_Info]) -> _Info:
    exact = [i.exact for i in infos]
    if all(e is not None for e in exact):
        return _exactly(frozenset[str]().union(*cast(list[Strings], exact)))
    # each alternative's most telling set: whichever matches, a string of one of them is there
    best = [_telling(i.prefix, i.suffix, kept=i.needs) for i in infos]
    needs = _telling(frozenset[str]().union(*(b[0][2] for b in best))) if all(best) else ()
    return _Info(None, _cut(frozenset[str]().union(*(i.prefix for i in infos))),
                 _cut(frozenset[str]().union(*(i.suffix for i in infos)), end=True), needs)


def _repeated(x: _Info, lo: int, hi: int) -> _Info:
    if x.exact is not None and hi <= 4:
        copies, found = _EMPTY, set[str]()
        for n in range(hi + 1):
            if n >= lo:
                found |= copies
            copies = _joined(copies, x.exact) or frozenset()
            if not copies or len(found) + len(copies) > _CAP:
                break
        else:
            return _exactly(frozenset(found))
    # at least one copy: the first starts a match, the last ends it
    return _Info(None, x.prefix, x.suffix, x.needs) if lo >= 1 else _UNKNOWN


def _telling(*sets: Strings | None, kept: tuple[_Need, ...] = ()) -> tuple[_Need, ...]:
    """The sets worth asking about, the most telling first (longest shortest string, then fewest strings).

    Ties go by the strings themselves: the same sets in every process (kept by `_pattern_cache`), whatever order a
    process's string hashes iterate a set in.
    """
    scored = {*kept, *((-min(map(_size, s)), len(s), s) for s in sets if s)}
    return tuple(sorted((n for n in scored if n[0] < 0), key=lambda n: (n[0], n[1], sorted(n[2]))))[:_KEPT]  # not ''


def _size(s: str) -> int:
    return len(s.encode())  # two CJK characters tell as much as six Latin letters


def _least(strings: Strings) -> Strings:
    """The strings that hold no other of them: whenever a text holds the longer one, it holds the shorter."""
    kept: list[str] = []
    for s in sorted(strings, key=len):
        if not any(k in s for k in kept):
            kept.append(s)
    return frozenset(kept)


def _needs(data: list[tuple[Any, Any]], flags: int, shortest: int = _SHORTEST) -> list[Strings]:
    if flags & re.IGNORECASE:
        return []
    try:
        info = _sequence(data)
    except _Unsupported:
        return []
    return [_least(s) for size, _, s in _telling(info.prefix, info.suffix, kept=info.needs) if -size >= shortest]


def needs(pattern: str, flags: int = 0, *, shortest: int = _SHORTEST) -> list[Strings]:
    """Sets of strings such that every match of `pattern` holds one string of each ([]: nothing is known).

    Only sets whose every string has at least `shortest` bytes (UTF-8) are given.
    """
    parsed = _parser.parse(pattern, flags)
    return _needs(parsed.data, flags | parsed.state.flags, shortest)


@lru_cache(maxsize=64)
def _cheap_needs(pattern: re.Pattern[str]) -> list[Strings]:
    try:
        return _pattern_cache.kept('needs', pattern, lambda: _sorted_needs(pattern), _strings)
    except Exception:  # as in `_read`: nothing known, so every text may match
        log.warning('injection prefilter: pattern %.40r searched in every text', pattern.pattern)
        return []


def _sorted_needs(pattern: re.Pattern[str]) -> list[Strings]:
    return sorted(needs(pattern.pattern, pattern.flags, shortest=1), key=len)  # fewest strings: asked first


def _strings(sets: object) -> list[Strings]:
    """Sets as kept (`_pattern_cache`), checked to be sets of strings."""
    if not isinstance(sets, list) or not all(
            isinstance(s, frozenset) and all(isinstance(x, str) for x in cast(frozenset[object], s))
            for s in cast(list[object], sets)):
        raise TypeError('not sets of strings')
    return cast(list[Strings], sets)


def may_match(pattern: re.Pattern[str], text: str) -> bool:
    """False when `text` lacks every string of one set a match of `pattern` needs (then it has no match)."""
    return all(any(s in text for s in strings) for strings in _cheap_needs(pattern))


_Part = tuple['_pattern_cache.Spec | None', list[Strings]]
"""An alternative as `_pattern_cache` keeps it: its compiled code (None: the whole pattern) and what it needs."""


def _alternatives(pattern: re.Pattern[str]) -> list[tuple[re.Pattern[str], list[Strings]]]:
    """The pattern's top-level alternatives with what each needs (`_parts`), each compiled alone."""
    def use(parts: list[_Part]) -> list[tuple[re.Pattern[str], list[Strings]]]:
        return [(pattern if made is None else _pattern_cache.built(None, made), _strings(sets)) for made, sets in parts]

    return _pattern_cache.kept('alternatives', pattern, lambda: _parts(pattern), use)


def _parts(pattern: re.Pattern[str]) -> list[_Part]:
    r"""The pattern's top-level alternatives with what each needs, compiled from the pattern's own parse.

    An alternative that needs something is compiled alone; those that need nothing stay together, as one pattern (a
    text is scanned once for them, not once each). The parse moves a start that all alternatives share ('\b') out in
    front of them: each gets it back.
    """
    parsed = _parser.parse(pattern.pattern, pattern.flags)
    flags = pattern.flags | parsed.state.flags
    data: list[tuple[Any, Any]] = parsed.data
    if not data or data[-1][0] is not _op.BRANCH:
        return [(None, _needs(data, flags))]
    *head, (_, (_, alternatives)) = data

    def compiled(data: list[tuple[Any, Any]]) -> _pattern_cache.Spec:
        return _pattern_cache.spec(_parser.SubPattern(parsed.state, data), pattern.flags)

    screened: list[tuple[Any, list[Strings]]] = [(alt, _needs([*head, *alt.data], flags)) for alt in alternatives]
    rest = [alt for alt, sets in screened if not sets]
    if len(rest) == len(screened):
        return [(None, [])]
    return [*((compiled([*head, *alt.data]), sets) for alt, sets in screened if sets),
            *([(compiled([*head, (_op.BRANCH, (None, rest))]), [])] if rest else [])]


def _read(pattern: re.Pattern[str]) -> list[tuple[re.Pattern[str], list[Strings]]]:
    """`_alternatives`, or the pattern whole, searched in every text, when its parse is not read here.

    `re`'s parse is private: a Python whose parse differs costs speed, never an answer.
    """
    try:
        return _alternatives(pattern)
    except Exception:  # any failure to read the parse leaves the pattern as it is
        log.warning('injection prefilter: pattern %.40r read whole (its parse is not understood)', pattern.pattern)
        return [(pattern, [])]


class _Automaton(Protocol):
    def add_word(self, key: str, value: object, /) -> bool: ...
    def make_automaton(self) -> None: ...
    def iter(self, text: str, /) -> Iterable[tuple[int, str]]: ...


class PatternSet:
    """Patterns searched together, with the answers `p.search(text) is not None` gives for each pattern `p`.

    A pattern is searched for the alternatives that may match in a text, each alone: a pattern with none is not
    searched at all. In a long text, a pattern with two or more is searched whole instead: one alternative alone scans
    on to the text's end past another's first match, where the whole pattern stops (a 100 KB message that repeats an
    instruction would cost more than before).
    """

    def __init__(self, *patterns: re.Pattern[str]) -> None:
        self._patterns = patterns
        self._parts: list[tuple[int, re.Pattern[str]]] = []  # each alternative: its pattern's index, compiled alone
        self._always: set[int] = set()
        # An alternative is found by the strings of its most telling set; its other sets are checked once it is.
        self._owners: dict[str, list[tuple[int, list[Strings]]]] = {}
        strings: set[str] = set()
        for n, pattern in enumerate(patterns):
            for alt, sets in _read(pattern):
                k = len(self._parts)
                self._parts.append((n, alt))
                if not sets:
                    self._always.add(k)
                for s in sets[0] if sets else ():
                    self._owners.setdefault(s, []).append((k, sets[1:]))
                strings.update(*sets)
        self._alternatives = Counter(n for n, _ in self._parts)
        self._automaton = cast(_Automaton, ahocorasick.Automaton())  # pyright: ignore[reportUnknownMemberType]
        for s in strings:
            self._automaton.add_word(s, s)
        if strings:
            self._automaton.make_automaton()

    def _searches(self, text: str) -> list[tuple[int, re.Pattern[str]]]:
        """What to search in `text`, with the index of the pattern it answers for: alternatives, or whole patterns."""
        found = set(self._always)
        if self._owners:
            held = {s for _, s in self._automaton.iter(text)}
            for s in held:
                for k, rest in self._owners.get(s, ()):
                    if k not in found and all(not r.isdisjoint(held) for r in rest):
                        found.add(k)
        searches = [self._parts[k] for k in sorted(found)]  # in the patterns' order
        if len(text) <= _LONG or len(searches) < 2:
            return searches
        # Whole only where most of a pattern's alternatives are asked for: a whole pattern tries every alternative at
        # each position, so two of twelve alternatives (one word of each) searched whole cost more than both alone
        # (100 KB of 'it ' then one language's skip and another's rank: 0.2 s of whole patterns in `handling`).
        counts = Counter(n for n, _ in searches)
        return [*dict.fromkeys((n, self._patterns[n]) if counts[n] > 1 and 2 * counts[n] > self._alternatives[n]
                               else (n, alt) for n, alt in searches)]

    def search(self, text: str, spans: Iterable[tuple[int, int]] = ((0, sys.maxsize),)) -> bool:
        """Whether one of the patterns matches in `text`, within one of the `spans` (`pos`, `endpos` of `re`)."""
        spans = list(spans)
        return bool(spans) and any(p.search(text, pos, endpos) for _, p in self._searches(text) for pos, endpos in spans)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        """The matches of every alternative `text` may hold, one alternative after another (not in the text's order)."""
        for _, p in self._searches(text):
            yield from p.finditer(text)

    def matches(self, text: str) -> list[bool]:
        """For each pattern, in order, whether it matches in `text`."""
        found = [False] * len(self._patterns)
        for n, p in self._searches(text):
            found[n] = found[n] or p.search(text) is not None
        return found


def screened(*patterns: re.Pattern[str]) -> PatternSet:
    """The patterns' `PatternSet`, built when first asked for (reading a large pattern takes a tenth of a second).

    Looked up by the patterns' identity first: the callers ask with the same pattern objects every time, and a
    compiled pattern's hash reads its whole compiled code on each call (95 us for `_injection._ADDRESS`, 35 us for a
    policy's directive pattern, more than searching a lead's text with them), which a cache keyed by the patterns
    paid on every call, for each field of every lead. Equal patterns that are other objects still share one
    `PatternSet` (`_screened`, keyed by equality).
    """
    key = tuple(map(id, patterns))
    kept = _by_identity.get(key)
    if kept is None:
        if len(_by_identity) >= _IDENTITIES:
            _by_identity.clear()
        # The patterns are kept with it: while they are, their ids name no other object.
        kept = _by_identity[key] = (patterns, _screened(*patterns))
    return kept[1]


_IDENTITIES = 32
_by_identity: dict[tuple[int, ...], tuple[tuple[re.Pattern[str], ...], PatternSet]] = {}


@lru_cache(maxsize=32)
def _screened(*patterns: re.Pattern[str]) -> PatternSet:
    return PatternSet(*patterns)
