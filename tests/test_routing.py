"""Owners (DESIGN §7): CRM owner, territory, weighted round robin of the available members, fallback; the round
robin's state in the store, atomic across workers, once per run."""

from __future__ import annotations

import asyncio
import itertools
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select, text

from lead_agent import ConfigError, Policy, load_policy
from lead_agent.models import Assignment, CrmRecord, Enrichment
from lead_agent.policy import Member
from lead_agent.routing import ack_template, assign, booking_url, crm_owner, weighted_pick
from lead_agent.store import Database, SqlRotation, prepare
from lead_agent.store._schema import rotation

from .helpers import EXAMPLES, example_lead

# A Wednesday, 14:00 UTC: 10:00 in New York, 07:00 in Los Angeles, 16:00 in Berlin (summer time).
WEDNESDAY = datetime(2026, 6, 10, 14, 0, tzinfo=UTC)


_runs = itertools.count()


def policy_with(**over: Any) -> Policy:
    base = load_policy(EXAMPLES / 'policy.yaml').model_dump()
    return Policy.model_validate({**base, **over})


def member(mid: str, **over: Any) -> dict[str, Any]:
    return {'id': mid, 'name': mid.title(), 'teams': ['sales'], **over}


@pytest.fixture
def memdb() -> Iterator[Database]:
    db = Database('sqlite://')
    prepare(db)
    yield db
    db.dispose()


# --- the round robin, pure ------------------------------------------------------------------------------------------
@settings(max_examples=150, deadline=None)
@given(weights=st.lists(st.integers(1, 20), min_size=1, max_size=8), n=st.integers(1, 120))
def test_over_n_picks_each_member_gets_its_weighted_share_within_one(weights: list[int], n: int) -> None:
    credits, counts, total = [0] * len(weights), [0] * len(weights), sum(weights)
    for k in range(1, n + 1):
        chosen, credits = weighted_pick(credits, weights)
        counts[chosen] += 1
        assert all(abs(counts[i] * total - k * w) < total for i, w in enumerate(weights)), (k, counts)


def test_equal_weights_alternate_and_a_double_weight_never_takes_three_in_a_row() -> None:
    def sequence(weights: list[int], n: int) -> list[int]:
        credits, out = [0] * len(weights), list[int]()
        for _ in range(n):
            chosen, credits = weighted_pick(credits, weights)
            out.append(chosen)
        return out

    assert sequence([1, 1], 6) == [0, 1, 0, 1, 0, 1]
    assert sequence([1, 1, 1], 6) == [0, 1, 2, 0, 1, 2]
    assert sequence([2, 1], 9) == [0, 1, 0, 0, 1, 0, 0, 1, 0]


# --- availability ---------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Away:
    hours: tuple[int, int] | None
    days: tuple[str, ...]
    off: tuple[int, int] | None
    zone: str


