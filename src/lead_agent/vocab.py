"""Words that CRMs and enrichment vendors spell many ways: CRM stages and industry names.

Small on purpose: stages fold into five kinds, industries match on a normalised spelling (the policy's
`icp.industry_aliases` add synonyms; `Icp.has_industry`). The guards and the rules model read CRM history through `crm_standing()`, so they agree on
who is a customer.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from .models import CrmRecord

__all__ = ('CrmStanding', 'Stage', 'crm_standing', 'in_industries', 'industry_key', 'normalise', 'record_stage',
           'stage_of')

Stage = Literal['customer', 'open_deal', 'lost', 'lead', 'other']
"""customer: a won deal or a customer lifecycle; open_deal: a deal in progress; lost: closed lost or churned;
lead: known, no deal (lead, subscriber, qualified lead); other: anything else."""

_PUNCTUATION = re.compile(r'[^\w\s]|_')

# HubSpot's lifecycle stages (internal ids; a label with its spaces removed matches too).
_LIFECYCLE: dict[str, Stage] = {
    'customer': 'customer', 'evangelist': 'customer',  # HubSpot: a customer who advocates
    'opportunity': 'open_deal',
    'lead': 'lead', 'subscriber': 'lead', 'marketingqualifiedlead': 'lead', 'salesqualifiedlead': 'lead',
    'other': 'other',
}
# HubSpot's default sales pipeline: deal stage ids, as they show up in a deal's summary.
_DEAL_STAGES: dict[str, Stage] = {
    'closedwon': 'customer', 'closedlost': 'lost',
    'appointmentscheduled': 'open_deal', 'qualifiedtobuy': 'open_deal', 'presentationscheduled': 'open_deal',
    'decisionmakerboughtin': 'open_deal', 'contractsent': 'open_deal',
}
# Written-out stages, on normalised text. Lost is checked first: "closed lost" says nothing about winning.
_PHRASES: tuple[tuple[Stage, re.Pattern[str]], ...] = (
    ('lost', re.compile(r'\bclosed lost\b|^lost\b|\bchurned\b')),
    ('customer', re.compile(r'\bclosed won\b|^won\b')),
    ('open_deal', re.compile(r'\bopen deal\b|\bopportunity open\b|\bopen opportunity\b')),
)


def normalise(text: str | None) -> str:
    """Casefolded, `&` → `and`, punctuation → spaces, whitespace collapsed.

    `Hospital & Health-Care` → `hospital and health care`.
    """
    text = (text or '').casefold().replace('&', ' and ')
    return ' '.join(_PUNCTUATION.sub(' ', text).split())


def stage_of(text: str | None) -> Stage | None:
    """The stage a lifecycle stage, a deal stage or a deal summary names; None when it names none.

    `Closed-won`, `closed won`, `closedwon` and `Closed Won (MY pilot)` are all `customer`.
    """
    words = normalise(text)
    if not words:
        return None
    joined = words.replace(' ', '')
    if joined in _LIFECYCLE:
        return _LIFECYCLE[joined]
    for word in words.split():
        if word in _DEAL_STAGES:
            return _DEAL_STAGES[word]
    for stage, pattern in _PHRASES:
        if pattern.search(words):
            return stage
    return None


def _field(record: CrmRecord | Mapping[str, Any], name: str) -> Any:
    return record.get(name) if isinstance(record, Mapping) else getattr(record, name)


def record_stage(record: CrmRecord | Mapping[str, Any]) -> Stage:
    """One CRM record's stage: the deal stage its summary names, else the contact's lifecycle stage on it.

    Takes a `CrmRecord` or the same record as a dict (as the model sees it in its prompt).
    """
    summary, lifecycle = _field(record, 'summary'), _field(record, 'lifecycle_stage')
    return (stage_of(str(summary) if summary else None) or stage_of(str(lifecycle) if lifecycle else None)
            or 'other')


@dataclass(frozen=True, slots=True)
class CrmStanding:
    """What the CRM says about the sender, from all its records."""

    known_customer: bool
    """The latest won-or-lost record says won (a churn after a win is no customer)."""
    open_deal: bool
    """The latest deal-stage record (open, won or lost) is an open deal."""
    stages: tuple[Stage, ...] = ()
    """Each record's stage, oldest first."""

    def describe(self) -> str:
        """`customer`, `open deal`, or what the records are, for a guard's note."""
        if self.known_customer or self.open_deal:
            return ' and '.join(n for n, on in (('customer', self.known_customer), ('open deal', self.open_deal)) if on)
        if not self.stages:
            return 'no CRM record'
        return 'CRM: ' + ', '.join(dict.fromkeys(self.stages)) + ' (no customer or open deal)'


def crm_standing(history: Iterable[CrmRecord | Mapping[str, Any]]) -> CrmStanding:
    """Whether the CRM knows the sender as a customer or with an open deal. Records as `CrmRecord`s or dicts."""
    # ISO dates sort as text, whether a `date` or the string the prompt carries; a record without one sorts first.
    records = sorted(history, key=lambda r: str(_field(r, 'date') or ''))
    stages: tuple[Stage, ...] = tuple(record_stage(r) for r in records)
    settled = [s for s in stages if s in ('customer', 'lost')]
    dealt = [s for s in stages if s in ('customer', 'lost', 'open_deal')]
    return CrmStanding(known_customer=bool(settled) and settled[-1] == 'customer',
                       open_deal=bool(dealt) and dealt[-1] == 'open_deal', stages=stages)


def industry_key(name: str | None) -> str:
    """An industry name for comparison: normalised, each word's plural `s` dropped.

    `Hospital & Health Care` and `Hospitals and Health Care` compare equal; `Truck Transportation` and `Road Freight
    and Trucking` do not (no taxonomy: `icp.industry_aliases` says which names mean the same).
    """
    return ' '.join(w[:-1] if len(w) > 3 and w.endswith('s') and not w.endswith('ss') else w
                    for w in normalise(name).split())


def in_industries(industry: str | None, names: Iterable[str]) -> bool:
    """Whether an industry label is one of `names` (policy industries and their aliases), compared by `industry_key`."""
    key = industry_key(industry)
    return bool(key) and key in {industry_key(n) for n in names}
