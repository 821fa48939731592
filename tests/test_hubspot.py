"""HubSpotCRM with the real hubspot-api-client SDK pointed at a local fake of HubSpot's CRM v3 API."""

from __future__ import annotations

import asyncio
import re
import sys
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from typing import Any

import pytest
from dirty_equals import IsPartialDict, IsStr
from inline_snapshot import snapshot

from lead_agent import IntegrationError, Lead, Policy, TriageDeps, local_deps, triage
from lead_agent.backends import ContactRef
from lead_agent.crm.hubspot import HubSpotCRM
from lead_agent.models import Assignment, CrmRecord
from lead_agent.ratelimit import Limiter
from lead_agent.review import resolve

from .fakes.hubspot_server import FakeHubSpot
from .helpers import example_lead

TOKEN = 'pat-na1-11111111-2222-3333-4444-555555555555'
CONTACTS = '/crm/v3/objects/contacts'
CONTACT_SEARCH = '/crm/v3/objects/contacts/search'
COMPANY_SEARCH = '/crm/v3/objects/companies/search'
NOTES = '/crm/v3/objects/notes'
NOTE_SEARCH = '/crm/v3/objects/notes/search'
PRIYA = 'priya.raman@havenhospitals.com'


class Sleeps(list[float]):
    """An injectable `sleep` that only records the pauses."""

    async def __call__(self, seconds: float) -> None:
        self.append(seconds)


class CountingLimiter(Limiter):
    def __init__(self) -> None:
        super().__init__()
        self.slots = 0

    async def wait(self, limit: str, *keys: str, max_wait: float | None = None) -> None:
        self.slots += 1
        await super().wait(limit, *keys, max_wait=max_wait)


@pytest.fixture
def server() -> Iterator[FakeHubSpot]:
    with FakeHubSpot(TOKEN) as s:
        yield s


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


@pytest.fixture
def crm(server: FakeHubSpot, sleeps: Sleeps) -> HubSpotCRM:
    return HubSpotCRM(TOKEN, host=server.host, sleep=sleeps)


def calls(server: FakeHubSpot) -> list[tuple[str, str]]:
    return [(r.method, r.path) for r in server.requests]


def lead(**update: Any) -> Lead:
    return example_lead('01-hospital-group-demo.json', **update)


# --- history -------------------------------------------------------------------------------------------------------
async def test_history_of_known_contact_and_company(server: FakeHubSpot, crm: HubSpotCRM) -> None:
    contact = server.add_contact(PRIYA, created_at='2026-02-03T10:00:00.000Z', firstname='Priya',
                                 lifecyclestage='opportunity', hubspot_owner_id='4711')
    company = server.add_company('havenhospitals.com', 'Haven Hospital Group', created_at='2024-06-01T09:00:00.000Z',
                                 lifecyclestage='customer', hubspot_owner_id='90')
    server.add_company('other.example', 'Other')

    assert await crm.history('Priya.Raman@havenhospitals.com') == [
        CrmRecord(date=date(2026, 2, 3), type='contact', summary='HubSpot contact (lifecycle: opportunity)',
                  owner='4711', lifecycle_stage='opportunity', record_id=f'hubspot:contact:{contact}',
                  matched_by='email'),
        CrmRecord(date=date(2024, 6, 1), type='note',
                  summary='HubSpot company Haven Hospital Group (lifecycle: customer)', owner='90',
                  lifecycle_stage='customer', record_id=f'hubspot:company:{company}', matched_by='domain'),
    ]
    bodies = {r.path: r.body for r in server.requests}
    assert bodies == snapshot(
        {
            '/crm/v3/objects/contacts/search': {
                'filterGroups': [
                    {'filters': [{'propertyName': 'email', 'operator': 'EQ', 'value': 'priya.raman@havenhospitals.com'}]}
                ],
                'properties': ['email', 'firstname', 'lastname', 'lifecyclestage', 'hubspot_owner_id', 'createdate'],
                'limit': 10,
            },
            '/crm/v3/objects/companies/search': {
                'filterGroups': [{'filters': [{'propertyName': 'domain', 'operator': 'EQ', 'value': 'havenhospitals.com'}]}],
                'properties': ['name', 'domain', 'lifecyclestage', 'hubspot_owner_id', 'createdate'],
                'limit': 10,
            },
        }
    )
    assert {r.headers['authorization'] for r in server.requests} == {f'Bearer {TOKEN}'}


