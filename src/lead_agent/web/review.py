"""The human review page: the open queue with everything each run saw, one-click decisions, and their history.

Mount it on the host with `app.include_router(review_router(deps, users={...}, secret_key=...))`; it serves
`GET /review` and `POST /review/{run_id}/approve|reject|restore`, rendered server-side (Jinja2, no JavaScript).
A form body over `MAX_BODY` gets 413 as soon as it passes the limit.

Authentication: HTTP Basic against `users` (plain passwords or argon2 hashes), or `Authorization: Bearer
<bearer_token>` (recorded as `token`). Failed logins are throttled per user name and per client address: after
`max_failures` within `failure_window` seconds, 429 with `Retry-After` and no password check (see `_login`).

CSRF: browsers replay Basic credentials on cross-site form posts, so every form carries a signed token,
`<day>.<HMAC-SHA256(secret_key, user + day)>` with `day` the UTC day number of `deps.now()`. A POST must bring a
token for the same user from today or yesterday (a page opened just before midnight still works). It needs no
cookie and no server state, and nobody without `secret_key` can forge one.
"""

import hashlib
import hmac
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader

from .._render import shown
from ..exceptions import LeadAgentError
from ..models import Assignee, RunRecord
from ..pipeline import TriageDeps
from ..review import resolve, restore
from ..slack import update_review_post
from ..store import raw_bodies_of
from ..webhooks import MAX_BODY
from ._limits import JsonLimitRoute
from ._login import Accounts, Authenticate, Throttle

__all__ = ('review_router',)

TEMPLATES = Path(__file__).parent / 'templates'
PAGE_SIZE = 50
"""Open items per page of the queue, and decisions shown below it."""
RAW_SHOWN = 20_000
"""Characters of a run's raw body the page shows (`lead-agent review show` prints all of it)."""
_FormToken = Annotated[str, Form()]
ASSIGNEES: tuple[Assignee, ...] = ('sales', 'support', 'founder')
_DONE = {
    'approved': 'Approved',
    'failed': 'Approval failed, the lead is back in the queue:',
    'rejected': 'Rejected',
    'restored': 'Restored to the queue:',
}
# No scripts, no frames, forms only to this origin: a lead's text cannot do anything even if escaping failed.
_HEADERS = {
    'Cache-Control': 'no-store',
    'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; "
                               "frame-ancestors 'none'; base-uri 'none'",
    'Referrer-Policy': 'no-referrer',
    'X-Content-Type-Options': 'nosniff',
}


def form_token(secret_key: str, user: str, day: int) -> str:
    """The form token of `user` for the UTC day number `day`."""
    mac = hmac.new(secret_key.encode(), f'{day}\n{user}'.encode(), hashlib.sha256).hexdigest()
    return f'{day}.{mac}'


