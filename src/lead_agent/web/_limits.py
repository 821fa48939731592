"""One answer for a body over the limit: 413 with the host's JSON `{"detail": ...}`, however the body came.

Starlette's limiter (a router's `max_body_size`) refuses a chunked body by raising `HTTPException(413)`, which
FastAPI answers as JSON; but when a `Content-Length` is over the limit it replaces whatever the route answers with
its own `text/plain` 413. `JsonLimitRoute` sits outside that limiter (in `handle`, where an including router's
limit is inside too) and answers that one as JSON as well.
"""

from __future__ import annotations

from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from starlette.types import Message, Receive, Scope, Send

__all__ = ('JsonLimitRoute',)


class JsonLimitRoute(APIRoute):
    """An API route whose 413 is always `{"detail": ...}` as JSON."""

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        await super().handle(scope, receive, _json_413(send))


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
