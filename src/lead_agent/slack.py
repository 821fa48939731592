"""Slack for real: the `Notifier` on the Web API, the button handlers as a Bolt app, and the SLA check.

`SlackNotifier` posts the Block Kit of `notify.py` once per run and kind, and remembers where (table
`slack_messages`), so the buttons and `check_sla` can find the message again. `build_slack_app` answers the
buttons; Bolt checks Slack's request signature (401 when it is wrong or older than 5 minutes), and a click it
cannot read is a 400. `lead_agent.web`'s host mounts it at `/slack/events` (through Bolt's Starlette adapter, with
a body that is not UTF-8 or JSON answered 400 too); point the Slack app's Interactivity Request URL there. Another
ASGI host can mount it with Bolt's ASGI adapter:

    from slack_bolt.adapter.asgi.async_handler import AsyncSlackRequestHandler

    asgi_app = AsyncSlackRequestHandler(build_slack_app(deps, signing_secret=...), path='/slack/events')

Run `check_sla` every minute or so from the host.
Needs the `slack` extra (slack-bolt, slack-sdk and aiohttp, which their async clients use).
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import logging
import re
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any, Literal, cast

import logfire_api as logfire
from sqlalchemy import Row, bindparam, insert, select, update
from sqlalchemy.exc import IntegrityError

from .backends import may_have_run, redoing, still_ours
from .erase import ERASED_BLOCKS
from .exceptions import ConfigError, IntegrationError, LeadAgentError
from .models import Assignment, Classification, Decision, Lead, RunRecord
from .notify import review_blocks, slack_escape, summary_blocks
from .pipeline import OWNER_NOT_CHANGED, TriageDeps, crm_contact_of, owner_pending
from .policy import Policy
from .ratelimit import SLACK_CHANNEL_LIMIT, Limiter
from .review import resolve
from .routing import taker_assignment
from .store import Database, SqlRunLog
from .store._schema import deliveries, slack_messages
from .store.runlog import run_erased

try:
    import aiohttp
    from slack_bolt import BoltResponse
    from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltRequest
    from slack_bolt.logger.messages import warning_client_prioritized_and_token_skipped
    from slack_sdk.errors import SlackApiError, SlackClientError
    from slack_sdk.web.async_client import AsyncWebClient
    from slack_sdk.web.async_slack_response import AsyncSlackResponse
except ImportError as e:  # pragma: no cover
    raise ImportError("lead_agent.slack needs the slack extra: pip install 'lead-agent[slack]'") from e

__all__ = ('BOT_SCOPES', 'SCOPES_BY_METHOD', 'UNREADABLE', 'SlackNotifier', 'build_slack_app', 'check_sla', 'check_token',
           'slack_client')

SCOPES_BY_METHOD: dict[str, tuple[str, ...]] = {
    'auth.test': (),
    # `chat:write.public` posts to a public channel the app was not invited to (the policy names channels).
    'chat.postMessage': ('chat:write', 'chat:write.public'),
    'chat.update': ('chat:write',),
    'chat.postEphemeral': ('chat:write',),
    # Only before posting again what an earlier attempt may have posted (`backends.may_have_run`); replies: a thread's.
    'conversations.history': ('channels:history', 'groups:history'),
    'conversations.replies': ('channels:history', 'groups:history'),
    # Only to find the id of a channel the policy names (`#sales`) and this database never posted to.
    'conversations.list': ('channels:read', 'groups:read'),
}
"""Every Web API method lead-agent calls, and the bot token scopes it needs (examples/slack-app-manifest.yaml)."""
BOT_SCOPES = tuple(sorted({scope for scopes in SCOPES_BY_METHOD.values() for scope in scopes}))
"""The bot token scopes the Slack app needs, all of them."""
LOOKUP_SCOPES = tuple(sorted({*SCOPES_BY_METHOD['conversations.history'], *SCOPES_BY_METHOD['conversations.list']}))
"""Without them Slack works, but a post cut off after Slack kept it (a kill, a timeout) is posted again."""

log = logging.getLogger('lead_agent.slack')
POST_EVENT = 'lead_agent_post'
"""The `event_type` of the metadata on every post: `{"run_id": ..., "kind": ...}`, how a post is found again."""
_LOOKBACK = timedelta(days=30)  # an approval may come days after the run's lost post (a weekend in review)
_LOOKUP_PAGES = 5  # of 200 messages: the newest 1,000
_SLACK_TRANSIENT = frozenset({'service_unavailable', 'internal_error', 'fatal_error', 'request_timeout', 'ratelimited'})
"""Slack's own errors (HTTP 200, `ok: false`) that say it failed, not that the call cannot work."""
_unsearchable: set[str] = set()  # the Slack errors already warned about in this process

_Kind = Literal['slack_summary', 'slack_review', 'slack_escalation']
_USER_ID = re.compile(r'^[UW][A-Z0-9]{2,}$')
_RUN_ID = re.compile(r'[!-~]{1,40}')
"""What a button's value holds: a run id (visible ASCII, at most the 40 characters the runs table keeps)."""
_REVIEW_ACTION = re.compile(r'^(approve_(sales|support|founder)|reject)$')

# --- Web API calls (the SDK's signatures are partly untyped; these three are typed and map every error) -----------
async def _call(method: str, request: Awaitable[AsyncSlackResponse]) -> AsyncSlackResponse:
    """Await one Web API call; every failure becomes an `IntegrationError('slack', ...)`."""
    try:
        return await request
    except SlackApiError as e:
        resp: Any = e.response  # a SlackResponse, or aiohttp's response when the body was not JSON
        status = getattr(resp, 'status_code', None) or getattr(resp, 'status', None)
        error = _field(getattr(resp, 'data', None), 'error')
        raise IntegrationError('slack', f'{method}: {error or "unexpected response"}', status=status) from None
    except (SlackClientError, aiohttp.ClientError, TimeoutError) as e:
        raise IntegrationError('slack', f'{method}: {type(e).__name__}: {e}'.rstrip(': ')) from None


