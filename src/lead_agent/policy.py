"""The company's ICP, routing and thresholds, loaded from a YAML file (DESIGN §4; every key: docs/policy.md)."""

from __future__ import annotations

import string
import warnings
from datetime import date, datetime, time
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pycountry
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from . import vocab
from ._yaml import load_yaml
from .exceptions import ConfigError, PolicyWarning
from .models import Assignee, Enrichment

__all__ = ('BOOKING_FIELDS', 'BOOKING_TEMPLATE_FIELDS', 'TEMPLATE_FIELDS', 'Company', 'Disqualifier', 'EmailTemplate', 'EnrichmentPolicy', 'Icp', 'Member', 'Policy',
           'Requirement', 'Route', 'SlaPolicy', 'Territory', 'Thresholds', 'TimeOff', 'WorkingHours', 'load_policy',
           'template_fields')


class _Strict(BaseModel):
    model_config = ConfigDict(extra='forbid', frozen=True)


class Company(_Strict):
    """The company whose leads are triaged."""

    name: str
    description: str
    target_customer: str


class Disqualifier(_Strict):
    """A kind of sender the company does not sell to."""

    id: Annotated[str, Field(pattern=r'^[a-z][a-z0-9_]*$')]
    description: str
    """Shown to the model."""
    keywords: list[str] = Field(default_factory=list[str])
    """Lower-case phrases that signal it in the submission (used by the guards and the rules model)."""


def _alpha2(countries: list[str]) -> list[str]:
    for code in countries:
        if not vocab.is_country_code(code.upper()):
            hint = vocab.country_code(code)
            raise ValueError(f'{code!r} is not an ISO 3166 alpha-2 country code'
                             + (f' (did you mean {hint!r}?)' if hint else ''))
    return [code.upper() for code in countries]


class Icp(_Strict):
    """Ideal customer profile."""

    employees_min: Annotated[int, Field(ge=0)] = 0
    employees_max: Annotated[int | None, Field(ge=1)] = None
    industries: list[str] = Field(default_factory=list[str])
    """Canonical industries of the taxonomy (`data/industries.yaml`) or any vendor name for one; an enrichment
    matches when its industry maps to the same canonical industry. Empty means any industry."""
    industry_aliases: dict[str, list[str]] = Field(default_factory=dict[str, list[str]])
    """The policy's own names for an industry the taxonomy lacks: one of `industries` → its synonyms."""
    countries: list[str] = Field(default_factory=list[str])
    """ISO 3166 alpha-2 codes (`GB`, not `UK`); an enrichment's country name or code is read as one. Empty means any
    country."""
    fit_indicators: list[str] = Field(default_factory=list[str])
    disqualifiers: list[Disqualifier] = Field(default_factory=list[Disqualifier])

    @field_validator('countries')
    @classmethod
    def _alpha2(cls, countries: list[str]) -> list[str]:
        return _alpha2(countries)

    @model_validator(mode='after')
    def _range(self) -> Icp:
        if self.employees_max is not None and self.employees_max < self.employees_min:
            raise ValueError('employees_max must not be below employees_min')
        for name in self.industry_aliases:
            if vocab.industry_fit(name, self.industries) != 'in':
                raise ValueError(f'industry_aliases: {name!r} is not one of industries')
        return self

    def industry_fit(self, label: str | None) -> vocab.IndustryFit:
        """Whether an industry label (as a vendor spells it) is one of `industries` or their aliases.

        `in`, read as other industries only (`out`), or can't be told (`unknown`): `vocab.industry_fit`.
        """
        aliases = (a for names in self.industry_aliases.values() for a in names)
        return vocab.industry_fit(label, [*self.industries, *aliases])

    def country_in(self, country: str | None) -> bool:
        """Whether a country (a code or a name, as a vendor writes it) is one of `countries`."""
        return vocab.country_code(country) in self.countries


Requirement = Literal['icp_match', 'known_customer', 'open_deal']