@dataclass(frozen=True)
class _Pages:
    """Rendering, CSRF checks and the shared decide-then-redirect step."""

    deps: TriageDeps
    secret_key: str
    env: Environment

    def today(self) -> int:
        return self.deps.now().date().toordinal()

    def csrf_ok(self, user: str, token: str) -> bool:
        day, _, _ = token.partition('.')
        # A day number is at most 6 ASCII digits (day 1 of year 9999 is 3,651,695); int() of 5,000 digits raises
        if not (day.isascii() and day.isdigit() and len(day) <= 7) or int(day) not in (self.today(), self.today() - 1):
            return False
        return secrets.compare_digest(token.encode(), form_token(self.secret_key, user, int(day)).encode())

    def render(self, template: str, status: int = 200, **context: Any) -> HTMLResponse:
        html = self.env.get_template(template).render(**context)
        return HTMLResponse(html, status_code=status, headers=_HEADERS)

    def error(self, status: int, message: str, base: str) -> HTMLResponse:
        return self.render('review/error.html', status, status_code=status, message=message, base=base)

    def notice_mac(self, user: str, done: str, run: str, to: str) -> str:
        """What signs the notice a decision's redirect asks the page to show, for `user` only.

        Unsigned, anyone could send a reviewer a link showing "Approved run ..." for nothing done (helper-199).
        """
        return hmac.new(self.secret_key.encode(), f'notice\n{user}\n{done}\n{run}\n{to}'.encode(),
                        hashlib.sha256).hexdigest()[:32]

    async def page(self, request: Request, user: str, flash: str | None, number: int) -> HTMLResponse:
        review = self.deps.review
        total = await review.count('open')
        pages = max(1, -(-total // PAGE_SIZE))
        number = min(number, pages)
        queue = await review.page('open', limit=PAGE_SIZE, offset=(number - 1) * PAGE_SIZE)
        history = await review.page('decided', limit=PAGE_SIZE)
        raw = await raw_bodies_of(self.deps.db, [item.run_id for item, _ in queue], limit=RAW_SHOWN)
        return self.render('review/page.html', user=user, queue=queue, history=history, flash=flash, raw=raw,
                           total=total, number=number, pages=pages, first=(number - 1) * PAGE_SIZE + 1,
                           assignees=ASSIGNEES, base=request.url_for('review_page').path,
                           csrf=form_token(self.secret_key, user, self.today()))

    async def decide(self, request: Request, user: str, token: str, run_id: str, done: str,
                     action: Callable[[], Awaitable[RunRecord]], to: str | None = None) -> Response:
        base = request.url_for('review_page').path
        if not self.csrf_ok(user, token):
            return self.error(403, 'Missing or invalid form token: reload the review page and try again.', base)
        if await self.deps.runs.get(run_id) is None:
            return self.error(404, f'No run {run_id!r}.', base)
        try:
            rec = await action()
        except LeadAgentError as e:  # already decided, not in the queue, no readable lead
            return self.error(409, str(e), base)
        if done == 'approved' and rec.state == 'failed':
            done = 'failed'
        query = {'done': done, 'run': rec.run_id[:12]} | ({'to': to} if to else {})
        query['sig'] = self.notice_mac(user, done, query['run'], to or '')
        return RedirectResponse(f'{base}?{urlencode(query)}', status_code=303, headers=_HEADERS)


def review_router(deps: TriageDeps, *, users: dict[str, str] | None = None, bearer_token: str | None = None,
                  secret_key: str, max_failures: int = 5, failure_window: float = 300.0) -> APIRouter:
    """The review page and its actions, under `/review`.

    Args:
        deps: the deps the host triages with (the same store and CRM; `deps.now` is the throttle's clock).
        users: HTTP Basic accounts, username → password or its argon2 hash (`$argon2id$...`, from
            `lead-agent hash-password`); the username is recorded as the decider.
        bearer_token: a static token for scripts, accepted as `Authorization: Bearer <token>`.
        secret_key: signs the CSRF tokens of the forms; keep it secret and stable across restarts.
        max_failures: failed logins per user name, and per client address, within `failure_window` seconds after
            which that name or address gets 429 until the oldest of them is `failure_window` seconds old.
        failure_window: see `max_failures`.

    Raises:
        ValueError: neither `users` nor `bearer_token` is configured, `secret_key` is empty, or the throttle's
            numbers are not positive.
        ConfigError: a user has an empty password, a malformed hash or a name with spaces, `:` or `,`.
    """
    if not users and not bearer_token:
        raise ValueError('review_router needs `users` (HTTP Basic) or a `bearer_token`')
    if not secret_key:
        raise ValueError('review_router needs a non-empty `secret_key` for its CSRF tokens')
    auth = Authenticate(Accounts(users or {}), bearer_token, Throttle(max_failures, failure_window), deps.now)
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, trim_blocks=True, lstrip_blocks=True,
                      finalize=shown)
    env.filters['when'] = _when
    pages = _Pages(deps, secret_key, env)
    # The host's limit and its JSON 413, mounted alone too
    router = APIRouter(prefix='/review', tags=['review'], max_body_size=MAX_BODY, route_class=JsonLimitRoute)

    @router.get('', response_class=HTMLResponse, name='review_page')
    async def page(request: Request, user: Annotated[str, Depends(auth)], done: str = '', run: str = '',
                   to: str = '', sig: str = '', page: Annotated[int, Query(ge=1, le=1_000_000)] = 1
                   ) -> HTMLResponse:
        """The open queue, oldest first, a page of `PAGE_SIZE` at a time; then the latest decisions.

        With the notice of the decision this user just made (`done`, `run`, `to`), when `sig` signs it.
        """
        flash = None
        if done in _DONE and secrets.compare_digest(sig.encode(), pages.notice_mac(user, done, run, to).encode()):
            flash = ' '.join([_DONE[done], f'run {run[:12]}'] + ([f'→ {to}'] if to in ASSIGNEES else []))
        return await pages.page(request, user, flash, page)

    @router.post('/{run_id}/approve')
    async def approve(request: Request, run_id: str, user: Annotated[str, Depends(auth)],
                      to: Annotated[Assignee, Form()], csrf_token: _FormToken = '') -> Response:
        """Route the lead to `to` through the same guarded actions as an automatic route."""
        async def decided() -> RunRecord:
            rec = await resolve(run_id, 'approve', deps, to=to, by=user)
            await update_review_post(deps, rec, f'Approved → {to}', user)
            return rec

        return await pages.decide(request, user, csrf_token, run_id, 'approved', decided, to)

    @router.post('/{run_id}/reject')
    async def reject(request: Request, run_id: str, user: Annotated[str, Depends(auth)],
                     csrf_token: _FormToken = '') -> Response:
        """Reject the lead (restorable)."""
        async def decided() -> RunRecord:
            rec = await resolve(run_id, 'reject', deps, by=user)
            await update_review_post(deps, rec, 'Rejected', user)
            return rec

        return await pages.decide(request, user, csrf_token, run_id, 'rejected', decided)

    @router.post('/{run_id}/restore')
    async def restore_(request: Request, run_id: str, user: Annotated[str, Depends(auth)],
                       csrf_token: _FormToken = '') -> Response:
        """Put a rejected lead back in the queue."""
        async def restored() -> RunRecord:
            rec = await restore(run_id, deps, reason=f'restored by {user}')
            await update_review_post(deps, rec, 'Restored', user)
            return rec

        return await pages.decide(request, user, csrf_token, run_id, 'restored', restored)

    return router


def _when(value: datetime | None) -> str:
    return value.strftime('%Y-%m-%d %H:%M UTC') if value is not None else ''
