"""Webhook signature checks (against published vectors and vendor SDKs) and payload mapping, per vendor."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hubspot.utils.signature import Signature  # pyright: ignore[reportMissingTypeStubs]
from slack_sdk.signature import Clock, SignatureVerifier
from standardwebhooks.webhooks import Webhook

from lead_agent.exceptions import ConfigError, WebhookRejected
from lead_agent.guards import submitter_key
from lead_agent.policy import IntakePolicy
from lead_agent.webhooks import MAX_BODY, VENDORS, Inbound, hubspot_events, parse, verify

PAYLOADS = Path(__file__).parent / 'data' / 'webhooks'  # copies of specs/payloads with their .md provenance
NOW = 1_780_000_000.0
URL = 'https://leads.example.com/webhooks/hubspot?portal=62515'
SECRET = 'shh-current'
OLD_SECRET = 'shh-previous'
WHSEC = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'
OLD_WHSEC = 'whsec_' + base64.b64encode(b'the previous key, 24 bytes+').decode()
HUBSPOT_SECRET = 'yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy'


def _hmac(key: str, msg: bytes) -> bytes:
    return hmac.new(key.encode(), msg, hashlib.sha256).digest()


def sign(vendor: str, body: bytes, secret: str, now: float = NOW) -> dict[str, str]:
    """Headers as the vendor would send them, computed from the vendor's docs or SDK (not from our module)."""
    if vendor == 'generic':
        stamp = datetime.fromtimestamp(now, UTC)
        return {'Webhook-Id': 'msg_1', 'Webhook-Timestamp': str(int(now)),
                'Webhook-Signature': Webhook(secret).sign('msg_1', stamp, body.decode())}
    if vendor == 'typeform':
        return {'Typeform-Signature': 'sha256=' + base64.b64encode(_hmac(secret, body)).decode()}
    if vendor == 'tally':
        return {'Tally-Signature': base64.b64encode(_hmac(secret, body)).decode()}
    if vendor == 'webflow':
        ms = str(int(now * 1000))
        return {'x-webflow-timestamp': ms, 'x-webflow-signature': _hmac(secret, f'{ms}:'.encode() + body).hex()}
    if vendor == 'formspree':
        t = str(int(now))
        return {'Formspree-Signature': f't={t},v1={_hmac(secret, f"{t}.".encode() + body).hex()}'}
    assert vendor == 'hubspot'
    ms = str(int(now * 1000))
    sig = Signature.get_signature(secret, body.decode(), 'v3', URL, 'POST', ms)
    return {'X-HubSpot-Signature-v3': sig, 'X-HubSpot-Request-Timestamp': ms}


def secret_for(vendor: str) -> tuple[str, str]:
    return (WHSEC, OLD_WHSEC) if vendor == 'generic' else (SECRET, OLD_SECRET)


# --- published vectors ------------------------------------------------------------------------------------------


def test_hubspot_v1_docs_vector() -> None:
    body = (PAYLOADS / 'hubspot_webhook_contact_creation.json').read_bytes().strip()
    sig = '232db2615f3d666fe21a8ec971ac7b5402d33b9a925784df3ca654d05f4817de'
    assert Signature.get_signature(HUBSPOT_SECRET, body.decode(), 'v1') == sig
    headers = {'X-HubSpot-Signature': sig, 'X-HubSpot-Signature-Version': 'v1'}
    assert verify('hubspot', headers, body, [HUBSPOT_SECRET], hubspot_legacy=True) is True  # the caller refuses repeats
    with pytest.raises(WebhookRejected) as e:
        verify('hubspot', headers, body.replace(b'123', b'124'), [HUBSPOT_SECRET], hubspot_legacy=True)
    assert e.value.status == 401


SDK_BODY = "{'example_field':'example_value'}"


@pytest.mark.parametrize(('version', 'method', 'body', 'sig'), [
    ('v1', 'POST', SDK_BODY, '69fc6631a867edd4f9e9e627fc5c1148e3fbdd8b21837b6d2b8901c1fa57f750'),
    ('v2', 'POST', SDK_BODY, '4fe4e3a7d3cf09db53be39d0a58130e2aaba074ec123a9e355b876a689a1c383'),
    ('v2', 'GET', '', 'eee2dddcc73c94d699f5e395f4b9d454a069a6855fbfa152e91e88823087200e'),
])
def test_hubspot_sdk_vectors_v1_v2(version: str, method: str, body: str, sig: str) -> None:
    url = 'https://www.example.com/webhook_uri'
    assert Signature.get_signature(HUBSPOT_SECRET, body, version, url, method) == sig
    headers = {'x-hubspot-signature': sig, 'x-hubspot-signature-version': version}
    assert verify('hubspot', headers, body.encode(), [HUBSPOT_SECRET], url=url, method=method, hubspot_legacy=True)