async def _post(client: AsyncWebClient, channel: str, text: str, blocks: list[dict[str, Any]] | None = None,
                thread_ts: str | None = None, *, mark: tuple[str, str] | None = None) -> tuple[str, str]:
    """chat.postMessage; returns the channel id and the message ts.

    `text` (the notification, and the message where blocks are not shown) is drawn as written: `mrkdwn=False`, as
    it carries a lead's name and company. `mark`: the run id and kind the post carries in its metadata
    (`POST_EVENT`), so `_posted_before` can find it.
    """
    metadata = {'event_type': POST_EVENT, 'event_payload': {'run_id': mark[0], 'kind': mark[1]}} if mark else None
    await still_ours()  # a worker that stalled (in the lookup's wait, say) while another took the run over stops here
    resp = await _call('chat.postMessage', client.chat_postMessage(  # pyright: ignore[reportUnknownMemberType]
        channel=channel, text=text, blocks=blocks, thread_ts=thread_ts, mrkdwn=False, metadata=metadata))
    data = getattr(resp, 'data', None)  # dict, typed loosely by the SDK
    channel_id, ts = _field(data, 'channel'), _field(data, 'ts')
    if not (channel_id and ts):
        raise IntegrationError('slack', 'chat.postMessage: the answer has no channel or ts')
    return channel_id, ts


async def _update(client: AsyncWebClient, channel: str, ts: str, text: str, blocks: list[dict[str, Any]]) -> None:
    await _call('chat.update', client.chat_update(  # pyright: ignore[reportUnknownMemberType]
        channel=channel, ts=ts, text=text, blocks=blocks))


async def _posted_before(db: Database, client: AsyncWebClient, run_id: str, kind: str, channel: str,
                         now: datetime, *, after: str = '0', thread: str | None = None) -> _Found | None:
    """The run's post of this kind in `channel` that an earlier attempt made without recording it, if Slack has it.

    Only one later than `after` (a ts). Read from the channel's history (its newest 1,000 messages of the last 30
    days), or the replies to the message `thread` (a ts), by the metadata every post carries; not found, looked for
    once more `_SETTLE` seconds later (a Slack that held posts answers the lookups it held as it stores them: a drill's
    first look missed 7 of 16). None when there is none, or when it cannot be looked for: a channel never posted to
    not found in the workspace, a token without `LOOKUP_SCOPES`, a channel the app is not in (each warned once a
    process). Slack failing or not answering raises: the post waits for the retry rather than risk a second one.
    """
    channel_id = await db.run(_channel_id, db, channel) or await _resolve(client, channel)
    if channel_id is None:
        return None
    for look in range(2):
        found = await _look(client, run_id, kind, channel_id, now, after, thread)
        if found is not False:
            return found
        if look == 0:
            await asyncio.sleep(_SETTLE)
    return None


_SETTLE = 3.0


_Found = tuple[str, str, list[dict[str, Any]]]
"""A post found in Slack: its channel id, its ts and its blocks."""


async def _look(client: AsyncWebClient, run_id: str, kind: str, channel_id: str, now: datetime, after: str,
                thread: str | None) -> _Found | Literal[False] | None:
    """One look for `_posted_before`: the post, False when it is not there, None when it cannot be looked for."""
    method = 'conversations.history' if thread is None else 'conversations.replies'
    oldest = f'{(now - _LOOKBACK).timestamp():.6f}'
    cursor: str | None = None
    for _ in range(_LOOKUP_PAGES):
        if thread is None:
            resp = await _lookup(method, client.conversations_history(  # pyright: ignore[reportUnknownMemberType]
                channel=channel_id, oldest=oldest, limit=200, include_all_metadata=True, cursor=cursor))
        else:
            resp = await _lookup(method, client.conversations_replies(  # pyright: ignore[reportUnknownMemberType]
                channel=channel_id, ts=thread, limit=200, include_all_metadata=True, cursor=cursor))
        if resp is None:
            return None
        data: dict[str, Any] = getattr(resp, 'data', None) or {}
        for message in cast(list[dict[str, Any]], data.get('messages') or []):
            meta = cast(dict[str, Any], message.get('metadata') or {})
            if (meta.get('event_type') == POST_EVENT and meta.get('event_payload') == {'run_id': run_id, 'kind': kind}
                    and message.get('ts') and float(message['ts']) > float(after)):
                return channel_id, str(message['ts']), cast(list[dict[str, Any]], message.get('blocks') or [])
        cursor = _field(data, 'response_metadata', 'next_cursor')
        if not (data.get('has_more') and cursor):
            return False
    return False


async def _lookup(method: str, request: Awaitable[AsyncSlackResponse]) -> AsyncSlackResponse | None:
    """One call of a lookup (`_posted_before`); None when Slack says it cannot work.

    That is a scope or a channel (warned once a process): the post is then made. Slack failing or not answering
    raises, so the post waits for the step's retry.
    """
    try:
        return await _call(method, request)
    except IntegrationError as e:
        if e.status != 200:  # no answer, or Slack failing: transient
            raise
        error = str(e).rsplit(': ', 1)[-1].split()[0]  # 'slack: conversations.history: missing_scope (HTTP 200)'
        if error in _SLACK_TRANSIENT:  # helper-92: posting now could make a second post
            raise IntegrationError('slack', f'{method}: {error}', status=200, transient=True) from None
        if error not in _unsearchable:
            _unsearchable.add(error)
            log.warning('a Slack post that may have been made already (its answer was lost) cannot be looked for '
                        '(%s: %s), so it is posted again: give the app the scopes %s and invite it to the channel',
                        method, error, ', '.join(LOOKUP_SCOPES))
        return None


