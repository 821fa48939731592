"""A stateful local fake of the HubSpot CRM v3 objects API (contacts, companies, notes), for tests.

    with FakeHubSpot(token='pat-test') as server:
        client = HubSpot(access_token='pat-test', host=server.host)
        server.fail('/crm/v3/objects/contacts', status=500, after_processing=True)  # the create happens, the answer is lost
        ...
        assert len(server.contacts) == 1

Routes (wire shapes: shared/specs/WIRE_FORMATS.md section 4 and payloads/hubspot_*.json):
`POST /crm/v3/objects/contacts` (201 `SimplePublicObject`; 409 CONFLICT with "Existing ID: N" in `message` when the
email is taken), `POST /crm/v3/objects/notes` (201; `hs_timestamp` required, associations checked),
`POST /crm/v3/objects/{contacts,companies,notes}/search` (filters EQ, IN, CONTAINS_TOKEN, HAS_PROPERTY and
`associations.contact`), `PATCH` and `DELETE /crm/v3/objects/<kind>/<id>` (an update; an archive, 204, gone from
searches and `notes`). Every request is recorded, header names lower-cased; `Authorization: Bearer <token>` is
required (401 otherwise). Scripted faults are queued per path with `fail()`. Responses close the connection
(HTTP/1.0), so no keep-alive socket can hold up shutdown.
"""

from __future__ import annotations

import itertools
import json
import re
import threading
import uuid
from collections import deque
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, cast

from ._server import FakeHandler, LocalServer, send

OBJECTS = ('contacts', 'companies', 'notes')
NOTE_TO_CONTACT = 202
RATE_LIMIT_BODY = {
    'status': 'error', 'message': 'You have reached your ten_secondly_rolling limit.', 'errorType': 'RATE_LIMIT',
    'correlationId': 'c93e06a4-7d61-4c3e-b63f-edf486fc6e90', 'policyName': 'TEN_SECONDLY_ROLLING',
    'groupName': 'publicapi:hapikey-api-calls-ten-secondly:6748263',
}  # fmt: skip
_CATEGORIES = {400: 'VALIDATION_ERROR', 401: 'INVALID_AUTHENTICATION', 404: 'OBJECT_NOT_FOUND', 409: 'CONFLICT'}


def error_body(status: int, message: str) -> dict[str, Any]:
    """HubSpot's error envelope (a 429 gets the saved rate-limit body)."""
    if status == 429:
        return dict(RATE_LIMIT_BODY)
    return {'status': 'error', 'message': message, 'correlationId': str(uuid.uuid4()),
            'category': _CATEGORIES.get(status, 'INTERNAL_ERROR' if status >= 500 else 'BAD_REQUEST')}


@dataclass(frozen=True)
class RecordedRequest:
    method: str
    path: str
    headers: dict[str, str]  # names lower-cased
    body: Any  # parsed JSON, or None if the body was not JSON
    raw: bytes


@dataclass
class Fault:
    """One scripted answer for a path; see `FakeHubSpot.fail`."""

    status: int | None
    times: int | None
    after_processing: bool
    delay: float
    body: Any
    headers: dict[str, str] = field(default_factory=dict[str, str])
    hold: threading.Event | None = None


@dataclass
class Obj:
    """A stored CRM object."""

    id: str
    properties: dict[str, str]
    created_at: str
    associations: list[tuple[str, int]] = field(default_factory=list[tuple[str, int]])  # (contact id, type id)

    def wire(self, properties: list[str] | None = None) -> dict[str, Any]:
        props = self.properties
        if properties is not None:  # search answers the requested properties plus HubSpot's defaults
            keep = {*properties, 'createdate', 'lastmodifieddate', 'hs_object_id'}
            props = {k: v for k, v in props.items() if k in keep}
        return {'id': self.id, 'properties': props, 'createdAt': self.created_at, 'updatedAt': self.created_at,
                'archived': False}


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec='milliseconds').replace('+00:00', 'Z')


