"""Inbound form webhooks: signature checks and vendor payloads mapped to leads. Pure: no I/O, the clock is injected.

`verify()` checks a delivery's signature over the raw body bytes; `parse()` maps its JSON body to leads with
`policy.intake`. Both raise `WebhookRejected` carrying the HTTP status to answer (400, 401 or 413).

HubSpot's legacy v1/v2 signatures are refused unless the caller opts in (`hubspot_legacy=True`): they carry no
timestamp, so a captured request verifies forever, and as `sha256(secret + ... + body)` they still verify with bytes
appended to the body (length extension). With the opt-in, `verify()` says it matched one (it returns True), and the
caller must refuse a repeat of the same body and anything but the JSON HubSpot sends, as the host does.

HubSpot's Webhooks API posts arrays of CRM events (`contact.creation`, ...) that carry object ids, no form fields:
`parse()` returns no leads for them and `hubspot_events()` returns them for the host to record. To receive form fills
from HubSpot, use a workflow "Send a webhook" action (signed with v3): its body is the contact's properties, a JSON
object (flat, or under `properties`) that `parse()` maps like Formspree's.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import ipaddress
import json
import re
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

from . import _json
from ._render import cut, plain
from ._text import Distinct
from .exceptions import ConfigError, InvalidLead, WebhookRejected
from .guards import submitter_key
from .models import Lead
from .policy import IntakePolicy

__all__ = ('MAX_BODY', 'VENDORS', 'Inbound', 'check_secret', 'from_fields', 'hubspot_events', 'is_timestamp', 'parse',
           'verify')

MAX_BODY = 256 * 1024
VENDORS = ('generic', 'typeform', 'tally', 'webflow', 'formspree', 'hubspot')
"""Form vendors `parse()` reads; `verify()` also knows `slack`."""

_LEAD_FIELDS = ('name', 'first_name', 'last_name', 'email', 'company', 'message', 'phone', 'form', 'source_ip')
# Keys `Lead.from_submission` reads as lead fields: a vendor field with one of these names must not land there unmapped.
_RESERVED = frozenset({'name', 'email', 'company', 'message', 'phone', 'source_ip', 'submitted_at', 'form',
                       'delivery_id', 'source'})
_FORM_KINDS = ('contact', 'demo', 'pricing')
# Vendor field types that say what a field holds, used when no field's name maps to email / phone.
_TYPED = {'email': 'email', 'INPUT_EMAIL': 'email', 'phone_number': 'phone', 'INPUT_PHONE_NUMBER': 'phone',
          'long_text': 'message', 'TEXTAREA': 'message'}
# Free-text answers whose question says what they hold ("What is your first name?", "Nom de l'entreprise"): in the
# languages the intake sees. Checked in this order, on the label's words, only for text answers with no named match.
_TEXT_KINDS = frozenset({'', 'short_text', 'long_text', 'INPUT_TEXT', 'TEXTAREA'})
_LABELLED: tuple[tuple[str, re.Pattern[str]], ...] = tuple((target, re.compile(pattern, re.IGNORECASE)) for target, pattern in (
    ('first_name', r'\b(first[ _-]?name|given name|pr[ée]nom|vorname|nombre de pila)\b'),
    ('last_name', r'\b(last[ _-]?name|surname|family name|nom de famille|nachname|apellidos?)\b'),
    ('company', r'\b(company|organi[sz]ation|business name|employer|firma|firmenname|unternehmen|entreprise|'
                r'soci[ée]t[ée]|empresa|azienda|bedrijf)\b'),
    ('name', r'\b(name|full name|your name|nom|nombre|nome|naam)\b'),
    ('message', r'\b(message|how can we help|tell us|comments?|questions?|details|nachricht|anliegen|mensaje|'
                r'messaggio|bericht|besoin)\b'),
))
_STAMP = re.compile(r'[0-9]{1,16}')
"""A signed timestamp: ASCII digits, seconds or milliseconds; 16 digits reach far past any real clock."""
# HubSpot's table of characters to URL-decode in the request URI before signing (v3 validation docs).
_HUBSPOT_DECODE = {'%3A': ':', '%2F': '/', '%3F': '?', '%40': '@', '%21': '!', '%24': '$', '%27': "'", '%28': '(',
                   '%29': ')', '%2A': '*', '%2C': ',', '%3B': ';'}


@dataclass(frozen=True, slots=True)
class Inbound:
    """One lead read from a webhook delivery."""

    lead: Lead
    delivery_id: str | None
    """The vendor's id for the delivery or submission, for idempotency."""
    vendor: str


