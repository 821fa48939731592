"""The data that flows through one run: `Lead` in, `RunRecord` out (DESIGN §4)."""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from datetime import date, datetime
from typing import Annotated, Any, Literal

from email_validator import EmailNotValidError, validate_email
from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, field_validator

from . import _json, _text
from .exceptions import InvalidLead

__all__ = (
    'Action',
    'ActionResult',
    'Assignee',
    'Assignment',
    'Classification',
    'CrmRecord',
    'Decision',
    'Enrichment',
    'Intent',
    'Lead',
    'Priority',
    'ReviewItem',
    'RunRecord',
    'RunUsage',
    'stored',
    'TerminalState',
)

Intent = Literal['buying', 'researching', 'support', 'spam', 'unclear']
Action = Literal['auto_route_sales', 'auto_route_support', 'human_review', 'auto_reject_spam']
Assignee = Literal['sales', 'support', 'founder']
Priority = Literal['high', 'medium', 'low']
FormKind = Literal['contact', 'demo', 'pricing']
TerminalState = Literal[
    'routed_sales', 'routed_support', 'review', 'rejected', 'duplicate', 'blocked', 'rate_limited', 'failed'
]

MAX_FIELD_CHARS = 500
MAX_MESSAGE_CHARS = 100_000
MAX_EXTRA_KEY_CHARS = 200
MAX_EXTRA_CHARS = 10_000
_KNOWN_FIELDS = ('name', 'email', 'company', 'message', 'phone', 'source_ip', 'submitted_at', 'form', 'delivery_id',
                 'source')


# NUL and other C0 controls (except tab/newline) never carry meaning in a form field; nor does half a surrogate pair
# (in a str only ever alone), which nothing can encode again: a lead holding one failed to be stored (helper-201).
_CONTROLS = dict.fromkeys([*(c for c in range(32) if chr(c) not in '\t\n'), *range(0xD800, 0xE000)])


def _clean(value: str) -> str:
    return value.translate(_CONTROLS).strip()


