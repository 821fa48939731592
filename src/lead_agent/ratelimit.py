"""One outbound rate limiter shared by the integrations: a burst waits its turn instead of failing.

HubSpot allows about 190 requests per 10 s per app, Slack about one message per second per channel
(DESIGN §6). `Limiter.shared(db)` counts in the app's database, so every worker on it shares the vendors'
limits (fixed one-second windows: at most 17 HubSpot requests a second, 170–187 in any 10 s); `Limiter()`
counts in this process's memory (moving windows).
"""

from __future__ import annotations

import asyncio
import time

from limits import RateLimitItem, parse
from limits.aio.storage import MemoryStorage, Storage
from limits.aio.strategies import FixedWindowRateLimiter, MovingWindowRateLimiter, RateLimiter
from sqlalchemy import Float, Integer, String, bindparam, case, delete, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import SQLAlchemyError

from .backends import after_backoff, still_ours
from .exceptions import IntegrationError
from .store import Database
from .store._schema import rate_counters

__all__ = ('HUBSPOT_LIMIT', 'SLACK_CHANNEL_LIMIT', 'Limiter', 'SqlStorage')

HUBSPOT_LIMIT = '17/second'
"""Under HubSpot's 190 per 10 s in any 10-second span, even with fixed windows."""
SLACK_CHANNEL_LIMIT = '1/second'

class SqlStorage(Storage):
    """`limits` storage on the app's database: counters every process shares (fixed windows only)."""

    STORAGE_SCHEME = ['lead-agent+sql']

    def __init__(self, db: Database) -> None:
        super().__init__()
        self.db = db

    @property
    def base_exceptions(self) -> type[Exception] | tuple[type[Exception], ...]:
        """What the database raises."""
        return SQLAlchemyError

    def _incr(self, key: str, expiry: float, amount: int) -> int:
        now = time.time()
        with self.db.engine.begin() as conn:
            counted = conn.execute(_COUNT, {'b_key': key, 'b_now': now, 'b_amount': amount,
                                            'b_until': now + expiry}).scalar()
            if counted is None:
                new_window = _NEW_WINDOW[conn.dialect.name == 'postgresql']
                if conn.execute(new_window, {'key': key, 'count': amount, 'expires_at': now + expiry}).first():
                    return amount
                # another process created it meanwhile: count on its row (skipped, not a unique violation in the
                # database's log)
                counted = conn.execute(_ADD, {'b_key': key, 'b_amount': amount}).scalar_one()
        return int(counted)

    async def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        """Add `amount` to the window's counter (a new window when the last one expired); the new count."""
        return await self.db.run(self._incr, key, float(expiry), amount)

    def _get(self, key: str) -> tuple[int, float]:
        with self.db.engine.connect() as conn:
            row = conn.execute(_WINDOW, {'key': key}).first()
        now = time.time()
        if row is None or row[1] <= now:
            return 0, now
        return int(row[0]), float(row[1])

    async def get(self, key: str) -> int:
        """The window's count so far."""
        return (await self.db.run(self._get, key))[0]

    async def get_expiry(self, key: str) -> float:
        """When the window ends (epoch seconds)."""
        return (await self.db.run(self._get, key))[1]

    async def check(self) -> bool:
        """Whether the database answers."""
        try:
            await self.db.run(self._get, '')
        except SQLAlchemyError:
            return False
        return True

    def _delete(self, key: str | None) -> int:
        with self.db.engine.begin() as conn:
            q = delete(rate_counters) if key is None else delete(rate_counters).where(rate_counters.c.key == key)
            return conn.execute(q).rowcount

    async def reset(self) -> int | None:
        """Forget every counter."""
        return await self.db.run(self._delete, None)

    async def clear(self, key: str) -> None:
        """Forget one counter."""
        await self.db.run(self._delete, key)


# The counter's statements, built once (a vendor call counts one): building one costs more CPU than SQLite takes to run it.
_c = rate_counters.c
_key = bindparam('b_key', type_=String)
_now, _amount = bindparam('b_now', type_=Float), bindparam('b_amount', type_=Integer)
_expired = _c.expires_at <= _now
_COUNT = (update(rate_counters).where(_c.key == _key)
          .values(count=case((_expired, _amount), else_=_c.count + _amount),
                  expires_at=case((_expired, bindparam('b_until', type_=Float)), else_=_c.expires_at))
          .returning(_c.count))
"""Count on the key's window, or start a new one when it expired; the count after (none: no row yet)."""
_ADD = update(rate_counters).where(_c.key == _key).values(count=_c.count + _amount).returning(_c.count)
_NEW_WINDOW = {postgres: make(rate_counters).on_conflict_do_nothing(index_elements=[_c.key]).returning(_c.count)
               for postgres, make in ((False, sqlite_insert), (True, postgresql_insert))}
"""Keyed by "is PostgreSQL": a new window's row, skipped (no row returned) if another process made it first."""
_WINDOW = select(_c.count, _c.expires_at).where(_c.key == bindparam('key'))


class Limiter:
    """Moving-window limits by name and key; `wait()` blocks until a slot is free or `max_wait` passes."""

    def __init__(self, *, max_wait: float = 60.0, strategy: RateLimiter | None = None) -> None:
        self.max_wait = max_wait
        self._strategy = strategy or MovingWindowRateLimiter(MemoryStorage())
        self._items: dict[str, RateLimitItem] = {}

    @classmethod
    def shared(cls, db: Database, *, max_wait: float = 60.0) -> Limiter:
        """A limiter every process on `db` shares."""
        return cls(max_wait=max_wait, strategy=FixedWindowRateLimiter(SqlStorage(db)))

    async def wait(self, limit: str, *keys: str, max_wait: float | None = None) -> None:
        """Take one slot of `limit` (e.g. `'190/10 seconds'`) for `keys`.

        Raises:
            IntegrationError: no slot within `max_wait` seconds.
        """
        item = self._items.get(limit) or self._items.setdefault(limit, parse(limit))
        max_wait = self.max_wait if max_wait is None else max_wait
        deadline = time.monotonic() + max_wait
        waited = False
        while not await self._strategy.hit(item, *keys):
            stats = await self._strategy.get_window_stats(item, *keys)
            pause = max(0.01, stats.reset_time - time.time())
            if time.monotonic() + pause > deadline:
                raise IntegrationError('rate limiter', f'no slot for {"/".join(keys)} within {max_wait} s')
            await asyncio.sleep(pause)
            waited = True
        if waited:  # a process frozen while it waited may have lost the run to another meanwhile (helper-93)
            await still_ours()
            # and its person may have been erased meanwhile: the run stops (a Slack post of the erased lead)
            await after_backoff(f'its {keys[0]} request (it waited for a rate-limit slot)')
