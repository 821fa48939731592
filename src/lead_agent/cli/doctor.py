"""`lead-agent doctor`: check every configured part with one live request before leads arrive."""

from __future__ import annotations

import asyncio
from typing import Annotated

import typer

from .._render import terminal
from ..doctor import Check, check_all, failed
from ..exceptions import ConfigError
from ._common import DbOpt, ModelOpt, PolicyOpt, app, error, out, read_settings

_MARK = {'ok': '[green]ok[/]     ', 'default': '[dim]default[/]', 'warning': '[yellow]warning[/]',
         'failed': '[red]FAILED[/] '}


def _print(check: Check, width: int) -> None:
    out.print(f'{_MARK[check.status]}  {terminal(check.part.ljust(width))}  {terminal(check.detail)}', soft_wrap=True)
    if check.fix:
        label = {'failed': 'fix', 'warning': 'fix', 'default': 'to use', 'ok': 'note'}[check.status]
        out.print(f'{" " * 9}{" " * width}  {label}: {terminal(check.fix)}', soft_wrap=True)


@app.command('doctor')
def doctor_cmd(
    policy: PolicyOpt = None, db: DbOpt = None, model: ModelOpt = None,
    timeout: Annotated[float, typer.Option('--timeout', min=0.1, help='Seconds each check may take.')] = 10.0,
) -> None:
    """Check the policy, database, model, HubSpot, Slack, SMTP and enrichment with one live request each.

    Exits 0 when every configured part works, 1 otherwise. Sends no mail and creates nothing.
    """
    try:
        settings = read_settings()
    except ConfigError as e:  # a variable that does not parse: nothing else can be checked
        error(f'{e}')
        raise typer.Exit(2) from None
    checks = asyncio.run(check_all(settings, policy=policy, database_url=db, model=model, timeout=timeout))
    width = max(len(c.part) for c in checks)
    for check in checks:
        _print(check, width)
    broken = failed(checks)
    out.print(f'{len(broken)} part(s) to fix' if broken else 'ready: every configured part works')
    if broken:
        raise typer.Exit(1)
