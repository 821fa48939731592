"""One outbound rate limiter shared by the integrations: a burst waits its turn instead of failing.

HubSpot allows about 190 requests per 10 s per app, Slack about one message per second per channel
(DESIGN §6). This limiter is per process; several workers share a vendor's limit only through their own
backoff on 429s (Redis-backed `limits` storage would make it global).
"""

from __future__ import annotations

import asyncio
import time

from limits import RateLimitItem, parse
from limits.aio.storage import MemoryStorage
from limits.aio.strategies import MovingWindowRateLimiter

from .exceptions import IntegrationError

__all__ = ('HUBSPOT_LIMIT', 'SLACK_CHANNEL_LIMIT', 'Limiter')

HUBSPOT_LIMIT = '190/10 seconds'
SLACK_CHANNEL_LIMIT = '1/second'


class Limiter:
    """Moving-window limits by name and key; `wait()` blocks until a slot is free or `max_wait` passes."""

    def __init__(self, *, max_wait: float = 60.0) -> None:
        self.max_wait = max_wait
        self._strategy = MovingWindowRateLimiter(MemoryStorage())
        self._items: dict[str, RateLimitItem] = {}

    async def wait(self, limit: str, *keys: str, max_wait: float | None = None) -> None:
        """Take one slot of `limit` (e.g. `'190/10 seconds'`) for `keys`.

        Raises:
            IntegrationError: no slot within `max_wait` seconds.
        """
        item = self._items.get(limit) or self._items.setdefault(limit, parse(limit))
        max_wait = self.max_wait if max_wait is None else max_wait
        deadline = time.monotonic() + max_wait
        while not await self._strategy.hit(item, *keys):
            stats = await self._strategy.get_window_stats(item, *keys)
            pause = max(0.01, stats.reset_time - time.time())
            if time.monotonic() + pause > deadline:
                raise IntegrationError('rate limiter', f'no slot for {"/".join(keys)} within {max_wait} s')
            await asyncio.sleep(pause)
