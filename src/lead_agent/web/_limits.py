"""One answer for a body over the limit: 413 with the host's JSON `{"detail": ...}`, however the body came.

Starlette's limiter (a router's `max_body_size`) refuses a chunked body by raising `HTTPException(413)`, which
FastAPI answers as JSON; but when a `Content-Length` is over the limit it replaces whatever the route answers with
its own `text/plain` 413. `JsonLimitRoute` sits outside that limiter (in `handle`, where an including router's
limit is inside too) and answers that one as JSON as well.

It also answers a route that found the database away (stopped, unreachable, restarting, or so hung that the pool's
wait for a connection timed out) with a JSON 503 and a `Retry-After`, instead of the 500 and traceback of an
unexpected error (helper-93: `/metrics` and `/review` while PostgreSQL was down).
"""

from __future__ import annotations

import logging

from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from sqlalchemy.exc import SQLAlchemyError
from starlette.types import Message, Receive, Scope, Send

from .._log_repeats import quiet_repeats
from ..store import database_away, database_error

__all__ = ('JsonLimitRoute', 'unavailable_log')

unavailable_log = logging.getLogger('lead_agent.web.unavailable')
"""Each request answered 503 because the database is away: the first of a kind, then one a minute saying how many
were not shown (`Repeats`). One line per answer filled the log: a 10 s PostgreSQL outage under 60 submissions a
second logged 624 of them; each answer is still counted in `/metrics`."""
quiet_repeats(unavailable_log)


class JsonLimitRoute(APIRoute):
    """An API route whose 413 is always `{"detail": ...}` as JSON, and a database away a JSON 503."""

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        started = False

        async def sending(message: Message) -> None:
            nonlocal started
            started = started or message['type'] == 'http.response.start'
            await send(message)

        try:
            await super().handle(scope, receive, _json_413(sending))
        except SQLAlchemyError as e:
            if started or not database_away(e):
                raise
            unavailable_log.warning('%s answered 503: %s', scope.get('path', ''), database_error(e))
            answer = JSONResponse({'detail': 'the database is unavailable: try again shortly'}, status_code=503,
                                  headers={'Retry-After': '10'})
            await answer(scope, receive, send)


def _json_413(send: Send) -> Send:
    """`send`, with a 413 that is not JSON sent as JSON, its text the detail."""
    held: list[Message] = []

    async def sending(message: Message) -> None:
        if message['type'] == 'http.response.start' and message['status'] == 413 and not _is_json(message):
            held.append(message)
            return
        if not held:
            await send(message)
            return
        held.append(message)
        if message.get('more_body', False):
            return
        text = b''.join(part.get('body', b'') for part in held[1:]).decode('utf-8', 'replace').strip()
        answer = JSONResponse({'detail': text or 'Content Too Large'}, status_code=413)
        await send({'type': 'http.response.start', 'status': 413, 'headers': answer.raw_headers})
        await send({'type': 'http.response.body', 'body': answer.body})

    return sending


def _is_json(start: Message) -> bool:
    return any(name.lower() == b'content-type' and value.startswith(b'application/json')
               for name, value in start.get('headers', ()))
