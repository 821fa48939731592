"""The review page of the example host: auth, CSRF, escaping, decisions, and a real Chromium clicking through it."""

from __future__ import annotations

import asyncio
import logging
import re
import socket
import threading
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import uvicorn
from argon2 import PasswordHasher
from fastapi import FastAPI
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from lead_agent import ConfigError, Lead, LeadAgentError, Policy, RunRecord, TriageDeps, local_deps, triage
from lead_agent.cli import app as cli_app
from lead_agent.crm.local import LocalCRM
from lead_agent.pipeline import record_unreadable
from lead_agent.web import HostSettings
from lead_agent.web.review import review_router

from ._services import need_chromium
from .helpers import EXAMPLES, example_lead

HTML_NAME = '<script>alert(1)</script>'


def _html_lead() -> Lead:
    return Lead.from_submission({'name': HTML_NAME, 'email': 'pat@gmail.com', 'company': 'Pat <b>Clinic</b>',
                                 'message': 'What does it cost for <i>two</i> doctors?'})


@pytest.fixture
def review_deps(policy: Policy, sqlite_url: str) -> Iterator[tuple[TriageDeps, list[RunRecord]]]:
    """A file-based SQLite database with three leads waiting for review."""
    deps = local_deps(policy, database_url=sqlite_url)

    async def fill() -> list[RunRecord]:
        leads = [example_lead('06-free-email-buyer.json'), _html_lead(), example_lead('09-prompt-injection.json')]
        return [await triage(lead, deps) for lead in leads]

    runs = asyncio.run(fill())
    assert [r.state for r in runs] == ['review', 'review', 'review']
    yield deps, runs
    deps.db.dispose()


def _contacts(deps: TriageDeps) -> list[str]:
    assert isinstance(deps.crm, LocalCRM)
    return [c['email'] for c in deps.crm.contacts()]


def _app(deps: TriageDeps) -> FastAPI:
    app = FastAPI()
    app.include_router(review_router(deps, users={'dana': 'pw'}, bearer_token='s3cret', secret_key='k'))
    return app


