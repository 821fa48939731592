"""A local fake of the Slack Web API for tests: chat.postMessage, chat.update, chat.postEphemeral, auth.test,
conversations.history, conversations.replies and conversations.list.

    with FakeSlackServer() as slack:
        client = AsyncWebClient(token='xoxb-test', base_url=slack.url + '/api/')
        slack.script(api_error('channel_not_found', method='chat.postMessage'))
        ...
        assert slack.calls('chat.postMessage')[0]['channel'] == '#sales-leads'

It speaks Slack's wire format (shared/specs/WIRE_FORMATS.md section 3): `POST /api/<method>` with a JSON or
form-encoded body and `Authorization: Bearer xoxb-...` (or a `token` form field), else `{"ok": false, "error":
"not_authed"}`; app errors are HTTP 200 with `ok: false`. Channel names get stable fake ids (`#sales-leads` ->
`C...`), as real Slack answers with ids; `chat.update` needs a message this server posted (`message_not_found`).
A message keeps the `metadata` it was posted with; `conversations.history` (GET or POST, a channel id) lists a
channel's messages newest first (`conversations.replies`: a thread's, its parent first), pages of `limit` with a cursor, their metadata only with `include_all_metadata`, and
answers `missing_scope` unless `scopes` holds `channels:history`. The workspace's channels are those posted to and
those `add_channel` made; `conversations.list` lists them (pages of `limit`, a cursor; `missing_scope` unless
`scopes` holds `channels:read`).
Scripted faults are consumed by the first request they match. Every request is recorded, header names
lower-cased. Responses close the connection (HTTP/1.0), so no keep-alive socket can hold up shutdown.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import re
import threading
import time
from dataclasses import dataclass, field
from typing import Any, cast
from urllib.parse import parse_qsl

from ._server import FakeHandler, LocalServer, send

BOT = {'team_id': 'T0FAKETEAM', 'user_id': 'U0FAKEBOT', 'bot_id': 'B0FAKEBOT'}
_CHANNEL_ID = re.compile(r'^[CGD][A-Z0-9]{8,}$')
_JSON_FIELDS = ('blocks', 'attachments', 'metadata')  # form-encoded bodies carry these as JSON strings


@dataclass(frozen=True)
class Fault:
    """What the next matching request gets instead of a normal answer."""

    method: str | None = None  # e.g. 'chat.postMessage'; None matches any method
    status: int = 200
    body: Any = None  # None: answer normally (after `delay`)
    headers: dict[str, str] = field(default_factory=dict[str, str])
    delay: float = 0.0
    keep_first: bool = False  # a post is kept (and shows in the history) before the `delay`, not after it


def api_error(error: str, *, method: str | None = None) -> Fault:
    """Slack's app-level error: HTTP 200 `{"ok": false, "error": ...}` (e.g. `channel_not_found`)."""
    return Fault(method, 200, {'ok': False, 'error': error})


def rate_limited(retry_after: int = 1, *, method: str | None = None) -> Fault:
    """HTTP 429 with `Retry-After` (seconds), as Slack rate limits are answered."""
    return Fault(method, 429, {'ok': False, 'error': 'ratelimited'}, {'Retry-After': str(retry_after)})


def server_error(status: int = 500, *, method: str | None = None) -> Fault:
    """An HTTP error from Slack's edge: an HTML body, not JSON."""
    return Fault(method, status, '<html><body>Internal Server Error</body></html>')


def slow(seconds: float, *, method: str | None = None) -> Fault:
    """Answer normally, but only after `seconds` (for client timeouts); dropped when the server closes."""
    return Fault(method, delay=seconds)


def kept_unanswered(seconds: float, *, method: str = 'chat.postMessage') -> Fault:
    """Keep the message at once, as Slack does, but answer only after `seconds`: a client that times out first (or
    is killed) never learns it was posted."""
    return Fault(method, delay=seconds, keep_first=True)


@dataclass(frozen=True)
class RecordedRequest:
    method: str  # the Web API method, e.g. 'chat.postMessage'
    headers: dict[str, str]  # names lower-cased
    body: dict[str, Any]  # the JSON object, or the form fields (JSON-valued fields decoded)
    raw: bytes
    at: float = field(default_factory=time.monotonic)  # when it arrived


def channel_id(name: str) -> str:
    """The id the fake gives a channel name (ids pass through unchanged)."""
    name = name.lstrip('#')
    return name if _CHANNEL_ID.match(name) else 'C' + hashlib.sha1(name.encode()).hexdigest()[:10].upper()