async def _resolve(client: AsyncWebClient, channel: str) -> str | None:
    """Slack's id for a channel the policy names (`#sales`), from the workspace's channels; kept for the process.

    Read with `conversations.list` (public and private, 1,000 a page, up to `_LIST_PAGES`). None when it is not
    there or cannot be listed.
    """
    name = _target(channel).casefold()
    if (known := _resolved.get(name)) is not None:
        return known
    cursor: str | None = None
    for _ in range(_LIST_PAGES):
        resp = await _lookup('conversations.list', client.conversations_list(  # pyright: ignore[reportUnknownMemberType]
            types='public_channel,private_channel', exclude_archived=True, limit=1000, cursor=cursor))
        if resp is None:
            return None
        data: dict[str, Any] = getattr(resp, 'data', None) or {}
        for found in cast(list[dict[str, Any]], data.get('channels') or []):
            if str(found.get('name', '')).casefold() == name and _CHANNEL.match(str(found.get('id', ''))):
                if len(_resolved) >= _RESOLVED_KEPT:
                    _resolved.clear()
                _resolved[name] = str(found['id'])
                return _resolved[name]
        cursor = _field(data, 'response_metadata', 'next_cursor')
        if not cursor:
            break
    log.warning('Slack channel %r is not among the workspace channels the app can list: a post there whose answer '
                'was lost cannot be looked for', _target(channel))
    return None


_LIST_PAGES = 20  # of 1,000 channels
_RESOLVED_KEPT = 1000
_resolved: dict[str, str] = {}  # channel names (casefolded) and their ids, found in this process


async def _tell(client: AsyncWebClient, body: dict[str, Any], text: str) -> None:
    """An ephemeral reply, seen only by the user who clicked."""
    channel = _field(body, 'container', 'channel_id') or _field(body, 'channel', 'id')
    if channel and (user := _field(body, 'user', 'id')):
        await _call('chat.postEphemeral', client.chat_postEphemeral(  # pyright: ignore[reportUnknownMemberType]
            channel=channel, user=user, text=text))


async def check_token(client: AsyncWebClient) -> tuple[str, list[str]]:
    """auth.test: who the token is (`bot name in team`), and the `BOT_SCOPES` it lacks (from `x-oauth-scopes`).

    Raises:
        IntegrationError: Slack refused the token (e.g. `invalid_auth`) or could not be reached.
    """
    resp = await _call('auth.test', client.auth_test())  # pyright: ignore[reportUnknownMemberType]
    data = getattr(resp, 'data', None)
    headers = {str(k).lower(): str(v) for k, v in cast(dict[Any, Any], getattr(resp, 'headers', None) or {}).items()}
    granted = {scope.strip() for scope in headers.get('x-oauth-scopes', '').split(',') if scope.strip()}
    who = f'{_field(data, "user") or "?"} in {_field(data, "team") or "?"}'
    return who, [scope for scope in BOT_SCOPES if scope not in granted]


def _field(data: Any, *keys: str) -> str:
    """A string nested in a payload, or '' when any level is missing."""
    for key in keys:
        data = cast(dict[str, Any], data).get(key) if isinstance(data, dict) else None
    return data if isinstance(data, str) else ''


def _fallback(text: str) -> str:
    """The notification text beside the blocks: escaped, one line, short."""
    return slack_escape(' '.join(text.split()), 300)


# --- the table -----------------------------------------------------------------------------------------------------
def _find(db: Database, run_id: str, kind: str) -> Row[Any] | None:
    with db.engine.connect() as conn:
        return conn.execute(_FIND, {'run_id': run_id, 'kind': kind}).first()


def _insert(db: Database, values: dict[str, Any]) -> str:
    """Record a posted message; when a concurrent post won the race, return the winner's reference instead."""
    try:
        with db.engine.begin() as conn:
            if run_erased(conn, values['run_id']):
                # Erased while it posted (an approval's or an SLA escalation's post, which nothing waits for): the row
                # says where the message is, for the buttons and the erasure's report, and not what (helper-97).
                at = values['posted_at']
                values = {**values, 'blocks': ERASED_BLOCKS, 'repinged_at': at, 'escalated_at': at}
            conn.execute(_RECORD, values)
        return f'{values["channel"]}:{values["ts"]}'
    except IntegrityError:
        row = _find(db, values['run_id'], values['kind'])
        assert row is not None
        return f'{row.channel}:{row.ts}'


_FIND = select(slack_messages).where(slack_messages.c.run_id == bindparam('run_id'),
                                     slack_messages.c.kind == bindparam('kind'))
_RECORD = insert(slack_messages)
"""A run's message, found and recorded once per post: built once (building costs more than SQLite takes to run)."""


def _channel_id(db: Database, channel: str) -> str | None:
    """Slack's id for a channel as the policy names it: the name is one (`C0123ABCD`), or a post there answered it."""
    name = _target(channel)
    if _CHANNEL.match(name):
        return name
    with db.engine.connect() as conn:
        return conn.execute(select(slack_messages.c.channel).where(slack_messages.c.target == name)
                            .order_by(slack_messages.c.id.desc()).limit(1)).scalar()


_CHANNEL = re.compile(r'^[CGD][A-Z0-9]{8,}$')


def _erased(db: Database, run_id: str) -> bool:
    with db.engine.connect() as conn:
        return run_erased(conn, run_id)


def _moved(db: Database, row_id: int, was_ts: str, values: dict[str, Any]) -> Row[Any] | None:
    """The run's message is the new post, unless another move made it first; its re-ping starts again from it.

    Returns the row as it is now (a Take made meanwhile has set `taken_by`, kept). The escalation stays stamped:
    the run has one escalation post (`slack_escalation`), which is not posted again.
    """
    t = slack_messages.c
    with db.engine.begin() as conn:
        # Not over an erasure made while the post was made (helper-66: the row held the lead again).
        conn.execute(update(slack_messages).where(t.id == row_id, t.ts == was_ts, t.blocks != ERASED_BLOCKS)
                     .values(repinged_at=None, **values))
        return conn.execute(select(slack_messages).where(t.id == row_id)).first()


def _restated(db: Database, row_id: int, ts: str, blocks: str) -> Row[Any] | None:
    with db.engine.begin() as conn:
        conn.execute(update(slack_messages).where(slack_messages.c.id == row_id, slack_messages.c.ts == ts,
                                                  slack_messages.c.blocks != ERASED_BLOCKS).values(blocks=blocks))
        return conn.execute(select(slack_messages).where(slack_messages.c.id == row_id)).first()


def _claim_step(db: Database, row_id: int, ts: str, column: str, now: datetime) -> bool:
    """Conditional UPDATE: stamp an SLA step on an untaken message only once, so exactly one checker wins.

    Not on a row whose message moved since it was read (`ts`): the re-ping would go to the old post (helper-63).
    """
    t = slack_messages.c
    q = update(slack_messages).where(t.id == row_id, t.ts == ts, t[column].is_(None), t.taken_by.is_(None))
    with db.engine.begin() as conn:
        return conn.execute(q.values({column: now})).rowcount == 1