def canonical_ip(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address:
    """An IP address as one rate-limit key: no zone id (`fe80::1%eth0`), IPv4 for an IPv4-mapped IPv6 address.

    Raises:
        ValueError: not an IP address.
    """
    address = ipaddress.ip_address(text.strip().partition('%')[0])
    mapped = address.ipv4_mapped if isinstance(address, ipaddress.IPv6Address) else None
    return mapped or address


class Lead(BaseModel):
    """One normalised form submission."""

    model_config = ConfigDict(frozen=True, extra='forbid')

    email: str
    """The submitter's email, syntax-checked; the domain is lower-cased."""
    name: str = ''
    company: str = ''
    message: str = ''
    phone: str | None = None
    source_ip: str | None = None
    submitted_at: datetime | None = None
    form: FormKind = 'contact'
    delivery_id: str | None = None
    """The vendor's id for this delivery, when it sends one (used for idempotency)."""
    source: str = 'api'
    """Where the submission came from: `api`, `cli`, a vendor name."""
    extra: dict[str, str] = Field(default_factory=dict[str, str])
    """Fields the form sent that lead-agent does not know, kept as text."""
    message_truncated: bool = False
    answers_cut: bool = False
    """An answer was cut to fit (a long name, extra field or message) or could not be placed (a field with no name):
    the run's stored raw body has it whole (the `raw_body_has_more` flag)."""
    rate_key: str | None = None
    """Who the per-submitter rate limit counts this submission against (`guards.submitter_key`). Set by the intake
    that received it (the webhook host), never from the submission's own fields; None: no limit (the CLI reading
    files, a library call)."""

    @field_validator('email', mode='before')
    @classmethod
    def _email(cls, value: Any, info: ValidationInfo) -> str:
        if not isinstance(value, str):  # helper-201: `12345` or `["a@b.example"]` was said to be missing
            raise ValueError(f'must be text (an email address), got {_json.kind(value)}')
        if not value.strip():
            raise ValueError('an email address is required')
        if info.context is STORED:  # normalised when it was received: half a stored record's reading (`stored`)
            return value
        try:
            checked = validate_email(_clean(value), check_deliverability=False)
        except EmailNotValidError as e:
            raise ValueError(f'not a valid email address: {e}') from None
        return checked.normalized

    @field_validator('name', 'company', mode='before')
    @classmethod
    def _short_text(cls, value: Any) -> str:
        if value is None:
            return ''
        if not isinstance(value, str):
            raise ValueError('must be text')
        return ' '.join(_clean(value).split())[:MAX_FIELD_CHARS]

    @field_validator('message', mode='before')
    @classmethod
    def _message(cls, value: Any) -> str:
        if value is None:
            return ''
        if not isinstance(value, str):
            raise ValueError('must be text')
        return _clean(value)

    @field_validator('phone', 'delivery_id', mode='before')
    @classmethod
    def _optional_text(cls, value: Any) -> str | None:
        if value is None or value == '':
            return None
        if not isinstance(value, str | int):
            raise ValueError('must be text')
        return _clean(str(value))[:MAX_FIELD_CHARS] or None

    @field_validator('source_ip', mode='before')
    @classmethod
    def _ip(cls, value: Any) -> str | None:
        if value is None or value == '':
            return None
        try:
            return str(canonical_ip(str(value)))
        except ValueError:
            raise ValueError(f'not an IP address: {str(value)[:60]!r}') from None

    @field_validator('submitted_at')
    @classmethod
    def _aware(cls, value: datetime | None) -> datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError('needs a timezone offset, e.g. 2026-06-08T09:34:15+02:00')
        return value

    @property
    def domain(self) -> str:
        """The email's domain, lower-cased (Unicode form for internationalised domains)."""
        return self.email.rpartition('@')[2].lower()

    @classmethod
    def from_submission(cls, data: Any, *, source: str | None = None) -> Lead:
        """Build a lead from a decoded JSON object; unknown fields go to `extra`.

        Raises:
            InvalidLead: naming the first field that is wrong.
        """
        if not isinstance(data, Mapping):
            raise InvalidLead(f'a lead must be a JSON object, got {type(data).__name__}')
        fields: dict[str, Any] = {}
        extra: dict[str, str] = {}
        cut = False
        named = _text.Distinct(extra)
        for key, value in data.items():  # pyright: ignore[reportUnknownVariableType]
            key = str(key)  # pyright: ignore[reportUnknownArgumentType]
            if key in _KNOWN_FIELDS:
                fields[key] = value
            elif value is not None:  # every answer kept, each under its own name (the body is bounded already)
                name, text = _clean(key), _clean(str(value))  # pyright: ignore[reportUnknownArgumentType]
                cut = cut or len(name) > MAX_EXTRA_KEY_CHARS or len(text) > MAX_EXTRA_CHARS
                extra[named(name[:MAX_EXTRA_KEY_CHARS])] = text[:MAX_EXTRA_CHARS]
        if fields.get('email') in (None, ''):
            raise InvalidLead('an email address is required', field='email')
        message = fields.get('message')
        if isinstance(message, str) and len(message) > MAX_MESSAGE_CHARS:
            fields['message'] = message[:MAX_MESSAGE_CHARS]
            fields['message_truncated'] = cut = True
        short = [fields.get(k) for k in ('name', 'company', 'phone')]  # cut by their validators
        if cut or any(isinstance(v, str) and len(' '.join(_clean(v).split())) > MAX_FIELD_CHARS for v in short):
            fields['answers_cut'] = True
        if source is not None:
            fields.setdefault('source', source)
        try:
            return cls(**fields, extra=extra)
        except ValidationError as e:
            err = e.errors()[0]
            field = '.'.join(str(p) for p in err['loc']) or None
            msg = err['msg'].removeprefix('Value error, ')
            raise InvalidLead(f'{field}: {msg}', field=field) from None


class Enrichment(BaseModel):
    """What is known about the sender's company, looked up by email domain."""

    domain: str
    name: str | None = None
    employees: int | None = None
    industry: str | None = None
    country: str | None = None
    description: str | None = None
    tech: list[str] = Field(default_factory=list[str])
    source: str = 'directory'
    """Which provider answered."""


class CrmRecord(BaseModel):
    """One item of prior history with this contact or company."""

    date: date
    type: Literal['deal', 'ticket', 'email', 'meeting', 'note', 'contact']
    summary: str
    owner: str | None = None
    lifecycle_stage: str | None = None
    record_id: str | None = None
    matched_by: Literal['email', 'domain'] | None = None
    """How the CRM found it: the contact's email, or the company's registered domain (None: not said)."""


class Classification(BaseModel):
    """The classification of one lead."""

    model_config = ConfigDict(use_attribute_docstrings=True)

    intent: Intent
    """buying: demo, pricing, purchase or expansion; researching: no buying step yet."""
    fit_score: Annotated[int, Field(ge=0, le=100)]
    """Match with the ICP."""
    fit_reasoning: Annotated[str, Field(min_length=20, max_length=500)]
    """Why, citing the data used (company facts, CRM history)."""
    confidence: Annotated[float, Field(ge=0.0, le=1.0)]
    recommended_action: Action
    assigned_to: Assignee | None
    priority: Priority
    summary_for_slack: Annotated[str, Field(min_length=40, max_length=600)]
    """For the team's Slack: who, what they want, why it matters."""


class Decision(BaseModel):
    """What the guard layer allows to happen, and why."""

    action: Action
    assigned_to: Assignee | None
    priority: Priority
    rules: list[str] = Field(default_factory=list[str])
    """Ids of the guard rules that fired, in the order they fired."""
    notes: list[str] = Field(default_factory=list[str])
    """One human-readable line per fired rule."""
    effective_confidence: float | None = None
    acknowledge: bool = False
    """Whether the submitter gets the templated acknowledgement."""


class ActionResult(BaseModel):
    """One side effect the act stage attempted."""

    kind: Literal['crm_contact', 'crm_note', 'slack_summary', 'email_ack', 'review_item', 'slack_review']
    status: Literal['done', 'existing', 'failed']
    ref: str | None = None
    error: str | None = None


class Assignment(BaseModel):
    """Who owns a routed lead, and why (DESIGN §7)."""

    model_config = ConfigDict(frozen=True)

    team: Assignee
    owner: Annotated[str, Field(min_length=1, max_length=200)]
    """The owner's name (a HubSpot owner lead-agent has no member for: `HubSpot owner <id>`)."""
    reason: Annotated[str, Field(pattern=r'^(crm_owner|territory:[a-z][a-z0-9_-]*|round_robin|fallback|taken)$')]
    """`crm_owner`, `territory:<rule id>`, `round_robin`, `fallback`, or `taken` (by "Take this lead")."""
    member_id: str | None = None
    """The policy member, when the owner is one."""
    hubspot_owner_id: str | None = None
    """The owner in HubSpot, when known: set on the contact."""


class ReviewItem(BaseModel):
    """A review-queue entry and the human decision on it."""

    model_config = ConfigDict(from_attributes=True)

    run_id: str
    reason: str
    status: Literal['open', 'approved', 'rejected', 'retried', 'retrying']
    """`retried`: its input was fixed and triaged again as a new run (the run's `retried_as`)."""
    created_at: datetime
    decided_by: str | None = None
    decided_to: str | None = None
    decided_at: datetime | None = None


class RunUsage(BaseModel):
    """Model usage of one run."""

    requests: int = 0
    input_tokens: int = 0
    """All input tokens, those served from the provider's prompt cache included."""
    cache_read_tokens: int = 0
    """Input tokens served from the provider's prompt cache (priced at its cached-input rate)."""
    cache_write_tokens: int = 0
    """Input tokens written to the provider's prompt cache (Anthropic prices these above its input rate)."""
    output_tokens: int = 0
    tool_calls: int = 0


class RunRecord(BaseModel):
    """Everything one run saw and did: the eval log's row."""

    run_id: str
    dedupe_key: str
    """sha256 of the normalised submission; also the input hash."""
    received_at: datetime
    lead: Lead | None
    state: TerminalState
    raw: str | None = None
    """The undecodable input, kept when no `Lead` could be built."""
    flags: list[str] = Field(default_factory=list[str])
    """Precheck findings: `free_email`, `injection_attempt`, `punycode_domain`..."""
    enrichment: Enrichment | None = None
    crm_history: list[CrmRecord] = Field(default_factory=list[CrmRecord])
    classification: Classification | None = None
    decision: Decision | None = None
    owner: Assignment | None = None
    """Who got the lead and why; set when it is routed (automatically, or by an approval) and by "Take this lead"."""
    owner_unsynced: bool = False
    """The owner could not be written to the run's CRM contact (a Take's or an approval's write was refused): the
    next approval or record writes it again, and a redrawn Slack summary keeps the taker's button for it."""
    actions: list[ActionResult] = Field(default_factory=list[ActionResult])
    errors: list[str] = Field(default_factory=list[str])
    model: str | None = None
    """The configured model."""
    fallback_used: bool = False
    """True when the configured LLM failed and the rules model classified instead."""
    usage: RunUsage = Field(default_factory=RunUsage)
    cost_usd: float | None = None
    """None when the model's price is unknown (or no model ran), never a made-up zero."""
    latency_ms: dict[str, float] = Field(default_factory=dict[str, float])
    """Per stage, plus `total`."""
    duplicate_of: str | None = None
    retried_as: str | None = None
    """The run that triaged this unreadable run's input again once it was fixed (`lead-agent review retry`)."""
    reviewed: ReviewItem | None = None
    """The human decision, when the run went through the review queue."""
    dry_run: bool = False
    """A shadow run (`--dry-run`): its actions were written to the outbox, not done; never a live outcome."""


STORED: dict[str, bool] = {'stored': True}
"""The validation context of a record read back from the store (`stored`)."""


def stored(text: str | bytes) -> RunRecord:
    """A run's record as the store keeps it (its JSON), read back.

    Its lead's address is taken as saved: it was checked and normalised when the lead was received, and checking
    it again (email-validator, 34 us) was half of reading a record, for every record a review page, an export or a
    retention pass reads (70,000 of them in one pass).
    """
    return RunRecord.model_validate_json(text, context=STORED)