def _parse(raw: bytes, content_type: str) -> dict[str, Any]:
    if content_type.startswith('application/json'):
        data = json.loads(raw or b'{}')
        return cast(dict[str, Any], data) if isinstance(data, dict) else {}
    form: dict[str, Any] = dict(parse_qsl(raw.decode(), keep_blank_values=True))
    for name in _JSON_FIELDS:
        if isinstance(form.get(name), str):
            form[name] = json.loads(form[name])
    return form


class _Handler(FakeHandler):
    timeout = 10  # a client that connects and sends nothing cannot block close() for long

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        self.do_POST()

    def do_POST(self) -> None:
        raw = self.rfile.read(int(self.headers.get('Content-Length') or 0))
        headers = {k.lower(): v for k, v in self.headers.items()}
        method, _, query = self.path.partition('?')
        method = method.removeprefix('/api/')
        try:
            body = _parse(raw, headers.get('content-type', ''))
        except ValueError:
            return self._send(200, {'ok': False, 'error': 'invalid_json'})
        body = {**dict(parse_qsl(query, keep_blank_values=True)), **body}  # a GET's parameters are in its query
        fake = self.fake
        fake._record(RecordedRequest(method, headers, body, raw))
        auth = headers.get('authorization', '')
        token = auth.removeprefix('Bearer ') if auth.startswith('Bearer ') else str(body.get('token', ''))
        if not token:
            return self._send(200, {'ok': False, 'error': 'not_authed'})
        if not token.startswith('xox'):
            return self._send(200, {'ok': False, 'error': 'invalid_auth'})
        fault = fake._next_fault(method)
        answer = None
        if fault is not None:
            if fault.keep_first:
                answer = fake._answer(method, body)
            if fault.delay and fake._closing.wait(fault.delay):
                return  # shutting down: drop the request
            if fault.body is not None:
                return self._send(fault.status, fault.body, fault.headers)
        self._send(200, answer if answer is not None else fake._answer(method, body))

    def _send(self, status: int, payload: Any, headers: dict[str, str] | None = None) -> None:
        if self.fake.scopes is not None:  # as Slack does on each Web API answer: the token's scopes
            headers = {'X-OAuth-Scopes': self.fake.scopes, **(headers or {})}
        if isinstance(payload, str):
            return send(self, status, payload.encode(), 'text/html', headers)
        send(self, status, json.dumps(payload).encode(), 'application/json; charset=utf-8', headers)


