from __future__ import annotations

import asyncio
import time

import pytest

from lead_agent import IntegrationError, load_policy
from lead_agent.deps import build_deps
from lead_agent.ratelimit import Limiter
from lead_agent.settings import Settings

from .helpers import EXAMPLES


async def test_a_burst_queues_instead_of_failing() -> None:
    limiter = Limiter(max_wait=10)
    started = time.monotonic()
    done: list[float] = []

    async def post(i: int) -> None:
        await limiter.wait('5/second', 'slack', '#sales-leads')
        done.append(time.monotonic() - started)

    await asyncio.gather(*(post(i) for i in range(12)))
    # 12 posts at 5 a second: the first 5 at once, then two more windows. None failed.
    assert len(done) == 12
    assert sorted(done)[4] < 0.5 and 1.8 < max(done) < 4.0


async def test_limits_are_per_key_and_the_wait_is_bounded() -> None:
    limiter = Limiter(max_wait=0.3)
    await limiter.wait('1/minute', 'slack', '#a')
    await limiter.wait('1/minute', 'slack', '#b')  # another channel has its own window
    with pytest.raises(IntegrationError, match='no slot for slack/#a within 0.3 s'):
        await limiter.wait('1/minute', 'slack', '#a')


def test_built_deps_give_queued_side_effects_time(tmp_path: object, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv('SLACK_BOT_TOKEN', 'xoxb-test')
    monkeypatch.setenv('LEAD_AGENT_QUEUE_WAIT', '120')
    settings = Settings()  # pyright: ignore[reportCallIssue]
    deps = build_deps(settings, policy=load_policy(EXAMPLES / 'policy.yaml'), database_url='sqlite://')
    assert deps.action_timeout == 135.0
    deps.db.dispose()


def test_smtp_needs_a_sender(monkeypatch: pytest.MonkeyPatch) -> None:
    from lead_agent import ConfigError

    monkeypatch.setenv('SMTP_URL', 'smtp://u:p@127.0.0.1:2525')
    monkeypatch.delenv('SMTP_FROM', raising=False)
    settings = Settings()  # pyright: ignore[reportCallIssue]
    with pytest.raises(ConfigError, match='SMTP_FROM is not'):
        build_deps(settings, policy=load_policy(EXAMPLES / 'policy.yaml'), database_url='sqlite://')


@pytest.mark.parametrize('workers', [3])
async def test_limiters_on_one_database_share_the_limit(database_url: str, workers: int) -> None:
    """Three workers' limiters (nothing shared but the database) post to one channel: one message a second in all."""
    from lead_agent.store import Database, prepare

    dbs = [Database(database_url) for _ in range(workers)]
    for db in dbs:  # each worker checks the schema as it starts (the first creates it)
        prepare(db)
    limiters = [Limiter.shared(db, max_wait=20) for db in dbs]
    started = time.monotonic()
    done: list[float] = []

    async def post(limiter: Limiter) -> None:
        for _ in range(2):
            await limiter.wait('1/second', 'slack', '#sales-leads')
            done.append(time.monotonic() - started)

    await asyncio.gather(*(post(limiter) for limiter in limiters))
    for db in dbs:
        db.dispose()
    # six posts, one per one-second window wherever they come from: the last no sooner than five windows on
    assert len(done) == 6 and max(done) >= 4.5
    assert sum(1 for t in done if t < 1.0) == 1
