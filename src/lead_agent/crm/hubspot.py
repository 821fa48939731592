"""HubSpot CRM v3 as the `CRM` backend: history by email and company domain, create-only contacts with a note.

The one update is `set_owner` ("Take this lead"): a PATCH of the contact's `hubspot_owner_id` and nothing else.
A create carries the assigned owner's `hubspot_owner_id` when the policy gives the member one.

The SDK is synchronous: each call runs in a thread, after a slot of the shared `Limiter`. A 429 is waited out
(`Retry-After`, else 1, 2, 4 s) within `max_wait`; a 5xx, a timeout or a malformed answer leaves it unknown whether
the request happened, so a retry must not duplicate anything:

- searches only read, and are retried up to `max_attempts` times;
- a contact create is retried after a search by email finds nothing; HubSpot's unique email (409 "Existing ID: N")
  catches a contact the eventually consistent search has not indexed yet, so a retry never makes a second contact;
- a note create is retried once, and only when a search finds no note of this run on the contact. That search is
  eventually consistent too, and HubSpot may take a create and store it minutes later: at worst a duplicate note,
  never a lost one. A run whose note this process sent more than once says so (`notes_unsure`), and `tidy_notes`
  later archives all of the run's notes on the contact but the lowest id (the pipeline has it run for a run an
  earlier execution tried too).

What this process sent for a run is kept (in memory) until its `create_contact` returns: a contact found by email
that a create of this run made in this process (an earlier try of the step) is `created=True`; one found after an
unanswered create is not (the create may have been refused: the contact may be a customer's).

Lead text is the sender's: contact properties are plain text without control characters, and the note, which
HubSpot renders as HTML, is the plain-text note HTML-escaped with its line breaks as `<br>`.
"""

from __future__ import annotations

import asyncio
import html
import json
import re
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import partial
from importlib import import_module
from typing import Any, TypeVar, cast

from .. import _domains, _render
from ..backends import ContactRef, after_backoff, still_ours
from ..exceptions import IntegrationError
from ..models import Assignment, CrmRecord, Lead
from ..ratelimit import HUBSPOT_LIMIT, Limiter

__all__ = ('SCOPES', 'SCOPES_BY_API', 'HubSpotCRM')

SCOPES_BY_API = {
    'contacts.search_api': 'crm.objects.contacts.read',
    'contacts.basic_api': 'crm.objects.contacts.write',
    'companies.search_api': 'crm.objects.companies.read',
    # Notes on a contact are covered by the contact scopes.
    'objects.notes.search_api': 'crm.objects.contacts.read',
    'objects.notes.basic_api': 'crm.objects.contacts.write',
}
"""Every SDK API `HubSpotCRM` calls, and the private-app scope it needs."""
SCOPES = tuple(sorted(set(SCOPES_BY_API.values())))
"""The scopes of the HubSpot private app, all of them."""

T = TypeVar('T')
NOTE_TO_CONTACT = 202  # `hubspot.crm.association_type`: the note→contact type, seen from the note's side
_EXISTING_ID = re.compile(r'Existing ID:\s*(\d+)')
_CONTACT_PROPERTIES = ['email', 'firstname', 'lastname', 'lifecyclestage', 'hubspot_owner_id', 'createdate']
_COMPANY_PROPERTIES = ['name', 'domain', 'lifecyclestage', 'hubspot_owner_id', 'createdate']
_RUN_MARK = 'lead-agent run {run_id}'
"""A note's first line (the pipeline's notes) or last (appended to any other): what finds a run's notes again."""
_SENDS_KEPT = 10_000  # runs whose creates are remembered (`_Sent`; the oldest of a run that never came back dropped)


class _Unsure(IntegrationError):
    """The request may or may not have been processed: 5xx, timeout, dropped connection, malformed answer."""

    def __init__(self, message: str, *, status: int | None) -> None:
        super().__init__('hubspot', message, status=status)
        self.message = message

    def public(self) -> IntegrationError:
        """The plain `IntegrationError` callers see."""
        return IntegrationError('hubspot', self.message, status=self.status)


@dataclass(frozen=True)
class _Object:
    id: str
    properties: dict[str, str]