# --- signatures -------------------------------------------------------------------------------------------------


def _hmac(key: bytes, msg: bytes) -> bytes:
    return hmac.new(key, msg, hashlib.sha256).digest()


def _b64(digest: bytes) -> str:
    return base64.b64encode(digest).decode()


def _whsec(secret: str) -> bytes:
    # As the Standard Webhooks reference library: strip `whsec_`, base64 with lenient padding.
    try:
        key = base64.b64decode(secret.removeprefix('whsec_') + '==')
    except binascii.Error:
        key = b''
    if not key:
        raise ConfigError('a generic (Standard Webhooks) secret must be base64, optionally prefixed whsec_')
    return key


def check_secret(vendor: str, secret: str) -> None:
    """Raise `ConfigError` when `secret` cannot sign `vendor`'s deliveries (a generic one that is not base64)."""
    if vendor == 'generic':
        _whsec(secret)


def _header(headers: Mapping[str, str], name: str, vendor: str) -> str:
    value = headers.get(name.lower(), '').strip()
    if not value:
        raise WebhookRejected(f'{vendor}: missing {name} header', status=401)
    return value


def is_timestamp(stamp: str) -> bool:
    """Whether a signature's timestamp header is a plain integer of a sane length.

    Not int() alone: it takes Unicode digits, `_` and 4,000 digits, whose float then overflows.
    """
    return _STAMP.fullmatch(stamp) is not None


def _fresh(vendor: str, stamp: str, now: float, tolerance: int, *, millis: bool = False) -> None:
    if not is_timestamp(stamp):
        raise WebhookRejected(f'{vendor}: timestamp {stamp[:40]!r} is not an integer', status=401)
    sent = int(stamp) / (1000 if millis else 1)
    if abs(now - sent) > tolerance:
        when = f'{now - sent:.0f} s old' if now >= sent else f'{sent - now:.0f} s in the future'
        raise WebhookRejected(f'{vendor}: timestamp is {when}, outside the {tolerance} s tolerance',
                              status=401)


def _hubspot_uri(url: str) -> str:
    return re.sub(r'%[0-9A-Fa-f]{2}', lambda m: _HUBSPOT_DECODE.get(m[0].upper(), m[0]), url)


Signer = Callable[[str], str]


def _hubspot(h: Mapping[str, str], body: bytes, url: str, method: str, now: float, tolerance: int, legacy: bool
             ) -> tuple[Signer, list[str]]:
    if v3 := h.get('x-hubspot-signature-v3', '').strip():
        stamp = _header(h, 'X-HubSpot-Request-Timestamp', 'hubspot')
        _fresh('hubspot', stamp, now, tolerance, millis=True)
        if not url:
            raise ValueError('hubspot v3 signatures cover the request URL: pass url=')
        msg = f'{method}{_hubspot_uri(url)}'.encode() + body + stamp.encode()
        return (lambda s: _b64(_hmac(s.encode(), msg))), [v3]
    if not (sig := h.get('x-hubspot-signature', '').strip()):
        raise WebhookRejected('hubspot: missing X-HubSpot-Signature-v3 (or legacy X-HubSpot-Signature) header',
                              status=401)
    version = h.get('x-hubspot-signature-version', '').strip().lower()
    if version not in ('v1', 'v2'):
        raise WebhookRejected(f'hubspot: unsupported X-HubSpot-Signature-Version {version[:40]!r}', status=401)
    if not legacy:
        raise WebhookRejected(f'hubspot: {version} signatures carry no timestamp and are not accepted; sign with v3',
                              status=401)
    if version == 'v1':
        return (lambda s: hashlib.sha256(s.encode() + body).hexdigest()), [sig.lower()]
    if not url:
        raise ValueError('hubspot v2 signatures cover the request URL: pass url=')
    return (lambda s: hashlib.sha256(f'{s}{method}{url}'.encode() + body).hexdigest()), [sig.lower()]