def _matches(obj: Obj, f: dict[str, Any]) -> bool:
    name, op = str(f.get('propertyName', '')), f.get('operator')
    if name == 'associations.contact':
        actual = [cid for cid, _ in obj.associations]
    else:
        actual = [obj.properties[name]] if obj.properties.get(name) not in (None, '') else []
    value = str(f.get('value', '')).casefold()
    if op == 'EQ':
        return any(a.casefold() == value for a in actual)
    if op == 'IN':
        return any(a.casefold() in {str(v).casefold() for v in f.get('values', [])} for a in actual)
    if op == 'CONTAINS_TOKEN':
        return any(value in re.split(r'\W+', a.casefold()) for a in actual)
    if op == 'HAS_PROPERTY':
        return bool(actual)
    raise ValueError(f'FakeHubSpot: operator {op!r} is not supported')


class _Handler(FakeHandler):
    timeout = 10  # a client that connects and sends nothing cannot block close() for long

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        self._handle()

    def do_POST(self) -> None:
        self._handle()

    def do_PATCH(self) -> None:
        self._handle()

    def do_DELETE(self) -> None:
        self._handle()

    def _handle(self) -> None:
        raw = self.rfile.read(int(self.headers.get('Content-Length') or 0))
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = None
        headers = {k.lower(): v for k, v in self.headers.items()}
        fake = self.fake
        path = self.path.split('?')[0]
        fake._record(RecordedRequest(self.command, path, headers, body, raw))
        if headers.get('authorization') != f'Bearer {fake.token}':
            return self._send(401, error_body(401, 'Authentication credentials not found.'))
        fault = fake._next_fault(path)
        status, payload = 0, None
        if fault is not None and fault.after_processing:
            status, payload = fake._process(self.command, path, body)
        if fault is not None and fault.delay and fake._closing.wait(fault.delay):
            return  # shutting down: drop the request
        while fault is not None and fault.hold is not None and not fault.hold.wait(0.05):
            if fake._closing.is_set():
                return
        if fault is None or (fault.status is None and not fault.after_processing):
            status, payload = fake._process(self.command, path, body)
        if fault is not None and fault.status is not None:
            status = fault.status
            payload = error_body(status, f'FakeHubSpot: scripted error {status}') if fault.body is None else fault.body
        self._send(status, payload, fault.headers if fault else None)

    def _send(self, status: int, payload: Any, headers: dict[str, str] | None = None) -> None:
        data = payload if isinstance(payload, bytes) else b'' if status == 204 else json.dumps(payload).encode()
        send(self, status, data, 'application/json;charset=utf-8',
             {'X-HubSpot-Correlation-Id': str(uuid.uuid4()), **(headers or {})})


