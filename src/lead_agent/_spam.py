"""Spam evidence: what a lead's own text shows of spam, read without a model. One reading for two readers.

The rules model calls a lead spam from a score of `SPAM_SCORE`. The guards (`guards.decide`, rule `unproven_spam`)
let any model reject a lead as spam only when this reading scores it as much: a verdict the text does not back goes
to a person. A lead lost costs more than a review, and a model can be wrong, or talked into it. So what buyers
write too does not reach the score alone: one spam phrase ("we are a wholesaler"), links (a signature has three),
or one phrase with the company's own link (helper-53: 12 of 38 buyers' messages were rejected at 2 so).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from . import _text
from ._lexicon import PRESSURE, SPAM

__all__ = ('SPAM_SCORE', 'SpamEvidence', 'spam_evidence')

SPAM_SCORE = 2
"""The score from which a lead's text reads as spam."""
_GIBBERISH = 0.5
_MANY_LINKS = 3


@dataclass(frozen=True)
class SpamEvidence:
    phrases: list[str]
    """Spam phrases as written, then `pressure:*` (a seller's pressure, counted only beside a phrase)."""
    signals: list[str]
    """Every signal by name: the phrases, `links:N` (three or more), `gibberish`, `html_links`."""
    score: int
    """Spam phrases one point each; pressure beside them, two phrases or more beside a link, three links or more, and
    HTML with links one more each; a message mostly keyboard-mashing three."""

    @property
    def is_spam(self) -> bool:
        return self.score >= SPAM_SCORE


def spam_evidence(message: str, company: str = '', other: Iterable[str] = ()) -> SpamEvidence:
    """The spam signals of a message, the company field and the lead's other answers."""
    text = ' '.join([company, message, *other])
    links = _text.link_count(text)
    spam = _text.find_phrases(text, SPAM)  # as written: a plural ("our winners") is ordinary text
    # A seller's pressure backs a spam phrase, one point however many families: alone it is a buyer's words too ("a
    # proposal within 5 days, tender documents at https://...", "another vendor quoted 15% off, guaranteed uptime").
    # A deadline presses only with somewhere to act on it: a link. Read only beside a phrase, the one place it counts
    # (the five patterns cost more than the rest of this reading of a genuine lead).
    pressure = [f'pressure:{name}' for name, pattern in PRESSURE
                if (name != 'deadline' or links) and pattern.search(message)] if spam else []
    score = (len(spam) + (1 if spam and pressure else 0) + (1 if links >= _MANY_LINKS else 0)
             + (1 if links and len(spam) >= 2 else 0))
    phrases = spam + (pressure if spam else [])
    signals = list(phrases) + ([f'links:{links}'] if links >= _MANY_LINKS else [])
    if _text.gibberish_ratio(message) >= _GIBBERISH:
        score += 3
        signals.append('gibberish')
    if links and _text.has_html(text):
        score += 1
        signals.append('html_links')
    return SpamEvidence(phrases, signals, score)
