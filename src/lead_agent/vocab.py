"""Words that CRMs and enrichment vendors spell many ways: CRM stages, industries and countries.

Stages fold into five kinds. Industries map through the taxonomy in `data/industries.yaml` (LinkedIn's two industry
lists, GICS, Clearbit; its header names the sources) to canonical industries, so "Truck Transportation" (LinkedIn),
"Cargo Ground Transportation" (GICS) and "transportation/trucking/railroad" (Apollo) are one industry; the policy's
`icp.industry_aliases` add its own synonyms (`Icp.has_industry`). Countries read as ISO 3166 alpha-2 codes from a code
or a name (pycountry, plus the other names in `data/countries.yaml`). The guards and the rules model read CRM history
through `crm_standing()`, so they agree on who is a customer.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib.resources import files
from typing import Any, Literal

import pycountry
import yaml
from pydantic import BaseModel, TypeAdapter
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein
from snowballstemmer import EnglishStemmer  # pyright: ignore[reportMissingTypeStubs]

from .models import CrmRecord

__all__ = ('CrmStanding', 'IndustryFit', 'IndustrySource', 'Stage', 'canonical_industry', 'country_code',
           'crm_standing', 'industry_fit', 'industry_key', 'industry_reading', 'industry_spans', 'industry_taxonomy', 'is_country_code',
           'normalise', 'record_stage', 'stage_of')

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


@lru_cache(maxsize=4096)
def industry_key(name: str | None) -> str:
    """An industry name for comparison: normalised, each word's plural `s` dropped.

    `Hospital & Health Care` and `Hospitals and Health Care` compare equal. Kept for the names asked again: a
    policy's industries are keyed on every `industry_fit`, for each lead.
    """
    return ' '.join(w[:-1] if len(w) > 3 and w.endswith('s') and not w.endswith('ss') else w
                    for w in normalise(name).split())


class _Span(BaseModel):
    source: str
    industries: list[str]


IndustrySource = Literal['linkedin_2021', 'linkedin_legacy', 'gics', 'clearbit', 'naics_2022']
"""Where a vendor name comes from (the header of `data/industries.yaml` says more)."""

Taxonomy = Mapping[str, Mapping[IndustrySource, tuple[str, ...]]]


# libyaml's loader when PyYAML was built with it: the taxonomy parses in a tenth of the pure-Python loader's time.
_Loader = getattr(yaml, 'CSafeLoader', yaml.SafeLoader)


def _data(name: str) -> Any:
    return yaml.load(files(__package__ or 'lead_agent').joinpath('data', name).read_text(encoding='utf-8'),
                     Loader=_Loader)


@cache
def industry_taxonomy() -> Taxonomy:
    """The shipped taxonomy: each canonical industry → each source → the names that source gives it."""
    raw = TypeAdapter(dict[str, dict[IndustrySource, list[str]]]).validate_python(_data('industries.yaml'))
    return {canonical: {source: tuple(names) for source, names in by_source.items()}
            for canonical, by_source in raw.items()}


@cache
def _canonical_by_key() -> dict[str, str]:
    # A name under two canonical industries would be a data bug: the last one wins here, tests/test_vocab.py fails.
    return {industry_key(name): canonical for canonical, by_source in industry_taxonomy().items()
            for name in (canonical, *(n for names in by_source.values() for n in names))}


def canonical_industry(name: str | None) -> str | None:
    """The canonical industry a vendor's (or a policy's) industry name maps to; None when the taxonomy lacks it.

    `Warehousing & Storage`, `warehousing` and `Warehousing and Storage` are all `Warehousing and Storage`.
    """
    return _canonical_by_key().get(industry_key(name))


# Words too general to say which industry a name means, though only one canonical name uses them ("Industrial
# Machinery"): "freight industry" is not machinery. As Snowball stems.
_GENERIC_STEMS = frozenset({'industri', 'general', 'other', 'servic', 'solut', 'group', 'compani', 'product', 'activ',
                            'relat', 'system', 'manag', 'oper', 'provid', 'specialti', 'nec'})


_stem: Callable[[str], str] = EnglishStemmer().stemWord  # pyright: ignore[reportUnknownMemberType, reportUnknownVariableType]


def _stems(name: str) -> list[str]:
    return [_stem(word) for word in industry_key(name).split()]


@cache
def _stem_owners() -> dict[str, frozenset[str]]:
    """Each stem of a canonical industry's name → the canonical industries whose names hold it."""
    owners: dict[str, set[str]] = {}
    for canonical in industry_taxonomy():
        for stem in _stems(canonical):
            owners.setdefault(stem, set()).add(canonical)
    return {stem: frozenset(found) for stem, found in owners.items()}


