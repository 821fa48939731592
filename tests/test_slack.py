from __future__ import annotations

import asyncio
import hashlib
import hmac
import itertools
import json
import logging
import re
import time
from collections.abc import AsyncIterator, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import quote, unquote

import httpx2
import pytest
from dirty_equals import IsPartialDict, IsStr
from inline_snapshot import Is, snapshot
from slack_bolt.async_app import AsyncApp, AsyncBoltRequest
from slack_sdk.http_retry.builtin_async_handlers import AsyncRateLimitErrorRetryHandler
from slack_sdk.signature import Clock, SignatureVerifier
from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy import select

from lead_agent import ConfigError, IntegrationError, Lead, Policy, TriageDeps, local_deps, triage
from lead_agent.models import Decision
from lead_agent.review import resolve
from lead_agent.slack import SlackNotifier, build_slack_app, check_sla, slack_messages
from lead_agent.store import Database, prepare
from lead_agent.store._schema import deliveries
from lead_agent.web import HostSettings, create_app

from .fakes.slack_server import (
    FakeSlackServer,
    Fault,
    api_error,
    channel_id,
    kept_unanswered,
    rate_limited,
    server_error,
    slow,
)
from .helpers import EXAMPLES, example_lead, fuzz_route, json_paths, json_put

SECRET = 'test-signing-secret'
T = datetime(2026, 11, 24, 21, 0, tzinfo=UTC)


@pytest.fixture
def notifier(sqlite_url: str, client: AsyncWebClient) -> Iterator[SlackNotifier]:
    """The notifier alone, on SQLite (the tests of Web API failures need no pipeline)."""
    db = Database(sqlite_url)
    prepare(db)
    yield SlackNotifier(db, client)
    db.dispose()


@pytest.fixture
def sdeps(policy: Policy, database_url: str, client: AsyncWebClient) -> Iterator[TriageDeps]:
    """Embedded defaults with the Slack notifier, every clock at T."""
    base = local_deps(policy, database_url=database_url)
    db = base.db
    yield replace(base, notifier=SlackNotifier(db, client, now=lambda: T), now=lambda: T)
    db.dispose()


def db_of(deps: TriageDeps) -> Database:
    assert isinstance(deps.notifier, SlackNotifier)
    return deps.notifier.db


def rows(where: TriageDeps | Database) -> list[dict[str, Any]]:
    db = where if isinstance(where, Database) else db_of(where)
    with db.engine.connect() as conn:
        return [dict(r) for r in conn.execute(select(slack_messages).order_by(slack_messages.c.id)).mappings()]


def lead(**fields: Any) -> Lead:
    data = json.loads((EXAMPLES / 'leads' / '01-hospital-group-demo.json').read_text())
    data.update(fields)
    return Lead.from_submission(data)


# --- posting ---------------------------------------------------------------------------------------------------------
async def test_summary_posted_through_the_pipeline_once(sdeps: TriageDeps, slack: FakeSlackServer) -> None:
    rec = await triage(example_lead('01-hospital-group-demo.json'), sdeps)
    assert rec.state == 'routed_sales'
    [post] = slack.calls('chat.postMessage')
    assert post == snapshot({
        'channel': '#founder-deals',
        'text': 'New high priority lead: Priya Raman · Haven Hospital Group',
        'metadata': {'event_type': 'lead_agent_post', 'event_payload': {'kind': 'slack_summary', 'run_id': rec.run_id}},
        'blocks': [
            {'type': 'header', 'text': {'type': 'plain_text', 'text': 'New lead: Priya Raman · Haven Hospital Group',
                                        'emoji': False}},
            {'type': 'section', 'fields': [
                {'type': 'mrkdwn', 'text': '*Priority:* :red_circle: high'},
                {'type': 'mrkdwn', 'text': '*Intent:* buying'},
                {'type': 'mrkdwn', 'text': '*Fit:* 100/100'},
                {'type': 'mrkdwn', 'text': '*Owner:* Maya Chen (round robin) · founder'},
            ]},
            {'type': 'section', 'text': {'type': 'plain_text', 'text': IsStr(regex=r'Buying lead, fit 100/100, .*'),
                                         'emoji': False}},
            {'type': 'context', 'elements': [
                {'type': 'mrkdwn', 'text': '<lead-agent://crm/contacts/1|Open CRM record>'},
            ]},
            {'type': 'actions', 'block_id': Is(f'lead:{rec.run_id}'), 'elements': [
                {'type': 'button', 'action_id': 'take_lead', 'style': 'primary', 'value': Is(rec.run_id),
                 'text': {'type': 'plain_text', 'text': 'Take this lead'}},
            ]},
        ],
        'mrkdwn': False,
    })  # fmt: skip
    summary = next(a for a in rec.actions if a.kind == 'slack_summary')
    assert summary.status == 'done' and summary.ref == f'{channel_id("#founder-deals")}:{rows(sdeps)[0]["ts"]}'
    assert slack.requests[0].headers['authorization'] == 'Bearer xoxb-test'

    assert rec.lead is not None and rec.decision is not None
    again = await sdeps.notifier.post_summary(rec.run_id, rec.lead, rec.classification, rec.decision,
                                              '#founder-deals', 'lead-agent://crm/contacts/1')
    assert again == summary.ref
    assert len(slack.calls('chat.postMessage')) == 1


HOSTILE = ('<!channel>', '<!here>', '@here', '@channel', '<http://evil.example|click>', '<@U0ADMIN>')


async def test_form_text_cannot_ping_or_link(sdeps: TriageDeps, slack: FakeSlackServer) -> None:
    base = lead()
    evil = lead(name='Priya <!channel> Raman', company='Haven @here <http://evil.example|click>',
                message=f'<!here> @channel <@U0ADMIN> {base.message} <http://evil.example|click>')
    rec = await triage(evil, sdeps)
    await sdeps.notifier.post_review('r-evil', evil, 'model said: <!channel> <http://evil.example|click>',
                                     '#lead-review')
    # Slack's own markup in a lead sends it to a person (directive:slack_markup); the review post encodes it too
    assert rec.state == 'review' and 'directive:slack_markup' in rec.flags and len(slack.requests) == 2
    for request in slack.requests:
        sent = request.raw.decode() + json.dumps(request.body, ensure_ascii=False)
        assert not [h for h in HOSTILE if h in sent]
        assert '&lt;!channel&gt;' in sent