async def test_history_unknown_email_is_empty(server: FakeHubSpot, crm: HubSpotCRM) -> None:
    assert await crm.history('nobody@havenhospitals.com') == []
    assert sorted(calls(server)) == [('POST', COMPANY_SEARCH), ('POST', CONTACT_SEARCH)]


@pytest.mark.parametrize('email', ['someone@gmail.com', 'x@mailinator.com'])
async def test_history_never_searches_companies_for_webmail(server: FakeHubSpot, crm: HubSpotCRM, email: str) -> None:
    server.add_contact(email, lifecyclestage='lead')
    server.add_company(email.rpartition('@')[2], 'Not one company')
    [record] = await crm.history(email)
    assert (record.type, record.lifecycle_stage) == ('contact', 'lead')
    assert calls(server) == [('POST', CONTACT_SEARCH)]


async def test_history_404_is_empty(server: FakeHubSpot, crm: HubSpotCRM) -> None:
    server.fail(CONTACT_SEARCH, status=404).fail(COMPANY_SEARCH, status=404)
    assert await crm.history(PRIYA) == []


async def test_history_malformed_json_raises_after_retries(server: FakeHubSpot, crm: HubSpotCRM,
                                                           sleeps: Sleeps) -> None:
    server.fail(CONTACT_SEARCH, status=200, body=b'{"total": 1, "results": [', times=None)
    with pytest.raises(IntegrationError) as e:
        await crm.history('someone@gmail.com')
    assert (e.value.service, e.value.status) == ('hubspot', None)
    assert 'malformed response' in str(e.value)
    assert calls(server) == [('POST', CONTACT_SEARCH)] * 3
    assert sleeps == [1.0, 2.0]


async def test_history_malformed_once_is_retried(server: FakeHubSpot, crm: HubSpotCRM) -> None:
    server.add_contact('someone@gmail.com')
    server.fail(CONTACT_SEARCH, status=200, body=b'<html>bad gateway</html>')
    assert len(await crm.history('someone@gmail.com')) == 1


async def test_wrong_token_is_an_integration_error_without_the_token(server: FakeHubSpot) -> None:
    crm = HubSpotCRM('pat-wrong-secret', host=server.host, sleep=Sleeps())
    with pytest.raises(IntegrationError) as e:
        await crm.create_contact(lead(), 'note', 'run1')
    assert e.value.status == 401
    assert str(e.value) == 'hubspot: create contact: Authentication credentials not found. (HTTP 401)'
    assert 'secret' not in str(e.value)


# --- create --------------------------------------------------------------------------------------------------------
async def test_create_contact_then_note_associated_202(server: FakeHubSpot, crm: HubSpotCRM) -> None:
    ref = await crm.create_contact(lead(), 'lead-agent run run1\nIntent: buying', 'run1')
    [contact] = server.contacts
    assert ref == ContactRef(contact_id=contact['id'], created=True,
                             url=f'https://app.hubspot.com/contacts/record/0-1/{contact["id"]}')
    assert [(r.method, r.path, r.body) for r in server.requests] == [
        ('POST', CONTACTS, {'properties': {'email': PRIYA, 'firstname': 'Priya', 'lastname': 'Raman',
                                           'company': 'Haven Hospital Group', 'phone': '+1 312 555 0142'},
                            'associations': []}),
        ('POST', NOTES, {'properties': {'hs_note_body': 'lead-agent run run1<br>Intent: buying',
                                        'hs_timestamp': IsStr(regex=r'\d{13}')},
                         'associations': [{'to': {'id': contact['id']}, 'types': [
                             {'associationCategory': 'HUBSPOT_DEFINED', 'associationTypeId': 202}]}]}),
    ]
    assert contact['notes'] == ['lead-agent run run1<br>Intent: buying']