class Route(_Strict):
    """Where an assignee's leads go, and what data must show before one is sent there without a person."""

    slack_channel: Annotated[str, Field(pattern=r'^#?[a-z0-9_-]{1,80}$')]
    owner: str | None = None
    """The fallback owner: a member's id or name (or any person's name) who gets the lead when no CRM owner,
    territory or available member does."""
    requires: list[Requirement] = Field(default_factory=list[Requirement])
    """Any one must hold for an auto-route: `icp_match` (enrichment inside every hard ICP criterion),
    `known_customer` or `open_deal` (the CRM). Empty: no requirement."""


Weekday = Literal['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']
WEEKDAYS: tuple[Weekday, ...] = ('mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun')
BOOKING_FIELDS = frozenset({'name', 'first_name', 'email', 'company'})
"""The placeholders a member's `booking_link` may use: the lead's values, each URL-encoded."""
_MEMBER_ID = r'^[a-z][a-z0-9_.-]{0,63}$'


class WorkingHours(_Strict):
    """When a member takes round-robin leads, in the member's own time zone."""

    days: list[Weekday] = Field(default_factory=lambda: list[Weekday](WEEKDAYS[:5]))
    start: time = time(9)
    end: time = time(17)
    """Exclusive: a lead at `end` waits for the next working day's round robin."""

    @field_validator('start', 'end', mode='before')
    @classmethod
    def _sexagesimal(cls, value: Any) -> Any:
        # YAML 1.1 reads an unquoted 17:00 as the number 1020 (minutes): read it back as the time it was.
        if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 24 * 60:
            return time(value // 60, value % 60)
        return value

    @model_validator(mode='after')
    def _order(self) -> WorkingHours:
        if self.end <= self.start:
            raise ValueError('end must be later than start (hours past midnight are not supported)')
        return self

    def contains(self, local: datetime) -> bool:
        """Whether a local time is inside these hours."""
        return WEEKDAYS[local.weekday()] in self.days and self.start <= local.time().replace(tzinfo=None) < self.end


class TimeOff(_Strict):
    """Days away, both included, in the member's own time zone."""

    start: date
    end: date

    @model_validator(mode='after')
    def _order(self) -> TimeOff:
        if self.end < self.start:
            raise ValueError('end must not be before start')
        return self


def _booking_link(template: str) -> str:
    try:
        fields = [(f, spec, conv) for _, f, spec, conv in string.Formatter().parse(template) if f is not None]
    except ValueError as e:
        raise ValueError(f'bad booking link template: {e}') from None
    for field, spec, conversion in fields:
        if field not in BOOKING_FIELDS:
            raise ValueError(f'unknown placeholder {{{field}}} in booking_link: only '
                             + ', '.join(f'{{{f}}}' for f in sorted(BOOKING_FIELDS)))
        if spec or conversion:
            raise ValueError(f'placeholder {{{field}}} takes no conversion or format spec')
    url = urlsplit(template.format_map(dict.fromkeys(BOOKING_FIELDS, 'x')))
    if url.scheme != 'https' or not url.hostname or any(c.isspace() for c in template):
        raise ValueError('booking_link must be an https:// URL with a host and no spaces')
    return template


class Member(_Strict):
    """A person leads are assigned to: round robin, territories, the fallback and the CRM owner."""

    id: Annotated[str, Field(pattern=_MEMBER_ID)]
    name: Annotated[str, Field(min_length=1, max_length=200)]
    teams: Annotated[list[Assignee], Field(min_length=1)]
    """The assignees (`sales`, `support`, `founder`) whose round robin the member is in."""
    weight: Annotated[int, Field(ge=1, le=100)] = 1
    """Leads per round compared with the team's other members: 2 gets twice as many as 1."""
    timezone: str = 'UTC'
    """An IANA zone (`Europe/Berlin`); `working_hours` and `out_of_office` are read in it."""
    working_hours: WorkingHours | None = None
    """None: any time."""
    out_of_office: list[TimeOff] = Field(default_factory=list[TimeOff])
    hubspot_owner_id: Annotated[str | None, Field(pattern=r'^[0-9]{1,20}$')] = None
    """The member's HubSpot owner id: set as `hubspot_owner_id` on the contacts assigned to them."""
    slack_user: Annotated[str | None, Field(pattern=r'^[UW][A-Z0-9]{2,}$')] = None
    """The member's Slack user id: "Take this lead" by this user assigns the lead to the member."""
    booking_link: str | None = None
    """A URL template for the acknowledgement, e.g. `https://cal.com/dana/intro?name={name}&email={email}`."""

    @field_validator('hubspot_owner_id', mode='before')
    @classmethod
    def _digits(cls, value: Any) -> Any:
        return str(value) if isinstance(value, int) and not isinstance(value, bool) else value  # unquoted in YAML

    @field_validator('timezone')
    @classmethod
    def _zone(cls, zone: str) -> str:
        try:
            ZoneInfo(zone)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f'{zone!r} is not an IANA time zone (e.g. Europe/Berlin, America/New_York)') from None
        return zone

    @field_validator('booking_link')
    @classmethod
    def _link(cls, template: str | None) -> str | None:
        return None if template is None else _booking_link(template)

    def available(self, now: datetime) -> bool:
        """Whether the member takes round-robin leads at `now`: not out of office, inside working hours."""
        local = now.astimezone(ZoneInfo(self.timezone))
        if any(off.start <= local.date() <= off.end for off in self.out_of_office):
            return False
        return self.working_hours is None or self.working_hours.contains(local)