@cache
def _canonical_by_stem() -> dict[str, str]:
    # Stems that appear in one canonical industry's name only ("truck", "freight", "wareh", "port"): each points at it.
    return {stem: next(iter(found)) for stem, found in _stem_owners().items()
            if len(found) == 1 and len(stem) > 2 and stem not in _GENERIC_STEMS}


@cache
def industry_spans() -> Mapping[str, frozenset[str]]:
    """Names that span several canonical industries (`data/industry_spans.yaml`) → those industries."""
    raw = TypeAdapter(dict[str, _Span]).validate_python(_data('industry_spans.yaml'))
    return {name: frozenset(span.industries) for name, span in raw.items()}


@cache
def _span_by_key() -> dict[str, frozenset[str]]:
    return {industry_key(name): industries for name, industries in industry_spans().items()}


@cache
def _name_keys() -> tuple[str, ...]:
    """Every name of the taxonomy, canonical, vendor and spanning, as keys."""
    return (*_canonical_by_key(), *_span_by_key())


def _named(key: str) -> frozenset[str] | None:
    """What a taxonomy name (as a key) reads as; None when it is no name of the taxonomy."""
    canonical = _canonical_by_key().get(key)
    return frozenset({canonical}) if canonical is not None else _span_by_key().get(key)


# Words that join an industry name's parts and say nothing about the industry.
_JOINERS = frozenset({'and', 'of', 'the', 'for', 'other', 'all', 'except', 'related'})


def _words(key: str) -> frozenset[str]:
    return frozenset(key.split()) - _JOINERS


@cache
def _names_by_words() -> dict[frozenset[str], frozenset[str]]:
    # Each taxonomy name's words → what it reads as ("Food & Beverage Wholesale" has the words of "Wholesale Food and
    # Beverage"). Names with the same words read as all they stand for.
    by_words: dict[frozenset[str], frozenset[str]] = {}
    for key in _name_keys():
        words = _words(key)
        by_words[words] = by_words.get(words, frozenset()) | (_named(key) or frozenset())
    return by_words


@cache
def _known_words() -> frozenset[str]:
    return frozenset(w for key in _name_keys() for w in key.split())


def _typo_of(key: str) -> str | None:
    """The taxonomy name (as a key) that `key` is a typo of: one or two letters off, by Levenshtein distance.

    Only a name of two or more words with a word the taxonomy does not know is a typo: "Hosptals and Health Care" is,
    "Dental Health Care" (every word known) and "Baking" (one word) are not.
    """
    words = key.split()
    if len(words) < 2 or all(w in _known_words() for w in words):
        return None
    found = process.extractOne(key, _name_keys(), scorer=Levenshtein.distance,
                               score_cutoff=1 if len(key) < 12 else 2)
    return found[0] if found else None


def _narrower(words: frozenset[str]) -> frozenset[str]:
    """What the taxonomy names holding all of these words (two or more) read as, together.

    "Meat Products" covers "Meat Products Manufacturing" and "Meat and Meat Product Merchant Wholesalers".
    """
    if len(words) < 2:
        return frozenset()
    return frozenset[str]().union(*(read for named, read in _names_by_words().items() if words <= named))


# Longer than any industry name of any source: read as nothing (an enrichment's label has no length limit).
_LONGEST = 200


def _by_stems(name: str, *, strict: bool) -> frozenset[str]:
    """The canonical industries a name's distinctive stems point at (`industry_reading`'s last resort).

    `strict` (a vendor's label): each industry its words point at (a label read as more than an ICP holds is unknown
    to it, not in), and nothing when another word of the name is one the taxonomy's canonical names file elsewhere,
    not under those industries: "Food Banks" is not Banking, "Physical Security" not Physical Therapy, "Storage
    Battery Manufacturing" not Warehousing and Storage. Else (a policy's name) each phrase is read by its head word
    (`_policy_reading`): what it admits is the kind of company it names.
    """
    by_stem = _canonical_by_stem()
    if not strict:
        return _policy_reading(name, by_stem)
    stems = _stems(name)
    found = frozenset(by_stem[s] for s in stems if s in by_stem)
    owners = _stem_owners()
    # another word of a canonical name that none of the industries found has
    if found and any(s in owners and not owners[s] & found and s not in _GENERIC_STEMS and len(s) > 2 for s in stems):
        return frozenset()
    return found