async def test_note_without_run_id_gets_it_appended(server: FakeHubSpot, crm: HubSpotCRM) -> None:
    await crm.create_contact(lead().model_copy(update={'name': 'Cher', 'phone': None, 'company': ''}), 'Hello',
                             'abc123')
    [contact] = server.contacts
    assert {k: contact['properties'][k] for k in ('email', 'firstname')} == {'email': PRIYA, 'firstname': 'Cher'}
    assert not {'lastname', 'company', 'phone'} & contact['properties'].keys()
    assert contact['notes'] == ['Hello<br><br>lead-agent run abc123']


async def test_existing_contact_409_adds_only_the_note(server: FakeHubSpot, crm: HubSpotCRM) -> None:
    first = await crm.create_contact(lead(), 'first', 'run1')
    second = await crm.create_contact(lead(email='Priya.Raman@havenhospitals.com'), 'second', 'run2')
    assert (first.created, second.created, second.contact_id) == (True, False, first.contact_id)
    [contact] = server.contacts
    assert contact['notes'] == ['first<br><br>lead-agent run run1', 'second<br><br>lead-agent run run2']
    assert calls(server)[2:] == [('POST', CONTACTS), ('POST', NOTE_SEARCH), ('POST', NOTES)]


async def test_same_run_twice_adds_the_note_once(server: FakeHubSpot, crm: HubSpotCRM) -> None:
    await crm.create_contact(lead(), 'note', 'run1')
    again = await crm.create_contact(lead(), 'note', 'run1')  # e.g. an approval re-running a failed route
    assert again.created is False
    assert [c['notes'] for c in server.contacts] == [['note<br><br>lead-agent run run1']]


async def test_lead_html_in_the_note_is_text_and_contact_fields_are_plain(server: FakeHubSpot,
                                                                             crm: HubSpotCRM) -> None:
    hostile = lead().model_copy(update={'name': 'Eve\u202e <b>Mallory</b>', 'company': 'Acme\x9b\x1b[2J "Corp"',
                                        'phone': '+1 312\u2066 555 0142'})
    note = ('Summary: <img src=x onerror=alert(1)> & <a href="javascript:alert(document.cookie)">pricing</a>\r\n'
            "Reasoning: it's </p><script>alert(2)</script>\x1b[31m")
    await crm.create_contact(hostile, note, 'run1')
    [contact] = server.contacts
    assert {k: contact['properties'][k] for k in ('firstname', 'lastname', 'company', 'phone')} == {
        'firstname': 'Eve', 'lastname': '<b>Mallory</b>', 'company': 'Acme[2J "Corp"', 'phone': '+1 312 555 0142'}
    assert contact['notes'] == [
        'Summary: &lt;img src=x onerror=alert(1)&gt; &amp; &lt;a href=&quot;javascript:alert(document.cookie)&quot;'
        '&gt;pricing&lt;/a&gt;<br>Reasoning: it&#x27;s &lt;/p&gt;&lt;script&gt;alert(2)&lt;/script&gt;[31m'
        '<br><br>lead-agent run run1'
    ]


async def test_contact_fields_that_read_as_formulas_stay_text(server: FakeHubSpot, crm: HubSpotCRM) -> None:
    """helper-48: `=HYPERLINK(...)` or `=cmd|...` in a name, company or phone runs in a spreadsheet opening HubSpot's
    export. A leading `'` keeps each as text (OWASP); a phone number written as one is left alone."""
    hostile = lead().model_copy(update={'name': 'Priya =HYPERLINK("http://evil.example","x")',
                                        'company': '@SUM(1+1)*cmd', 'phone': "=cmd|' /C calc'!A0"})
    await crm.create_contact(hostile, 'note', 'run1')
    await crm.create_contact(lead().model_copy(update={'email': 'b@havenhospitals.com', 'name': '-Ann +Lee',
                                                       'phone': '+1 (312) 555-0142 ext. 7'}), 'note', 'run2')
    await crm.create_contact(lead().model_copy(update={'email': 'c@havenhospitals.com', 'phone': '-1-1'}), 'note', 'run3')
    props = [{k: c['properties'].get(k) for k in ('firstname', 'lastname', 'company', 'phone')} for c in server.contacts]
    assert props[0] == {'firstname': 'Priya', 'lastname': '\'=HYPERLINK("http://evil.example","x")',
                        'company': "'@SUM(1+1)*cmd", 'phone': "'=cmd|' /C calc'!A0"}
    assert (props[1]['firstname'], props[1]['lastname'], props[1]['phone']) == ("'-Ann", "'+Lee",
                                                                                '+1 (312) 555-0142 ext. 7')
    assert props[2]['phone'] == "'-1-1"  # helper-200: a number starting with '-' is no phone number