def _scheme(vendor: str, h: Mapping[str, str], body: bytes, url: str, method: str, now: float, tolerance: int,
            legacy: bool) -> tuple[Signer, list[str]]:
    """The function computing the expected signature from a secret, and the signatures the request carries."""
    if vendor == 'generic':
        msg_id, stamp = _header(h, 'webhook-id', vendor), _header(h, 'webhook-timestamp', vendor)
        sigs = _header(h, 'webhook-signature', vendor).split()  # several, space-separated, during key rotation
        _fresh(vendor, stamp, now, tolerance)
        msg = f'{msg_id}.{stamp}.'.encode() + body
        return (lambda s: 'v1,' + _b64(_hmac(_whsec(s), msg))), sigs
    if vendor == 'typeform':
        sig = _header(h, 'Typeform-Signature', vendor)
        return (lambda s: 'sha256=' + _b64(_hmac(s.encode(), body))), [sig]
    if vendor == 'tally':
        sig = _header(h, 'Tally-Signature', vendor)
        return (lambda s: _b64(_hmac(s.encode(), body))), [sig]
    if vendor == 'webflow':
        stamp, sig = _header(h, 'x-webflow-timestamp', vendor), _header(h, 'x-webflow-signature', vendor)
        _fresh(vendor, stamp, now, tolerance, millis=True)
        return (lambda s: _hmac(s.encode(), f'{stamp}:'.encode() + body).hex()), [sig.lower()]
    if vendor == 'formspree':
        parts = [item.partition('=') for item in _header(h, 'Formspree-Signature', vendor).split(',')]
        stamp = next((v.strip() for k, _, v in parts if k.strip() == 't'), '')
        sigs = [v.strip().lower() for k, _, v in parts if k.strip() == 'v1']
        if not stamp or not sigs:
            raise WebhookRejected('formspree: malformed Formspree-Signature header, expected t=...,v1=...', status=401)
        _fresh(vendor, stamp, now, tolerance)
        return (lambda s: _hmac(s.encode(), f'{stamp}.'.encode() + body).hex()), sigs
    if vendor == 'hubspot':
        return _hubspot(h, body, url, method.upper(), now, tolerance, legacy)
    if vendor == 'slack':
        stamp, sig = _header(h, 'X-Slack-Request-Timestamp', vendor), _header(h, 'X-Slack-Signature', vendor)
        _fresh(vendor, stamp, now, tolerance)
        return (lambda s: 'v0=' + _hmac(s.encode(), f'v0:{stamp}:'.encode() + body).hex()), [sig]
    raise WebhookRejected(f'unknown webhook vendor {vendor!r}', status=400)


def verify(vendor: str, headers: Mapping[str, str], body: bytes, secrets: Sequence[str], *, url: str = '',
           method: str = 'POST', now: float | None = None, tolerance: int = 300, hubspot_legacy: bool = False) -> bool:
    """Check that one of `secrets` (several during rotation) signed this delivery's raw `body`.

    Args:
        vendor: One of `VENDORS`, or `slack`.
        headers: The request headers (any case).
        body: The raw request body, exactly as received.
        secrets: The active signing secrets; `whsec_...` base64 ones for `generic`.
        url: The full request URL (scheme, host, path, query), needed for HubSpot v2/v3.
        method: The request method, for HubSpot v2/v3.
        now: Unix time in seconds; defaults to the system clock.
        tolerance: Seconds a signed timestamp may differ from `now`.
        hubspot_legacy: Accept HubSpot's v1/v2 signatures, which carry no timestamp (only v3 otherwise).

    Returns:
        True when the signature was a HubSpot v1/v2 one: nothing in it expires, so the caller must refuse a repeat of
        the same body. False otherwise.

    Raises:
        WebhookRejected: status 400 for an unknown vendor, 413 for a body over `MAX_BODY`, otherwise 401.
    """
    if vendor not in VENDORS and vendor != 'slack':
        raise WebhookRejected(f'unknown webhook vendor {vendor!r}', status=400)
    if len(body) > MAX_BODY:
        raise WebhookRejected(f'{vendor}: body of {len(body)} bytes is over the {MAX_BODY} byte limit', status=413)
    keys = [s for s in secrets if s]
    if not keys:
        raise WebhookRejected(f'{vendor}: no signing secret configured', status=401)
    h = {k.lower(): v for k, v in headers.items()}
    signer, given = _scheme(vendor, h, body, url, method, time.time() if now is None else now, tolerance,
                            hubspot_legacy)
    legacy = vendor == 'hubspot' and not h.get('x-hubspot-signature-v3', '').strip()  # as `_hubspot` chose
    for key in keys:
        expected = signer(key).encode()
        if any(hmac.compare_digest(expected, sig.encode()) for sig in given):
            return legacy
    raise WebhookRejected(f'{vendor}: signature does not match', status=401)


# --- payloads ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Field:
    names: tuple[str, ...]
    """What `intake.fields` may name it by (key, ref, id, label); the first is shown in `extra`."""
    value: Any
    kind: str = ''