class Territory(_Strict):
    """A rule that gives a team's leads from part of the market to one member, or to a round robin of a few."""

    id: Annotated[str, Field(pattern=r'^[a-z][a-z0-9_-]{0,63}$')]
    team: Assignee
    """The assignee whose leads the rule covers."""
    countries: list[str] = Field(default_factory=list[str])
    """ISO 3166 alpha-2 codes; empty: any country."""
    employees_min: Annotated[int | None, Field(ge=0)] = None
    employees_max: Annotated[int | None, Field(ge=1)] = None
    industries: list[str] = Field(default_factory=list[str])
    """Canonical industries (or a vendor's name for one); empty: any industry."""
    member: str | None = None
    """The member who gets every lead the rule covers."""
    members: list[str] = Field(default_factory=list[str])
    """Or a round robin among these members (those available)."""

    @field_validator('countries')
    @classmethod
    def _countries(cls, countries: list[str]) -> list[str]:
        return _alpha2(countries)

    @model_validator(mode='after')
    def _target(self) -> Territory:
        if (self.member is None) == (not self.members):
            raise ValueError('set one of member or members')
        if self.employees_max is not None and self.employees_min is not None \
                and self.employees_max < self.employees_min:
            raise ValueError('employees_max must not be below employees_min')
        return self

    def covers(self, team: Assignee, enrichment: Enrichment | None) -> bool:
        """Whether a lead of `team` whose company is `enrichment` falls in this territory (unknown data: no)."""
        if team != self.team:
            return False
        e = enrichment
        if self.countries and (e is None or vocab.country_code(e.country) not in self.countries):
            return False
        if self.employees_min is not None or self.employees_max is not None:
            if e is None or e.employees is None:
                return False
            if e.employees < (self.employees_min or 0) or (self.employees_max is not None
                                                             and e.employees > self.employees_max):
                return False
        return not self.industries or (e is not None and vocab.industry_fit(e.industry, self.industries) == 'in')


class RateLimit(_Strict):
    """Submissions allowed per source IP per window."""

    per_ip: Annotated[int, Field(ge=1, le=1_000_000)] = 5
    # Bounded (helper-201: 10**15 s loaded, then overflowed every prune): a window of 31 days at most.
    window_seconds: Annotated[int, Field(ge=1, le=31 * 86400)] = 3600


class Thresholds(_Strict):
    """Numbers the guard layer applies."""

    confidence_floor: Annotated[float, Field(ge=0, le=1)] = 0.75
    free_email_confidence_cap: Annotated[float, Field(ge=0, le=1)] = 0.6
    short_message_words: Annotated[int, Field(ge=0)] = 15
    spam_max_fit: Annotated[int, Field(ge=0, le=100)] = 80
    """A spam verdict with a fit score at or above this is inconsistent."""
    rate_limit: RateLimit = RateLimit()
    dedupe_window_hours: Annotated[float, Field(gt=0, le=366 * 24)] = 24
    max_tool_calls: Annotated[int, Field(ge=0, le=20)] = 6
    fallback_may_auto_act: bool = False
    """Whether a run classified by the fallback (rules) model may be auto-actioned; by default it goes to review."""
    retention_days: Annotated[int, Field(ge=1, le=36_500)] = 365
    """After this many days `lead-agent erase --older-than-retention` strips runs of personal data."""