# Words naming a distributor of what a phrase's other words name, which the taxonomy files by what is distributed:
# drugs and food under Wholesale, power under Utilities, films under Media. Such a phrase reads as nothing, unless it
# says wholesale ('Wholesale Distribution', 'Pharmaceutical Wholesale Distributors' are Wholesale). Not dealers or
# trades: a car dealer is the automotive company, 'Construction Trades' are crafts.
_DISTRIBUTORS = frozenset({'distribut', 'distributor', 'supplier', 'suppli', 'import', 'importer', 'resel'})
# Words naming a form of business, not what it does: 'Veterinary Practices' is Veterinary, not Medical Practices;
# 'Pharmaceutical Distribution Companies' and '... Networks' are distributors.
_FORMS = _GENERIC_STEMS | {'practic', 'clinic', 'offic', 'center', 'centr', 'chain', 'firm', 'busi', 'compani',
                           'network', 'partner'}
# What joins a name's phrases ('Road Freight and Trucking', 'Logistics/Warehousing', 'Logistics, Warehousing'), and
# what starts a qualifier ('Financial Services - Banking', 'Banking (excluding Insurance)', 'Energy: Oil & Gas').
_PHRASE_JOINS = re.compile(r'[/,;&+|]|\b(?:and|or)\b', re.IGNORECASE)
_QUALIFIER = re.compile(r'[()\[\]:]|\s[-–—]\s')


def _policy_reading(name: str, by_stem: Mapping[str, str]) -> frozenset[str]:
    """A policy's name the taxonomy lacks, read phrase by phrase (`_phrase_reading`).

    A name with a qualifier in brackets, after a colon or a dash reads as nothing: the qualifier may narrow the name
    ('Financial Services - Banking'), name the market it serves ('Warehousing (Pharmaceutical)') or exclude
    ('Banking (excluding Insurance)'), and words can't tell which (helper-106, helper-107: read either way, each put
    companies outside the ICP inside it). Such a name matches an enrichment industry spelled the same way; list the
    canonical industries to say which.
    """
    if _QUALIFIER.search(name):
        return frozenset()
    return frozenset[str]().union(*(_phrase_reading(phrase, by_stem) for phrase in _phrases(name)))


def _phrases(name: str) -> list[list[str]]:
    """A name's phrases, each as its words' stems: 'Road Freight and Trucking' is 'road freight', 'truck'.

    A one-word phrase before a longer one shares its head: 'Pharmaceutical and Medical Distributors' is
    'pharmaceutical distributors', 'medical distributors'; 'Food and Beverage Manufacturers' likewise;
    'Importers and Distributors of Pharmaceuticals' is 'importers', 'distributors of pharmaceuticals'.
    """
    phrases = [stems for part in _PHRASE_JOINS.split(name) if (stems := _stems(part))]
    for i, phrase in enumerate(phrases[:-1]):
        following = phrases[i + 1]
        if len(phrase) == 1 and len(following) > 1 and phrase[0] not in _DISTRIBUTORS and _head(following) != phrase[0]:
            phrases[i] = [*phrase, _head(following)]
    return phrases


def _named_part(phrase: list[str]) -> list[str]:
    """A phrase's words before any 'of' ('Distributors of Pharmaceuticals'), leaving out forms of business."""
    cut = next((i for i, s in enumerate(phrase) if i and (s == 'of' or (s == 'for' and _DISTRIBUTORS & {*phrase[:i]}))),
               len(phrase))  # 'Distributors for Pharmaceuticals' too, not 'Equipment for Restaurants'
    named = phrase[:cut]
    return [s for s in named if s not in _FORMS] or named


def _head(phrase: list[str]) -> str:
    return _named_part(phrase)[-1]


