"""What the per-language order readings share (`_southeast_asian`, `_turkish`, `_european`).

A sentence's or a clause's span, where a pattern matches as an order, and an approval claimed beside a shortcut.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable

from ._prefilter import screened

__all__ = ('approval_beside', 'around', 'object_span', 'ordered')

_READ = 400
"""Matches of a pattern read, found or not: a hostile text repeats one a thousand times ('teklifi doğrudan satış
müdürünüze iletin' × 100 KB read whole took 2.5 s)."""
_MOST = 100

_END_RE = re.compile(r'[.!?\n;]')


def around(plain: str, start: int, end: int, marks: str) -> tuple[int, int]:
    """The span from the last of `marks` before `start` to the first after `end`, 200 characters each side at most."""
    head = max(max(plain.rfind(c, max(0, start - 200), start) for c in marks) + 1, start - 200, 0)
    tails = [i for c in marks if (i := plain.find(c, end, end + 200)) >= 0]
    return head, min(tails, default=min(len(plain), end + 200))


def approval_beside(plain: str, approved: re.Pattern[str], shortcuts: list[int]) -> bool:
    """Whether an approval (`approved`) has one of the `shortcuts` (where orders start) in its sentence or the next."""
    if not shortcuts:
        return False
    for m in screened(approved).finditer(plain):
        head = max(plain.rfind(c, max(0, m.start() - 200), m.start()) for c in '.!?\n;') + 1
        ends = [e.end() for e in _END_RE.finditer(plain, m.end(), m.end() + 400)][:2]
        end = ends[-1] if ends else m.end() + 400
        if any(head <= at < end for at in shortcuts):
            return True
    return False


def object_span(plain: str, head: int, m: re.Match[str]) -> tuple[int, int]:
    """Where a match's object is: the match and the three words before it, in its clause (which starts at `head`)."""
    start = m.start()
    for _ in range(3):
        start = plain.rfind(' ', head, max(head, start - 1))
        if start < 0:
            return head, m.end()
    return start, m.end()


def ordered(pattern: re.Pattern[str], plain: str, excluded: Callable[[re.Match[str]], bool]) -> list[int]:
    """Where `pattern` matches and `excluded` does not rule the match out (a question, the sender's own...).

    The first `_MOST` found among the first `_READ` matches; each of the pattern's alternatives is searched only in a
    text that holds its words.
    """
    found: list[int] = []
    for m in itertools.islice(screened(pattern).finditer(plain), _READ):
        if excluded(m):
            continue
        found.append(m.start())
        if len(found) == _MOST:
            break
    return found