TEMPLATE_FIELDS = ('name', 'company_name')
BOOKING_TEMPLATE_FIELDS = ('name', 'company_name', 'owner_name', 'booking_link')


def template_fields(text: str, allowed: tuple[str, ...]) -> list[str]:
    """The placeholders of a policy text template, each checked to be one of `allowed` with no spec or conversion.

    Raises:
        ValueError: a bad template or a placeholder that is not allowed.
    """
    try:
        fields = [(f, spec, conv) for _, f, spec, conv in string.Formatter().parse(text) if f is not None]
    except ValueError as e:
        raise ValueError(f'bad template: {e}') from None
    for field, spec, conversion in fields:
        # Only the plain names: `{name.__class__}`, `{name!r}` or `{name:>9}` could leak or mangle.
        if field not in allowed:
            raise ValueError(f'unknown placeholder {{{field}}}: only ' + ' and '.join(f'{{{a}}}' for a in allowed))
        if spec or conversion:
            raise ValueError(f'placeholder {{{field}}} takes no conversion or format spec')
    return [f for f, _, _ in fields]


class EmailTemplate(_Strict):
    """A fixed acknowledgement; `{name}` and `{company_name}` are filled in, nothing else."""

    subject: str
    body: str
    booking: str | None = None
    """A paragraph added after the body when the lead's owner has a `booking_link`: `{owner_name}` and
    `{booking_link}` are filled in too (the link is required in it)."""

    @model_validator(mode='after')
    def _placeholders(self) -> EmailTemplate:
        for text in (self.subject, self.body):
            template_fields(text, TEMPLATE_FIELDS)
        if self.booking is not None and 'booking_link' not in template_fields(self.booking, BOOKING_TEMPLATE_FIELDS):
            raise ValueError('booking: the paragraph must contain {booking_link}')
        return self


class LocalData(_Strict):
    """Files the embedded backends read, relative to the policy file."""

    companies: Path | None = None
    crm_history: Path | None = None


class EnrichmentPolicy(_Strict):
    """The company-lookup provider chain, tried in order (only providers with a key configured)."""

    providers: list[Literal['clearbit', 'apollo', 'pdl']] = Field(
        default_factory=lambda: list[Literal['clearbit', 'apollo', 'pdl']](['clearbit', 'apollo', 'pdl']))
    provider_timeout_seconds: Annotated[float, Field(gt=0)] = 3.0
    budget_seconds: Annotated[float, Field(gt=0)] = 6.0
    """Total time for the whole chain."""
    cache_ttl_hours: Annotated[float, Field(ge=0)] = 168.0


class SlaPolicy(_Strict):
    """How long a routed lead may wait for someone to take it."""

    reping_after_minutes: Annotated[int, Field(ge=1)] = 15
    escalate_after_minutes: Annotated[int, Field(ge=1)] = 30
    """Escalated to the founder's channel (or sales when there is none)."""

    @model_validator(mode='after')
    def _order(self) -> SlaPolicy:
        if self.escalate_after_minutes <= self.reping_after_minutes:
            raise ValueError('escalate_after_minutes must be later than reping_after_minutes')
        return self


LeadField = Literal['name', 'first_name', 'last_name', 'email', 'company', 'message', 'phone', 'form', 'source_ip']

_DEFAULT_FIELDS: dict[str, LeadField] = {
    'email': 'email', 'e-mail': 'email', 'work email': 'email', 'email address': 'email', 'your email': 'email',
    'name': 'name', 'full name': 'name', 'your name': 'name', 'first name': 'first_name', 'firstname': 'first_name',
    'last name': 'last_name', 'lastname': 'last_name', 'company': 'company', 'company name': 'company',
    'organization': 'company', 'organisation': 'company', 'message': 'message', 'how can we help?': 'message',
    'how can we help': 'message', 'comments': 'message', 'phone': 'phone', 'phone number': 'phone', 'form': 'form',
}