class FakeSlackServer(LocalServer):
    """A Slack Web API on 127.0.0.1 that keeps the messages it was sent; use as a context manager."""

    handler = _Handler
    thread_name = 'fake-slack'

    def __init__(self, scopes: str | None = ('chat:write,chat:write.public,channels:history,groups:history,'
                                             'channels:read,groups:read')) -> None:
        super().__init__()
        self.scopes = scopes
        """The `X-OAuth-Scopes` header of every answer (comma-separated); None sends none."""
        self._requests: list[RecordedRequest] = []
        self._faults: list[Fault] = []
        self._messages: dict[tuple[str, str], dict[str, Any]] = {}
        self._channels: dict[str, str] = {}  # id -> name, in the order made
        self._ts = itertools.count(1)
        self._epoch = int(time.time())
        self._lock = threading.Lock()

    @property
    def url(self) -> str:
        return f'http://127.0.0.1:{self.port}'

    def script(self, *faults: Fault) -> FakeSlackServer:
        """Queue faults; each is used once, by the first request whose method it matches."""
        with self._lock:
            self._faults.extend(faults)
        return self

    def clear_faults(self) -> None:
        """Drop every fault still queued: Slack is back."""
        with self._lock:
            self._faults.clear()

    @property
    def requests(self) -> list[RecordedRequest]:
        with self._lock:
            return list(self._requests)

    def calls(self, method: str) -> list[dict[str, Any]]:
        """The bodies of the requests to one Web API method, oldest first."""
        return [r.body for r in self.requests if r.method == method]

    def message(self, channel: str, ts: str) -> dict[str, Any] | None:
        """A message as it stands now (after any chat.update)."""
        with self._lock:
            return self._messages.get((channel_id(channel), ts))

    def messages(self, channel: str) -> list[dict[str, Any]]:
        """A channel's messages (thread replies included), oldest first."""
        cid = channel_id(channel)
        with self._lock:
            return [dict(m) for (c, _), m in sorted(self._messages.items()) if c == cid]

    def add_channel(self, name: str) -> str:
        """A channel of the workspace (as if made in Slack before anything was posted there); its id."""
        cid = channel_id(name)
        with self._lock:
            self._channels.setdefault(cid, name.lstrip('#'))
        return cid

    def _record(self, request: RecordedRequest) -> None:
        with self._lock:
            self._requests.append(request)

    def _next_fault(self, method: str) -> Fault | None:
        with self._lock:
            for i, fault in enumerate(self._faults):
                if fault.method in (None, method):
                    return self._faults.pop(i)
        return None

    def _answer(self, method: str, body: dict[str, Any]) -> dict[str, Any]:
        if method == 'auth.test':
            return {'ok': True, 'url': 'https://fake.slack.com/', 'team': 'Fake', 'user': 'lead-agent', **BOT,
                    'is_enterprise_install': False}
        channel = channel_id(str(body.get('channel', '')))
        if method == 'conversations.list':
            return self._list(body)
        if method in ('conversations.history', 'conversations.replies'):
            return self._history(str(body.get('channel', '')), body, thread=body.get('ts') if 'replies' in method else None)
        if method not in ('chat.postMessage', 'chat.update', 'chat.postEphemeral'):
            return {'ok': False, 'error': 'unknown_method'}
        if channel == channel_id(''):
            return {'ok': False, 'error': 'channel_not_found'}
        if not (body.get('text') or body.get('blocks')):
            return {'ok': False, 'error': 'no_text'}
        with self._lock:
            ts = f'{self._epoch}.{next(self._ts):06d}'
            if method == 'chat.postEphemeral':
                return {'ok': True, 'message_ts': ts}
            if method == 'chat.update':
                old = self._messages.get((channel, str(body.get('ts'))))
                if old is None:
                    return {'ok': False, 'error': 'message_not_found'}
                old.update(text=body.get('text', ''), blocks=body.get('blocks', []), edited={'user': BOT['user_id']})
                return {'ok': True, 'channel': channel, 'ts': old['ts'], 'text': old['text'], 'message': dict(old)}
            message = {'type': 'message', 'subtype': 'bot_message', 'text': body.get('text', ''),
                       'blocks': body.get('blocks', []), 'bot_id': BOT['bot_id'], 'user': BOT['user_id'], 'ts': ts}
            if body.get('thread_ts'):
                message['thread_ts'] = body['thread_ts']
            if isinstance(body.get('metadata'), dict):
                message['metadata'] = body['metadata']
            self._messages[(channel, ts)] = message
            name = str(body.get('channel', '')).lstrip('#')
            if not _CHANNEL_ID.match(name):
                self._channels.setdefault(channel, name)
            return {'ok': True, 'channel': channel, 'ts': ts, 'message': dict(message)}

    def _list(self, body: dict[str, Any]) -> dict[str, Any]:
        if 'channels:read' not in (self.scopes or '').split(','):
            return {'ok': False, 'error': 'missing_scope', 'needed': 'channels:read'}
        limit, start = int(body.get('limit') or 100), int(body.get('cursor') or 0)
        with self._lock:
            channels = [{'id': cid, 'name': name, 'is_channel': True, 'is_private': False, 'is_archived': False}
                        for cid, name in self._channels.items()]
        page, more = channels[start:start + limit], len(channels) > start + limit
        return {'ok': True, 'channels': page, 'response_metadata': {'next_cursor': str(start + limit) if more else ''}}

    def _history(self, channel: str, body: dict[str, Any], thread: str | None = None) -> dict[str, Any]:
        if 'channels:history' not in (self.scopes or '').split(','):
            return {'ok': False, 'error': 'missing_scope', 'needed': 'channels:history'}
        if not _CHANNEL_ID.match(channel):  # Slack wants the id; a name is not found
            return {'ok': False, 'error': 'channel_not_found'}
        oldest, limit = float(body.get('oldest') or 0), int(body.get('limit') or 100)
        start = int(body.get('cursor') or 0)
        with self._lock:
            found = [dict(m) for (c, ts), m in self._messages.items() if c == channel and float(ts) > oldest and (
                'thread_ts' not in m if thread is None else ts == thread or m.get('thread_ts') == thread)]
        found.sort(key=lambda m: float(m['ts']), reverse=thread is None)  # a thread: its parent first
        if str(body.get('include_all_metadata')).lower() not in ('1', 'true'):
            for m in found:
                m.pop('metadata', None)
        page, more = found[start:start + limit], len(found) > start + limit
        return {'ok': True, 'messages': page, 'has_more': more,
                'response_metadata': {'next_cursor': str(start + limit) if more else ''}}