def _obj(value: Any) -> dict[str, Any]:
    return cast('dict[str, Any]', value) if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    return cast('list[Any]', value) if isinstance(value, list) else []


def _ids(items: Any, value: str) -> dict[Any, Any]:
    """`{item['id']: item[value]}` over a list of objects; an id that is a list or an object names nothing."""
    return {o.get('id'): o.get(value) for o in map(_obj, _list(items)) if not isinstance(o.get('id'), list | dict)}


def _by_id(table: dict[Any, Any], key: Any) -> Any:
    try:
        return table.get(key, key)
    except TypeError:  # a list or an object: names nothing
        return key


_SHOWN = 40
"""Characters of a sender's field name an error quotes."""


def _shown(name: str) -> str:
    """A field name as an error quotes it: one line, no control or bidi characters, at most `_SHOWN` characters."""
    return cut(plain(name), _SHOWN)


def _text(value: Any) -> str:
    if value is None:
        return ''
    if isinstance(value, bool):
        return 'true' if value else 'false'
    if isinstance(value, list):
        return ', '.join(t for t in map(_text, _list(value)) if t)
    if isinstance(value, dict):
        obj = _obj(value)
        return str(obj['url']) if 'url' in obj else json.dumps(obj, ensure_ascii=False)
    return str(value).strip()


def _typeform(data: dict[str, Any]) -> tuple[list[_Field], Any, Any]:
    response = _obj(data.get('form_response'))
    defs = {d['id']: d for d in map(_obj, _list(_obj(response.get('definition')).get('fields')))
            if isinstance(d.get('id'), str)}
    fields: list[_Field] = []
    for answer in map(_obj, _list(response.get('answers'))):
        field = _obj(answer.get('field'))
        field_id = field.get('id')
        known = _obj(defs.get(field_id) if isinstance(field_id, str) else None)
        kind = str(answer.get('type', ''))
        value = answer.get(kind)
        if kind == 'choice':
            value = _obj(value).get('label') or _obj(value).get('other')
        elif kind == 'choices':
            value = [*_list(_obj(value).get('labels')), _obj(value).get('other')]
        names = (known.get('title'), field.get('ref') or known.get('ref'), field.get('id'))
        fields.append(_Field(tuple(str(n) for n in names if n), value, str(field.get('type') or kind)))
    fields += [_Field((str(k),), v) for k, v in _obj(response.get('hidden')).items()]
    return fields, data.get('event_id') or response.get('token'), response.get('submitted_at')


def _tally_value(field: dict[str, Any]) -> Any:
    options = _ids(field.get('options'), 'text')
    value = field.get('value')
    if options and isinstance(value, list):
        return [_by_id(options, v) for v in _list(value)]  # choice values are option ids
    rows, cols = _ids(field.get('rows'), 'text'), _ids(field.get('columns'), 'text')
    if rows and isinstance(value, dict):
        return '; '.join(f'{_by_id(rows, r)}: {_text([_by_id(cols, c) for c in _list(v)])}'
                         for r, v in _obj(value).items())
    return value


def _tally(data: dict[str, Any]) -> tuple[list[_Field], Any, Any]:
    inner = _obj(data.get('data'))
    fields = [_Field(tuple(str(f[n]) for n in ('label', 'key') if f.get(n)), _tally_value(f), str(f.get('type', '')))
              for f in map(_obj, _list(inner.get('fields')))]
    return fields, data.get('eventId') or inner.get('responseId'), data.get('createdAt') or inner.get('createdAt')


def _webflow(data: dict[str, Any]) -> tuple[list[_Field], Any, Any]:
    payload = _obj(data.get('payload')) or data  # v2 wraps in `payload`; the legacy v1 body is the payload itself
    ids = {s['fieldName']: s.get('fieldElementId') for s in map(_obj, _list(payload.get('schema')))
           if isinstance(s.get('fieldName'), str)}
    fields = [_Field((str(k), str(ids.get(k) or '')), v) for k, v in _obj(payload.get('data')).items()]
    return fields, payload.get('id') or payload.get('_id'), payload.get('submittedAt') or payload.get('d')


def _flat(data: dict[str, Any]) -> list[_Field]:
    # `_replyto` is Formspree's conventional name for the sender's address; `{value: ...}` is HubSpot's legacy shape.
    return [_Field((str(k),), _obj(v).get('value') if isinstance(v, dict) else v, 'email' if k == '_replyto' else '')
            for k, v in data.items()]