async def test_long_text_stays_within_slack_limits(notifier: SlackNotifier, slack: FakeSlackServer) -> None:
    long = lead(name='N' * 400, company='C' * 400, message='word ' * 4000)
    decision = Decision(action='auto_route_sales', assigned_to='sales', priority='high')
    await notifier.post_summary('r-long', long, None, decision, '#sales-leads', None)
    await notifier.post_review('r-long', long, 'x' * 10_000, '#lead-review')
    for body in slack.calls('chat.postMessage'):
        assert len(body['text']) <= 3000
        for block in body['blocks']:
            if block['type'] == 'header':
                assert len(block['text']['text']) <= 150
            if block['type'] == 'section':
                texts = [block['text']] if 'text' in block else block['fields']
                assert all(len(t['text']) <= 3000 for t in texts)


async def test_channel_not_found_fails_the_run_into_review(sdeps: TriageDeps, slack: FakeSlackServer) -> None:
    slack.script(api_error('channel_not_found', method='chat.postMessage'))
    rec = await triage(example_lead('01-hospital-group-demo.json'), sdeps)
    assert rec.state == 'failed'
    assert rec.errors == ['act.slack_summary: IntegrationError: slack: chat.postMessage: channel_not_found (HTTP 200)']
    [item] = await sdeps.review.items()
    assert item.run_id == rec.run_id and 'channel_not_found' in item.reason
    # the review item itself reached Slack; the failed summary left no record, so an approval posts it again
    assert [(r['kind'], r['channel']) for r in rows(sdeps)] == [('slack_review', channel_id('#lead-review'))]


@dataclass(frozen=True)
class Case:
    fault: Fault
    error: str
    status: int | None


@pytest.mark.parametrize('case', [
    Case(api_error('channel_not_found'), 'channel_not_found', 200),
    Case(rate_limited(30), 'ratelimited', 429),
    Case(server_error(500), 'unexpected response', 500),
    Case(slow(5), 'TimeoutError', None),
], ids=['ok_false', '429', '500', 'timeout'])  # fmt: skip
async def test_web_api_failures_raise_integration_error(notifier: SlackNotifier, slack: FakeSlackServer,
                                                        case: Case) -> None:
    # slack_sdk annotates `timeout: int`, but hands it to aiohttp.ClientTimeout(total=...), a float
    notifier.client = AsyncWebClient(token='xoxb-test', base_url=slack.url + '/api/',
                                     timeout=0.5)  # pyright: ignore[reportArgumentType]
    slack.script(case.fault)
    with pytest.raises(IntegrationError) as info:
        await notifier.post_review('r1', None, 'unreadable', '#lead-review')
    assert info.value.service == 'slack' and info.value.status == case.status
    assert case.error in str(info.value)
    assert rows(notifier.db) == []
    assert await notifier.post_review('r1', None, 'unreadable', '#lead-review') == IsStr(regex=r'C\w+:\d+\.\d{6}')


async def test_not_authed_without_a_token(notifier: SlackNotifier, slack: FakeSlackServer) -> None:
    notifier.client = AsyncWebClient(base_url=slack.url + '/api/')
    with pytest.raises(IntegrationError, match='not_authed'):
        await notifier.post_review('r1', None, 'unreadable', '#lead-review')


async def test_retry_after_is_honoured_by_the_sdk_retry_handler(notifier: SlackNotifier, slack: FakeSlackServer
                                                                ) -> None:
    notifier.client = AsyncWebClient(token='xoxb-test', base_url=slack.url + '/api/',
                                     retry_handlers=[AsyncRateLimitErrorRetryHandler(max_retry_count=1)])
    slack.script(rate_limited(1))
    started = time.monotonic()
    assert await notifier.post_review('r1', None, 'unreadable', '#lead-review')
    assert time.monotonic() - started >= 1 and len(slack.calls('chat.postMessage')) == 2


# --- signed requests and the Bolt app ------------------------------------------------------------------------------
def sign(body: str, secret: str = SECRET, timestamp: int | None = None) -> dict[str, str]:
    """The headers Slack sends: v0 HMAC-SHA256 of `v0:{timestamp}:{body}`."""
    ts = str(int(time.time()) if timestamp is None else timestamp)
    digest = hmac.new(secret.encode(), f'v0:{ts}:{body}'.encode(), hashlib.sha256).hexdigest()
    return {'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': ts,
            'x-slack-signature': f'v0={digest}'}


def test_signature_matches_slacks_published_vector() -> None:
    body = ('token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V'
            '&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text='
            '&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554'
            '%2F96rGlfmibIGlgcZRskXaIFfN'
            '&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c')
    headers = sign(body, '8f742231b10e8888abcd99yyyzzz85a5', 1531420618)
    assert headers['x-slack-signature'] == 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503'

    class Pinned(Clock):
        def now(self) -> float:
            return 1531420618

    verifier = SignatureVerifier('8f742231b10e8888abcd99yyyzzz85a5', clock=Pinned())
    assert verifier.is_valid_request(body, headers)
    assert not verifier.is_valid_request(body.replace('roadrunner', 'coyote'), headers)


_CLICKS = itertools.count(840180)


def block_actions(action_id: str, run_id: str, *, user: str = 'UA8RXUSPL', username: str = 'jtorrance',
                  channel: str = 'CBR2V3XEX', message_ts: str = '1548261231.000200') -> str:
    """A block_actions form body shaped like Slack's documented example (specs/payloads/slack_block_actions.json)."""
    payload = {
        'type': 'block_actions', 'team': {'id': 'T9TK3CUKW', 'domain': 'example'},
        'user': {'id': user, 'username': username, 'team_id': 'T9TK3CUKW'},
        'api_app_id': 'AABA1ABCD', 'token': '9s8d9as89d8as9d8as989',
        'container': {'type': 'message', 'message_ts': message_ts, 'channel_id': channel, 'is_ephemeral': False},
        'trigger_id': '12321423423.333649436676.d8c1bb837935619ccad0f624c448ffb3',
        'channel': {'id': channel, 'name': 'lead-review'},
        'message': {'bot_id': 'B0FAKEBOT', 'type': 'message', 'text': 'New lead', 'user': 'U0FAKEBOT',
                    'ts': message_ts},
        'response_url': 'https://hooks.slack.com/actions/AABA1ABCD/1232321423432/D09sSasdasdAS9091209',
        'actions': [{'action_id': action_id, 'block_id': f'lead:{run_id}', 'value': run_id, 'type': 'button',
                     'text': {'type': 'plain_text', 'text': 'Take this lead', 'emoji': True},
                     'action_ts': f'1548426417.{next(_CLICKS):06d}'}],  # each click its own
    }  # fmt: skip
    return 'payload=' + quote(json.dumps(payload), safe='')