def _unset(db: Database, row_id: int, column: str) -> None:
    with db.engine.begin() as conn:
        conn.execute(update(slack_messages).where(slack_messages.c.id == row_id).values({column: None}))


_ERASED_TAKE = "This lead's personal data was erased: there is nothing to take."


def _take(db: Database, run_id: str, user_id: str, user_name: str, now: datetime) -> tuple[bool, list[Row[Any]]]:
    """Claim the lead for a user (first click wins); the messages to update, summary first (it says who won).

    The taker clicking again (their first click could not change the CRM owner) gets the escalation post too, so
    both lose the button kept for that (helper-63).

    Raises:
        LeadAgentError: the run was erased (its posts' rows stay redacted, and no owner is written).
    """
    t = slack_messages.c
    with db.engine.begin() as conn:
        if run_erased(conn, run_id):  # nothing more is written about an erased person's lead (helper-199)
            raise LeadAgentError(_ERASED_TAKE)
        won = conn.execute(
            update(slack_messages)
            .where(t.run_id == run_id, t.kind == 'slack_summary', t.taken_by.is_(None))
            .values(taken_by=user_id, taken_by_name=user_name[:200], taken_at=now)
        ).rowcount == 1
        rows = conn.execute(select(slack_messages).where(t.run_id == run_id, t.kind.in_(
            ('slack_summary', 'slack_escalation')))).all()
    rows = sorted(rows, key=lambda r: r.kind != 'slack_summary')
    if not won and not (rows and rows[0].taken_by == user_id):
        rows = rows[:1]
    return won, rows


def _untaken_since(db: Database, before: datetime) -> list[Row[Any]]:
    t = slack_messages.c
    q = select(slack_messages).where(t.kind == 'slack_summary', t.taken_by.is_(None), t.posted_at <= before)
    with db.engine.connect() as conn:
        return list(conn.execute(q.order_by(t.posted_at)).all())


async def _post_once(db: Database, client: AsyncWebClient, run_id: str, kind: _Kind, channel: str, text: str,
                     blocks: list[dict[str, Any]], now: datetime, limiter: Limiter | None = None) -> str:
    """Post a message unless this run already has one of this kind for `channel`; returns `'{channel_id}:{ts}'`.

    A run's summary asked for in another channel (a person approved the run for another team than it was routed
    to) is moved: see `_move`. A message stored before its channel was (no `target`) counts as this one.
    """
    if (row := await db.run(_find, db, run_id, kind)) is not None:
        if kind != 'slack_summary' or row.blocks == ERASED_BLOCKS:
            # An erased run's execution still going (a worker's recovery) neither moves nor restates it: that would
            # put the lead back in Slack and in the row (helper-65).
            return f'{row.channel}:{row.ts}'
        if not _same_channel(row, channel):
            return await _move(db, client, row, channel, text, blocks, now, limiter)
        if row.blocks != json.dumps(blocks):  # approved for a team that shares the channel: its new owner (helper-64)
            await _restate(db, client, row, text, blocks)
        return f'{row.channel}:{row.ts}'
    if await db.run(_erased, db, run_id):  # an execution still going after an erasure posts nothing (helper-66)
        return 'erased'
    channel_id, ts = await _found_or_posted(db, client, run_id, kind, channel, text, blocks, now, limiter)
    return await _record(db, run_id, kind, channel_id, channel, ts, blocks, now)


async def _found_or_posted(db: Database, client: AsyncWebClient, run_id: str, kind: str, channel: str, text: str,
                           blocks: list[dict[str, Any]], now: datetime, limiter: Limiter | None, *,
                           after: str = '0') -> tuple[str, str]:
    """The channel id and ts of the run's post of this kind in `channel`.

    The one an earlier attempt made, when one may have (`backends.may_have_run`); else a new one, within the
    channel's rate limit.
    """
    found = await _posted_before(db, client, run_id, kind, channel, now, after=after) if may_have_run() else None
    if found is not None:
        log.warning('run %s: its %s was in Slack already (posted by an earlier attempt whose answer was lost): kept, '
                    'not posted again', run_id[:12], kind.removeprefix('slack_'))
        return found[0], found[1]
    if limiter is not None:
        await limiter.wait(SLACK_CHANNEL_LIMIT, 'slack', channel)
    return await _post(client, channel, _fallback(text), blocks, mark=(run_id, kind))


async def _record(db: Database, run_id: str, kind: str, channel_id: str, channel: str, ts: str,
                  blocks: list[dict[str, Any]], now: datetime) -> str:
    """Store a run's message (`_insert`): its reference, or the one a concurrent post recorded first."""
    return await db.run(_insert, db, {'run_id': run_id, 'kind': kind, 'channel': channel_id, 'target': _target(channel),
                                      'ts': ts, 'blocks': json.dumps(blocks), 'posted_at': now})


def _same_channel(row: Row[Any], channel: str) -> bool:
    """Whether a stored message is in `channel` as the policy names it now.

    By the name it was asked for ('#sales', 'sales' and '#Sales' alike), or by Slack's id for it (a policy that
    switched to ids, helper-63).
    """
    if row.target is None:
        return True
    return _channel_key(row.target) == _channel_key(channel) or channel.lstrip('#') == row.channel


def _channel_key(channel: str) -> str:
    return channel.strip().lstrip('#').casefold()


def _target(channel: str) -> str:
    """The channel as stored in `slack_messages.target` (80 characters), without its '#'.

    A name of Slack's longest (80) left no room for it: PostgreSQL refused the row after the post was made (helper-64).
    """
    return channel.strip().lstrip('#')[:80]