def _fields(vendor: str, data: dict[str, Any]) -> tuple[list[_Field], Any, Any]:
    if vendor == 'generic':
        lead = _obj(data.get('data')) or data
        return _flat({k: v for k, v in lead.items() if k != 'submitted_at'}), None, lead.get('submitted_at')
    if vendor == 'typeform':
        return _typeform(data)
    if vendor == 'tally':
        return _tally(data)
    if vendor == 'webflow':
        return _webflow(data)
    if vendor == 'formspree':
        # Formspree's payload is not documented; third-party code nests the fields under `submission`.
        submission = _obj(data.get('submission')) or data
        return _flat(submission), submission.get('_id'), None
    # hubspot workflow "Send a webhook": the contact's properties, flat or as {"properties": {name: value|{value}}}
    return _flat(_obj(data.get('properties')) or data), None, None


def _lead(vendor: str, fields: list[_Field], intake: IntakePolicy, delivery_id: Any, submitted_at: Any) -> Lead:
    """A lead from a submission's fields, mapped by `intake`; raises `InvalidLead` naming the lead field."""
    lookup: dict[str, str] = {f: f for f in _LEAD_FIELDS} | {k.strip().lower(): v for k, v in intake.fields.items()}
    mapped: dict[str, str] = {}
    typed: dict[str, tuple[str, str, Any]] = {}  # target: (its label in extra or '', its text, its value as sent)
    extra: dict[str, str] = {}
    distinct = Distinct(extra)
    nameless = False
    for field in fields:
        text = _text(field.value)
        if not text or not field.names:
            nameless = nameless or bool(text)  # an answer to no question it names: only the raw body has it
            continue
        target = next((lookup[n.strip().lower()] for n in field.names if n.strip().lower() in lookup), None)
        if target is not None and target not in mapped:
            mapped[target] = _one(target, field.value, text)
            continue
        inferred = _labelled(field)
        if inferred is not None and inferred not in mapped and inferred not in typed:
            typed[inferred] = ('', text, field.value)  # taken below unless a field is named for it
            continue
        label = distinct(field.names[0] + (' (field)' if field.names[0] in _RESERVED else ''))
        extra[label] = text
        if field.kind in _TYPED:
            typed.setdefault(_TYPED[field.kind], (label, text, field.value))
    for target, (label, text, value) in typed.items():
        if target not in mapped:  # no field is named for it, but the vendor (or the question) says what this holds
            mapped[target] = _one(target, value, extra.pop(label) if label else text)
        elif not label:  # a named field won: keep the inferred one's answer too
            extra[f'{target} (inferred)'] = text
    if 'email' not in mapped:
        # The names are the sender's: shown on one line, without control or bidi characters, each cut short.
        seen = [f.names[0] for f in fields if f.names and _text(f.value)]
        shown = ', '.join(map(_shown, seen[:15])) + (', ...' if len(seen) > 15 else '') or 'none'
        raise InvalidLead(f'no field maps to email; fields seen: {shown}', field='email')
    reported = mapped.pop('source_ip', '')
    source_ip = _ip(reported)
    if reported and source_ip is None:
        extra['source_ip (field)'] = reported  # not an IP address: kept, not used
    name = mapped.pop('name', '') or ' '.join(filter(None, (mapped.pop('first_name', ''), mapped.pop('last_name', ''))))
    form = mapped.pop('form', '').lower()
    if form and form not in _FORM_KINDS:
        extra['form (field)'] = form
    submission: dict[str, Any] = {
        **extra, **{k: v for k, v in mapped.items() if k in _RESERVED},
        'name': name, 'form': form if form in _FORM_KINDS else intake.form, 'source_ip': source_ip,
        'submitted_at': submitted_at or None, 'delivery_id': None if delivery_id is None else str(delivery_id),
    }
    lead = Lead.from_submission(submission, source=vendor)
    return lead.model_copy(update={'rate_key': submitter_key(lead.source_ip, lead.email),
                                   'answers_cut': lead.answers_cut or nameless})


def _one(target: str, value: Any, text: str) -> str:
    """The text of the answer a lead field takes; `InvalidLead` for an `email` sent as a list of more than one address.

    A vendor may send a one-answer field as a list of one (`["a@b.com"]`): that address. Two (or one beside a `null`
    or an empty string) leave it open which is the sender's, and were joined into one text (`a@b.com, c@d.com`),
    refused by the address check for a reason that was not it, or read as the one left; a number or an object in the
    list is no address either.
    """
    if target != 'email' or not isinstance(value, list):
        return text
    items = _list(value)
    if len(items) != 1:
        raise InvalidLead(f'email: a list of {len(items)} values; one address expected', field='email')
    if not isinstance(items[0], str):
        raise InvalidLead(f'email: a list holding {_json.kind(items[0])}; an address expected', field='email')
    return text