away_st = st.builds(
    Away,
    hours=st.one_of(st.none(), st.tuples(st.integers(0, 22), st.integers(1, 23)).filter(lambda h: h[0] < h[1])),
    days=st.lists(st.sampled_from(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']), min_size=1, unique=True)
    .map(tuple),
    off=st.one_of(st.none(), st.tuples(st.integers(-5, 5), st.integers(0, 5))),
    zone=st.sampled_from(['UTC', 'America/New_York', 'Europe/Berlin', 'Asia/Kolkata', 'Pacific/Auckland']),
)


def _member_of(i: int, a: Away, now: datetime) -> dict[str, Any]:
    out: dict[str, Any] = member(f'm{i}', timezone=a.zone, weight=i % 3 + 1)
    if a.hours is not None:
        out['working_hours'] = {'days': list(a.days), 'start': time(a.hours[0]), 'end': time(a.hours[1])}
    if a.off is not None:
        first = now.date() + timedelta(days=a.off[0])
        out['out_of_office'] = [{'start': first, 'end': first + timedelta(days=a.off[1])}]
    return out


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(aways=st.lists(away_st, min_size=1, max_size=5), minutes=st.integers(0, 60 * 24 * 14), n=st.integers(1, 4))
def test_nobody_away_is_assigned_while_someone_is_available(memdb: Database, aways: list[Away], minutes: int,
                                                            n: int) -> None:
    now = WEDNESDAY + timedelta(minutes=minutes)
    policy = policy_with(members=[_member_of(i, a, now) for i, a in enumerate(aways)], territories=[],
                         routing={'sales': {'slack_channel': '#sales', 'owner': 'Fallback Person'},
                                  'support': {'slack_channel': '#support'}})
    available = {m.id for m in policy.members if m.available(now)}
    for _ in range(n):
        got = asyncio.run(assign(f'run-{next(_runs)}', 'sales', None, [], policy, now, SqlRotation(memdb)))
        assert got is not None
        if available:
            assert (got.member_id in available, got.reason) == (True, 'round_robin')
        else:
            assert got == Assignment(team='sales', owner='Fallback Person', reason='fallback')


def test_hours_and_time_off_are_read_in_the_members_own_zone() -> None:
    dana = Member.model_validate(member('dana', timezone='America/New_York', working_hours={'start': '09:00',
                                                                                           'end': '17:00'}))
    assert dana.available(WEDNESDAY)  # 10:00 in New York
    assert not dana.available(WEDNESDAY + timedelta(hours=7))  # 17:00 there: the end is exclusive
    assert not dana.available(datetime(2026, 6, 13, 15, tzinfo=UTC))  # a Saturday
    ooo = Member.model_validate(member('dana', timezone='Pacific/Auckland',
                                       out_of_office=[{'start': '2026-06-11', 'end': '2026-06-11'}]))
    assert not ooo.available(WEDNESDAY)  # already Thursday 11 June in Auckland
    assert ooo.available(WEDNESDAY - timedelta(hours=12))


# --- the order: CRM owner, territory, round robin, fallback --------------------------------------------------------
def rec(owner: str, matched_by: str | None, day: int = 1, record_id: str = 'h1') -> CrmRecord:
    return CrmRecord.model_validate({'date': date(2026, 1, day), 'type': 'deal', 'summary': 's', 'owner': owner,
                                     'matched_by': matched_by, 'record_id': record_id})


def test_the_contacts_owner_beats_the_companys_and_other_teams_members_are_passed_over(policy: Policy) -> None:
    newer_company = rec('Sam Patel', 'domain', day=20)
    contact = rec('Dana Kim', 'email', day=2)
    assert crm_owner([newer_company, contact], 'sales', policy) == Assignment(
        team='sales', owner='Dana Kim', reason='crm_owner', member_id='dana', hubspot_owner_id='31415926')
    support_person = rec('Luis Ortega', 'email', day=5)
    assert crm_owner([support_person, newer_company], 'sales', policy) is not None
    assert crm_owner([support_person, newer_company], 'sales', policy).member_id == 'sam'  # type: ignore[union-attr]
    assert crm_owner([support_person], 'support', policy).member_id == 'luis'  # type: ignore[union-attr]
    by_hubspot_id = rec('27182818', 'email', record_id='hubspot:contact:1')
    assert crm_owner([by_hubspot_id], 'sales', policy).member_id == 'sam'  # type: ignore[union-attr]
    stranger = rec('99', 'domain', record_id='hubspot:company:7')
    assert crm_owner([stranger], 'sales', policy) == Assignment(
        team='sales', owner='HubSpot owner 99', reason='crm_owner', hubspot_owner_id='99')
    assert crm_owner([rec('', 'email')], 'sales', policy) is None


async def test_the_order_crm_owner_then_territory_then_round_robin_then_fallback(policy: Policy,
                                                                               memdb: Database) -> None:
    owners = SqlRotation(memdb)
    german = Enrichment(domain='klinik.de', employees=300, industry='Hospital & Health Care', country='Germany')
    texan = Enrichment(domain='clinic.com', employees=300, industry='Hospital & Health Care', country='US')
    dana = [rec('Dana Kim', 'email')]
    assert (await assign('r1', 'sales', german, dana, policy, WEDNESDAY, owners)).reason == 'crm_owner'  # type: ignore[union-attr]
    no_crm = policy.model_copy(update={'use_crm_owner': False})
    assert await assign('r2', 'sales', german, dana, no_crm, WEDNESDAY, owners) == Assignment(
        team='sales', owner='Jonas Weber', reason='territory:europe', member_id='jonas', hubspot_owner_id='16180339')
    # Wednesday 10:00 in New York, 07:00 in Los Angeles: Sam is not at work yet, Dana is.
    assert (await assign('r3', 'sales', texan, [], policy, WEDNESDAY, owners)).member_id == 'dana'  # type: ignore[union-attr]
    midnight = datetime(2026, 6, 11, 4, tzinfo=UTC)  # nobody in the US is working
    assert await assign('r4', 'sales', texan, [], policy, midnight, owners) == Assignment(
        team='sales', owner='Dana Kim', reason='fallback', member_id='dana', hubspot_owner_id='31415926')
    assert await assign('r5', 'sales', None, [], policy, midnight, owners) is not None  # no data: no territory
    bare = policy_with(members=[], territories=[])
    assert await assign('r6', 'sales', texan, [], bare, WEDNESDAY, owners) == Assignment(
        team='sales', owner='dana', reason='fallback')  # a name the policy does not know as a member


def test_a_territory_needs_the_data_it_names() -> None:
    policy = policy_with(territories=[
        {'id': 'big-hospitals', 'team': 'sales', 'employees_min': 1000, 'industries': ['Hospitals and Health Care'],
         'member': 'sam'},
        {'id': 'europe', 'team': 'sales', 'countries': ['DE'], 'member': 'jonas'},
    ])
    big, europe = policy.territories
    assert big.covers('sales', Enrichment(domain='x.com', employees=4800, industry='Hospital & Health Care'))
    assert not big.covers('sales', Enrichment(domain='x.com', employees=4800, industry='Software Development'))
    assert not big.covers('sales', Enrichment(domain='x.com', industry='Hospital & Health Care'))  # size unknown
    assert not big.covers('support', Enrichment(domain='x.com', employees=4800, industry='Hospital & Health Care'))
    assert europe.covers('sales', Enrichment(domain='x.de', country='Deutschland'))
    assert not europe.covers('sales', Enrichment(domain='x.de'))
    assert not europe.covers('sales', None)


# --- the store ------------------------------------------------------------------------------------------------------
async def test_a_run_asking_again_gets_its_member_and_the_round_moves_once(memdb: Database) -> None:
    owners = SqlRotation(memdb)
    weights = [('dana', 1), ('sam', 1)]
    first = await owners.pick('run-a', 'sales', weights, WEDNESDAY)
    assert [await owners.pick('run-a', 'sales', weights, WEDNESDAY) for _ in range(3)] == [first] * 3
    assert owners.counts('sales') == {first: 1, 'sam' if first == 'dana' else 'dana': 0}
    assert await owners.pick('run-b', 'sales', weights, WEDNESDAY) != first


async def test_the_round_survives_a_restart(tmp_path: Path) -> None:
    url = f'sqlite:///{tmp_path / "rr.db"}'
    picks: list[str] = []
    for i in range(4):  # a new process each time
        db = Database(url)
        prepare(db)
        picks.append(await SqlRotation(db).pick(f'run-{i}', 'sales', [('dana', 1), ('sam', 1)], WEDNESDAY))
        db.dispose()
    assert picks == ['dana', 'sam', 'dana', 'sam']


async def test_workers_picking_at_once_share_one_round(database_url: str) -> None:
    """Four workers (each its own connection pool) assign 60 leads at once: weights 2:1:1 hold exactly, as if the
    picks had run one after another (a lost update would show in the counts or the credits)."""
    dbs = [Database(database_url) for _ in range(4)]
    prepare(dbs[0])
    weights = [('dana', 2), ('jonas', 1), ('sam', 1)]
    try:
        picks = await asyncio.gather(*(SqlRotation(dbs[i % 4]).pick(f'run-{i}', 'sales', weights, WEDNESDAY)
                                       for i in range(60)))
        # Each run asks twice more (a resumed run, a retried approval): the round does not move again.
        again = await asyncio.gather(*(SqlRotation(dbs[(i + 1) % 4]).pick(f'run-{i}', 'sales', weights, WEDNESDAY)
                                       for i in range(60)))
        with dbs[0].engine.connect() as conn:
            state = {r.member_id: (r.credit, r.picks) for r in conn.execute(select(rotation))}
            stored = conn.execute(text('SELECT count(*) FROM rotation_picks')).scalar_one()
    finally:
        for db in dbs:
            db.dispose()
    assert again == picks and stored == 60
    assert Counter(picks) == {'dana': 30, 'jonas': 15, 'sam': 15}
    credits = [0, 0, 0]
    for _ in range(60):
        _, credits = weighted_pick(credits, [w for _, w in weights])
    assert state == {'dana': (credits[0], 30), 'jonas': (credits[1], 15), 'sam': (credits[2], 15)}


# --- booking link ---------------------------------------------------------------------------------------------------
HOSTILE_NAME = 'Ann "><script>alert(1)</script> & Co\nBcc: x@evil.example'


def test_the_booking_link_encodes_every_value_whole(policy: Policy) -> None:
    # Built past the validation (which folds a name's newline into a space): the link must hold whatever it gets.
    lead = example_lead('01-hospital-group-demo.json', email='ann+x@northpeakpt.com').model_copy(
        update={'name': HOSTILE_NAME})
    owner = Assignment(team='sales', owner='Dana Kim', reason='round_robin', member_id='dana')
    url = booking_url(owner, lead, policy)
    assert url == ('https://cal.com/careflow-dana/intro?name=Ann%20%22%3E%3Cscript%3Ealert%281%29%3C%2Fscript%3E'
                   '%20%26%20Co%0ABcc%3A%20x%40evil.example&email=ann%2Bx%40northpeakpt.com')
    assert booking_url(owner.model_copy(update={'member_id': 'luis'}), lead, policy) is None  # no link
    assert booking_url(None, lead, policy) is None
    template = ack_template(policy.email_templates['sales'], owner, url)
    assert template.body.endswith(f'Book a call with Dana Kim: {url}\n')
    assert ack_template(policy.email_templates['support'], owner, url) == policy.email_templates['support']


@pytest.mark.parametrize(('link', 'error'), [
    ('http://cal.com/dana?name={name}', 'https://'),
    ('https://cal.com/dana?name={phone}', 'unknown placeholder {phone}'),
    ('https://cal.com/dana?name={name!r}', 'no conversion or format spec'),
    ('https://cal.com/dana?name={name.__class__}', 'unknown placeholder'),
    ('https://cal.com/dana?name={name', 'bad booking link template'),
    ('javascript:alert(1)//{name}', 'https://'),
    ('https:///{name}', 'with a host'),
])
def test_a_bad_booking_link_is_refused_at_load(tmp_path: Path, link: str, error: str) -> None:
    text = (EXAMPLES / 'policy.yaml').read_text(encoding='utf-8')
    text = text.replace('https://cal.com/careflow-sam/intro?name={name}&email={email}', link)
    path = tmp_path / 'policy.yaml'
    path.write_text(text.replace('local:\n  companies: companies.yaml\n  crm_history: crm_history.yaml\n', ''),
                    encoding='utf-8')
    with pytest.raises(ConfigError, match=r'members\[1\]\.booking_link') as e:
        load_policy(path)
    assert error in str(e.value)


@pytest.mark.parametrize(('over', 'error'), [
    ({'members': [member('dana'), member('dana')]}, 'each id once'),
    ({'members': [member('dana', timezone='Mars/Olympus')]}, 'not an IANA time zone'),
    ({'members': [member('dana', working_hours={'start': '18:00', 'end': '09:00'})]}, 'end must be later'),
    ({'members': [member('dana')], 'territories': [{'id': 'x', 'team': 'sales', 'member': 'nobody'}]},
     "names 'nobody', who is not a member of team 'sales'"),
    ({'members': [member('dana')], 'territories': [{'id': 'x', 'team': 'sales', 'countries': ['UK'],
                                                    'member': 'dana'}]}, "did you mean 'GB'"),
    ({'members': [member('dana')], 'territories': [{'id': 'x', 'team': 'sales'}]}, 'set one of member or members'),
    ({'email_templates': {'sales': {'subject': 's', 'body': 'b', 'booking': 'Book {owner_name}'}}},
     'must contain {booking_link}'),
])
def test_members_and_territories_are_checked_at_load(over: dict[str, Any], error: str) -> None:
    with pytest.raises(ValueError, match=error):
        policy_with(**{'territories': [], **over})


def test_unquoted_yaml_hours_and_owner_ids_read_as_written(tmp_path: Path) -> None:
    text = (EXAMPLES / 'policy.yaml').read_text(encoding='utf-8')
    text = text.replace('start: "08:00", end: "18:00"', 'start: 8:00, end: 18:00')
    text = text.replace('hubspot_owner_id: "31415926"', 'hubspot_owner_id: 31415926')
    path = tmp_path / 'policy.yaml'
    path.write_text(text, encoding='utf-8')
    dana = load_policy(path).members[0]
    assert dana.working_hours is not None
    assert (dana.working_hours.start, dana.working_hours.end, dana.hubspot_owner_id) == (time(8), time(18), '31415926')