async def _restate(db: Database, client: AsyncWebClient, row: Row[Any], text: str,
                   blocks: list[dict[str, Any]]) -> None:
    """The run's summary, in the channel it is in, says what it says now (a taken one stays taken: `_as_taken`)."""
    try:
        pending = await _pending(db, row.run_id)
        await _update(client, row.channel, row.ts, _fallback(text), _as_taken(blocks, row.taken_by, pending))
        now_row = await db.run(_restated, db, row.id, row.ts, json.dumps(blocks))
        if now_row is not None and now_row.taken_by and not row.taken_by:  # taken meanwhile (helper-65)
            await _update(client, row.channel, row.ts, _fallback(text), _as_taken(blocks, now_row.taken_by, pending))
    except Exception as e:  # the lead is posted where it belongs; only its owner line is stale
        logfire.warn('summary not updated', run_id=row.run_id, error=str(e))


def _as_taken(blocks: list[dict[str, Any]], taker: str | None, pending: bool) -> list[dict[str, Any]]:
    """A summary as posted again or moved: taken, if it is, and without its button unless the owner is `pending`.

    A run whose owner the CRM refused (`pipeline.owner_pending`) keeps the taker's button, as a Take whose change
    failed does (D8): a redraw without it left a refused owner change nothing could retry (helper-65).
    """
    if not taker:
        return blocks
    if pending:
        return _done(blocks, f':white_check_mark: Taken by <@{taker}> · {OWNER_NOT_CHANGED}: click *Take this lead* '
                             'again to retry', keep_buttons=True)
    return _done(blocks, f':white_check_mark: Taken by <@{taker}>')


async def _pending(db: Database, run_id: str) -> bool:
    rec = await SqlRunLog(db).get(run_id)
    return rec is not None and owner_pending(rec)


async def _move(db: Database, client: AsyncWebClient, row: Row[Any], channel: str, text: str,
                blocks: list[dict[str, Any]], now: datetime, limiter: Limiter | None) -> str:
    """Post the run's summary to `channel` and make it the run's; the earlier post says where it went, without buttons.

    helper-59 D7: approving a failed run for another team left its summary in the first team's channel only, with
    the first pick's owner and a live Take button. The new post is the one its Take button and the SLA's re-ping
    work on; an escalation already posted is closed like the first post, and not posted again (once per lead). A
    summary someone took, before or while it moves, is posted or updated as taken. A Slack that refuses to update an
    earlier post is logged: the new post stands. A kill between the post and its row posts it again on the next
    approval (the window every post has).
    """
    pending = await _pending(db, row.run_id)
    channel_id, ts = await _found_or_posted(db, client, row.run_id, row.kind, channel, text,
                                            _as_taken(blocks, row.taken_by, pending), now, limiter, after=row.ts)
    values = {'channel': channel_id, 'target': _target(channel), 'ts': ts, 'blocks': json.dumps(blocks),
              'posted_at': now}
    now_row = await db.run(_moved, db, row.id, row.ts, values)
    if now_row is not None and now_row.taken_by and not row.taken_by:  # taken while it moved (helper-63)
        await _update(client, channel_id, ts, _fallback(f'Taken by {now_row.taken_by_name or now_row.taken_by}'),
                      _as_taken(blocks, now_row.taken_by, pending))
    note = f':arrow_right: Moved to {slack_escape(channel, 80)}'
    escalation = await db.run(_find, db, row.run_id, 'slack_escalation')
    for old in (row, escalation):
        if old is None:
            continue
        try:
            await _update(client, old.channel, old.ts, _fallback(f'Moved to {channel}'), _done(json.loads(old.blocks),
                                                                                              note))
        except Exception as e:  # the lead is in its new channel; only the old post's note is missing
            logfire.warn('moved post not updated', run_id=row.run_id, error=str(e))
    return f'{channel_id}:{ts}'


def slack_client(token: str, *, base_url: str | None = None) -> AsyncWebClient:
    """A Web API client that waits out Slack's 429s (per `Retry-After`) up to twice before failing."""
    from slack_sdk.http_retry.builtin_async_handlers import AsyncRateLimitErrorRetryHandler

    kwargs: dict[str, Any] = {'base_url': base_url} if base_url else {}
    return AsyncWebClient(token=token, retry_handlers=[AsyncRateLimitErrorRetryHandler(max_retry_count=2)], **kwargs)