def bolt_headers(headers: dict[str, str]) -> dict[str, str | Sequence[str]]:
    """The headers as `AsyncBoltRequest` types them (a value may be a list)."""
    return dict[str, str | Sequence[str]](headers)


async def click(app: AsyncApp, body: str, headers: dict[str, str] | None = None) -> int:
    response = await app.async_dispatch(AsyncBoltRequest(body=body, headers=bolt_headers(headers or sign(body))))
    return response.status


@pytest.fixture
def app(sdeps: TriageDeps) -> AsyncApp:
    return build_slack_app(sdeps, signing_secret=SECRET, process_before_response=True)


async def test_take_lead_first_click_wins(sdeps: TriageDeps, slack: FakeSlackServer, app: AsyncApp) -> None:
    rec = await triage(example_lead('01-hospital-group-demo.json'), sdeps)
    [row] = rows(sdeps)
    assert await click(app, block_actions('take_lead', rec.run_id, user='U0DANA', username='dana')) == 200
    [update] = slack.calls('chat.update')
    assert (update['channel'], update['ts'], update['text']) == (row['channel'], row['ts'], 'Taken by dana')
    assert update['blocks'][-1] == {'type': 'context', 'elements': [{'type': 'mrkdwn',
                                                                     'text': ':white_check_mark: Taken by <@U0DANA>'}]}
    assert not [b for b in update['blocks'] if b['type'] == 'actions']
    assert slack.message(row['channel'], row['ts'])['blocks'] == update['blocks']  # type: ignore[index]
    assert rows(sdeps)[0] == IsPartialDict(taken_by='U0DANA', taken_by_name='dana', taken_at=T)

    assert await click(app, block_actions('take_lead', rec.run_id, user='U0LUIS', username='luis')) == 200
    assert len(slack.calls('chat.update')) == 1
    [reply] = slack.calls('chat.postEphemeral')
    assert reply == {'channel': 'CBR2V3XEX', 'user': 'U0LUIS', 'text': 'This lead was already taken by <@U0DANA>.'}
    assert rows(sdeps)[0]['taken_by'] == 'U0DANA'


async def test_simultaneous_clicks_take_the_lead_once(sdeps: TriageDeps, slack: FakeSlackServer, app: AsyncApp
                                                      ) -> None:
    rec = await triage(example_lead('01-hospital-group-demo.json'), sdeps)
    users = [f'U0USER{i}' for i in range(5)]
    statuses = await asyncio.gather(*(click(app, block_actions('take_lead', rec.run_id, user=u)) for u in users))
    assert statuses == [200] * 5
    assert len(slack.calls('chat.update')) == 1 and len(slack.calls('chat.postEphemeral')) == 4
    assert rows(sdeps)[0]['taken_by'] in users


async def test_approve_from_slack_routes_the_lead(sdeps: TriageDeps, slack: FakeSlackServer, app: AsyncApp) -> None:
    rec = await triage(example_lead('06-free-email-buyer.json'), sdeps)
    assert rec.state == 'review'
    [review] = rows(sdeps)
    assert await click(app, block_actions('approve_sales', rec.run_id, user='U0MAYA', username='maya')) == 200

    after = await sdeps.runs.get(rec.run_id)
    assert after is not None and after.state == 'routed_sales'
    assert [c['email'] for c in sdeps.crm.contacts()] == [rec.lead.email]  # type: ignore[attr-defined, union-attr]
    [item] = await sdeps.review.items(None)
    assert (item.status, item.decided_to, item.decided_by) == ('approved', 'sales', 'slack:U0MAYA')
    [update] = slack.calls('chat.update')
    assert (update['channel'], update['ts']) == (review['channel'], review['ts'])
    assert update['blocks'][-1]['elements'][0]['text'] == '*Approved → sales* by <@U0MAYA> · run routed_sales'
    assert not [b for b in update['blocks'] if b['type'] == 'actions']
    assert [p['channel'] for p in slack.calls('chat.postMessage')] == ['#lead-review', '#sales-leads']

    assert await click(app, block_actions('reject', rec.run_id, user='U0LUIS')) == 200
    [reply] = slack.calls('chat.postEphemeral')
    assert reply['text'] == f'run {rec.run_id} was already approved by slack:U0MAYA'
    assert (await sdeps.runs.get(rec.run_id)).state == 'routed_sales'  # type: ignore[union-attr]


async def test_a_decision_made_off_slack_closes_the_review_post(sdeps: TriageDeps, slack: FakeSlackServer) -> None:
    """helper-59: a decision on the review page or with the CLI left the Slack post's Approve/Reject buttons live.
    Both now update the post as a click in Slack does (`update_review_post`, after `resolve`)."""
    from lead_agent.review import resolve
    from lead_agent.slack import update_review_post

    rec = await triage(example_lead('06-free-email-buyer.json'), sdeps)
    [review] = rows(sdeps)
    done = await resolve(rec.run_id, 'reject', sdeps, by='luis <!channel>')
    await update_review_post(sdeps, done, 'Rejected', 'luis <!channel>')
    [update] = slack.calls('chat.update')
    assert (update['channel'], update['ts']) == (review['channel'], review['ts'])
    assert update['blocks'][-1]['elements'][0]['text'] == '*Rejected* by luis &lt;!channel&gt; · run rejected'
    assert not [b for b in update['blocks'] if b['type'] == 'actions']


async def test_failed_approval_keeps_the_buttons(sdeps: TriageDeps, slack: FakeSlackServer, app: AsyncApp) -> None:
    rec = await triage(example_lead('06-free-email-buyer.json'), sdeps)
    slack.script(api_error('channel_not_found', method='chat.postMessage'))  # the summary to #sales-leads
    assert await click(app, block_actions('approve_sales', rec.run_id, user='U0MAYA')) == 200
    after = await sdeps.runs.get(rec.run_id)
    assert after is not None and after.state == 'failed'
    [item] = await sdeps.review.items()
    assert item.status == 'open' and 'channel_not_found' in item.reason
    [update] = slack.calls('chat.update')
    assert [b['type'] for b in update['blocks']] == ['header', 'section', 'actions', 'context']
    assert 'back in the queue' in update['blocks'][-1]['elements'][0]['text']