SIGNAL_LANGUAGES = ('en', 'de', 'fr', 'es', 'pt', 'it', 'nl', 'ru', 'pl', 'cs', 'sv', 'no', 'da', 'fi', 'sr', 'hr', 'bs',
                    'sl', 'mk', 'bg', 'sq', 'ro', 'hu', 'sk', 'lt', 'lv', 'et')
"""The languages the guards' text signals read (the directive signals all of them; `account_control` all but ru, pl,
cs and the last thirteen: sr, hr, bs, sl, mk, bg, sq, ro, hu, sk, lt, lv, et). Text in another language reaches the
model without them."""
SET_ASIDE_LANGUAGES = ('tr', 'uz', 'az', 'el', 'uk', 'ja', 'zh', 'ko', 'id', 'ms', 'vi', 'tl', 'ar',
                       'th', 'hi', 'bn', 'ta', 'ur', 'sw')
"""Languages in which only "ignore the previous instructions" is read (`_set_aside`), and for some of them
`ORDER_LANGUAGES`' orders, no other signal."""
ORDER_LANGUAGES = ('ar', 'ja', 'zh', 'ko', 'sw', 'id', 'ms', 'vi', 'tl', 'tr')
"""Of those, the languages in which an approval claimed for the company with a shortcut past the review is read too
(`_injection_shape`, `_east_asian`, `_southeast_asian`, `_turkish`), and in all but Arabic a review skipped beside a
lead sent to sales or ranked."""
_WRITTEN_AS = {'nb': 'no', 'nn': 'no', 'sh': 'sr'}
"""Codes of a language the signals read under another code (Bokmål and Nynorsk are Norwegian; Serbo-Croatian, and
Montenegrin with it, is read as Serbian, Croatian and Bosnian are)."""


def _unread_languages(policy: Policy) -> list[str]:
    """A note when `intake.languages` lists languages the guards' text signals do not read.

    holdout8's first run had 17 unsafe auto-actions, most of them instructions in Swedish, Norwegian, Finnish, Latvian
    or Lithuanian; the directive signals read the Nordic languages since (Swedish, Norwegian, Danish, Finnish).
    """
    unread = [c for c in policy.intake.languages or () if _WRITTEN_AS.get(c, c) not in SIGNAL_LANGUAGES]
    if not unread:
        return []
    partly = [c for c in unread if _WRITTEN_AS.get(c, c) in SET_ASIDE_LANGUAGES]
    only = [c for c in partly if c not in ORDER_LANGUAGES]
    orders = [c for c in partly if c in ORDER_LANGUAGES]
    phrase = (f"; in {', '.join(only)} only \"ignore the previous instructions\" is read, other instructions "
              f"reach the model unflagged" if only else '')
    phrase += (f"; in {', '.join(orders)} \"ignore the previous instructions\" and orders to skip the review "
               f"(an approval claimed for the company's people) are read, other instructions reach the model "
               f"unflagged" if orders else '')
    none = [c for c in unread if c not in partly]
    return [f"intake.languages: {', '.join(unread)}: the guards' injection and account-takeover signals do not read "
            f"these ({', '.join(SIGNAL_LANGUAGES)} only)" + phrase
            + (f"; instructions written in {', '.join(none)} reach the model unflagged" if none else '')]


@lru_cache(maxsize=64)
def _country_languages(countries: tuple[str, ...]) -> tuple[str, ...]:
    from babel.languages import get_official_languages  # its CLDR tables load on first use, not at import

    codes = dict.fromkeys(['en'])  # the lingua franca of business mail, whatever the countries
    for country in countries:
        # regional too: Spanish in the US; but none the guards cannot read at all (Welsh, Irish and Scottish Gaelic in
        # GB and IE, Frisian in NL, Inuktitut in CA, Catalan in ES): an order written in one reached the model unflagged
        # and routed (adversarial9 and 10: 5 of 5 in Irish, Welsh, Gaelic and Frisian; adversarial7: 3 of 3). Text
        # in one goes to a person (`unusual_text`); a policy that expects it lists it in `intake.languages`.
        codes.update(dict.fromkeys(c for c in get_official_languages(country, regional=True, de_facto=True)
                                   if len(c) == 2 and _WRITTEN_AS.get(c, c) in (*SIGNAL_LANGUAGES, *SET_ASIDE_LANGUAGES)))
    return tuple(codes)