def test_hubspot_v1_v2_are_refused_unless_enabled() -> None:
    """No timestamp: a captured request would verify forever (and v1/v2 can be extended past the signed body)."""
    body = (PAYLOADS / 'hubspot_webhook_contact_creation.json').read_bytes().strip()
    url = 'https://www.example.com/webhook_uri'
    for version in ('v1', 'v2'):
        headers = {'X-HubSpot-Signature': Signature.get_signature(HUBSPOT_SECRET, body.decode(), version, url, 'POST'),
                   'X-HubSpot-Signature-Version': version}
        with pytest.raises(WebhookRejected, match=f'hubspot: {version} signatures carry no timestamp') as e:
            verify('hubspot', headers, body, [HUBSPOT_SECRET], url=url)
        assert e.value.status == 401
    with pytest.raises(WebhookRejected, match="unsupported X-HubSpot-Signature-Version 'v9'") as e:
        verify('hubspot', {'X-HubSpot-Signature': 'ab', 'X-HubSpot-Signature-Version': 'v9'}, body, [HUBSPOT_SECRET],
               hubspot_legacy=True)
    assert e.value.status == 401


def test_hubspot_sdk_vector_v3_timestamp_in_milliseconds() -> None:
    headers = {'X-HubSpot-Signature-V3': 'HPW73RUtKmcYoEDADG0s6MmGFWUzWJKAW07r8RDgcQw=',
               'X-HubSpot-Request-Timestamp': '15000000'}
    body = b"{'example_field':'example_value'}"
    url = 'https://www.example.com/webhook_uri'
    assert verify('hubspot', headers, body, [HUBSPOT_SECRET], url=url, now=15_000.0) is False  # it expires
    with pytest.raises(WebhookRejected, match='tolerance'):
        verify('hubspot', headers, body, [HUBSPOT_SECRET], url=url, now=15_000.0 + 301)


def test_hubspot_v3_cross_checked_with_the_sdk_clock() -> None:
    body = b'{"email":"ana@acme.example"}'
    headers = sign('hubspot', body, SECRET, time.time())
    stamp, sig = headers['X-HubSpot-Request-Timestamp'], headers['X-HubSpot-Signature-v3']
    assert Signature.is_valid(sig, SECRET, body.decode(), URL, 'POST', 'v3', stamp)
    verify('hubspot', headers, body, [SECRET], url=URL)


def test_hubspot_v3_decodes_the_uri_table_before_signing() -> None:
    body = b'{}'
    decoded = "https://leads.example.com/hook?next=https://x.example/a@b!$'()*,;"
    encoded = 'https://leads.example.com/hook?next=https%3A%2F%2Fx.example%2Fa%40b%21%24%27%28%29%2A%2C%3B'
    ms = str(int(NOW * 1000))
    headers = {'X-HubSpot-Signature-v3': Signature.get_signature(SECRET, '{}', 'v3', decoded, 'POST', ms),
               'X-HubSpot-Request-Timestamp': ms}
    verify('hubspot', headers, body, [SECRET], url=encoded, now=NOW)