async def test_a_restore_puts_the_review_posts_buttons_back_and_a_click_sent_again_is_not_acted_on(
        sdeps: TriageDeps, slack: FakeSlackServer, app: AsyncApp, caplog: pytest.LogCaptureFixture) -> None:
    """helper-199: restored on the review page, the lead's Slack post still said "Rejected by ..." with no button;
    and the signed Reject, sent again within Slack's 5 minutes, rejected the restored lead again."""
    from fastapi import FastAPI

    from lead_agent.web.review import review_router

    rec = await triage(example_lead('06-free-email-buyer.json'), sdeps)
    [review] = rows(sdeps)
    reject = block_actions('reject', rec.run_id, user='U0MAYA', username='maya')
    reject_headers = sign(reject)
    assert await click(app, reject, reject_headers) == 200
    assert (await sdeps.runs.get(rec.run_id)).state == 'rejected'  # type: ignore[union-attr]

    host = FastAPI()
    host.include_router(review_router(sdeps, users={'dana': 'pw'}, secret_key='k'))
    async with httpx2.AsyncClient(transport=httpx2.ASGITransport(app=host), base_url='http://testserver',
                                  auth=('dana', 'pw'), follow_redirects=True) as web:
        token = re.search(r'name="csrf_token" value="([^"]+)"', (await web.get('/review')).text)
        assert token is not None
        restored = await web.post(f'/review/{rec.run_id}/restore', data={'csrf_token': token.group(1)})
        assert restored.status_code == 200 and 'Restored to the queue' in restored.text
    rejected, back = slack.calls('chat.update')
    assert (back['channel'], back['ts'], back['text']) == (review['channel'], review['ts'], 'Restored by dana')
    assert [b['type'] for b in back['blocks']] == ['header', 'section', 'actions', 'context']
    assert back['blocks'][:-1] == json.loads(review['blocks'])  # the post as it was posted, buttons and all
    assert back['blocks'][-1]['elements'][0]['text'] == '*Restored* by dana · back in review'
    assert 'actions' not in [b['type'] for b in rejected['blocks']]

    with caplog.at_level(logging.WARNING, 'lead_agent.slack'):
        assert await click(app, reject, reject_headers) == 200  # the very same signed request
    assert 'a Slack click was delivered again (the same signed request): ignored' in caplog.messages
    after = await sdeps.runs.get(rec.run_id)
    assert after is not None and after.state == 'review'
    [item] = await sdeps.review.items()
    assert item.status == 'open'
    assert len(slack.calls('chat.update')) == 2 and not slack.calls('chat.postEphemeral')

    assert await click(app, block_actions('reject', rec.run_id, user='U0MAYA', username='maya')) == 200  # a new click
    assert (await sdeps.runs.get(rec.run_id)).state == 'rejected'  # type: ignore[union-attr]


async def test_a_take_shows_the_members_name_and_says_why_a_lead_in_review_cannot_be_taken(
        sdeps: TriageDeps, slack: FakeSlackServer, app: AsyncApp) -> None:
    """helper-199: "Taken by ..." showed the Slack handle the clicker chose; a Take on a lead in review said it was
    "not known here"."""
    routed = await triage(example_lead('01-hospital-group-demo.json'), sdeps)
    assert await click(app, block_actions('take_lead', routed.run_id, user='U0DANAKIM', username='Sam Patel')) == 200
    [update] = slack.calls('chat.update')
    assert update['text'] == 'Taken by Dana Kim'  # the policy's member with that Slack id
    assert rows(sdeps)[0]['taken_by_name'] == 'Dana Kim'

    in_review = await triage(example_lead('06-free-email-buyer.json'), sdeps)
    assert await click(app, block_actions('take_lead', in_review.run_id, user='U0LUIS')) == 200
    [reply] = slack.calls('chat.postEphemeral')
    assert reply['text'] == (f'This lead is in review (run {in_review.run_id[:12]}), not routed: approve it first, '
                             'then take it.')
    assert await click(app, block_actions('take_lead', 'no-such-run', user='U0LUIS')) == 200
    assert slack.calls('chat.postEphemeral')[-1]['text'] == 'This lead is not known here.'


def test_the_app_needs_the_slack_notifier(policy: Policy, sqlite_url: str) -> None:
    deps = local_deps(policy, database_url=sqlite_url)
    with pytest.raises(ConfigError, match='SlackNotifier'):
        build_slack_app(deps, signing_secret=SECRET)
    deps.db.dispose()  # type: ignore[attr-defined]