class IntakePolicy(_Strict):
    """How a form vendor's fields map to a lead: by field key, ref, id or label (case-insensitive)."""

    fields: dict[str, LeadField] = Field(default_factory=lambda: dict(_DEFAULT_FIELDS))
    form: Literal['contact', 'demo', 'pricing'] = 'contact'
    """The form kind when the submission does not say."""
    languages: list[str] | None = None
    """The languages leads are expected in (ISO 639-1); text in another, or in a writing system none of them uses,
    goes to a person. None: English and the languages of the ICP's countries (`Policy.languages`). Empty: any."""

    @field_validator('languages')
    @classmethod
    def _iso_639_1(cls, value: list[str] | None) -> list[str] | None:
        if value is None:
            return None
        codes = [v.strip().lower() for v in value]
        unknown = [c for c in codes if len(c) != 2 or pycountry.languages.get(alpha_2=c) is None]  # pyright: ignore[reportUnknownMemberType]
        if unknown:
            raise ValueError(f'not an ISO 639-1 language code: {", ".join(unknown)} (e.g. en, de, nl)')
        return list(dict.fromkeys(codes))


class Policy(_Strict):
    """Everything the triage of one company's leads depends on, besides code."""

    company: Company
    icp: Icp
    competitor_domains: list[str] = Field(default_factory=list[str])
    blocklisted_domains: list[str] = Field(default_factory=list[str])
    free_email_domains: list[str] = Field(default_factory=list[str])
    """Added to the built-in list."""
    routing: dict[Assignee, Route]
    review_channel: str = '#lead-review'
    thresholds: Thresholds = Thresholds()
    email_templates: dict[Assignee, EmailTemplate] = Field(default_factory=dict[Assignee, EmailTemplate])
    intake: IntakePolicy = IntakePolicy()
    enrichment: EnrichmentPolicy = EnrichmentPolicy()
    sla: SlaPolicy = SlaPolicy()
    use_crm_owner: bool = True
    """When the CRM already has an owner for the contact (by email) or its company (by registered domain), that
    owner gets the lead."""
    members: list[Member] = Field(default_factory=list[Member])
    territories: list[Territory] = Field(default_factory=list[Territory])
    """Tried in order; the first that covers a lead wins."""
    local: LocalData = LocalData()
    base_dir: Path = Path('.')
    """The policy file's folder (set by `load_policy`)."""

    @field_validator('competitor_domains', 'blocklisted_domains', 'free_email_domains')
    @classmethod
    def _domains(cls, domains: list[str]) -> list[str]:
        # Compared with a sender's domain as email-validator gives it (lower case): ' PocztaLokal.PL' matched nothing
        # (helper-120). An address's '@' or a leading dot ('.acme.com') is taken as the domain after it.
        kept = [d.strip().lower().lstrip('@.').rstrip('.') for d in domains]
        bad = [repr(d) for d, k in zip(domains, kept, strict=True) if not k or any(c in k for c in ' /:@')]
        if bad:
            raise ValueError(f'not a domain: {", ".join(bad)} (e.g. acme.com)')
        return list(dict.fromkeys(kept))

    @model_validator(mode='after')
    def _routes(self) -> Policy:
        for who in ('sales', 'support'):
            if who not in self.routing:
                raise ValueError(f'routing needs an entry for {who!r}')
        ids = [m.id for m in self.members]
        if len(set(ids)) != len(ids):
            raise ValueError(f'members: each id once ({", ".join(sorted({i for i in ids if ids.count(i) > 1}))})')
        for m in self.members:
            for team in m.teams:
                if team not in self.routing:
                    raise ValueError(f'members: {m.id!r} is in team {team!r}, which has no routing entry')
        for t in self.territories:
            for mid in [t.member] if t.member else t.members:
                member = self.member(mid)
                if member is None or t.team not in member.teams:
                    raise ValueError(f'territories: {t.id!r} names {mid!r}, who is not a member of team {t.team!r}')
        return self

    @property
    def languages(self) -> tuple[str, ...]:
        """The languages leads are expected in.

        `intake.languages`, or else English and the official and de facto languages of the ICP's countries (CLDR's
        territory data, through Babel, regional ones included: CA gives en and fr, GB en, cy, ga and gd, JP ja).
        """
        if self.intake.languages is not None:
            return tuple(self.intake.languages)
        return _country_languages(tuple(self.icp.countries))

    def member(self, ref: str | None) -> Member | None:
        """The member with this id, else with this name (any case); None when there is none."""
        if not ref:
            return None
        return next((m for m in self.members if m.id == ref), None) \
            or next((m for m in self.members if m.name.casefold() == ref.casefold()), None)

    def local_path(self, name: str) -> Path | None:
        """Resolve a `local:` file against the policy's folder."""
        path: Path | None = getattr(self.local, name)
        return None if path is None else self.base_dir / path