def test_standard_webhooks_vector_and_library() -> None:
    body = b'{"test": 2432232314}'
    headers = {'webhook-id': 'msg_p5jXN8AQM9LWM0D4loKWxJek', 'webhook-timestamp': '1614265330',
               'webhook-signature': 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE='}
    verify('generic', headers, body, [WHSEC], now=1614265330)
    # both directions against the reference library, which reads the real clock
    headers = sign('generic', body, WHSEC, time.time())
    verify('generic', headers, body, [WHSEC])
    assert Webhook(WHSEC).verify(body, headers) == {'test': 2432232314}
    old = sign('generic', body, OLD_WHSEC, time.time())['Webhook-Signature']
    multi = {**headers, 'Webhook-Signature': f'v1a,abc= {old}'}
    verify('generic', multi, body, [WHSEC, OLD_WHSEC])


def test_slack_vector_matches_slack_sdk() -> None:
    body = (
        b'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V'
        b'&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text='
        b'&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN'
        b'&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c'
    )
    headers = {'X-Slack-Request-Timestamp': '1531420618',
               'X-Slack-Signature': 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503'}
    secret = '8f742231b10e8888abcd99yyyzzz85a5'

    class Pinned(Clock):
        def now(self) -> float:
            return 1531420618

    assert SignatureVerifier(secret, clock=Pinned()).is_valid_request(body, headers)
    verify('slack', headers, body, [secret], now=1531420618)
    with pytest.raises(WebhookRejected):
        verify('slack', headers, body, [secret], now=1531420618 + 360)


# --- per vendor: a saved payload, signed, verified and parsed ---------------------------------------------------


@dataclass(frozen=True)
class Case:
    vendor: str
    body: bytes
    expected: dict[str, Any]
    fields: dict[str, str] = field(default_factory=dict[str, str])
    timestamped: bool = True
    headers: dict[str, str] = field(default_factory=dict[str, str])


def _saved(name: str) -> bytes:
    return (PAYLOADS / name).read_bytes()


def _lead_fields(inbound: Inbound) -> dict[str, Any]:
    return inbound.lead.model_dump(include={'email', 'name', 'company', 'message', 'phone', 'delivery_id',
                                            'submitted_at', 'source', 'form', 'source_ip'})


def _ts(text: str) -> datetime:
    return datetime.fromisoformat(text)


CASES = [
    Case('typeform', _saved('typeform_form_response.json'), {
        'email': 'laura@example.com', 'name': 'Laura', 'company': '', 'phone': None, 'form': 'contact',
        'message': "It's cold right now! I live in an older medium-sized city with a university. "
                   'Geographically, the area is hilly.',
        'delivery_id': 'LtWXD3crgy', 'submitted_at': _ts('2018-01-18T18:17:02Z'), 'source': 'typeform',
        'source_ip': None,
    }, fields={'readable_ref_short_text': 'first_name', 'DlXFaesGBpoF': 'message'}, timestamped=False),
    Case('tally', _saved('tally_form_response.json'), {
        'email': 'alice@example.com', 'name': 'Alice Smith', 'company': 'Hello', 'message': 'Hello world',
        'phone': '+32491223344', 'form': 'contact', 'delivery_id': 'a4cb511e-d513-4fa5-baee-b815d718dfd1',
        'submitted_at': _ts('2023-06-28T15:00:21.889Z'), 'source': 'tally', 'source_ip': None,
    }, fields={'payment (name)': 'name', 'question_3EKz4n': 'company', 'long text': 'message', 'type': 'form'},
        timestamped=False),
    Case('webflow', _saved('webflow_form_submission.json'), {
        'email': 'zaphod@heartofgold.ai', 'name': 'Zaphod Beeblebrox', 'company': '', 'message': '',
        'phone': '15550000000', 'form': 'contact', 'delivery_id': '6321ca84df3949bfc6752327',
        'submitted_at': _ts('2022-09-14T12:35:16.117Z'), 'source': 'webflow', 'source_ip': None,
    }),
    # Formspree publishes no payload example: this is the flat form-field shape.
    Case('formspree', json.dumps({'email': 'bo@globex.example', 'name': 'Bo Chen', 'company': 'Globex',
                                  'message': 'Pricing for 40 seats?', '_id': 'sub_42', 'budget': '10k'}).encode(), {
        'email': 'bo@globex.example', 'name': 'Bo Chen', 'company': 'Globex', 'message': 'Pricing for 40 seats?',
        'phone': None, 'form': 'contact', 'delivery_id': 'sub_42', 'submitted_at': None, 'source': 'formspree',
        'source_ip': None,
    }),
    Case('generic', json.dumps({'data': {'email': 'Ana@Acme.example', 'name': 'Ana', 'company': 'Acme',
                                         'message': 'Demo please', 'form': 'demo', 'source_ip': '10.0.0.1',
                                         'submitted_at': '2026-06-08T09:34:15+02:00'}}).encode(), {
        'email': 'Ana@acme.example', 'name': 'Ana', 'company': 'Acme', 'message': 'Demo please', 'phone': None,
        'form': 'demo', 'delivery_id': 'msg_1', 'submitted_at': _ts('2026-06-08T09:34:15+02:00'),
        'source': 'generic', 'source_ip': '10.0.0.1',
    }),
    # HubSpot workflow "Send a webhook": the contact's properties (no verbatim example published).
    Case('hubspot', json.dumps({'properties': {'email': {'value': 'kim@initech.example'}, 'firstname': 'Kim',
                                               'lastname': 'Lee', 'company': 'Initech', 'message': 'Call me'}}
                               ).encode(), {
        'email': 'kim@initech.example', 'name': 'Kim Lee', 'company': 'Initech', 'message': 'Call me',
        'phone': None, 'form': 'contact', 'delivery_id': None, 'submitted_at': None, 'source': 'hubspot',
        'source_ip': None,
    }),
]
IDS = [c.vendor for c in CASES]


def _intake(case: Case) -> IntakePolicy:
    return IntakePolicy(fields={**IntakePolicy().fields, **case.fields})  # pyright: ignore[reportArgumentType]


def _verify(case: Case, headers: dict[str, str], body: bytes, secrets: list[str], now: float = NOW) -> bool:
    return verify(case.vendor, headers, body, secrets, url=URL, now=now, hubspot_legacy=True)


@pytest.mark.parametrize('case', CASES, ids=IDS)
def test_signed_payload_verifies_and_parses(case: Case) -> None:
    secret, _ = secret_for(case.vendor)
    headers = sign(case.vendor, case.body, secret)
    assert _verify(case, headers, case.body, [secret]) is False  # expires, or carries its delivery id
    [inbound] = parse(case.vendor, case.body, headers, _intake(case))
    assert (_lead_fields(inbound), inbound.delivery_id, inbound.vendor) == (
        case.expected, case.expected['delivery_id'], case.vendor)
    # The rate limit counts the submitter: the IP the payload reports, else the (hashed) address; never the vendor.
    assert inbound.lead.rate_key == submitter_key(case.expected['source_ip'], case.expected['email'])


@pytest.mark.parametrize(('vendor', 'saved', 'expected'), [
    ('typeform', 'typeform_form_response.json', {
        'email': 'laura@example.com', 'name': 'Laura', 'company': '',
        'message': "It's cold right now! I live in an older medium-sized city with a university. "
                   'Geographically, the area is hilly.'}),
    ('tally', 'tally_form_response.json', {
        'email': 'alice@example.com', 'name': '', 'company': '', 'message': 'Hello world'}),
    ('webflow', 'webflow_form_submission.json', {
        'email': 'zaphod@heartofgold.ai', 'name': 'Zaphod Beeblebrox', 'company': '', 'message': ''}),
], ids=['typeform', 'tally', 'webflow'])
def test_saved_payloads_map_with_no_configuration(vendor: str, saved: str, expected: dict[str, str]) -> None:
    """The vendors' own sample payloads under the default field map: the email by field type, the name by its
    question ("What is your first name?"), the message by type (Typeform `long_text`, Tally `TEXTAREA`)."""
    [inbound] = parse(vendor, _saved(saved), {}, IntakePolicy())
    assert inbound.lead.model_dump(include={'email', 'name', 'company', 'message'}) == expected


@pytest.mark.parametrize(('label', 'target'), [
    ('What is your first name?', 'name'), ('Vorname', 'name'), ('Prénom', 'name'), ('Your full name', 'name'),
    ("Nom de l'entreprise", 'company'), ('Which company do you work for?', 'company'), ('Firma', 'company'),
    ('Empresa', 'company'), ('How can we help you?', 'message'), ('Ihre Nachricht', 'message'),
    ('Tell us about your project', 'message'), ('Mensaje', 'message'),
])
def test_a_text_answer_maps_by_its_question(label: str, target: str) -> None:
    body = json.dumps({'data': {'fields': [
        {'key': 'q1', 'label': 'Email', 'type': 'INPUT_EMAIL', 'value': 'ana@acme.example'},
        {'key': 'q2', 'label': label, 'type': 'INPUT_TEXT', 'value': 'Answer'},
    ]}}).encode()
    [inbound] = parse('tally', body, {}, IntakePolicy())
    assert getattr(inbound.lead, target) == 'Answer' and inbound.lead.extra == {}


def test_a_hidden_field_mapped_to_source_ip_is_the_rate_limit_key() -> None:
    intake = IntakePolicy.model_validate({'fields': {'email': 'email', 'visitor ip': 'source_ip'}})
    body = json.dumps({'email': 'a@acme.example', 'Visitor IP': '198.51.100.23'}).encode()
    [inbound] = parse('generic', body, {}, intake)
    assert inbound.lead.source_ip == '198.51.100.23' and inbound.lead.extra == {}
    assert inbound.lead.rate_key == submitter_key('198.51.100.23', 'a@acme.example')


def test_unmapped_fields_stay_in_extra() -> None:
    [inbound] = parse('webflow', _saved('webflow_form_submission.json'), {}, IntakePolicy())
    assert inbound.lead.extra == {}
    [inbound] = parse('formspree', CASES[3].body, {}, IntakePolicy())
    assert inbound.lead.extra == {'_id': 'sub_42', 'budget': '10k'}
    [inbound] = parse('generic', CASES[4].body, {}, IntakePolicy())
    assert inbound.lead.extra == {} and inbound.lead.source_ip == '10.0.0.1'  # the sender's server reports it
    bad_ip = json.dumps({'email': 'a@acme.example', 'source_ip': 'behind a proxy'}).encode()
    [inbound] = parse('generic', bad_ip, {}, IntakePolicy())  # not an address: kept as text, not used or rejected
    assert inbound.lead.source_ip is None and inbound.lead.extra == {'source_ip (field)': 'behind a proxy'}
    [inbound] = parse('tally', _saved('tally_form_response.json'), {}, IntakePolicy())
    assert inbound.lead.extra['Multiple choice'] == 'In progress'
    # Every answer is kept, each under its own name: payment, rating, ranking, scale, signature and matrix too.
    assert {'Payment (link)', 'Rating', 'Ranking', 'Linear scale', 'Signature', 'Matrix'} <= set(inbound.lead.extra)
    assert len(inbound.lead.extra) == 26
    matrix = {'data': {'fields': [
        {'key': 'q1', 'label': 'Email', 'type': 'INPUT_EMAIL', 'value': 'a@b.example'},
        {'key': 'q2', 'label': 'Kind', 'type': 'DROPDOWN', 'value': ['o1'], 'options': [{'id': 'o1', 'text': 'Hard'}]},
        {'key': 'q3', 'label': 'Matrix', 'type': 'MATRIX', 'value': {'r1': ['c1']},
         'rows': [{'id': 'r1', 'text': 'Speed'}], 'columns': [{'id': 'c1', 'text': 'Neutral'}]}]}}
    [inbound] = parse('tally', json.dumps(matrix).encode(), {}, IntakePolicy(fields={'kind': 'form'}))
    assert (inbound.lead.form, inbound.lead.extra) == (
        'contact', {'Matrix': 'Speed: Neutral', 'form (field)': 'hard'})


def test_typeform_falls_back_to_the_email_typed_answer() -> None:
    [inbound] = parse('typeform', _saved('typeform_form_response.json'), {}, IntakePolicy())
    assert inbound.lead.email == 'laura@example.com'
    assert inbound.lead.name == 'Laura' and 'What is your first name?' not in inbound.lead.extra  # mapped by question
    assert inbound.lead.extra['user_id'] == 'abc123456'


@pytest.mark.parametrize('case', CASES, ids=IDS)
def test_tampered_body_is_rejected(case: Case) -> None:
    secret, _ = secret_for(case.vendor)
    headers = sign(case.vendor, case.body, secret)
    with pytest.raises(WebhookRejected, match='signature does not match') as e:
        _verify(case, headers, case.body.replace(b'.example', b'.exampel', 1).replace(b'@', b'+x@', 1), [secret])
    assert e.value.status == 401


@pytest.mark.parametrize('case', CASES, ids=IDS)
def test_wrong_secret_is_rejected_and_a_rotated_one_verifies(case: Case) -> None:
    secret, old = secret_for(case.vendor)
    headers = sign(case.vendor, case.body, old)
    with pytest.raises(WebhookRejected) as e:
        _verify(case, headers, case.body, [secret])
    assert e.value.status == 401
    _verify(case, headers, case.body, [secret, old])


@pytest.mark.parametrize('case', [c for c in CASES if c.timestamped], ids=[c.vendor for c in CASES if c.timestamped])
def test_stale_timestamp_is_rejected(case: Case) -> None:
    secret, _ = secret_for(case.vendor)
    headers = sign(case.vendor, case.body, secret)
    with pytest.raises(WebhookRejected, match='tolerance') as e:
        _verify(case, headers, case.body, [secret], now=NOW + 360)
    assert e.value.status == 401
    _verify(case, headers, case.body, [secret], now=NOW + 290)


@pytest.mark.parametrize('case', CASES, ids=IDS)
def test_missing_signature_header_is_rejected(case: Case) -> None:
    secret, _ = secret_for(case.vendor)
    headers = {k: v for k, v in sign(case.vendor, case.body, secret).items() if 'signature' not in k.lower()}
    with pytest.raises(WebhookRejected, match='missing .*header') as e:
        _verify(case, headers, case.body, [secret])
    assert e.value.status == 401


@pytest.mark.parametrize('case', CASES, ids=IDS)
def test_oversized_body(case: Case) -> None:
    secret, _ = secret_for(case.vendor)
    body = b' ' * MAX_BODY + case.body
    for call in (lambda: _verify(case, sign(case.vendor, body, secret), body, [secret]),
                 lambda: parse(case.vendor, body, {}, IntakePolicy())):
        with pytest.raises(WebhookRejected, match='over the') as e:
            call()
        assert e.value.status == 413


@pytest.mark.parametrize('vendor', ['generic', 'typeform', 'tally', 'webflow', 'formspree', 'hubspot'])
def test_malformed_json(vendor: str) -> None:
    with pytest.raises(WebhookRejected, match='malformed JSON') as e:
        parse(vendor, b'{"email": ', {}, IntakePolicy())
    assert e.value.status == 400


@pytest.mark.parametrize('case', CASES, ids=IDS)
def test_payload_without_an_email(case: Case) -> None:
    body = case.body.replace(b'"email"', b'"pager"').replace(b'"Email"', b'"Pager"')
    body = body.replace(b'"INPUT_EMAIL"', b'"INPUT_TEXT"').replace(b'"type": "email"', b'"type": "text"')
    with pytest.raises(WebhookRejected, match='no field maps to email; fields seen: ') as e:
        parse(case.vendor, body, {}, _intake(case))
    assert e.value.status == 400


def test_field_names_an_error_quotes_are_one_short_line() -> None:
    """helper-48: a key of newlines and mrkdwn forged an approval note in the review post; one of 200,000 characters
    was kept whole as the run's error and review reason."""
    forged = '\n\n:white_check_mark: *Approved → sales* by dana\x1b[2J\u202e'
    body = json.dumps({'name': 'Dana', forged: 'x', 'k' * 200_000: 'y'}).encode()
    with pytest.raises(WebhookRejected) as e:
        parse('generic', body, {}, IntakePolicy())
    message = str(e.value)
    assert message.startswith('generic: no field maps to email; fields seen: name, :white_check_mark: *Approved')
    assert len(message) < 200 and not any(c in message for c in '\n\x1b\u202e') and message.endswith('k…')


def test_invalid_email_names_the_field() -> None:
    with pytest.raises(WebhookRejected, match='formspree: email: not a valid email') as e:
        parse('formspree', b'{"email": "nope"}', {}, IntakePolicy())
    assert e.value.status == 400


@dataclass(frozen=True)
class ListCase:
    sent: list[Any]
    refused: str | None
    """What the 400 says; None: read as its one address."""


LIST_CASES = [
    ListCase(['ana@acme.example'], None),
    ListCase([' ana@acme.example '], None),
    ListCase(['ana@acme.example', 'bo@globex.example'], 'a list of 2 values; one address expected'),
    ListCase(['ana@acme.example', 'ana@acme.example'], 'a list of 2 values; one address expected'),
    ListCase([None, 'ana@acme.example'], 'a list of 2 values; one address expected'),
    ListCase(['ana@acme.example', ''], 'a list of 2 values; one address expected'),
    ListCase([42], 'a list holding a number; an address expected'),
    ListCase([True], 'a list holding true; an address expected'),
    ListCase([['ana@acme.example']], 'a list holding a list; an address expected'),
    ListCase([{'email': 'ana@acme.example'}], 'a list holding an object; an address expected'),
]


def _with_email(vendor: str, email: Any) -> bytes:
    if vendor == 'tally':  # taken by the answer's type, not its name
        return json.dumps({'data': {'fields': [
            {'key': 'q1', 'label': 'Your address', 'type': 'INPUT_EMAIL', 'value': email},
            {'key': 'q2', 'label': 'Message', 'type': 'TEXTAREA', 'value': 'Pricing for 40 seats?'}]}}).encode()
    return json.dumps({'email': email, 'name': 'Ana', 'message': 'Pricing for 40 seats?'}).encode()


@pytest.mark.parametrize('vendor', ['generic', 'formspree', 'tally'])
@pytest.mark.parametrize('case', LIST_CASES, ids=lambda c: json.dumps(c.sent))
def test_an_email_sent_as_a_list_is_read_only_when_it_holds_one_address(vendor: str, case: ListCase) -> None:
    """Drill: a list for the one-answer email field. One address in it is that address; two, or one beside a null or
    an empty string, leave it open whose lead it is (two were refused for a misleading reason, `[null, address]` and
    `[[address]]` read as the address); a number or an object is no address."""
    body = _with_email(vendor, case.sent)
    if case.refused is None:
        [inbound] = parse(vendor, body, {}, IntakePolicy())
        assert (inbound.lead.email, inbound.lead.extra) == ('ana@acme.example', {})
        return
    with pytest.raises(WebhookRejected) as e:
        parse(vendor, body, {}, IntakePolicy())
    assert (str(e.value), e.value.status) == (f'{vendor}: email: {case.refused}', 400)


def test_unknown_vendor() -> None:
    for call in (lambda: verify('jotform', {}, b'{}', [SECRET]), lambda: parse('slack', b'{}', {}, IntakePolicy())):
        with pytest.raises(WebhookRejected, match='unknown webhook vendor') as e:
            call()
        assert e.value.status == 400


def test_no_secret_configured() -> None:
    with pytest.raises(WebhookRejected, match='no signing secret') as e:
        verify('tally', {'Tally-Signature': 'x'}, b'{}', ['', ''])
    assert e.value.status == 401


@pytest.mark.parametrize('header', ['t=1', 'v1=abc', 'garbage'])
def test_formspree_malformed_header(header: str) -> None:
    with pytest.raises(WebhookRejected, match='malformed Formspree-Signature') as e:
        verify('formspree', {'formspree-signature': header}, b'{}', [SECRET], now=NOW)
    assert e.value.status == 401


def test_hubspot_event_batches_are_events_not_leads() -> None:
    for name in ('hubspot_webhook_contact_creation.json', 'hubspot_webhook_batch_example.json'):
        assert parse('hubspot', _saved(name), {}, IntakePolicy()) == []
    events = hubspot_events(_saved('hubspot_webhook_batch_example.json'))
    assert [(e['subscriptionType'], e['objectId']) for e in events] == [
        ('contact.propertyChange', 1246965), ('contact.creation', 1246978)]
    with pytest.raises(WebhookRejected, match='JSON array') as e:
        hubspot_events(b'{"objectId": 1}')
    assert e.value.status == 400


def test_generic_secret_must_be_base64() -> None:
    body = b'{}'
    with pytest.raises(ConfigError, match='must be base64'):
        verify('generic', sign('generic', body, WHSEC), body, ['whsec_!'], now=NOW)


# --- malformed input: a 401 or a 400, never an exception the host would answer with 500 ---------------------------

TIMESTAMP_HEADERS = {'generic': 'Webhook-Timestamp', 'webflow': 'x-webflow-timestamp',
                     'hubspot': 'X-HubSpot-Request-Timestamp'}


@pytest.mark.parametrize('stamp', ['9' * 400, '9' * 5000, '1' * 17, 'abc', '١٢٣٤٥٦٧٨٩٠', '1_780_000_000',
                                   '-1780000000', '+1780000000', '1.78e9', '0x6A18', '1780000000\x00', '\u00b2'])
@pytest.mark.parametrize('vendor', ['generic', 'webflow', 'hubspot', 'formspree', 'slack'])
def test_a_malformed_timestamp_is_401(vendor: str, stamp: str) -> None:
    body = b'{"email": "a@b.example"}'
    if vendor == 'slack':
        headers = {'X-Slack-Request-Timestamp': stamp, 'X-Slack-Signature': 'v0=00'}
    elif vendor == 'formspree':
        headers = {'Formspree-Signature': f't={stamp},v1=00'}
    else:
        headers = {**sign(vendor, body, secret_for(vendor)[0]), TIMESTAMP_HEADERS[vendor]: stamp}
    with pytest.raises(WebhookRejected, match='timestamp .* is not an integer') as e:
        verify(vendor, headers, body, [secret_for(vendor)[0]], url=URL, now=NOW)
    assert e.value.status == 401


UNPARSABLE = {
    'deeply nested array': b'[' * 100_000,
    'deeply nested object': b'{"a":' * 50_000,
    'a field nested deeply': b'{"email": "a@b.example", "x": ' + b'[' * 900 + b']' * 900 + b'}',
    'invalid UTF-8': b'{"email": "a@b.example", "name": "\xff\xfe"}',
    'UTF-8 encoded surrogate': b'{"email": "a@b.example", "name": "\xed\xa0\x80"}',
    'lone surrogate escape': b'{"email": "a@b.example", "name": "\\ud800"}',
    'lone low surrogate escape': b'{"email": "a@b.example", "name": "x\\uDC00y"}',
    'UTF-16': '{"email": "a@b.example"}'.encode('utf-16'),
    'array': b'[1, 2]',
    'string': b'"a@b.example"',
    'number': b'1e999',
    'null': b'null',
    'empty': b'',
}


@pytest.mark.parametrize('vendor', VENDORS)
@pytest.mark.parametrize('body', UNPARSABLE.values(), ids=UNPARSABLE.keys())
def test_an_unparsable_body_is_400(vendor: str, body: bytes) -> None:
    with pytest.raises(WebhookRejected) as e:
        parse(vendor, body, {}, IntakePolicy())
    assert e.value.status == 400


def test_escaped_surrogate_pairs_and_backslashes_still_parse() -> None:
    body = b'{"email": "a@b.example", "name": "Ana \\ud83d\\ude00", "company": "C:\\\\ud800"}'
    [inbound] = parse('generic', body, {}, IntakePolicy())
    assert (inbound.lead.name, inbound.lead.company) == ('Ana \U0001f600', 'C:\\ud800')
    [inbound] = parse('generic', b'\xef\xbb\xbf{"email": "a@b.example"}', {}, IntakePolicy())  # a UTF-8 BOM
    assert inbound.lead.email == 'a@b.example'


class _CountingDict(dict[str, str]):
    """A dict that counts how often a name is looked up in it."""

    lookups = 0

    def __contains__(self, key: object) -> bool:
        type(self).lookups += 1
        return super().__contains__(key)


def test_answers_under_one_label_are_all_kept_and_named_in_linear_time() -> None:
    # A signed body of thousands of answers under one label (a Tally form, or a visitor adding inputs a vendor
    # forwards) was named by a fresh probe from '(2)' for each answer over a copy of the names: 10 s for 256 KB,
    # with the host's event loop held. Counted in lookups, not seconds: linear is a few per answer.
    from lead_agent._text import Distinct

    taken = _CountingDict()
    named = Distinct(taken)
    for _ in range(3000):
        taken[named('Q')] = 'x'
    assert list(taken)[:3] == ['Q', 'Q (2)', 'Q (3)'] and len(taken) == 3000 and 'Q (3000)' in taken
    assert _CountingDict.lookups < 4 * 3000 + 10

    body = json.dumps({'eventId': 'e1', 'data': {'fields': [
        {'label': 'Email', 'value': 'ana@northpeakpt.com', 'type': 'INPUT_EMAIL'},
        *({'label': 'Q', 'value': str(i)} for i in range(8000))]}}, separators=(',', ':')).encode()
    [inbound] = parse('tally', body, {}, IntakePolicy())
    assert len(inbound.lead.extra) == 8000 and inbound.lead.extra['Q (8000)'] == '7999'
    flat = {'email': 'ana@northpeakpt.com', **{f'k{i}': 'x' for i in range(18000)}, 'k5 (2)': 'y'}
    [inbound] = parse('formspree', json.dumps(flat, separators=(',', ':')).encode(), {}, IntakePolicy())
    assert len(inbound.lead.extra) == 18001 and inbound.lead.extra['k5 (2)'] == 'y'


def test_a_stale_or_future_timestamp_says_which() -> None:
    """helper-47: a timestamp 600 s in the past was reported as `+601 s off`."""
    from lead_agent.webhooks import _fresh  # pyright: ignore[reportPrivateUsage]

    with pytest.raises(WebhookRejected, match=r'^generic: timestamp is 601 s old, outside the 300 s tolerance$'):
        _fresh('generic', '1000', 1601.0, 300)
    with pytest.raises(WebhookRejected, match=r'^generic: timestamp is 400 s in the future, outside'):
        _fresh('generic', '2001', 1601.0, 300)