def test_the_app_says_nothing_of_the_token_its_client_holds(sdeps: TriageDeps, caplog: pytest.LogCaptureFixture,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """helper-93: Bolt read SLACK_BOT_TOKEN itself and warned at every start that it goes unused beside the client
    (which holds that token)."""
    monkeypatch.setenv('SLACK_BOT_TOKEN', 'xoxb-test')
    with caplog.at_level(logging.WARNING):
        build_slack_app(sdeps, signing_secret=SECRET)
        build_slack_app(sdeps, signing_secret=SECRET)
    assert caplog.records == []


async def test_reject_from_slack(sdeps: TriageDeps, slack: FakeSlackServer, app: AsyncApp) -> None:
    rec = await triage(example_lead('11-student.json'), sdeps)
    assert await click(app, block_actions('reject', rec.run_id, user='U0MAYA', username='maya')) == 200
    after = await sdeps.runs.get(rec.run_id)
    assert after is not None and after.state == 'rejected'
    assert after.reviewed is not None and after.reviewed.decided_by == 'slack:U0MAYA'
    [update] = slack.calls('chat.update')
    assert update['text'] == 'Rejected by maya'
    assert sdeps.crm.contacts() == []  # type: ignore[attr-defined]


@pytest.mark.parametrize('tamper', ['body', 'secret', 'stale', 'future', 'unsigned'])
async def test_unsigned_or_stale_requests_are_refused(sdeps: TriageDeps, slack: FakeSlackServer, app: AsyncApp,
                                                      tamper: str) -> None:
    rec = await triage(example_lead('01-hospital-group-demo.json'), sdeps)
    before = len(slack.requests)
    body = block_actions('take_lead', rec.run_id)
    # (a minute past Slack's five, not a second: `now` is truncated, and a slow machine reached the check over a second
    # later, when 'now + 301' was within the five minutes: a red CI run on 746ace5)
    now = int(time.time())
    headers = {
        'body': sign(body), 'secret': sign(body, 'not-the-secret'), 'stale': sign(body, timestamp=now - 301),
        'future': sign(body, timestamp=now + 360), 'unsigned': {'content-type': sign(body)['content-type']},
    }[tamper]  # fmt: skip
    if tamper == 'body':
        body = body.replace('UA8RXUSPL', 'U0MALLORY')
    response = await app.async_dispatch(AsyncBoltRequest(body=body, headers=bolt_headers(headers)))
    assert (response.status, json.loads(response.body)) == (401, {'error': 'invalid request'})
    assert len(slack.requests) == before and rows(sdeps)[0]['taken_by'] is None


@pytest.fixture
async def slack_host(sdeps: TriageDeps, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[httpx2.AsyncClient]:
    """The webhook host's `/slack/events` route over the fake Slack, as `lead-agent serve` mounts it (acks first)."""
    monkeypatch.setenv('LEAD_AGENT_POLICY', str(EXAMPLES / 'policy.yaml'))
    monkeypatch.setenv('LEAD_AGENT_WORKER', 'external')
    monkeypatch.setenv('SLACK_BOT_TOKEN', 'xoxb-test')
    monkeypatch.setenv('SLACK_SIGNING_SECRET', SECRET)
    app = create_app(HostSettings(), deps=sdeps)  # pyright: ignore[reportCallIssue]
    async with app.router.lifespan_context(app), \
            httpx2.AsyncClient(transport=httpx2.ASGITransport(app=app), base_url='http://testserver') as c:
        yield c


async def test_the_hosts_route_acks_first_and_works_on(sdeps: TriageDeps, slack: FakeSlackServer,
                                                      slack_host: httpx2.AsyncClient) -> None:
    rec = await triage(example_lead('02-physio-pricing.json'), sdeps)
    body = block_actions('take_lead', rec.run_id, user='U0DANA')
    assert (await slack_host.post('/slack/events', content=body, headers=sign(body))).status_code == 200
    for _ in range(200):  # the listener goes on after the ack
        if slack.calls('chat.update'):
            break
        await asyncio.sleep(0.01)
    assert rows(sdeps)[0]['taken_by'] == 'U0DANA' and len(slack.calls('chat.update')) == 1


async def test_the_hosts_route_acts_once_on_a_click_delivered_twice(sdeps: TriageDeps, slack: FakeSlackServer,
                                                                    slack_host: httpx2.AsyncClient) -> None:
    """As `lead-agent serve` mounts it (Bolt's Starlette adapter, its headers): the same signed request twice."""
    rec = await triage(example_lead('06-free-email-buyer.json'), sdeps)
    body = block_actions('reject', rec.run_id, user='U0MAYA')
    headers = sign(body)
    for _ in range(2):
        assert (await slack_host.post('/slack/events', content=body, headers=headers)).status_code == 200
    for _ in range(200):  # the listeners go on after the ack
        if slack.calls('chat.update'):
            break
        await asyncio.sleep(0.01)
    await asyncio.sleep(0.2)
    assert len(slack.calls('chat.update')) == 1 and not slack.calls('chat.postEphemeral')
    with db_of(sdeps).engine.connect() as conn:
        assert conn.execute(select(deliveries.c.run_id).where(deliveries.c.delivery_id.startswith('slack-click:'))
                            ).scalars().all() == [rec.run_id]


async def test_a_dry_run_host_with_slack_set_starts_and_serves_no_buttons(
        sdeps: TriageDeps, slack: FakeSlackServer, monkeypatch: pytest.MonkeyPatch) -> None:
    """`LEAD_AGENT_DRY_RUN` beside Slack's token and secret: the host used to fail at start-up (its notifier is the
    outbox). It starts; its Slack route is not served, so a click on a live post decides nothing from it."""
    from lead_agent.shadow import dry_run_deps

    monkeypatch.setenv('LEAD_AGENT_POLICY', str(EXAMPLES / 'policy.yaml'))
    monkeypatch.setenv('LEAD_AGENT_WORKER', 'external')
    monkeypatch.setenv('SLACK_BOT_TOKEN', 'xoxb-test')
    monkeypatch.setenv('SLACK_SIGNING_SECRET', SECRET)
    rec = await triage(example_lead('02-physio-pricing.json'), sdeps)  # live: its post has the button
    app = create_app(HostSettings(), deps=dry_run_deps(sdeps))  # pyright: ignore[reportCallIssue]
    async with app.router.lifespan_context(app), \
            httpx2.AsyncClient(transport=httpx2.ASGITransport(app=app), base_url='http://testserver') as c:
        assert (await c.get('/healthz')).status_code == 200
        body = block_actions('take_lead', rec.run_id, user='U0DANA')
        assert (await c.post('/slack/events', content=body, headers=sign(body))).status_code == 404
    assert rows(sdeps)[0]['taken_by'] is None and slack.calls('chat.update') == []


@pytest.mark.filterwarnings('ignore::hypothesis.errors.HypothesisDeprecationWarning')  # as test_host's fuzz
def test_no_5xx_for_any_headers_and_body_on_the_slack_route(sdeps: TriageDeps, slack: FakeSlackServer,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """Hypothesis on `/slack/events` as the host mounts it: Slack's documented click (each button, on a real run)
    with values swapped, other form bodies, JSON (events), bytes and broken encodings; signed right, stale, garbled
    or not at all; any header values. Never a 5xx, and some requests get each of 200, 400 and 401."""
    from collections import Counter

    from hypothesis import strategies as st
    from starlette.testclient import TestClient

    monkeypatch.setenv('LEAD_AGENT_POLICY', str(EXAMPLES / 'policy.yaml'))
    monkeypatch.setenv('LEAD_AGENT_WORKER', 'external')
    monkeypatch.setenv('SLACK_BOT_TOKEN', 'xoxb-test')
    monkeypatch.setenv('SLACK_SIGNING_SECRET', SECRET)
    run_id = asyncio.run(triage(example_lead('02-physio-pricing.json'), sdeps)).run_id
    app = create_app(HostSettings(), deps=sdeps)  # pyright: ignore[reportCallIssue]
    values = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=40),
                          lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner,
                                                                                      max_size=4), max_leaves=10)
    header_values = st.binary(max_size=48).map(lambda b: b.translate(None, b'\r\n\0')) | st.sampled_from(
        [b'9' * 400, b'-1', b'', b'v0=', b'application/json', b'application/x-www-form-urlencoded'])
    actions = st.sampled_from(['take_lead', 'approve_sales', 'approve_support', 'approve_founder', 'reject', 'other'])

    @st.composite
    def bodies(draw: st.DrawFn) -> bytes:
        kind = draw(st.sampled_from(['click', 'click', 'click', 'form', 'json', 'bytes', 'broken', 'deep']))
        if kind == 'deep':  # helper-53: Bolt's json.loads raised RecursionError (a 500, signed or not)
            depth, opener = draw(st.integers(1, 6000)), draw(st.sampled_from(['[', '{"a":']))
            doc = opener * depth + ('1' if opener != '[' else '') + (']' if opener == '[' else '}') * depth
            return (doc if draw(st.booleans()) else 'payload=' + quote(doc, safe='')).encode()
        if kind == 'form':
            return '&'.join(f'{quote(k)}={quote(v)}' for k, v in draw(
                st.dictionaries(st.sampled_from(['payload', 'token', 'command', 'text', 'type']), st.text(max_size=60),
                                max_size=3)).items()).encode()
        if kind == 'json':
            return json.dumps(draw(values)).encode()
        if kind == 'bytes':
            return draw(st.binary(max_size=300))
        doc = json.loads(unquote(block_actions(draw(actions), run_id).removeprefix('payload=')))
        for _ in range(draw(st.integers(0, 3))):
            doc = json_put(doc, draw(st.sampled_from(json_paths(doc))), draw(values))
        body = 'payload=' + quote(json.dumps(doc, ensure_ascii=draw(st.booleans())), safe='')
        if kind == 'broken':
            at = draw(st.integers(0, len(body)))
            return body[:at].encode() + draw(st.sampled_from([b'\xff', b'%FF', b'%ED%A0%80', b'\\ud800'])) + \
                body[at:].encode()
        return body.encode()

    @st.composite
    def requests(draw: st.DrawFn) -> tuple[bytes, dict[str, bytes]]:
        body = draw(bodies())
        how = draw(st.sampled_from(['signed', 'signed', 'signed', 'stale', 'garbled', 'unsigned']))
        ts = int(time.time()) - (draw(st.integers(301, 10**9)) if how == 'stale' else 0)
        digest = hmac.new(SECRET.encode(), f'v0:{ts}:'.encode() + body, hashlib.sha256).hexdigest()
        headers = {} if how == 'unsigned' else {'x-slack-request-timestamp': str(ts).encode(),
                                                'x-slack-signature': f'v0={digest}'.encode()}
        if how == 'garbled':
            headers = {k: draw(header_values) for k in headers}
        headers['content-type'] = draw(st.sampled_from([b'application/x-www-form-urlencoded', b'application/json',
                                                        b'text/plain']) | header_values)
        return body, headers

    statuses: Counter[int] = Counter()
    failures: list[str] = []
    with TestClient(app, raise_server_exceptions=False) as session:
        fuzz_route(session, '/slack/events', requests(), 200, statuses, failures)
    print(f'slack fuzz: {sum(statuses.values())} requests, {sorted(statuses.items())}, {len(failures)} 5xx')
    assert failures == []
    assert {200, 400, 401} <= set(statuses)


