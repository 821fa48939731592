"""The review page of the example host: auth, CSRF, escaping, decisions, and a real Chromium clicking through it."""

from __future__ import annotations

import asyncio
import re
import socket
import threading
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
import uvicorn
from fastapi import FastAPI
from fastapi.testclient import TestClient

from lead_agent import Lead, Policy, RunRecord, TriageDeps, local_deps, triage
from lead_agent.crm.local import LocalCRM
from lead_agent.pipeline import record_unreadable
from lead_agent.web.review import review_router

from .helpers import example_lead

CHROMIUM = Path('/usr/bin/chromium')
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
        assert r.status_code == 409 and 'only a readable lead can be approved' in r.text

        approve = f'/review/{buyer.run_id}/approve'
        assert client.post(approve, data={'to': 'sales'}, follow_redirects=False).status_code == 403
        assert client.post(approve, data={'to': 'sales', 'csrf_token': token + '0'}).status_code == 403
        assert _contacts(deps) == []

        r = client.post(approve, data={'to': 'sales', 'csrf_token': token}, follow_redirects=False)
        assert r.status_code == 303
        assert r.headers['location'] == f'/review?done=approved&run={buyer.run_id[:12]}&to=sales'
        assert _contacts(deps) == ['mark.jensen1979@gmail.com']
        open_ids = [i.run_id for i in asyncio.run(deps.review.items('open'))]
        assert open_ids == [html_run.run_id, injection.run_id, raw.run_id]

        html = client.get(r.headers['location']).text
        assert f'Approved run {buyer.run_id[:12]} → sales' in html
        assert f'id="run-{buyer.run_id}"' not in html
        row = re.search(rf'<tr id="history-{buyer.run_id}">(.*?)</tr>', html, re.S)
        assert row is not None
        assert 'approved → sales' in row.group(1) and '<td>dana</td>' in row.group(1)

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


def test_csrf_token_is_per_user(review_deps: tuple[TriageDeps, list[RunRecord]]) -> None:
    deps, (buyer, *_) = review_deps
    app = FastAPI()
    app.include_router(review_router(deps, users={'dana': 'pw', 'sam': 'pw2'}, secret_key='k'))
    with TestClient(app) as client:
        dana_token = _token(client.get('/review', auth=('dana', 'pw')).text)
        r = client.post(f'/review/{buyer.run_id}/reject', data={'csrf_token': dana_token}, auth=('sam', 'pw2'))
        assert r.status_code == 403
        assert 'invalid form token' in r.text


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
        assert (await client.post(approve, content=streamed, headers=form)).status_code == 413
        over = await client.post(approve, content=declared, headers=form | {'content-length': str(MAX_BODY + 1)})
        assert (streamed.pulled, over.status_code, declared.pulled) == (MAX_BODY + 64 * 1024, 413, 0)
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
    if not CHROMIUM.exists():
        pytest.fail(f'{CHROMIUM} is missing: install Debian chromium (apt-get install chromium); this test never skips')
    from playwright.sync_api import expect, sync_playwright

    deps, (buyer, *_) = review_deps
    assert deps.db.url.startswith('sqlite:///')  # a file, shared by threads
    with _Server(_app(deps)) as url, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=[
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