@dataclass
class _Sent:
    """The creates this process sent for one run."""

    made: str | None = None
    """The contact a create of this run was answered with (201)."""
    notes: int = 0
    """Note creates sent, answered or not."""


class HubSpotCRM:
    """The `CRM` protocol on HubSpot (a private-app token with the contacts, companies and notes scopes).

    Args:
        access_token: the private-app token (sent as a Bearer header, never logged).
        host: the API base URL; None means `https://api.hubapi.com`.
        limiter: the process's shared limiter; every request takes a slot of `HUBSPOT_LIMIT` first.
        portal_url: the base of record links, e.g. `https://app.hubspot.com/contacts/<portal id>`.
        max_wait: most seconds to wait out 429s, per request.
        max_attempts: most tries of a request that failed with a 5xx, a timeout or a malformed answer.
        timeout: seconds per HTTP request.
        sleep: the pause between tries (injectable for tests).
    """

    def __init__(self, access_token: str, *, host: str | None = None, limiter: Limiter | None = None,
                 portal_url: str = 'https://app.hubspot.com/contacts', max_wait: float = 20.0, max_attempts: int = 3,
                 timeout: float = 10.0, sleep: Callable[[float], Awaitable[object]] = asyncio.sleep) -> None:
        try:
            import hubspot  # pyright: ignore[reportMissingTypeStubs]
            import urllib3

            # Each generated API package of the SDK has its own ApiException class.
            api_errors = tuple(import_module(f'hubspot.crm.{name}.exceptions').ApiException
                               for name in ('contacts', 'companies', 'objects.notes'))
        except ImportError:
            raise ImportError("HubSpotCRM needs the HubSpot SDK: pip install 'lead-agent[hubspot]'") from None
        crm: Any = hubspot.HubSpot(access_token=access_token, host=host).crm  # pyright: ignore[reportUnknownMemberType]
        # Each `*_api` attribute builds a new client and connection pool: take each once.
        self._contacts, self._contact_search = crm.contacts.basic_api, crm.contacts.search_api
        self._company_search = crm.companies.search_api
        self._notes, self._note_search = crm.objects.notes.basic_api, crm.objects.notes.search_api
        self._api_errors: tuple[type[Exception], ...] = api_errors
        self._transport_errors: tuple[type[Exception], ...] = (urllib3.exceptions.HTTPError,)
        self._limiter = limiter or Limiter()
        # The SDK blocks: its calls get threads of their own, so a hanging HubSpot cannot starve the store's.
        self._threads = ThreadPoolExecutor(max_workers=8, thread_name_prefix='lead-agent-hubspot')
        self._portal_url = portal_url.rstrip('/')
        self._max_wait, self._max_attempts, self._timeout, self._sleep = max_wait, max_attempts, timeout, sleep
        self._sent: dict[str, _Sent] = {}  # by run; see the module's doc

    async def aclose(self) -> None:
        """Stop the SDK's threads; calls under way finish."""
        self._threads.shutdown(wait=False)

    async def history(self, email: str) -> list[CrmRecord]:
        """The contact with this email and the company of its domain (never for webmail), newest first.

        Raises:
            IntegrationError: HubSpot failed or answered something unreadable.
        """
        email = email.casefold()
        domain = email.rpartition('@')[2]
        searches = [self._search(self._contact_search, 'contact', 'email', email, _CONTACT_PROPERTIES)]
        # Company history by domain, but gmail.com is not one company.
        if not (_domains.matches(domain, _domains.FREE) or _domains.matches(domain, _domains.DISPOSABLE)):
            searches.append(self._search(self._company_search, 'company', 'domain', _domains.registered(domain),
                                         _COMPANY_PROPERTIES))
        try:
            found = await asyncio.gather(*searches)
        except _Unsure as e:
            raise e.public() from None
        companies = found[1] if len(found) > 1 else []
        records = [_record('contact', o) for o in found[0]] + [_record('company', o) for o in companies]
        return sorted(records, key=lambda r: r.date, reverse=True)

    async def create_contact(self, lead: Lead, note: str, run_id: str, *, owner: Assignment | None = None
                             ) -> ContactRef:
        """Create the contact (owned by `owner`'s HubSpot owner id), or find it by email, and note the run once.

        An existing contact keeps its owner.

        Raises:
            IntegrationError: HubSpot refused, stayed rate limited past `max_wait`, or kept failing.
        """
        mark = _RUN_MARK.format(run_id=run_id)  # the run id finds the note again
        text = note if note.startswith(mark + '\n') or note.endswith('\n' + mark) else f'{note}\n\n{mark}'
        body = _note_html(text)
        try:
            contact_id, created = await self._create_contact(lead, owner.hubspot_owner_id if owner else None, run_id)
            # A contact this process made for the run has no note of it unless this process sent one.
            if (created and not self._tries(run_id).notes) or not await self._has_note(contact_id, run_id):
                await self._create_note(contact_id, body, run_id)
        except _Unsure as e:
            raise e.public() from None
        sent = self._sent.pop(run_id, _Sent())
        return ContactRef(contact_id=contact_id, created=created, url=f'{self._portal_url}/record/0-1/{contact_id}',
                          notes_unsure=sent.notes > 1)

    async def tidy_notes(self, contact_id: str, run_id: str) -> int:
        """Archive all of this run's notes on the contact but the one with the lowest id; how many it archived.

        Archived notes stay in HubSpot's recycle bin for 90 days. At most 100 notes of one run are seen per call.

        Raises:
            IntegrationError: HubSpot refused or kept failing.
        """
        try:
            ours = await self._run_notes(contact_id, run_id)
            extra = sorted(ours, key=lambda i: (len(i), i))[1:]  # in numeric order: digit strings
            for note_id in extra:
                try:  # a DELETE: repeating it changes nothing, so it is retried like a read
                    await self._call('archive note', self._notes.archive, lambda _: None, retry=True, note_id=note_id)
                except IntegrationError as e:
                    if e.status != 404:  # archived meanwhile
                        raise
        except _Unsure as e:
            raise e.public() from None
        return len(extra)

    async def set_owner(self, contact_id: str, owner: Assignment) -> None:
        """PATCH the contact's `hubspot_owner_id` (and no other property); idempotent, so retried like a read.

        Raises:
            IntegrationError: the owner has no HubSpot owner id, or HubSpot refused or kept failing.
        """
        if not owner.hubspot_owner_id:
            raise IntegrationError('hubspot', f'{owner.owner} has no hubspot_owner_id in the policy')
        body = {'properties': {'hubspot_owner_id': owner.hubspot_owner_id}}
        try:
            await self._call('set owner', self._contacts.update, _object, retry=True, contact_id=contact_id,
                             simple_public_object_input=body)
        except _Unsure as e:
            raise e.public() from None

    async def _create_contact(self, lead: Lead, owner_id: str | None, run_id: str) -> tuple[str, bool]:
        first, _, last = _render.plain(lead.name).partition(' ')
        props = {'email': lead.email, 'firstname': _cell(first), 'lastname': _cell(last),  # the email is checked
                 'company': _cell(_render.plain(lead.company)), 'phone': _cell(_render.plain(lead.phone or ''),
                                                                              phone=True),
                 'hubspot_owner_id': owner_id or ''}
        # Plain dicts are the wire body as-is: the SDK serialises dicts unchanged.
        body: dict[str, Any] = {'properties': {k: v for k, v in props.items() if v}, 'associations': []}
        sent = self._tries(run_id)
        for attempt in range(1, self._max_attempts + 1):
            if attempt > 1:  # the last try may have created it
                found = await self._search(self._contact_search, 'contact', 'email', lead.email.casefold(), ['email'])
                if found:
                    return found[0].id, sent.made == found[0].id
            try:
                obj = await self._call('create contact', self._contacts.create, _object,
                                       simple_public_object_input_for_create=body)
                sent.made = obj.id
                return obj.id, True
            except _Unsure:
                if attempt == self._max_attempts:
                    raise
                await self._sleep(_backoff(attempt))
                await after_backoff()
            except IntegrationError as e:
                existing = _EXISTING_ID.search(str(e)) if e.status == 409 else None
                if existing is None:
                    raise
                # Taken: by this run's own create answered before (the step tried again), or by someone else.
                # An unanswered create of this run proves nothing: it may as well have been refused (helper-90).
                return existing.group(1), sent.made == existing.group(1)
        raise AssertionError('unreachable')  # pragma: no cover

    def _tries(self, run_id: str) -> _Sent:
        """What this process sent for the run so far (kept until `create_contact` returns for it)."""
        sent = self._sent.pop(run_id, None) or _Sent()
        self._sent[run_id] = sent  # last: the oldest runs are forgotten first
        if len(self._sent) > _SENDS_KEPT:
            del self._sent[next(iter(self._sent))]
        return sent

    async def _create_note(self, contact_id: str, body: str, run_id: str) -> None:
        ms = int(datetime.now(UTC).timestamp() * 1000)
        payload = {
            'properties': {'hs_note_body': body, 'hs_timestamp': str(ms)},
            'associations': [{'to': {'id': contact_id}, 'types': [
                {'associationCategory': 'HUBSPOT_DEFINED', 'associationTypeId': NOTE_TO_CONTACT}]}],
        }

        async def create() -> None:
            self._tries(run_id).notes += 1  # before it is sent, as a contact's
            await self._call('create note', self._notes.create, _object, simple_public_object_input_for_create=payload)

        try:
            await create()
        except _Unsure:
            await self._sleep(_backoff(1))
            if not await self._has_note(contact_id, run_id):
                await create()

    async def _has_note(self, contact_id: str, run_id: str) -> bool:
        return bool(await self._run_notes(contact_id, run_id))

    async def _run_notes(self, contact_id: str, run_id: str) -> list[str]:
        """The ids of this run's notes on the contact (at most 100 notes holding its id are read).

        The run's own: its id where this class puts it (the note's first or last line), not anywhere in a note: a
        sender's text quoted in another run's note on this contact may hold it.
        """
        filters = [{'propertyName': 'associations.contact', 'operator': 'EQ', 'value': contact_id},
                   {'propertyName': 'hs_note_body', 'operator': 'CONTAINS_TOKEN', 'value': run_id}]
        notes = await self._call('search notes', self._note_search.do_search, _results, retry=True,
                                 public_object_search_request={'filterGroups': [{'filters': filters}],
                                                               'properties': ['hs_note_body'], 'limit': 100})
        marker = _note_html(_RUN_MARK.format(run_id=run_id))
        return [n.id for n in notes if (body := n.properties.get('hs_note_body', '')).startswith(marker + '<br>')
                or body.endswith('<br>' + marker) or body == marker]

    async def _search(self, api: Any, kind: str, prop: str, value: str, properties: list[str]) -> list[_Object]:
        request = {'filterGroups': [{'filters': [{'propertyName': prop, 'operator': 'EQ', 'value': value}]}],
                   'properties': properties, 'limit': 10}
        try:
            return await self._call(f'{kind} search', api.do_search, _results, retry=True,
                                    public_object_search_request=request)
        except IntegrationError as e:
            if e.status == 404:
                return []
            raise

    async def _call(self, what: str, fn: Callable[..., Any], parse: Callable[[Any], T], *, retry: bool = False,
                    **kwargs: Any) -> T:
        """One SDK call through the limiter; 429s waited out, unsure failures retried when `retry`."""
        waited, failures, rate_limited = 0.0, 0, 0
        while True:
            await self._limiter.wait(HUBSPOT_LIMIT, 'hubspot')
            # Before each request, also after a 429's pause or between a contact and its note: a worker that froze
            # meanwhile and had its run taken over stops (helper-94: woken, it added a second note).
            await still_ours()
            headers: Any = None
            try:
                call = partial(fn, _request_timeout=self._timeout, **kwargs)
                response = await asyncio.get_running_loop().run_in_executor(self._threads, call)
            except self._api_errors as e:
                status, detail, headers = int(getattr(e, 'status', 0) or 0), _reason(e), getattr(e, 'headers', None)
            except self._transport_errors as e:  # timeouts, refused or dropped connections
                status, detail = 0, f'{type(e).__name__}: {e}'
            else:
                try:
                    return parse(response)
                except ValueError as e:  # the SDK does not validate: a garbled body comes back as empty models
                    status, detail = 0, f'malformed response: {e}'
            if status == 429:
                rate_limited += 1
                pause = _retry_after(headers) or min(2.0 ** (rate_limited - 1), 4.0)
                if waited + pause > self._max_wait:
                    raise IntegrationError('hubspot', f'{what}: rate limited; gave up after waiting {waited:g} s',
                                           status=429)
                waited += pause
                await self._sleep(pause)
                await after_backoff()
                continue
            if 0 < status < 500:
                raise IntegrationError('hubspot', f'{what}: {detail}', status=status)
            failures += 1
            if not retry or failures >= self._max_attempts:
                raise _Unsure(f'{what}: {detail}', status=status or None)
            await self._sleep(_backoff(failures))
            await after_backoff()