async def test_every_copy_of_the_slack_timestamp_header_is_checked(slack_host: httpx2.AsyncClient) -> None:
    """helper-53: a sane first copy passed the host's check, and Bolt read the last, 400 digits long: a 500."""
    body = 'payload=%7B%7D'
    for stamps in ([str(int(time.time())), '9' * 400], ['9' * 400, str(int(time.time()))]):
        headers = [('x-slack-request-timestamp', stamp) for stamp in stamps] + [
            ('x-slack-signature', 'v0=00'), ('content-type', 'application/x-www-form-urlencoded')]
        assert (await slack_host.post('/slack/events', content=body, headers=headers)).status_code == 401


def _click(actions: Any) -> str:
    payload = {'type': 'block_actions', 'user': {'id': 'U0DANA', 'username': 'dana'}, 'actions': actions,
               'container': {'type': 'message', 'channel_id': 'C1', 'message_ts': '1.2'}}
    return 'payload=' + quote(json.dumps(payload), safe='')


@pytest.mark.parametrize(('body', 'status', 'reply'), [
    (b'payload=not-json', 400, None),
    (b'payload=%FF%FE', 400, None),
    (b'\xff\xfe=x', 400, None),
    (_click([]).encode(), 400, None),
    (_click([{'action_id': 'take_lead', 'block_id': 'lead:x'}]).encode(), 200, 'This button names no lead known here.'),
    (_click([{'action_id': 'take_lead', 'value': 'ab\x00cd'}]).encode(), 200, 'This button names no lead known here.'),
    (_click([{'action_id': 'reject', 'value': ['r1']}]).encode(), 200, 'This button names no lead known here.'),
    (_click([{'action_id': 'take_lead', 'value': 'r' * 41}]).encode(), 200, 'This button names no lead known here.'),
], ids=['not-json', 'not-utf8-payload', 'not-utf8-body', 'no-actions', 'no-value', 'nul', 'value-not-a-string',
        'too-long'])
async def test_a_signed_click_the_host_cannot_use_is_refused_never_a_500(
        slack: FakeSlackServer, slack_host: httpx2.AsyncClient, body: bytes, status: int, reply: str | None) -> None:
    """Slack signs what it sends, yet Bolt parsed the body before any check, and the listeners indexed the click:
    each of these was a 500 (on PostgreSQL the NUL reached a query). The clicker is told, on each database."""
    headers = sign(body.decode('utf-8', 'surrogateescape')) if body.isascii() else _sign_bytes(body)
    assert (await slack_host.post('/slack/events', content=body, headers=headers)).status_code == status
    for _ in range(200):
        if slack.calls('chat.postEphemeral') or reply is None:
            break
        await asyncio.sleep(0.01)
    assert [c['text'] for c in slack.calls('chat.postEphemeral')] == ([reply] if reply else [])


def _sign_bytes(body: bytes) -> dict[str, str]:
    ts = str(int(time.time()))
    digest = hmac.new(SECRET.encode(), f'v0:{ts}:'.encode() + body, hashlib.sha256).hexdigest()
    return {'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': ts,
            'x-slack-signature': f'v0={digest}'}