def _token(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found is not None
    return found.group(1)


def test_review_router_needs_auth_configured(review_deps: tuple[TriageDeps, list[RunRecord]]) -> None:
    deps, _ = review_deps
    with pytest.raises(ValueError, match='users'):
        review_router(deps, secret_key='k')
    with pytest.raises(ValueError, match='secret_key'):
        review_router(deps, users={'dana': 'pw'}, secret_key='')
    with pytest.raises(ConfigError, match="user 'dana' has an empty password"):
        review_router(deps, users={'dana': ''}, secret_key='k')
    with pytest.raises(ConfigError, match="the argon2 hash of user 'dana' is malformed"):
        review_router(deps, users={'dana': '$argon2id$v=19$nope'}, secret_key='k')


def test_bidi_and_control_characters_show_as_their_codes(review_deps: tuple[TriageDeps, list[RunRecord]]) -> None:
    """helper-48: a right-to-left override drew the address after a name reversed, so a reviewer read a forged one."""
    deps, _ = review_deps
    spoof = Lead.from_submission({'name': 'Priya Raman \u202e', 'email': 'moc.slatipsohnevah@ppa.io',
                                  'company': 'Haven\u2066 Hospital', 'message': 'Pricing for 12 clinics, please.'})
    rec = asyncio.run(triage(spoof, deps))
    raw = asyncio.run(record_unreadable('{"name": "Dana", "note": "\u202e}"moc.lagel-nevah@otrebor":"liame"{', 'x',
                                        deps))
    with TestClient(_app(deps)) as client:
        html = client.get('/review', auth=('dana', 'pw')).text
    assert rec.state == 'review' and f'id="run-{raw.run_id}"' in html
    assert not any(c in html for c in '\u202e\u2066')
    assert 'Priya Raman \\u202e' in html and 'Haven\\u2066 Hospital' in html
    assert '\\u202e}&#34;moc.lagel-nevah@otrebor' in html or '\\u202e}&quot;moc.lagel-nevah@otrebor' in html


def test_review_page_flow(review_deps: tuple[TriageDeps, list[RunRecord]]) -> None:
    deps, (buyer, html_run, injection) = review_deps
    raw = asyncio.run(record_unreadable('{"name": "<img src=x onerror=alert(1)>", ', 'not JSON', deps))
    with TestClient(_app(deps)) as client:
        for auth in [None, ('dana', 'wrong'), ('eve', 'pw')]:
            r = client.get('/review', auth=auth)
            assert r.status_code == 401
            assert r.headers['www-authenticate'].startswith('Basic')
        assert client.get('/review', headers={'Authorization': 'Bearer nope'}).status_code == 401
        assert client.get('/review', headers={'Authorization': 'Bearer s3cret'}).status_code == 200

        client.auth = ('dana', 'pw')
        page = client.get('/review')
        assert page.status_code == 200
        assert 'script-src' not in page.headers['content-security-policy']  # default-src 'none': no scripts at all
        html = page.text
        assert f'id="run-{buyer.run_id}"' in html
        assert 'mark.jensen1979@gmail.com' in html and 'Jensen Family Practice' in html
        assert buyer.classification is not None and buyer.classification.fit_reasoning in html
        assert 'gmail.com is a free email provider' in html
        assert '<span class="tag">suspicious_content</span>' in html  # the rule that fired on the injection
        assert 'suspicious_content: injection_attempt' in html and 'free_email' in html
        assert HTML_NAME not in html and '<b>Clinic</b>' not in html and '<i>two</i>' not in html
        assert '&lt;script&gt;alert(1)&lt;/script&gt;' in html
        token = _token(html)
        unreadable = html.split(f'id="run-{raw.run_id}"', 1)[1].split('</article>', 1)[0]
        assert '(unreadable submission)' in unreadable and 'invalid submission: not JSON' in unreadable
        assert '&lt;img src=x onerror=alert(1)&gt;' in unreadable and '<img' not in unreadable
        assert '/approve' not in unreadable and f'action="/review/{raw.run_id}/reject"' in unreadable
        r = client.post(f'/review/{raw.run_id}/approve', data={'to': 'sales', 'csrf_token': token})
        assert r.status_code == 409 and 'holds no readable lead (unreadable input), so it cannot be approved' in r.text

        approve = f'/review/{buyer.run_id}/approve'
        assert client.post(approve, data={'to': 'sales'}, follow_redirects=False).status_code == 403
        assert client.post(approve, data={'to': 'sales', 'csrf_token': token + '0'}).status_code == 403
        assert _contacts(deps) == []

        r = client.post(approve, data={'to': 'sales', 'csrf_token': token}, follow_redirects=False)
        assert r.status_code == 303
        notice = f'/review?done=approved&run={buyer.run_id[:12]}&to=sales'
        assert re.fullmatch(re.escape(notice) + '&sig=[0-9a-f]{32}', r.headers['location'])
        assert _contacts(deps) == ['mark.jensen1979@gmail.com']
        open_ids = [i.run_id for i in asyncio.run(deps.review.items('open'))]
        assert open_ids == [html_run.run_id, injection.run_id, raw.run_id]

        html = client.get(r.headers['location']).text
        assert f'Approved run {buyer.run_id[:12]} → sales' in html
        # helper-199: a link anyone can write showed a notice of a decision nobody made; only the redirect's is shown
        sig = r.headers['location'].rsplit('=', 1)[1]
        for forged in (notice, notice.replace('sales', 'support') + f'&sig={sig}',
                       notice.replace(buyer.run_id[:12], 'deadbeef0000') + f'&sig={sig}'):
            assert 'class="flash"' not in client.get(forged).text, forged
        assert 'class="flash"' not in client.get(r.headers['location'],  # dana's, not the token's
                                                 headers={'Authorization': 'Bearer s3cret'}, auth=None).text
        assert f'id="run-{buyer.run_id}"' not in html
        row = re.search(rf'<tr id="history-{buyer.run_id}">(.*?)</tr>', html, re.S)
        assert row is not None
        assert 'approved → sales' in row.group(1) and '<td>dana</td>' in row.group(1)
        approved = asyncio.run(deps.runs.get(buyer.run_id))
        assert approved is not None and approved.owner is not None  # assigned by the approval
        assert f'owner: {approved.owner.owner} ({approved.owner.reason})' in row.group(1)

        again = client.post(approve, data={'to': 'support', 'csrf_token': token})
        assert again.status_code == 409
        assert f'run {buyer.run_id} was already approved by dana' in again.text
        missing = client.post('/review/nope/reject', data={'csrf_token': token})
        assert missing.status_code == 404 and 'No run &#39;nope&#39;' in missing.text

        r = client.post(f'/review/{html_run.run_id}/reject', data={'csrf_token': token}, follow_redirects=False)
        assert r.status_code == 303
        html = client.get('/review').text
        assert f'id="run-{html_run.run_id}"' not in html
        assert f'action="/review/{html_run.run_id}/restore"' in html
        assert f'action="/review/{buyer.run_id}/restore"' not in html  # only rejected items can be restored

        r = client.post(f'/review/{html_run.run_id}/restore', data={'csrf_token': token}, follow_redirects=False)
        assert r.status_code == 303
        html = client.get(r.headers['location']).text
        assert f'Restored to the queue: run {html_run.run_id[:12]}' in html
        assert f'id="run-{html_run.run_id}"' in html
        assert client.post(f'/review/{html_run.run_id}/restore', data={'csrf_token': token}).status_code == 409

    item = {i.run_id: i for i in asyncio.run(deps.review.items(None))}
    assert (item[buyer.run_id].status, item[buyer.run_id].decided_by) == ('approved', 'dana')
    assert item[html_run.run_id].status == 'open'


def test_the_queue_is_read_a_page_at_a_time(review_deps: tuple[TriageDeps, list[RunRecord]],
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    deps, runs = review_deps
    monkeypatch.setattr('lead_agent.web.review.PAGE_SIZE', 2)
    with TestClient(_app(deps)) as client:
        client.auth = ('dana', 'pw')
        first, second, past = (client.get('/review', params=p).text for p in ({}, {'page': 2}, {'page': 99}))
        assert client.get('/review', params={'page': 0}).status_code == 422

    def shown(html: str) -> list[str]:
        return re.findall(r'<article id="run-(\w+)"', html)

    assert shown(first) == [r.run_id for r in runs[:2]] and shown(second) == [runs[2].run_id]
    assert 'Open queue <small>(3)</small>' in first and 'items 1–2 of 3' in first and '?page=2">newer' in first
    assert 'items 3–3 of 3' in second and '?page=1">← older' in second and 'newer' not in second
    assert shown(past) == shown(second)  # past the end: the last page


def test_csrf_token_is_per_user(review_deps: tuple[TriageDeps, list[RunRecord]]) -> None:
    deps, (buyer, *_) = review_deps
    app = FastAPI()
    app.include_router(review_router(deps, users={'dana': 'pw', 'sam': 'pw2'}, secret_key='k'))
    with TestClient(app) as client:
        dana_token = _token(client.get('/review', auth=('dana', 'pw')).text)
        r = client.post(f'/review/{buyer.run_id}/reject', data={'csrf_token': dana_token}, auth=('sam', 'pw2'))
        assert r.status_code == 403
        assert 'invalid form token' in r.text


def test_hostile_run_ids_and_form_tokens_are_refused_not_500(deps: TriageDeps) -> None:
    """A NUL in a run id reached PostgreSQL (which refuses it: 500); a 5,000-digit day in a form token reached int()
    (which refuses it: 500). Both are a 404 and a 403, on each database."""
    assert asyncio.run(triage(example_lead('06-free-email-buyer.json'), deps)).state == 'review'  # a form to read
    with TestClient(_app(deps)) as client:
        token = _token(client.get('/review', auth=('dana', 'pw')).text)
        for path in ('/review/%00/approve', '/review/ab%00cd/reject', '/review/%00/restore'):
            r = client.post(path, data={'to': 'sales', 'csrf_token': token}, auth=('dana', 'pw'))
            assert r.status_code == 404, path
        for bad in ('9' * 5000 + '.x', '\u0663' * 3 + '.x', '\u00b2.x'):  # long, Arabic-Indic and superscript digits
            r = client.post('/review/nope/reject', data={'csrf_token': bad}, auth=('dana', 'pw'))
            assert r.status_code == 403 and 'invalid form token' in r.text


async def test_a_decision_waits_for_a_run_still_posting_its_review_then_stands(deps: TriageDeps) -> None:
    """A durable run opens its review item, then posts it to Slack (retried through an outage, up to an hour). A
    decision in between acted on the queued record and was then overwritten by the run's own: the lead was routed
    (contact, post, email) yet recorded `review`, its item `approved`, in no queue (helper-42)."""
    from lead_agent.notify import OutboxNotifier
    from lead_agent.review import resolve
    from lead_agent.runs import Engine

    posting, slack_back = asyncio.Event(), asyncio.Event()

    class SlowReviewPost(OutboxNotifier):
        async def post_review(self, run_id: str, lead: Lead | None, reason: str, channel: str) -> str:
            posting.set()
            await slack_back.wait()
            return await super().post_review(run_id, lead, reason, channel)

    assert isinstance(deps.notifier, OutboxNotifier)
    deps = replace(deps, notifier=SlowReviewPost(deps.db))
    async with Engine(deps) as engine:
        run_id = await engine.submit(example_lead('06-free-email-buyer.json'))
        await asyncio.wait_for(posting.wait(), 30)
        assert [i.run_id for i in await deps.review.items()] == [run_id]  # open, on the page, while the run posts
        with pytest.raises(LeadAgentError, match='still being triaged'):
            await resolve(run_id, 'approve', deps, to='sales', by='dana')
        slack_back.set()
        assert (await engine.result(run_id)).state == 'review'
        approved = await resolve(run_id, 'approve', deps, to='sales', by='dana')
    final = await deps.runs.get(run_id)
    assert final is not None and approved.state == final.state == 'routed_sales'
    assert final.reviewed is not None and final.reviewed.decided_by == 'dana'
    assert [a.kind for a in final.actions] == ['review_item', 'slack_review', 'crm_contact', 'slack_summary',
                                               'email_ack']
    assert await deps.review.items() == []


# --- REVIEW_USERS and logins --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class UsersCase:
    value: str
    error: str
    """What the ConfigError says (a regex); no case's message may show `s3cret`."""


BAD_USERS = [
    UsersCase('dana:', "entry 1: user 'dana' has an empty password"),
    UsersCase('dana:s3cret-1,luis:', "entry 2: user 'luis' has an empty password"),
    UsersCase('dana', r'entry 1 is not name:password'),
    UsersCase('dana:s3cret,pw', r'entry 2 is not name:password .*a plain password cannot contain one'),
    UsersCase('dana:s3cret-1,', r'entry 2 is not name:password'),
    UsersCase(':s3cret-1', 'entry 1: a user name must be non-empty, without spaces'),
    UsersCase('da na:s3cret-1', 'entry 1: a user name must be non-empty, without spaces'),
    UsersCase('dana:s3cret-1,dana:s3cret-2', "entry 2: user 'dana' is listed twice"),
    UsersCase('dana: s3cret-1', "entry 1: the password of user 'dana' starts or ends with a space"),
    UsersCase('dana:s3cret\x07', "entry 1: the password of user 'dana' starts or ends with a space or holds a control"),
    UsersCase('dana:$argon2id$v=19$m=65536,t=3', "entry 1: the argon2 hash of user 'dana' is malformed"),
]


@pytest.mark.parametrize('case', BAD_USERS, ids=[c.value for c in BAD_USERS])
def test_review_users_are_read_strictly(case: UsersCase) -> None:
    settings = HostSettings.model_validate({'REVIEW_USERS': case.value})
    with pytest.raises(ConfigError, match=case.error) as info:
        settings.users()
    assert 's3cret' not in str(info.value)


def test_review_users_in_both_forms() -> None:
    hashed = PasswordHasher().hash('any, thing: at all')
    value = f'dana:{hashed}, luis:p:w$rd,sam:{hashed}'  # a hash holds commas of its own; a space may follow a comma
    assert HostSettings.model_validate({'REVIEW_USERS': value}).users() == {
        'dana': hashed, 'luis': 'p:w$rd', 'sam': hashed}
    assert HostSettings.model_validate({'REVIEW_USERS': ''}).users() == {}


def test_serve_refuses_bad_review_users_before_starting(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv('LEAD_AGENT_POLICY', str(EXAMPLES / 'policy.yaml'))
    monkeypatch.setenv('DATABASE_URL', f'sqlite:///{tmp_path / "serve.db"}')
    monkeypatch.setenv('LEAD_AGENT_WORKER', 'inline')  # serve sets it; monkeypatch puts it back
    monkeypatch.setenv('REVIEW_USERS', 'dana:s3cret-1,luis:')
    result = CliRunner().invoke(cli_app, ['serve', '--workers', '0'])
    assert result.exit_code == 2
    assert result.output == "error: REVIEW_USERS, entry 2: user 'luis' has an empty password\n"
    assert not (tmp_path / 'serve.db').exists()  # checked before the database was opened


def test_hash_password_command_prints_an_entry_that_logs_in(review_deps: tuple[TriageDeps, list[RunRecord]]) -> None:
    result = CliRunner().invoke(cli_app, ['hash-password', 'dana'], input='correct, horse: battery\n')
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith('dana:$argon2id$') and 'horse' not in result.stdout
    users = HostSettings.model_validate({'REVIEW_USERS': result.stdout.strip() + ',luis:plain-pw'}).users()
    deps, _ = review_deps
    app = FastAPI()
    app.include_router(review_router(deps, users=users, secret_key='k'))
    with TestClient(app) as client:
        assert client.get('/review', auth=('dana', 'correct, horse: battery')).status_code == 200
        assert client.get('/review', auth=('luis', 'plain-pw')).status_code == 200
        for auth in [('dana', 'correct, horse'), ('dana', 'plain-pw'), ('luis', 'plain'), ('eve', 'plain-pw')]:
            r = client.get('/review', auth=auth)
            assert r.status_code == 401 and r.headers['www-authenticate'].startswith('Basic')
    empty = CliRunner().invoke(cli_app, ['hash-password'], input='\n')
    assert (empty.exit_code, empty.output) == (2, 'error: the password is empty\n')
    # helper-122: a name REVIEW_USERS cannot hold was refused after the password, as 'REVIEW_USERS, entry 2'
    for name in ('a:b', 'bad name', ''):
        bad = CliRunner().invoke(cli_app, ['hash-password', name], input='\n')
        assert (bad.exit_code, bad.output) == (
            2, f'error: USER {name!r}: a user name must be non-empty, without spaces, ":" or ","\n')


def test_failed_logins_are_throttled_per_user_and_per_address(review_deps: tuple[TriageDeps, list[RunRecord]],
                                                              caplog: pytest.LogCaptureFixture) -> None:
    deps, _ = review_deps
    clock = [datetime(2026, 6, 8, 9, 0, tzinfo=UTC)]
    deps = replace(deps, now=lambda: clock[0])

    def later(seconds: float) -> None:
        clock[0] += timedelta(seconds=seconds)

    app = FastAPI()
    app.include_router(review_router(deps, users={'dana': PasswordHasher().hash('right'), 'sam': 'pw2'},
                                     bearer_token='s3cret', secret_key='k'))
    with TestClient(app, client=('203.0.113.7', 50000)) as attacker, \
            TestClient(app, client=('198.51.100.2', 50000)) as dana, \
            TestClient(app, client=('192.0.2.9', 50000)) as sam, \
            TestClient(app, client=('192.0.2.80', 50000)) as script, caplog.at_level(logging.WARNING):
        for _ in range(3):
            assert attacker.get('/review').status_code == 401  # no credentials: not a failed login
        for i in range(5):  # t = 0, 10, ..., 40
            assert attacker.get('/review', auth=('dana', f'guess-{i}')).status_code == 401
            later(10)
        sixth = attacker.get('/review', auth=('dana', 'guess-5'))  # t = 50
        assert (sixth.status_code, sixth.headers['retry-after']) == (429, '250')
        right = dana.get('/review', auth=('dana', 'right'))  # the name is locked from every address
        assert (right.status_code, right.headers['retry-after']) == (429, '250')
        assert attacker.get('/review', auth=('sam', 'pw2')).status_code == 429  # the address, for every name
        assert attacker.get('/review', headers={'Authorization': 'Bearer s3cret'}).status_code == 429
        assert sam.get('/review', auth=('sam', 'pw2')).status_code == 200  # others log in as usual

        later(200)  # t = 250: tries while locked are not checked, so they neither count nor extend the lock
        for _ in range(10):
            assert attacker.get('/review', auth=('dana', 'right')).status_code == 429
        assert dana.get('/review', auth=('dana', 'right')).headers['retry-after'] == '50'
        later(50)  # t = 300: the first failure is 300 s old
        assert dana.get('/review', auth=('dana', 'right')).status_code == 200
        assert dana.get('/review', auth=('dana', 'right')).status_code == 200  # a success is not a failure
        assert attacker.get('/review', auth=('dana', 'guess-6')).status_code == 401  # one more try, then locked again
        assert attacker.get('/review', auth=('dana', 'guess-7')).headers['retry-after'] == '10'

        for _ in range(5):  # bearer guesses count for the address
            assert script.get('/review', headers={'Authorization': 'Bearer nope'}).status_code == 401
        assert script.get('/review', headers={'Authorization': 'Bearer s3cret'}).status_code == 429
    logged = [r.getMessage() for r in caplog.records if r.name == 'lead_agent.host']
    assert logged == [
        'review page: 5 failed logins for user dana within 300 s; refused until they age out',
        'review page: 5 failed logins for address 203.0.113.7 within 300 s; refused until they age out',
        'review page: 5 failed logins for user dana within 300 s; refused until they age out',
        'review page: 5 failed logins for address 203.0.113.7 within 300 s; refused until they age out',
        'review page: 5 failed logins for address 192.0.2.80 within 300 s; refused until they age out',
    ]


class _Upload:
    """A form body of `size` bytes in 64 KB chunks, counting what the server pulled."""

    def __init__(self, size: int) -> None:
        self.size, self.pulled = size, 0

    async def __aiter__(self) -> AsyncIterator[bytes]:
        while self.pulled < self.size:
            n = min(64 * 1024, self.size - self.pulled)
            self.pulled += n
            yield b'x' * n


async def test_a_form_over_the_limit_is_refused_while_it_streams(
        review_deps: tuple[TriageDeps, list[RunRecord]]) -> None:
    """The review router mounted alone keeps the host's body limit: 413 at the first chunk past MAX_BODY, or at
    once for a larger Content-Length; a form of exactly MAX_BODY bytes is read and decided."""
    from urllib.parse import urlencode

    import httpx2

    from lead_agent.webhooks import MAX_BODY

    deps, (buyer, *_) = review_deps
    form = {'content-type': 'application/x-www-form-urlencoded'}
    approve = f'/review/{buyer.run_id}/approve'
    async with httpx2.AsyncClient(transport=httpx2.ASGITransport(app=_app(deps)), base_url='http://testserver',
                                  auth=('dana', 'pw')) as client:
        streamed, declared = _Upload(300 * 1024 * 1024), _Upload(MAX_BODY + 1)
        cut = await client.post(approve, content=streamed, headers=form)
        over = await client.post(approve, content=declared, headers=form | {'content-length': str(MAX_BODY + 1)})
        assert (streamed.pulled, declared.pulled) == (MAX_BODY + 64 * 1024, 0)
        # Both the host's JSON, as its other refusals are (a Content-Length's was Starlette's text/plain)
        assert [(r.status_code, r.headers['content-type'], r.json()) for r in (cut, over)] == [
            (413, 'application/json', {'detail': 'Content Too Large'})] * 2
        fields = {'to': 'sales', 'csrf_token': _token((await client.get('/review')).text), 'pad': ''}
        fields['pad'] = 'x' * (MAX_BODY - len(urlencode(fields)))
        body = urlencode(fields).encode()
        assert len(body) == MAX_BODY
        r = await client.post(approve, content=body, headers=form)
        assert r.status_code == 303 and _contacts(deps) == ['mark.jensen1979@gmail.com']


class _Server:
    """Uvicorn on 127.0.0.1 on a free port, in a background thread."""

    def __init__(self, app: FastAPI) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(('127.0.0.1', 0))
        self.url = f'http://127.0.0.1:{self.sock.getsockname()[1]}'
        self.server = uvicorn.Server(uvicorn.Config(app, log_level='warning', ws='none', lifespan='off'))
        self.thread = threading.Thread(target=self.server.run, kwargs={'sockets': [self.sock]}, daemon=True)

    def __enter__(self) -> str:
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            assert self.thread.is_alive() and time.monotonic() < deadline, 'uvicorn did not start'
            time.sleep(0.02)
        return self.url

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.sock.close()
        assert not self.thread.is_alive(), 'uvicorn did not stop'


def test_review_page_in_chromium(review_deps: tuple[TriageDeps, list[RunRecord]], tmp_path: Path) -> None:
    chromium = need_chromium()
    from playwright.sync_api import expect, sync_playwright

    deps, (buyer, *_) = review_deps
    assert deps.db.url.startswith('sqlite:///')  # a file, shared by threads
    with _Server(_app(deps)) as url, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(chromium), headless=True, args=[
            '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
            '--disable-component-update', '--disable-sync'])
        try:
            context = browser.new_context(http_credentials={'username': 'dana', 'password': 'pw'})
            page = context.new_page()
            page.goto(f'{url}/review')
            item = page.locator(f'#run-{buyer.run_id}')
            expect(item).to_contain_text('Mark Jensen')
            expect(page.get_by_role('heading', name=HTML_NAME)).to_be_visible()  # rendered as text

            item.get_by_role('button', name='Approve → sales').click()
            page.wait_for_url(f'{url}/review?done=approved*')
            expect(page.get_by_role('status')).to_have_text(f'Approved run {buyer.run_id[:12]} → sales')
            expect(page.locator(f'#run-{buyer.run_id}')).to_have_count(0)
            row = page.locator(f'#history-{buyer.run_id}')
            expect(row).to_contain_text('approved → sales')
            expect(row).to_contain_text('dana')
            page.screenshot(path=tmp_path / 'review.png', full_page=True)
            context.close()
        finally:
            browser.close()
    assert _contacts(deps) == ['mark.jensen1979@gmail.com']
    assert (tmp_path / 'review.png').stat().st_size > 10_000