async def test_429_waits_retry_after_then_succeeds(server: FakeHubSpot, crm: HubSpotCRM, sleeps: Sleeps) -> None:
    server.fail(CONTACTS, status=429, headers={'Retry-After': '3'})
    server.fail(NOTES, status=429)
    ref = await crm.create_contact(lead(), 'note', 'run1')
    assert ref.created is True
    assert sleeps == [3.0, 1.0]  # Retry-After, then backoff when there is none
    assert len(server.contacts) == 1 and len(server.notes) == 1


async def test_429_forever_gives_up_within_max_wait(server: FakeHubSpot, sleeps: Sleeps) -> None:
    crm = HubSpotCRM(TOKEN, host=server.host, sleep=sleeps, max_wait=5)
    server.fail(CONTACTS, status=429, times=None)
    with pytest.raises(IntegrationError) as e:
        await crm.create_contact(lead(), 'note', 'run1')
    assert e.value.status == 429
    assert str(e.value) == 'hubspot: create contact: rate limited; gave up after waiting 3 s (HTTP 429)'
    assert sleeps == [1.0, 2.0]  # 4 more would pass max_wait
    assert server.contacts == []


async def test_429_retry_after_past_budget_gives_up_at_once(server: FakeHubSpot, sleeps: Sleeps) -> None:
    crm = HubSpotCRM(TOKEN, host=server.host, sleep=sleeps, max_wait=20)
    server.fail(CONTACT_SEARCH, status=429, headers={'Retry-After': '60'})
    with pytest.raises(IntegrationError) as e:
        await crm.history('a@gmail.com')
    assert (e.value.status, sleeps) == (429, [])


async def test_lost_create_response_is_found_by_search(server: FakeHubSpot, crm: HubSpotCRM, sleeps: Sleeps) -> None:
    server.fail(CONTACTS, status=500, after_processing=True)
    ref = await crm.create_contact(lead(), 'note', 'run1')
    [contact] = server.contacts
    assert (ref.contact_id, ref.created, contact['notes']) == (contact['id'], False,
                                                              ['note<br><br>lead-agent run run1'])
    assert calls(server) == [('POST', CONTACTS), ('POST', CONTACT_SEARCH), ('POST', NOTE_SEARCH), ('POST', NOTES)]
    assert sleeps == [1.0]


async def test_lost_create_not_yet_indexed_is_caught_by_409(server: FakeHubSpot, crm: HubSpotCRM) -> None:
    server.fail(CONTACTS, status=502, after_processing=True)
    server.fail(CONTACT_SEARCH, status=200, body={'total': 0, 'results': []})  # search lags behind the create
    ref = await crm.create_contact(lead(), 'note', 'run1')
    [contact] = server.contacts
    assert (ref.contact_id, ref.created, len(contact['notes'])) == (contact['id'], False, 1)
    assert calls(server)[:3] == [('POST', CONTACTS), ('POST', CONTACT_SEARCH), ('POST', CONTACTS)]


async def test_create_timeout_after_processing_makes_one_contact(server: FakeHubSpot) -> None:
    crm = HubSpotCRM(TOKEN, host=server.host, sleep=Sleeps(), timeout=0.2)
    server.fail(CONTACTS, status=None, after_processing=True, delay=1.0)
    ref = await crm.create_contact(lead(), 'note', 'run1')
    [contact] = server.contacts
    assert (ref.contact_id, ref.created, contact['notes']) == (contact['id'], False,
                                                              ['note<br><br>lead-agent run run1'])