# --- SLA -----------------------------------------------------------------------------------------------------------
async def test_sla_repings_then_escalates_once(sdeps: TriageDeps, slack: FakeSlackServer, client: AsyncWebClient,
                                               policy: Policy) -> None:
    rec = await triage(example_lead('02-physio-pricing.json'), sdeps)
    [summary] = rows(sdeps)
    db = db_of(sdeps)
    assert await check_sla(db, client, policy, T + timedelta(minutes=10)) == []

    assert await check_sla(db, client, policy, T + timedelta(minutes=16)) == [(rec.run_id, 'repinged')]
    reping = slack.calls('chat.postMessage')[-1]
    assert reping == {'channel': summary['channel'], 'thread_ts': summary['ts'],
                      'text': 'Still unassigned after 16 min', 'mrkdwn': False,
                      'metadata': {'event_type': 'lead_agent_post',
                                   'event_payload': {'run_id': rec.run_id, 'kind': 'slack_reping'}}}

    assert await check_sla(db, client, policy, T + timedelta(minutes=31)) == [(rec.run_id, 'escalated')]
    escalation = slack.calls('chat.postMessage')[-1]
    assert escalation['channel'] == '#founder-deals'
    head = escalation['blocks'][0]['text']['text']
    assert head == f':rotating_light: *Still unassigned after 31 min* in <#{summary["channel"]}>'
    assert escalation['blocks'][1:] == json.loads(summary['blocks'])  # the summary, Take button included

    assert await check_sla(db, client, policy, T + timedelta(minutes=60)) == []
    assert len(slack.calls('chat.postMessage')) == 3
    after = rows(sdeps)[0]
    assert (after['repinged_at'], after['escalated_at']) == (T + timedelta(minutes=16), T + timedelta(minutes=31))

    # taking it from the escalation updates both messages
    app = build_slack_app(sdeps, signing_secret=SECRET, process_before_response=True)
    assert await click(app, block_actions('take_lead', rec.run_id, user='U0MAYA')) == 200
    updated = {(u['channel'], u['ts']) for u in slack.calls('chat.update')}
    assert updated == {(r['channel'], r['ts']) for r in rows(sdeps)} and len(updated) == 2


async def test_sla_never_pings_a_taken_lead(sdeps: TriageDeps, slack: FakeSlackServer, client: AsyncWebClient,
                                            policy: Policy, app: AsyncApp) -> None:
    rec = await triage(example_lead('02-physio-pricing.json'), sdeps)
    assert await click(app, block_actions('take_lead', rec.run_id, user='U0DANA')) == 200
    for minutes in (16, 31, 90):
        assert await check_sla(db_of(sdeps), client, policy, T + timedelta(minutes=minutes)) == []
    assert len(slack.calls('chat.postMessage')) == 1


async def test_sla_retries_a_failed_reping(sdeps: TriageDeps, slack: FakeSlackServer, client: AsyncWebClient,
                                           policy: Policy) -> None:
    rec = await triage(example_lead('02-physio-pricing.json'), sdeps)
    slack.script(api_error('not_in_channel', method='chat.postMessage'))
    assert await check_sla(db_of(sdeps), client, policy, T + timedelta(minutes=16)) == []
    assert rows(sdeps)[0]['repinged_at'] is None
    assert await check_sla(db_of(sdeps), client, policy, T + timedelta(minutes=17)) == [(rec.run_id, 'repinged')]


def test_an_unreadable_inputs_review_post_offers_reject_only() -> None:
    """helper-67: the post for unreadable input offered Approve buttons that could only be refused."""
    from lead_agent.notify import review_blocks

    def buttons(lead: Lead | None) -> list[str]:
        return [e['action_id'] for e in review_blocks('r1', lead, 'why')[-1]['elements']]

    assert buttons(None) == ['reject']
    assert buttons(Lead(email='a@havenhospitals.com', message='hi')) == [
        'approve_sales', 'approve_support', 'approve_founder', 'reject']


# --- a post whose answer was lost is looked for before it is made again ------------------------------------------------
def _summaries(slack: FakeSlackServer, channel: str) -> list[dict[str, Any]]:
    return [m for m in slack.messages(channel) if m['text'].startswith('New ')]


async def _lost_answer(sdeps: TriageDeps, slack: FakeSlackServer, *faults: Fault,
                       retry_for: float = 30.0) -> tuple[TriageDeps, Any]:
    """One lead posted normally (Slack's id for the channel is then known), then a second whose first post Slack
    keeps but answers only after the action timed out; the pipeline retries it for `retry_for` seconds."""
    first = await triage(example_lead('01-hospital-group-demo.json'), sdeps)
    assert first.state == 'routed_sales'
    deps = replace(sdeps, action_timeout=1.0, retry_for=retry_for)
    slack.script(kept_unanswered(2.5), *faults)
    rec = await triage(example_lead('01-hospital-group-demo.json', email='omar.haddad@havenhospitals.com'), deps)
    return deps, rec


async def test_a_post_slack_kept_but_never_answered_is_not_posted_again(
        sdeps: TriageDeps, slack: FakeSlackServer, caplog: pytest.LogCaptureFixture) -> None:
    _, rec = await _lost_answer(sdeps, slack)
    assert rec.state == 'routed_sales', rec.errors
    posts = _summaries(slack, '#founder-deals')
    assert [p['metadata']['event_payload']['run_id'] for p in posts].count(rec.run_id) == 1  # once, not twice
    assert len(slack.calls('chat.postMessage')) == 2 and len(slack.calls('conversations.history')) == 1
    [done] = [a for a in rec.actions if a.kind == 'slack_summary']
    [kept] = [p for p in posts if p['metadata']['event_payload']['run_id'] == rec.run_id]
    assert done.status == 'done' and done.ref == f'{channel_id("#founder-deals")}:{kept["ts"]}'
    assert [r['ts'] for r in rows(sdeps) if r['run_id'] == rec.run_id] == [kept['ts']]  # its buttons work on it
    assert 'was in Slack already' in caplog.text