def _phrase_reading(phrase: list[str], by_stem: Mapping[str, str]) -> frozenset[str]:
    """What one phrase of a name reads as: the kind of company its head word names, when that word names one.

    The head is the last word before any 'of' ('Distributors of Pharmaceuticals'; 'for' after a distributor), leaving
    out words that name a form of business (`_FORMS`, `_named_part`). 'Pharmaceutical Wholesale' is Wholesale, not Pharmaceuticals too, and 'Pharmaceutical
    Distribution' nothing (`_DISTRIBUTORS`): read as Pharmaceuticals, a policy that listed it took a drug maker for a
    distributor (holdout10). A head several industries' names hold ('manufacturers') is the one whose name holds the
    phrase's other words too ('Food Manufacturers' is Food Manufacturing). Else each of its words' industries
    ('Restaurant Chains' is Restaurants).
    """
    core = _named_part(phrase)
    head = core[-1]
    if head in _DISTRIBUTORS:
        return frozenset({'Wholesale'}) if 'wholesal' in core else frozenset()
    if (industry := by_stem.get(head)) is not None:
        return frozenset({industry})
    owners = _stem_owners()
    if head in owners and len(core) > 1:
        holding = frozenset[str](owners[head]).intersection(*(owners.get(s, frozenset[str]()) for s in core[:-1]))
        if holding:
            return holding
    return frozenset(by_stem[s] for s in core if s in by_stem) or frozenset(by_stem[s] for s in phrase if s in by_stem)


@lru_cache(maxsize=4096)
def industry_reading(name: str | None, *, strict: bool = False) -> frozenset[str]:
    """The canonical industries a name stands for; empty when the taxonomy can't tell.

    In order: a name of the taxonomy is its canonical industry, and a name that spans several (`industry_spans`) is
    each of them. A name with the same words in another order (`Food & Beverage Wholesale`), or one or two letters
    off (`Hosptals and Health Care`), reads as that name. A name of two or more words that the taxonomy's more
    specific names hold (`Meat Products`, `Bakery Products Manufacturing`) reads as all of those. Else each canonical
    industry whose own name shares a distinctive word with it, compared as Snowball stems: `Road Freight and
    Trucking` → Freight Forwarding and Logistics (3PL), Truck Transportation; `Cold Storage` → Warehousing and
    Storage. A word used by several canonical names ("transportation", "care") or too general ("industry",
    "services") says nothing. `strict` (how an enrichment's label is read, `industry_fit`): that last resort gives
    nothing when another word of the name belongs to other canonical industries ("Food Banks" is not Banking): a
    vendor's label read too generously would put a company inside the ICP; a policy's own name is read generously.
    """
    key = industry_key(name)
    if not key or len(key) > _LONGEST:
        return frozenset()
    if named := _spelled_reading(key):
        return named
    narrower = _narrower(_words(key))
    if narrower:
        return narrower
    return _by_stems(name or '', strict=strict)


@lru_cache(maxsize=4096)
def _spelled_reading(key: str) -> frozenset[str] | None:
    """What a name (as a key) reads as when it spells a taxonomy name; None when it spells none.

    As written, its words in another order, or one or two letters off.
    """
    named = _named(key) or _names_by_words().get(_words(key))
    if named is None and (typo := _typo_of(key)) is not None:
        named = _named(typo)
    return named or None


IndustryFit = Literal['in', 'out', 'unknown']
"""in: one of the industries; out: read as other industries only; unknown: unreadable, or read as several industries
of which only some are listed."""


def industry_fit(industry: str | None, names: Iterable[str]) -> IndustryFit:
    """Whether an industry label (as a vendor spells it) is one of `names` (policy industries and their aliases).

    Both sides are read through the taxonomy (`industry_reading`): a label is in when everything it reads as is
    something a name reads as, or when it spells one of the names. A label read as several industries, some listed
    and some not ("Logistics Software" against a list of logistics industries), is unknown, not in: it is a fact to
    verify, not a match. An unreadable label is unknown.
    """
    key = industry_key(industry)
    if not key:
        return 'unknown'
    names = list(names)
    if key in {industry_key(n) for n in names}:
        return 'in'
    parts = {n: _part_key(n) for n in names}
    if (part := _part_key(industry or '')) is not None and part in parts.values():
        return 'in'  # a listed part, its words in another order or mistyped
    loose = {n: industry_reading(n) for n, p in parts.items() if p is None}
    vague = {n for n, r in loose.items() if len(r) > 1 and _spelled_reading(industry_key(n)) is None}
    if any(_words(industry_key(n)) <= _words(key) for n in vague):
        return 'in'  # a vague name's own words, in any order or with more: 'Stamping, Metal', 'Automotive Metal Stamping'
    reading = industry_reading(industry, strict=True)
    if not reading:
        return 'unknown'
    # A name that spells no taxonomy name and is read through the names it shares words with as several industries
    # ('Metal Stamping': NAICS's Automotive Metal Stamping and Other Metal Stamping, so Automotive and Manufacturing)
    # does not admit the whole of a coarse one among them (an industry with parts, `_parents`), as a part does not:
    # holdout15's alias 'Metal Stamping' admitted a packaging maker (Manufacturing) to the sales team of a
    # mold-management vendor. A name read as one industry ('Grocery Retail': Retail) still admits it whole, and so
    # does one read as several that have no parts ('Road Freight and Trucking').
    listed = frozenset[str]().union(*(r - _parents() if n in vague else r for n, r in loose.items()))
    partly = frozenset[str]().union(*(industry_reading(n) for n, p in parts.items() if p is not None),
                                    *(loose[n] & _parents() for n in vague))
    return 'in' if reading <= listed else 'unknown' if reading & (listed | partly) else 'out'