class FakeHubSpot(LocalServer):
    """HubSpot CRM v3 on 127.0.0.1 with in-memory contacts, companies and notes; use as a context manager."""

    handler = _Handler
    thread_name = 'fake-hubspot'

    def __init__(self, token: str = 'pat-test') -> None:
        super().__init__()
        self.token = token
        self._objects: dict[str, dict[str, Obj]] = {name: {} for name in OBJECTS}
        self._ids = itertools.count(37765128953)
        self._requests: list[RecordedRequest] = []
        self._faults: dict[str, deque[Fault]] = {}
        self._lock = threading.Lock()
        self.archived: dict[str, list[str]] = {name: [] for name in OBJECTS}
        """The ids of the objects archived (`DELETE`), by kind."""

    @property
    def host(self) -> str:
        """The base URL to pass as `HubSpot(host=...)`."""
        return f'http://127.0.0.1:{self.port}'

    # --- scripting -------------------------------------------------------------------------------------------------
    def fail(self, path: str, *, status: int | None = 500, times: int | None = 1, after_processing: bool = False,
             delay: float = 0.0, body: Any = None, headers: dict[str, str] | None = None,
             hold: threading.Event | None = None) -> FakeHubSpot:
        """Queue a scripted answer for the next `times` requests to `path` (None: every request from now on).

        `status=None` answers normally (use with `delay`); `body=None` sends HubSpot's error envelope, bytes are sent
        verbatim (e.g. malformed JSON); `after_processing=True` performs the request first, then answers `status`
        (a lost response; with `status=None` and a `delay`, a late answer); `delay` waits before answering, after
        processing when `after_processing`, else before (client timeouts); `hold`, then, waits until the event is set
        (an answer kept until the test has seen what it needs, whatever the load).
        """
        with self._lock:
            self._faults.setdefault(path, deque()).append(
                Fault(status, times, after_processing, delay, body, dict(headers or {}), hold))
        return self

    def clear_faults(self) -> None:
        """Drop every scripted answer still queued: HubSpot is back."""
        with self._lock:
            self._faults.clear()

    def add_contact(self, email: str, created_at: str = '2025-03-04T10:00:00.000Z', **properties: str) -> str:
        """Seed a contact; returns its id."""
        return self._add('contacts', {'email': email, **properties}, created_at).id

    def add_company(self, domain: str, name: str, created_at: str = '2024-06-01T09:00:00.000Z',
                    **properties: str) -> str:
        """Seed a company; returns its id."""
        return self._add('companies', {'domain': domain, 'name': name, **properties}, created_at).id

    # --- inspection ------------------------------------------------------------------------------------------------
    @property
    def requests(self) -> list[RecordedRequest]:
        with self._lock:
            return list(self._requests)

    @property
    def contacts(self) -> list[dict[str, Any]]:
        """Stored contacts as `{id, properties, notes: [note bodies]}`."""
        with self._lock:
            notes = list(self._objects['notes'].values())
            return [{'id': c.id, 'properties': dict(c.properties),
                     'notes': [n.properties.get('hs_note_body', '') for n in notes
                               if any(cid == c.id for cid, _ in n.associations)]}
                    for c in self._objects['contacts'].values()]

    @property
    def notes(self) -> list[dict[str, Any]]:
        """Stored notes as `{id, properties, associations: [(contact id, type id)]}`."""
        with self._lock:
            return [{'id': n.id, 'properties': dict(n.properties), 'associations': list(n.associations)}
                    for n in self._objects['notes'].values()]

    # --- the API ---------------------------------------------------------------------------------------------------
    def _record(self, request: RecordedRequest) -> None:
        with self._lock:
            self._requests.append(request)

    def _next_fault(self, path: str) -> Fault | None:
        with self._lock:
            queue = self._faults.get(path)
            if not queue:
                return None
            fault = queue[0]
            if fault.times is not None:
                fault.times -= 1
                if fault.times <= 0:
                    queue.popleft()
            return fault

    def _add(self, kind: str, properties: dict[str, str], created_at: str | None = None) -> Obj:
        with self._lock:
            return self._add_locked(kind, properties, created_at)

    def _process(self, method: str, path: str, body: Any) -> tuple[int, Any]:
        parts = path.strip('/').split('/')  # crm v3 objects <kind> [search | <id>]
        if method == 'PATCH' and parts[:3] == ['crm', 'v3', 'objects'] and len(parts) == 5 and parts[3] in OBJECTS:
            return self._update(parts[3], parts[4], body)
        if method == 'DELETE' and parts[:3] == ['crm', 'v3', 'objects'] and len(parts) == 5 and parts[3] in OBJECTS:
            with self._lock:
                if self._objects[parts[3]].pop(parts[4], None) is not None:
                    self.archived[parts[3]].append(parts[4])
            return 204, None  # HubSpot's answer to an archive, of a gone object too
        if method != 'POST' or parts[:3] != ['crm', 'v3', 'objects'] or len(parts) not in (4, 5) \
                or parts[3] not in OBJECTS or (len(parts) == 5 and parts[4] != 'search'):
            return 404, error_body(404, f'FakeHubSpot: no route {method} {path}')
        if not isinstance(body, dict):
            return 400, error_body(400, 'Invalid input JSON on line 1')
        request = cast(dict[str, Any], body)  # parsed JSON: an object's keys are strings
        try:
            if len(parts) == 5:
                return self._search(parts[3], request)
            return self._create(parts[3], request)
        except (ValueError, TypeError, KeyError, AttributeError) as e:
            return 400, error_body(400, str(e))

    def _create(self, kind: str, body: dict[str, Any]) -> tuple[int, Any]:
        props = {str(k): str(v) for k, v in body.get('properties', {}).items()}
        links: list[tuple[str, int]] = []
        associations: list[Any] = body.get('associations') or []
        for assoc in associations:
            for spec in assoc['types']:
                if spec['associationCategory'] != 'HUBSPOT_DEFINED' or kind != 'notes' \
                        or spec['associationTypeId'] != NOTE_TO_CONTACT:
                    raise ValueError(f'FakeHubSpot: unsupported association {spec} on {kind}')
                if str(assoc['to']['id']) not in self._objects['contacts']:
                    raise ValueError(f'FakeHubSpot: no contact {assoc["to"]["id"]}')
                links.append((str(assoc['to']['id']), spec['associationTypeId']))
        if kind == 'notes' and 'hs_timestamp' not in props:
            return 400, error_body(400, 'Property values were not valid: hs_timestamp is required')
        if kind == 'contacts':
            email = props.get('email', '').casefold()
            with self._lock:  # the check and the insert are one step: concurrent creates cannot both succeed
                existing = next((c for c in self._objects['contacts'].values()
                                 if c.properties.get('email', '').casefold() == email), None) if email else None
                if existing is not None:
                    return 409, {'status': 'error', 'message': f'Contact already exists. Existing ID: {existing.id}',
                                 'correlationId': str(uuid.uuid4()), 'category': 'CONFLICT'}
                obj = self._add_locked(kind, props)
        else:
            with self._lock:
                obj = self._add_locked(kind, props, links=links)
        return 201, obj.wire()

    def _update(self, kind: str, oid: str, body: Any) -> tuple[int, Any]:
        """PATCH an object's properties (only those sent), as HubSpot's basic update does."""
        props: Any = cast(dict[str, Any], body).get('properties') if isinstance(body, dict) else None
        if not isinstance(props, dict):
            return 400, error_body(400, 'Invalid input JSON: properties is required')
        with self._lock:
            obj = self._objects[kind].get(oid)
            if obj is None:
                return 404, error_body(404, f'resource not found: {kind} {oid}')
            obj.properties.update({str(k): str(v) for k, v in cast(dict[Any, Any], props).items()})
            obj.properties['lastmodifieddate'] = _now()
        return 200, obj.wire()

    def _add_locked(self, kind: str, properties: dict[str, str], created_at: str | None = None,
                    links: list[tuple[str, int]] | None = None) -> Obj:
        oid, created_at = str(next(self._ids)), created_at or _now()
        props = {**properties, 'createdate': created_at, 'lastmodifieddate': created_at, 'hs_object_id': oid}
        obj = self._objects[kind][oid] = Obj(oid, props, created_at, list(links or []))
        return obj

    def _search(self, kind: str, body: dict[str, Any]) -> tuple[int, Any]:
        groups: list[Any] = body.get('filterGroups') or []
        with self._lock:
            found = [o for o in self._objects[kind].values()
                     if not groups or any(all(_matches(o, f) for f in g['filters']) for g in groups)]
        limit = int(body.get('limit') or 10)
        properties = body.get('properties')
        return 200, {'total': len(found), 'results': [o.wire(properties) for o in found[:limit]]}