def _note_html(text: str) -> str:
    """A plain-text note as the HTML `hs_note_body` is: nothing in it is markup, its lines stay lines."""
    return html.escape(_render.plain(text, lines=True)).replace('\n', '<br>')


def _backoff(attempt: int) -> float:
    return min(2.0 ** (attempt - 1), 4.0)


def _retry_after(headers: Any) -> float | None:
    try:
        value = float(headers.get('Retry-After'))  # seconds; an HTTP date falls back to backoff
    except (AttributeError, TypeError, ValueError):
        return None
    return value if value > 0 else None


def _reason(e: Exception) -> str:
    """HubSpot's `message` from an error body, else the HTTP reason (never the request, which holds the token)."""
    body: Any = getattr(e, 'body', None)
    try:
        message = cast(dict[str, Any], json.loads(body)).get('message')
    except (TypeError, ValueError, AttributeError):
        message = None
    return str(message or getattr(e, 'reason', None) or 'no message')[:300]


def _object(obj: Any) -> _Object:
    oid, props = getattr(obj, 'id', None), getattr(obj, 'properties', None)
    if not isinstance(oid, str) or not oid or not isinstance(props, dict):
        raise ValueError('no object id or properties')
    return _Object(oid, {str(k): str(v) for k, v in cast(dict[Any, Any], props).items() if v is not None})