async def test_without_the_history_scopes_the_post_is_made_again_and_said_once(
        sdeps: TriageDeps, slack: FakeSlackServer, caplog: pytest.LogCaptureFixture,
        monkeypatch: pytest.MonkeyPatch) -> None:
    import lead_agent.slack as slack_module

    monkeypatch.setattr(slack_module, '_unsearchable', set[str]())  # a fresh process: not warned yet
    slack.scopes = 'chat:write,chat:write.public'
    _, rec = await _lost_answer(sdeps, slack)
    assert rec.state == 'routed_sales', rec.errors
    runs = [p['metadata']['event_payload']['run_id'] for p in _summaries(slack, '#founder-deals')]
    assert runs.count(rec.run_id) == 2  # what happened before: Slack's API has no idempotency key
    assert caplog.text.count('cannot be looked for (conversations.history: missing_scope)') == 1


async def test_a_lost_first_post_to_a_named_channel_is_found_by_its_name(
        sdeps: TriageDeps, slack: FakeSlackServer, monkeypatch: pytest.MonkeyPatch) -> None:
    """The first post to a channel the policy names (`#founder-deals`), never posted to from this database: its id
    (what the history needs) comes from the workspace's channels, so the post Slack kept is found, not made again."""
    import lead_agent.slack as slack_module

    monkeypatch.setattr(slack_module, '_resolved', dict[str, str]())  # a fresh process
    for other in range(1, 1502):  # a workspace of two pages of channels; this one on the second
        slack.add_channel(f'#team-{other}')
    deps = replace(sdeps, action_timeout=1.0, retry_for=30.0)
    slack.script(kept_unanswered(2.5))
    rec = await triage(example_lead('01-hospital-group-demo.json'), deps)
    assert rec.state == 'routed_sales', rec.errors
    runs = [p['metadata']['event_payload']['run_id'] for p in _summaries(slack, '#founder-deals')]
    assert runs == [rec.run_id]  # once, not twice
    assert len(slack.calls('conversations.list')) == 2 and len(slack.calls('conversations.history')) == 1
    [done] = [a for a in rec.actions if a.kind == 'slack_summary']
    assert done.status == 'done' and done.ref == f'{channel_id("#founder-deals")}:{slack.messages("#founder-deals")[0]["ts"]}'
    # Kept for the process: the next lookup there asks Slack for no list.
    assert slack_module._resolved == {'founder-deals': channel_id('#founder-deals')}  # pyright: ignore[reportPrivateUsage]


async def test_without_the_read_scopes_a_lost_first_post_to_a_named_channel_is_made_again(
        sdeps: TriageDeps, slack: FakeSlackServer, caplog: pytest.LogCaptureFixture,
        monkeypatch: pytest.MonkeyPatch) -> None:
    import lead_agent.slack as slack_module

    monkeypatch.setattr(slack_module, '_resolved', dict[str, str]())
    monkeypatch.setattr(slack_module, '_unsearchable', set[str]())
    slack.scopes = 'chat:write,chat:write.public,channels:history,groups:history'
    deps = replace(sdeps, action_timeout=1.0, retry_for=30.0)
    slack.script(kept_unanswered(2.5))
    rec = await triage(example_lead('01-hospital-group-demo.json'), deps)
    assert rec.state == 'routed_sales', rec.errors
    runs = [p['metadata']['event_payload']['run_id'] for p in _summaries(slack, '#founder-deals')]
    assert runs == [rec.run_id] * 2  # as before: nothing to look in
    assert 'cannot be looked for (conversations.list: missing_scope)' in caplog.text


async def test_a_lookup_slack_does_not_answer_posts_nothing_until_it_does(
        sdeps: TriageDeps, slack: FakeSlackServer) -> None:
    # Slack hangs: the post it kept is not answered, nor are the lookups after it. No second post goes out while
    # the lookup fails; the one after Slack is back finds the first.
    hung = [slow(2.5, method='conversations.history')] * 2
    _, rec = await _lost_answer(sdeps, slack, *hung)
    assert rec.state == 'routed_sales', rec.errors
    runs = [p['metadata']['event_payload']['run_id'] for p in _summaries(slack, '#founder-deals')]
    assert runs.count(rec.run_id) == 1
    assert len(slack.calls('chat.postMessage')) == 2 and len(slack.calls('conversations.history')) == 3


async def test_a_first_attempt_never_looks(sdeps: TriageDeps, slack: FakeSlackServer) -> None:
    # The common case costs no call: a run's first post of each kind goes out without reading the history.
    for email in ('a@havenhospitals.com', 'b@havenhospitals.com'):
        assert (await triage(example_lead('01-hospital-group-demo.json', email=email), sdeps)).state == 'routed_sales'
    assert slack.calls('conversations.history') == []


async def test_an_approval_after_a_lost_answer_finds_the_post(
        sdeps: TriageDeps, slack: FakeSlackServer) -> None:
    # The run gave up while Slack kept its post unanswered; a person approves it: the post is found, not made again.
    deps, rec = await _lost_answer(sdeps, slack, retry_for=0.0)
    assert rec.state == 'failed'
    await asyncio.sleep(1.6)  # the kept post's answer would have come by now
    approved = await resolve(rec.run_id, 'approve', deps, to='founder', by='ops@careflow.example')
    assert approved.state == 'routed_sales', approved.errors
    runs = [p['metadata']['event_payload']['run_id'] for p in _summaries(slack, '#founder-deals')]
    assert runs.count(rec.run_id) == 1 and len(slack.calls('conversations.history')) == 1


async def test_a_post_slack_stores_after_the_retry_looked_is_found_on_the_second_look(
        sdeps: TriageDeps, slack: FakeSlackServer) -> None:
    # Slack held the post and stores it as it answers, after the retry's first look: the look after `_SETTLE` finds
    # it (a drill with Slack hung for a minute: 7 of 16 held posts were missed by a single look, and posted twice).
    first = await triage(example_lead('01-hospital-group-demo.json'), sdeps)
    assert first.state == 'routed_sales'
    deps = replace(sdeps, action_timeout=4.0, retry_for=30.0)
    slack.script(slow(6.0, method='chat.postMessage'))  # kept 6 s after it was sent; the step gave up at 4 s
    rec = await triage(example_lead('01-hospital-group-demo.json', email='omar.haddad@havenhospitals.com'), deps)
    assert rec.state == 'routed_sales', rec.errors
    runs = [p['metadata']['event_payload']['run_id'] for p in _summaries(slack, '#founder-deals')]
    assert runs.count(rec.run_id) == 1 and len(slack.calls('conversations.history')) == 2