class SlackNotifier:
    """`Notifier` on the Slack Web API: each run's summary and review item are posted once."""

    def __init__(self, db: Database, client: AsyncWebClient, *, limiter: Limiter | None = None,
                 now: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self.db = db
        self.client = client
        self.limiter = limiter or Limiter()
        self.now = now

    async def post_summary(self, run_id: str, lead: Lead, classification: Classification | None, decision: Decision,
                           channel: str, crm_url: str | None, *, owner: Assignment | None = None) -> str:
        """Post the lead summary with a "Take this lead" button to `channel`.

        Raises:
            IntegrationError: Slack refused the message or could not be reached.
        """
        blocks = summary_blocks(run_id, lead, classification, decision, crm_url, owner)
        text = f'New {decision.priority} priority lead: {lead.name or lead.email} · {lead.company or lead.domain}'
        return await _post_once(self.db, self.client, run_id, 'slack_summary', channel, text, blocks, self.now(),
                                self.limiter)

    async def adopt_summary(self, run_id: str, channel: str) -> bool:
        """Make the run's summary in `channel` its post, if an earlier attempt posted it there without recording it.

        For a person's approval to another team than the run was routed to: the summary its first execution lost in
        the first team's channel becomes the run's, so `post_summary` for the new team moves it (the old post says
        where it went and loses its Take button) instead of leaving it live beside the new one (helper-92). False
        when the run has a recorded summary, or none is found.
        """
        if await self.db.run(_find, self.db, run_id, 'slack_summary') is not None:
            return False
        now = self.now()
        found = await _posted_before(self.db, self.client, run_id, 'slack_summary', channel, now)
        if found is None:
            return False
        channel_id, ts, blocks = found
        await _record(self.db, run_id, 'slack_summary', channel_id, channel, ts, blocks, now)
        return True

    async def post_review(self, run_id: str, lead: Lead | None, reason: str, channel: str) -> str:
        """Post a review-queue item with approve/reject buttons to `channel`.

        Raises:
            IntegrationError: Slack refused the message or could not be reached.
        """
        who = f'{lead.name or lead.email} · {lead.company or lead.domain}' if lead else 'unreadable input'
        return await _post_once(self.db, self.client, run_id, 'slack_review', channel, f'Needs review: {who}',
                                review_blocks(run_id, lead, reason), self.now(), self.limiter)


# --- SLA -----------------------------------------------------------------------------------------------------------
async def check_sla(db: Database, client: AsyncWebClient, policy: Policy, now: datetime) -> list[tuple[str, str]]:
    """Re-ping, then escalate, lead summaries nobody took; each happens once per lead.

    Returns:
        The `(run_id, 'repinged' | 'escalated')` actions taken by this call. A failed post is logged, and tried
        again on the next call.
    """
    sla = policy.sla
    escalate_to = (policy.routing.get('founder') or policy.routing['sales']).slack_channel
    done: list[tuple[str, str]] = []
    for row in await db.run(_untaken_since, db, now - timedelta(minutes=sla.reping_after_minutes)):
        minutes = int((now - row.posted_at).total_seconds() // 60)
        text = f'Still unassigned after {minutes} min'

        async def reping(row: Row[Any] = row, text: str = text) -> None:
            if may_have_run() and await _posted_before(db, client, row.run_id, 'slack_reping', row.channel, now,
                                                       thread=row.ts):
                return  # the last attempt's re-ping is in the thread: its answer was lost
            await _post(client, row.channel, text, thread_ts=row.ts, mark=(row.run_id, 'slack_reping'))

        async def escalate(row: Row[Any] = row, text: str = text) -> None:
            head = f':rotating_light: *{text}* in <#{row.channel}>'
            blocks = [{'type': 'section', 'text': {'type': 'mrkdwn', 'text': head}}, *json.loads(row.blocks)]
            ref = await _post_once(db, client, row.run_id, 'slack_escalation', escalate_to,
                                   f'{text}: run {row.run_id[:12]}', blocks, now)
            summary = await db.run(_find, db, row.run_id, 'slack_summary')
            if summary is not None and summary.ts != row.ts:  # the summary moved while this posted (helper-64)
                channel, _, ts = ref.partition(':')
                note = f':arrow_right: Moved to <#{summary.channel}>'
                with contextlib.suppress(Exception):  # as a move's own close: only the note would be missing
                    await _update(client, channel, ts, _fallback(note), _done(blocks, note))

        if row.repinged_at is None and await _sla_step(db, row, 'repinged_at', now, reping):
            done.append((row.run_id, 'repinged'))
        if minutes >= sla.escalate_after_minutes and row.escalated_at is None \
                and await _sla_step(db, row, 'escalated_at', now, escalate):
            done.append((row.run_id, 'escalated'))
    return done


async def _sla_step(db: Database, row: Row[Any], column: str, now: datetime,
                    post: Callable[[], Awaitable[None]]) -> bool:
    # Claim first, so two checkers never both post; give the claim back when the post fails.
    if not await db.run(_claim_step, db, row.id, row.ts, column, now):
        return False
    key = (row.run_id, column)
    try:  # after a failed post, Slack may have kept it: this one looks first (helper-92)
        with redoing() if key in _sla_failed else contextlib.nullcontext():
            await post()
    except LeadAgentError as e:
        await db.run(_unset, db, row.id, column)
        if len(_sla_failed) < _SLA_FAILED_KEPT:
            _sla_failed.add(key)
        logfire.warn('SLA post failed', run_id=row.run_id, step=column, error=str(e))
        return False
    _sla_failed.discard(key)
    return True


_sla_failed: set[tuple[str, str]] = set()
"""The SLA posts whose last attempt in this process failed: the next looks for the post first (an escalation)."""
_SLA_FAILED_KEPT = 10_000


# --- the Bolt app --------------------------------------------------------------------------------------------------
def _user(body: dict[str, Any], policy: Policy) -> tuple[str, str]:
    """Who clicked: their Slack id, and the name of the policy's member with that id, else their Slack handle.

    The handle is the clicker's to choose (helper-199: "Taken by Dana Kim" from a handle set to that).
    """
    user_id = _field(body, 'user', 'id')
    if not _USER_ID.match(user_id):
        raise LeadAgentError('the request names no Slack user')
    member = next((m for m in policy.members if m.slack_user == user_id), None)
    return user_id, member.name if member else _field(body, 'user', 'username') or _field(body, 'user', 'name') or user_id


def _clicked(body: dict[str, Any]) -> tuple[str, str]:
    """The run id and action id of the button clicked; a click that carries no run id of ours is refused."""
    actions: object = body.get('actions')
    action = cast(list[object], actions)[0] if isinstance(actions, list) and actions else None
    fields = cast(dict[str, object], action) if isinstance(action, dict) else {}
    value, action_id = fields.get('value'), fields.get('action_id')
    if not isinstance(value, str) or not _RUN_ID.fullmatch(value) or not isinstance(action_id, str):
        raise LeadAgentError('This button names no lead known here.')
    return value, action_id


def _done(blocks: list[dict[str, Any]], note: str, *, keep_buttons: bool = False) -> list[dict[str, Any]]:
    """The message as posted, without its buttons (unless kept), with a note of what happened."""
    kept = [b for b in blocks if keep_buttons or b.get('type') != 'actions']
    return [*kept, {'type': 'context', 'elements': [{'type': 'mrkdwn', 'text': note}]}]


async def update_review_post(deps: TriageDeps, rec: RunRecord, verdict: str, by: str) -> None:
    """A decision made on the review page or with the CLI: the run's review post in Slack says so.

    A decision takes the buttons away: they stayed live, and a click on one only got an ephemeral "already approved"
    (helper-59). A restore (`rec` back in review) puts them back: the post said "Rejected by ..." with no button
    while the lead was open on the review page again (helper-199). Nothing to do without Slack, without a review
    post, or when the approval failed (the item is open again: the buttons stay). A Slack that refuses the update is
    logged; the decision stands.
    """
    notifier = deps.notifier
    if not isinstance(notifier, SlackNotifier) or rec.state == 'failed':
        return
    row = await notifier.db.run(_find, notifier.db, rec.run_id, 'slack_review')
    if row is None:
        return
    reopened = rec.state == 'review'
    note = f'*{verdict}* by {slack_escape(by, 200)} · ' + ('back in review' if reopened else f'run {rec.state}')
    try:
        await _update(notifier.client, row.channel, row.ts, _fallback(f'{verdict} by {by}'),
                      _done(json.loads(row.blocks), note, keep_buttons=reopened))
    except Exception as e:  # the decision is made and recorded; only its echo in Slack is missing
        logfire.warn('review post not updated', run_id=rec.run_id, error=str(e))


async def _on_take(deps: TriageDeps, db: Database, client: AsyncWebClient, body: dict[str, Any]) -> None:
    user_id, user_name = _user(body, deps.policy)
    run_id, _ = _clicked(body)
    await _refuse_moved_from(deps, db, run_id, body)
    won, rows = await db.run(_take, db, run_id, user_id, user_name, deps.now())
    taker = rows[0].taken_by if rows else None
    if not won and (taker is None or taker != user_id):
        raise LeadAgentError(f'This lead was already taken by <@{taker}>.' if taker
                             else _untakeable(await deps.runs.get(run_id)))
    # The taker clicking again: the button was kept because their first click could not change the CRM owner.
    note = f':white_check_mark: Taken by <@{user_id}>'

    async def mark(text: str, *, keep_buttons: bool = False) -> None:
        for row in rows:
            await _update(client, row.channel, row.ts, _fallback(f'Taken by {user_name}'),
                          _done(json.loads(row.blocks), text, keep_buttons=keep_buttons))

    await mark(note)
    try:
        written = await _own(deps, run_id, user_id, user_name)
    except LeadAgentError:
        # helper-59 D8: nothing could change the CRM owner again for a finished run. The button stays, for the taker
        # (anyone else is told who took it).
        await mark(f'{note} · {OWNER_NOT_CHANGED}: click *Take this lead* again to retry', keep_buttons=True)
        raise
    if not written:
        # The run has no CRM contact yet (it still runs): its record writes the taker as owner. Should that be
        # refused, nothing else would try again: the taker's button stays (helper-66).
        await mark(f'{note} · the CRM owner is set when the run records; if it was not, click *Take this lead* again',
                   keep_buttons=True)


def _untakeable(rec: RunRecord | None) -> str:
    """Why a lead with no summary post cannot be taken (helper-199: a run in review was "not known here")."""
    if rec is None:
        return 'This lead is not known here.'
    if rec.state in ('review', 'failed'):
        return f'This lead is in review (run {rec.run_id[:12]}), not routed: approve it first, then take it.'
    if rec.state.startswith('routed'):
        return 'This lead has no summary post yet (it may be on its way): take it from that post.'
    return f'This lead was not routed (run {rec.run_id[:12]} is {rec.state}): there is nothing to take.'


async def _refuse_moved_from(deps: TriageDeps, db: Database, run_id: str, body: dict[str, Any]) -> None:
    """A click on a summary the lead moved from (its close refused by Slack left the button) takes nothing.

    Raises:
        LeadAgentError: where the lead went (helper-64: a salesperson took a lead a person had sent to support).
    """
    clicked = f'{_field(body, "container", "channel_id")}:{_field(body, "container", "message_ts")}'
    summary = await db.run(_find, db, run_id, 'slack_summary')
    if summary is None or clicked == f'{summary.channel}:{summary.ts}':
        return
    moved = f'This lead moved to <#{summary.channel}>: take it there.'
    escalation = await db.run(_find, db, run_id, 'slack_escalation')
    # The escalation names the summary's channel it was posted for (`check_sla`): another one, and it moved since.
    if escalation is not None and clicked == f'{escalation.channel}:{escalation.ts}':
        if f'<#{summary.channel}>' not in escalation.blocks:
            raise LeadAgentError(moved)  # helper-65: its close refused, a salesperson took a support lead there
        return
    rec = await deps.runs.get(run_id)
    if rec is not None and any(a.kind == 'slack_summary' and a.ref == clicked for a in rec.actions):
        raise LeadAgentError(moved)


async def _own(deps: TriageDeps, run_id: str, user_id: str, user_name: str) -> bool:
    """The taker owns the lead: on the run, and in the CRM (its owner field only); whether the CRM was written.

    False when the run has no CRM contact yet (its record writes the owner then, `pipeline.keep_taker`), or is
    unknown. The run is marked `owner_unsynced` until the CRM took the owner: a click cut off in between leaves it so, for the
    next approval or record to write it (helper-66: it was cleared before the write).

    Raises:
        LeadAgentError: the CRM refused the owner (the run's owner is set all the same).
    """
    rec = await deps.runs.get(run_id)
    if rec is None or rec.lead is None:
        return False
    owner = taker_assignment(deps.policy, rec, user_id, user_name)
    # The owner only: an approval that routed the run since it was read keeps its record (helper-64).
    rec = await deps.runs.set_owner(run_id, owner, unsynced=True)
    if rec is None:
        return False
    contact = crm_contact_of(rec)
    if contact is None:
        return False
    try:
        await deps.crm.set_owner(contact, owner)
    except LeadAgentError as e:
        logfire.warn('CRM owner not changed', run_id=run_id, error=str(e))
        # On the run too: an approval or a record later writes it again (helper-65: nothing did for a contact that
        # existed before the run).
        await deps.runs.set_owner(run_id, owner, note=f'taken by {owner.owner}, but {OWNER_NOT_CHANGED}: {e}')
        raise LeadAgentError(f'You own the lead now, but {OWNER_NOT_CHANGED}: {e}') from None
    await deps.runs.set_owner(run_id, owner, unsynced=False)
    return True


async def _on_review(deps: TriageDeps, db: Database, client: AsyncWebClient, body: dict[str, Any]) -> None:
    user_id, user_name = _user(body, deps.policy)
    run_id, action_id = _clicked(body)
    if action_id == 'reject':
        rec = await resolve(run_id, 'reject', deps, by=f'slack:{user_id}')
        verdict = 'Rejected'
    else:
        to = cast(Literal['sales', 'support', 'founder'], action_id.removeprefix('approve_'))
        rec = await resolve(run_id, 'approve', deps, to=to, by=f'slack:{user_id}')
        verdict = f'Approved → {to}'
    note = f'*{verdict}* by <@{user_id}> · run {rec.state}'
    if rec.state == 'failed':  # the approval's actions failed: the item is open again, so keep the buttons
        note += '\n' + slack_escape('The approval failed and the lead is back in the queue: ' + rec.errors[-1], 2000)
    row = await db.run(_find, db, rec.run_id, 'slack_review')
    if row is not None:
        channel, ts, blocks = row.channel, row.ts, json.loads(row.blocks)
    else:  # posted by another notifier: update the message that was clicked
        channel, ts = _field(body, 'container', 'channel_id'), _field(body, 'container', 'message_ts')
        blocks = cast(list[dict[str, Any]], cast(dict[str, Any], body.get('message') or {}).get('blocks') or [])
    await _update(client, channel, ts, _fallback(f'{verdict} by {user_name}'),
                  _done(blocks, note, keep_buttons=rec.state == 'failed'))


def _first_delivery(db: Database, request: AsyncBoltRequest, body: dict[str, Any], now: datetime) -> bool:
    """Whether this is the first time this signed request came: a request sent again is not acted on again.

    Slack's signature holds for 5 minutes, so a captured click could be sent again within them: a Reject sent again
    after a Restore rejected the lead a second time (helper-199). A click is signed once (each click is another
    request, with its own `action_ts`), so its signature names it. Kept among the vendors' delivery ids (pruned
    after `prune.DELIVERY_RETENTION`).
    """
    signature = '\n'.join(request.headers.get('x-slack-signature') or ())
    key = f'slack-click:{hashlib.sha256(signature.encode()).hexdigest()}'
    try:
        run_id = _clicked(body)[0]
    except LeadAgentError:
        run_id = ''  # refused by its handler
    try:
        with db.engine.begin() as conn:
            conn.execute(_CLAIM_DELIVERY, {'delivery_id': key, 'run_id': run_id, 'claimed_at': now})
        return True
    except IntegrityError:
        return False


_CLAIM_DELIVERY = insert(deliveries)


UNREADABLE = (LookupError, TypeError, ValueError, AttributeError, RecursionError, ArithmeticError)
"""What Bolt raises on a request it cannot read: it parses and indexes the body before any check (not UTF-8 or JSON,
a payload that is no object or is nested thousands deep, a click without its action, a timestamp too big for a
float). Such a request is a 400, not Bolt's 500."""


class _TokenNotice(logging.Filter):
    """Drops Bolt's notice that `SLACK_BOT_TOKEN` goes unused beside the client it is given: that client holds it."""

    def __init__(self, notice: str) -> None:
        super().__init__()
        self.notice = notice

    def filter(self, record: logging.LogRecord) -> bool:
        return record.getMessage() != self.notice


def _quiet_token_notice() -> None:
    """Bolt reads `SLACK_BOT_TOKEN` itself and warns at every start that the client's token wins (helper-93)."""
    bolt = logging.getLogger('slack_bolt.AsyncApp')
    if not any(isinstance(f, _TokenNotice) for f in bolt.filters):
        bolt.addFilter(_TokenNotice(warning_client_prioritized_and_token_skipped()))


def build_slack_app(deps: TriageDeps, *, signing_secret: str, client: AsyncWebClient | None = None,
                    process_before_response: bool = False) -> AsyncApp:
    """The Bolt app answering the Take-this-lead and review buttons; `deps.notifier` must be a `SlackNotifier`.

    Every handler acknowledges first. `process_before_response=True` finishes the work before answering Slack
    (for function-as-a-service hosts, and tests); a long-running host answers at once and works on.

    Raises:
        ConfigError: `deps.notifier` is not a `SlackNotifier`.
    """
    notifier = deps.notifier
    if not isinstance(notifier, SlackNotifier):
        raise ConfigError('build_slack_app needs deps.notifier to be a SlackNotifier (the buttons live on its posts)')
    db, web = notifier.db, client or notifier.client
    _quiet_token_notice()
    app = AsyncApp(client=web, signing_secret=signing_secret, request_verification_enabled=True,
                   process_before_response=process_before_response)

    def handler(work: Callable[[TriageDeps, Database, AsyncWebClient, dict[str, Any]], Awaitable[None]]
                ) -> Callable[[AsyncAck, dict[str, Any], AsyncBoltRequest], Awaitable[None]]:
        async def listener(ack: AsyncAck, body: dict[str, Any], request: AsyncBoltRequest) -> None:
            await ack()
            try:
                if not await db.run(_first_delivery, db, request, body, deps.now()):
                    log.warning('a Slack click was delivered again (the same signed request): ignored')
                    return
                await work(deps, db, web, body)
                return
            except LeadAgentError as e:  # already taken, already decided, Slack refused: tell the clicker
                told = str(e)
            except Exception as e:  # raised out of here, Bolt may turn the ack into a 500
                logfire.exception('Slack click failed', error=f'{type(e).__name__}: {e}'[:500])
                told = 'This click failed on the lead-agent host; its log says why. Try again, or use the review page.'
            try:
                await _tell(web, body, told)
            except Exception as inner:  # Slack down, or the click unreadable: the log keeps it
                logfire.warn('Slack reply failed', error=f'{type(inner).__name__}: {inner}'[:500], cause=told)

        return listener

    async def unreadable(error: Exception, response: BoltResponse | None) -> BoltResponse | None:
        # Bolt indexes a click's parts before a listener runs (a click without its action raised there): such a
        # request is a 400, not Bolt's 500. Anything else is logged as Bolt would, and keeps Bolt's answer.
        if isinstance(error, UNREADABLE) and response is not None:
            logfire.warn('Slack request not readable', error=f'{type(error).__name__}: {error}'[:500])
            return BoltResponse(status=400, body='not a readable Slack request')
        logfire.exception('Slack request failed', error=f'{type(error).__name__}: {error}'[:500])
        return None

    app.action('take_lead')(handler(_on_take))  # pyright: ignore[reportUnknownMemberType]
    app.action(_REVIEW_ACTION)(handler(_on_review))  # pyright: ignore[reportUnknownMemberType]
    app.error(unreadable)  # pyright: ignore[reportUnknownMemberType]
    return app