async def test_5xx_forever_raises_after_max_attempts(server: FakeHubSpot, crm: HubSpotCRM, sleeps: Sleeps) -> None:
    server.fail(CONTACTS, status=503, times=None)
    with pytest.raises(IntegrationError) as e:
        await crm.create_contact(lead(), 'note', 'run1')
    assert (e.value.service, e.value.status) == ('hubspot', 503)
    assert TOKEN not in str(e.value)
    assert calls(server) == [('POST', CONTACTS), ('POST', CONTACT_SEARCH)] * 2 + [('POST', CONTACTS)]
    assert (server.contacts, sleeps) == ([], [1.0, 2.0])


async def test_malformed_create_response_is_treated_as_lost(server: FakeHubSpot, crm: HubSpotCRM) -> None:
    server.fail(CONTACTS, status=201, body=b'{"id": "1", "prop', after_processing=True)
    ref = await crm.create_contact(lead(), 'note', 'run1')
    assert (ref.created, len(server.contacts), len(server.notes)) == (False, 1, 1)


async def test_lost_note_response_is_not_repeated(server: FakeHubSpot, crm: HubSpotCRM) -> None:
    server.fail(NOTES, status=500, after_processing=True)
    await crm.create_contact(lead(), 'note', 'run1')
    assert len(server.notes) == 1
    assert calls(server) == [('POST', CONTACTS), ('POST', NOTES), ('POST', NOTE_SEARCH)]


async def test_failed_note_is_retried_once(server: FakeHubSpot, crm: HubSpotCRM) -> None:
    server.fail(NOTES, status=500)
    await crm.create_contact(lead(), 'note', 'run1')
    assert len(server.notes) == 1
    assert calls(server) == [('POST', CONTACTS), ('POST', NOTES), ('POST', NOTE_SEARCH), ('POST', NOTES)]


async def test_note_failing_twice_raises(server: FakeHubSpot, crm: HubSpotCRM) -> None:
    server.fail(NOTES, status=500, times=2)
    with pytest.raises(IntegrationError) as e:
        await crm.create_contact(lead(), 'note', 'run1')
    assert e.value.status == 500
    assert (len(server.contacts), server.notes) == (1, [])


async def test_every_request_takes_a_limiter_slot(server: FakeHubSpot) -> None:
    limiter = CountingLimiter()
    crm = HubSpotCRM(TOKEN, host=server.host, limiter=limiter, sleep=Sleeps())
    server.fail(CONTACTS, status=429)
    await crm.history(PRIYA)
    await crm.create_contact(lead(), 'note', 'run1')
    await crm.create_contact(lead(), 'note', 'run2')
    assert limiter.slots == len(server.requests) == 8


def test_missing_sdk_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, 'hubspot', None)
    with pytest.raises(ImportError, match=r"pip install 'lead-agent\[hubspot\]'"):
        HubSpotCRM(TOKEN)


# --- the pipeline --------------------------------------------------------------------------------------------------
@pytest.fixture
def hub_deps(policy: Policy, sqlite_url: str, server: FakeHubSpot) -> Iterator[TriageDeps]:
    deps = local_deps(policy, database_url=sqlite_url)
    yield replace(deps, crm=HubSpotCRM(TOKEN, host=server.host, sleep=Sleeps()))
    deps.db.dispose()  # type: ignore[attr-defined]


async def test_pipeline_routes_lead_into_hubspot(server: FakeHubSpot, hub_deps: TriageDeps) -> None:
    rec = await triage(lead(), hub_deps)
    assert rec.state == 'routed_sales'
    [contact] = server.contacts
    assert [(a.kind, a.status, a.ref) for a in rec.actions][0] == ('crm_contact', 'done', contact['id'])
    [note] = contact['notes']
    assert note.startswith(f'lead-agent run {rec.run_id}<br>Intent: buying')
    log = calls(server)
    assert (sorted(log[:2]), log[2:]) == ([('POST', COMPANY_SEARCH), ('POST', CONTACT_SEARCH)],
                                          [('POST', CONTACTS), ('POST', NOTES)])  # the searches run concurrently