def _unguarded(policy: Policy) -> list[str]:
    """A note for each route with no `requires`: there the model's answer alone routes a lead, whoever sent it."""
    return [f'routing.{who}.requires is empty: the answer of a model alone routes a lead to {who}, even one that talked '
            'the model round; list icp_match, known_customer or open_deal (docs/policy.md)'
            for who, route in policy.routing.items() if not route.requires]


def _untaxonomised(icp: Icp) -> list[str]:
    """A note for each ICP industry the taxonomy lacks, saying how it is read (`vocab.industry_reading`).

    A name that spans several canonical industries (`data/industry_spans.yaml`) is the taxonomy's: no note.
    """
    notes: list[str] = []
    spans = {vocab.industry_key(n) for n in vocab.industry_spans()}
    for name in icp.industries:
        if vocab.canonical_industry(name) is None and vocab.industry_key(name) not in spans:
            read = sorted(vocab.industry_reading(name), key=str.casefold)
            how = (f'it is read as {" and ".join(map(repr, read))}; list canonical industries to say exactly which'
                   if read else 'it matches only an enrichment industry spelled the same way')
            notes.append(f'icp.industries: {name!r} is in no industry taxonomy entry: {how}')
    return notes


# The last line of a policy error: the reference lists every key with its type and default.
_SEE_DOC = 'see docs/policy.md for every key'


def _where(loc: tuple[int | str, ...]) -> str:
    return ''.join(f'[{p}]' if isinstance(p, int) else f'.{p}' for p in loc).lstrip('.') or '(top level)'


def load_policy(path: str | Path) -> Policy:
    """Read and validate a policy file.

    Warns (`PolicyWarning`) about each ICP industry the industry taxonomy lacks, which matches only its own spelling,
    about each route with no `requires`, and about languages in `intake.languages` the guards' text signals do not read.

    Raises:
        ConfigError: naming the file, the field and what is wrong, and pointing to the policy reference.
    """
    path = Path(path)
    try:
        data: Any = load_yaml(path.read_text(encoding='utf-8'))
    except OSError as e:
        raise ConfigError(f'{path}: cannot read policy file: {e.strerror}') from None
    except UnicodeDecodeError as e:  # helper-201: a traceback, exit 1
        raise ConfigError(f'{path}: a policy file is UTF-8 text: byte 0x{e.object[e.start]:02x} at offset {e.start} is '
                          'not (save it as UTF-8)') from None
    except yaml.YAMLError as e:
        mark = getattr(e, 'problem_mark', None)
        where = f'line {mark.line + 1}, column {mark.column + 1}: ' if mark is not None else ''
        raise ConfigError(f'{path}: not valid YAML: {where}{getattr(e, "problem", None) or e}') from None
    if not isinstance(data, dict):
        raise ConfigError(f'{path}: a policy file must be a YAML mapping\n{_SEE_DOC}')
    data = {'base_dir': str(path.parent), **data}  # pyright: ignore[reportUnknownVariableType]
    try:
        policy = Policy.model_validate(data)
    except ValidationError as e:
        lines = [f'{path}: {_where(err["loc"])}: {err["msg"]}' for err in e.errors()]
        raise ConfigError('\n'.join(['invalid policy', *lines, _SEE_DOC])) from None
    for note in [*_untaxonomised(policy.icp), *_unguarded(policy), *_unread_languages(policy)]:
        warnings.warn(f'{path}: {note}', PolicyWarning, stacklevel=2)
    return policy