@lru_cache(maxsize=4096)
def _part_key(name: str) -> str | None:
    """The part of a canonical industry a name stands for (a key of `_parts`), read as `industry_reading` reads it.

    The taxonomy is coarse: "Medical and Diagnostic Laboratories" is filed under Hospitals and Health Care, "Plastics
    Manufacturing" under Manufacturing. A policy listing such a name admits a company of that name, not the whole
    canonical industry: a hospital read as a lab was auto-routed to a LIMS vendor's sales team (holdout6). A company
    of another name under it is left `unknown`, for a person to verify. The same words in another order or a typo of
    the name are that part too (helper-74: they readmitted the parent). Kept for the names asked again, as
    `industry_key` is: a policy's industries, on every lead.
    """
    key = industry_key(name)
    parts = _parts()
    if key in parts:
        return key
    if (same := _parts_by_words().get(_words(key))) is not None:
        return same
    typo = _typo_of(key) if key not in _canonical_by_key() else None
    return typo if typo in parts else None


@cache
def _parts() -> frozenset[str]:
    """The keys of the LinkedIn (2021) names filed under a canonical industry that is their LinkedIn parent.

    "Medical and Diagnostic Laboratories" under Hospitals and Health Care. Other vendors' names are read as spellings
    of their canonical industry ("Trucking", GICS "Health Care Facilities"; NAICS "Medical Laboratories" too: the
    taxonomy does not say which NAICS names are which LinkedIn child's).
    """
    parts: set[str] = set()
    for canonical, by_source in industry_taxonomy().items():
        linkedin = {industry_key(n) for n in by_source.get('linkedin_2021', ())}
        if industry_key(canonical) in linkedin:
            parts |= linkedin - {industry_key(canonical)}
    return frozenset(parts)


@cache
def _parents() -> frozenset[str]:
    """The canonical industries that have parts (`_parts`): Manufacturing, Hospitals and Health Care..."""
    return frozenset(canonical for canonical, by_source in industry_taxonomy().items()
                     if not _parts().isdisjoint(industry_key(n) for n in by_source.get('linkedin_2021', ())))


@cache
def _parts_by_words() -> dict[frozenset[str], str]:
    return {_words(key): key for key in _parts()}


def _country_key(text: str) -> str:
    words = unicodedata.normalize('NFC', text).casefold().replace('.', '').split()
    return ' '.join(words[1:] if words[:1] == ['the'] and len(words) > 1 else words)


@cache
def _country_by_key() -> dict[str, str]:
    index: dict[str, str] = {}
    for country in pycountry.countries:
        for field in ('alpha_2', 'alpha_3', 'name', 'official_name', 'common_name'):
            if (value := getattr(country, field, None)) is not None:
                index[_country_key(value)] = country.alpha_2
    aliases = TypeAdapter(dict[str, list[str]]).validate_python(_data('countries.yaml'))
    index.update((_country_key(name), code) for code, names in aliases.items() for name in names)
    return index


def is_country_code(code: str) -> bool:
    """Whether `code` is an ISO 3166-1 alpha-2 code (upper case), e.g. `GB`; `UK` is not."""
    return len(code) == 2 and code.isupper() and pycountry.countries.get(alpha_2=code) is not None


def country_code(value: Any) -> str | None:
    """ISO 3166 alpha-2 for a country code or name as vendors and people write it, else None (never a guess).

    `US`, `usa`, `U.S.`, `United States of America` → `US`; `UK`, `England` → `GB`; `Deutschland` → `DE`.
    """
    if not isinstance(value, str) or not value.strip():
        return None
    return _country_by_key().get(_country_key(value))