async def test_pipeline_note_shows_the_lead_html_as_text(server: FakeHubSpot, hub_deps: TriageDeps) -> None:
    message = '<img src=x onerror=alert(1)> <a href="javascript:alert(1)">our site</a> ' + lead().message
    # Active markup is unusual text: the lead waits for a person, whose approval writes the contact and its note.
    held = await triage(lead(company='Haven <script>alert(1)</script>', message=message), hub_deps)
    assert held.state == 'review' and server.contacts == []
    rec = await resolve(held.run_id, 'approve', hub_deps, to='sales', by='dana')
    assert rec.state == 'routed_sales'
    [contact] = server.contacts
    assert contact['properties']['company'] == 'Haven <script>alert(1)</script>'  # a plain-text property
    [note] = contact['notes']
    assert '&lt;img src=x onerror=alert(1)&gt; &lt;a href=&quot;javascript:alert(1)&quot;&gt;our site&lt;/a&gt;' in note
    # No markup but the line breaks: every tag in the body is a <br>
    assert set(re.findall(r'<[^>]*>', note)) == {'<br>'} and '\n' not in note
    assert note.startswith(f'lead-agent run {rec.run_id}<br>Intent: buying')


async def test_pipeline_failing_hubspot_lands_in_review(server: FakeHubSpot, hub_deps: TriageDeps) -> None:
    server.fail(CONTACTS, status=500, times=None)
    rec = await triage(lead(), hub_deps)
    assert rec.state == 'failed'
    assert [(a.kind, a.status) for a in rec.actions][0] == ('crm_contact', 'failed')
    assert any('act.crm_contact: IntegrationError: hubspot: create contact' in e for e in rec.errors)
    assert [item.run_id for item in await hub_deps.review.items()] == [rec.run_id]
    assert server.contacts == []


async def test_pipeline_same_lead_twice_concurrently(server: FakeHubSpot, hub_deps: TriageDeps) -> None:
    first, second = await asyncio.gather(
        triage(lead(), hub_deps),
        triage(lead(message=lead().message + ' Also: we need Spanish-language reminders.'), hub_deps),
    )
    assert (first.state, second.state) == ('routed_sales', 'routed_sales')
    [contact] = server.contacts
    assert sorted(n.split('<br>')[0] for n in contact['notes']) == sorted(
        f'lead-agent run {r.run_id}' for r in (first, second))
    assert sorted(a.status for r in (first, second) for a in r.actions if a.kind == 'crm_contact') == [
        'done', 'existing']


async def test_set_owner_patches_the_owner_only_and_retries_a_5xx(server: FakeHubSpot, crm: HubSpotCRM,
                                                                  sleeps: Sleeps) -> None:
    contact = server.add_contact(PRIYA, firstname='Priya', hubspot_owner_id='4711')
    server.fail(f'{CONTACTS}/{contact}', status=502)
    sam = Assignment(team='sales', owner='Sam Patel', reason='taken', member_id='sam', hubspot_owner_id='27182818')
    await crm.set_owner(contact, sam)
    patches = [(r.method, r.path, r.body) for r in server.requests if r.method == 'PATCH']
    assert patches == [('PATCH', f'{CONTACTS}/{contact}', {'properties': {'hubspot_owner_id': '27182818'}})] * 2
    assert server.contacts[0]['properties'] == IsPartialDict(firstname='Priya', hubspot_owner_id='27182818')
    assert sleeps == [1.0]
    with pytest.raises(IntegrationError, match='Kim has no hubspot_owner_id'):
        await crm.set_owner(contact, Assignment(team='sales', owner='Kim', reason='taken'))
    with pytest.raises(IntegrationError, match='set owner: .*not found') as e:
        await crm.set_owner('999', sam)
    assert e.value.status == 404
    assert len([r for r in server.requests if r.method == 'PATCH']) == 3