def from_fields(fields: Sequence[tuple[str, str]], intake: IntakePolicy, *, source: str) -> Lead:
    """A lead from named answers (a CSV row's columns), mapped exactly as a webhook's fields by `intake.fields`.

    Unknown names go to `extra`; a `submitted_at` answer is the submission time.

    Raises:
        InvalidLead: no answer maps to email, or a mapped one is invalid; naming the lead field.
    """
    stamp = next((v for k, v in fields if k.strip().lower() == 'submitted_at' and v.strip()), None)
    return _lead(source, [_Field((k,), v) for k, v in fields if k.strip().lower() != 'submitted_at'], intake, None,
                 stamp)


def _labelled(field: _Field) -> str | None:
    if field.kind not in _TEXT_KINDS:
        return None
    label = field.names[0]
    return next((target for target, pattern in _LABELLED if pattern.search(label)), None)


def _ip(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip())) if value.strip() else None
    except ValueError:
        return None


def _load(vendor: str, body: bytes) -> Any:
    if len(body) > MAX_BODY:
        raise WebhookRejected(f'{vendor}: body of {len(body)} bytes is over the {MAX_BODY} byte limit', status=413)
    try:
        # JSON between systems is UTF-8 (RFC 8259), which holds no surrogates
        return _json.loads(body.decode('utf-8-sig'))
    except _json.Refused as e:
        raise WebhookRejected(f'{vendor}: malformed JSON: {e.msg}', status=400) from None
    except ValueError as e:  # also invalid UTF-8 (UnicodeDecodeError)
        raise WebhookRejected(f'{vendor}: malformed JSON: {e}', status=400) from None


def hubspot_events(body: bytes) -> list[dict[str, Any]]:
    """The events of a HubSpot Webhooks-API delivery (a JSON array), each with `subscriptionType` set.

    Raises:
        WebhookRejected: 413 for a body over `MAX_BODY`, 400 when it is not a JSON array of objects.
    """
    data = _load('hubspot', body)
    if not isinstance(data, list) or not all(isinstance(e, dict) for e in _list(data)):
        raise WebhookRejected('hubspot: expected a JSON array of event objects', status=400)
    events = [dict(_obj(e)) for e in _list(data)]
    for event in events:  # the docs spell the type key both ways
        event.setdefault('subscriptionType', event.get('eventType'))
    return events


def parse(vendor: str, body: bytes, headers: Mapping[str, str], intake: IntakePolicy) -> list[Inbound]:
    """Read a verified delivery's leads; fields map to lead fields through `intake.fields`, the rest go to `extra`.

    A lead's `source_ip` is the submitter's address when the payload reports one (a field named `source_ip`, or
    mapped to it in `intake.fields`), never the address that connected (the vendor's server); its `rate_key` is
    `guards.submitter_key` of it.

    Args:
        vendor: One of `VENDORS`.
        body: The raw request body.
        headers: The request headers (any case); `generic` takes its delivery id from `webhook-id`.
        intake: The policy's intake section.

    Returns:
        One lead per form submission; none for a HubSpot event batch (see `hubspot_events`).

    Raises:
        WebhookRejected: 400 for an unknown vendor, malformed JSON or a payload without an email; 413 for a body over
            `MAX_BODY`.
    """
    if vendor not in VENDORS:
        raise WebhookRejected(f'unknown webhook vendor {vendor!r}', status=400)
    data = _load(vendor, body)
    if vendor == 'hubspot' and isinstance(data, list):
        hubspot_events(body)
        return []
    if not isinstance(data, dict):
        raise WebhookRejected(f'{vendor}: expected a JSON object, got {type(data).__name__}', status=400)
    try:
        fields, delivery_id, submitted_at = _fields(vendor, _obj(data))
        if vendor == 'generic':
            delivery_id = {k.lower(): v for k, v in headers.items()}.get('webhook-id') or None
        lead = _lead(vendor, fields, intake, delivery_id, submitted_at)
    except InvalidLead as e:
        raise WebhookRejected(f'{vendor}: {e}', status=400) from None
    except RecursionError:  # field values nested deeper than flattening them to text can follow
        raise WebhookRejected(f'{vendor}: a field is nested too deeply', status=400) from None
    return [Inbound(lead, lead.delivery_id, vendor)]