def _results(response: Any) -> list[_Object]:
    results = getattr(response, 'results', None)
    if not isinstance(results, list):
        raise ValueError('no search results')
    return [_object(o) for o in cast(list[Any], results)]


def _record(kind: str, obj: _Object) -> CrmRecord:
    p = obj.properties
    stage = p.get('lifecyclestage') or None
    try:
        day = date.fromisoformat(p.get('createdate', '')[:10])
    except ValueError:
        raise IntegrationError('hubspot', f'malformed response: {kind} {obj.id} has no createdate') from None
    label = 'contact' if kind == 'contact' else f'company {p.get("name") or p.get("domain") or obj.id}'
    return CrmRecord(date=day, type='contact' if kind == 'contact' else 'note',
                     summary=f'HubSpot {label} (lifecycle: {stage or "unknown"})', owner=p.get('hubspot_owner_id'),
                     lifecycle_stage=stage, record_id=f'hubspot:{kind}:{obj.id}',
                     matched_by='email' if kind == 'contact' else 'domain')


_FORMULA_START = ('=', '+', '-', '@', '\t', '\r')
# The only formula start a phone number has is its international '+': one starting with '-' is a formula (helper-200:
# '-1-1' reached HubSpot as it was, and a spreadsheet showed -2).
_PHONE_NUMBER = re.compile(r'\+[\d\s().\-/]{3,40}(?:\s*(?:x|ext\.?)\s*\d{1,8})?', re.IGNORECASE)


def _cell(value: str, *, phone: bool = False) -> str:
    """A sender's text for a contact property, kept as text where HubSpot's exports open it in a spreadsheet.

    A value starting with `=`, `+`, `-`, `@` (or a tab or CR) is read there as a formula (`=HYPERLINK(...)`,
    `=cmd|...`): it gets a leading `'`, as OWASP's CSV-injection advice says. A phone number written as one
    (`+1 555 0100`) is left as it is (helper-48).
    """
    if not value.startswith(_FORMULA_START) or (phone and _PHONE_NUMBER.fullmatch(value)):
        return value
    return "'" + value
