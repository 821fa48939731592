"""`lead-agent sla`, `erase` and `hash-password`."""

from __future__ import annotations

import asyncio
import getpass
import sys
from typing import Annotated

import typer

from .._render import terminal, visible
from ..erase import Erasure, Forgotten, apply_retention, erase_email, erase_leftovers, forget_workflows
from ..exceptions import LeadAgentError
from ._common import (
    DbOpt,
    PolicyOpt,
    app,
    deps_for,
    error,
    out,
    run_sync,
)


@app.command('sla')
def sla_cmd(policy: PolicyOpt = None, db: DbOpt = None) -> None:
    """Re-ping Slack leads nobody took, and escalate the late ones to the founder (run it every minute)."""

    async def go() -> list[tuple[str, str]]:
        deps, settings = deps_for(policy, db, existing=True)
        if settings.slack_bot_token is None:
            raise LeadAgentError('SLACK_BOT_TOKEN is not set: the SLA check works on the Slack messages')
        from ..slack import check_sla, slack_client

        client = slack_client(settings.slack_bot_token.get_secret_value(), base_url=settings.slack_base_url)
        return await check_sla(deps.db, client, deps.policy, deps.now())

    done = run_sync(go)
    for run_id, what in done:
        out.print(f'run {run_id[:12]}: {terminal(what)}')
    out.print(f'{len(done)} SLA action(s)')


def _looks_like_address(email: str) -> bool:
    """Something before and after an `@`.

    Not a full syntax check: an unreadable submission keeps an address as sent (`bob@@example.com`, `dana@haven .com`),
    and its sender may ask for it to be erased. Not any text either: runs of unreadable input are matched by the text
    in their raw body, and `--email a` would erase every one holding an `a`.
    """
    local, at, domain = email.strip().rpartition('@')
    return bool(at and local.strip() and domain.strip())  # a space too: a typo kept as typed (helper-95)


@app.command('erase')
def erase_cmd(
    email: Annotated[str | None, typer.Option('--email', help="Erase this person's data everywhere lead-agent keeps it.")] = None,
    older_than_retention: Annotated[bool, typer.Option(
        '--older-than-retention', help="Strip personal data from runs older than the policy's retention_days.")] = False,
    yes: Annotated[bool, typer.Option('--yes', help='Do not ask for confirmation.')] = False,
    wait: Annotated[float, typer.Option('--wait', min=0, help=(
        "Seconds to wait for the person's runs still executing before their engine checkpoints can go."))] = 600,
    by: Annotated[str | None, typer.Option('--by', help='Who asked for it (recorded; default: the OS user).')] = None,
    policy: PolicyOpt = None, db: DbOpt = None,
) -> None:
    """Erase one person's data (--email), or apply the retention period (--older-than-retention)."""
    if (email is None) == (not older_than_retention):
        error('give --email ADDRESS or --older-than-retention')
        raise typer.Exit(2)
    if email is not None and not _looks_like_address(email):
        error(f'--email {email!r} is not an email address')
        raise typer.Exit(2)
    what = f'all data about {email}' if email else 'personal data of runs older than the retention period'
    if not yes and not typer.confirm(f'Erase {visible(what)}? This cannot be undone', default=False):
        raise typer.Exit(1)
    requested_by = by or getpass.getuser()

    async def go() -> tuple[Erasure, Forgotten]:
        deps = deps_for(policy, db, existing=True)[0]
        if email is not None:
            done = await erase_email(deps.db, email, by=requested_by, now=deps.now())
        else:
            done = await apply_retention(deps.db, deps.policy.thresholds.retention_days, by=requested_by,
                                         now=deps.now())
        forgotten = await forget_workflows(deps.db, done.run_ids)
        deleted, running = forgotten.deleted, forgotten.running
        if running:
            # Deleting them under their process left a `runs retry` waiting forever (helper-61): wait for them to end
            # (queued ones were cancelled), for at most `--wait` seconds.
            error(f'waiting up to {wait:g} s for {len(running)} execution(s) of these runs to end (a `runs retry`, '
                  f'a run waiting for a vendor, or a queued one just cancelled): {", ".join(running)}')
        deadline = asyncio.get_running_loop().time() + wait
        while running and asyncio.get_running_loop().time() < deadline:
            await asyncio.sleep(1.0)
            # The runs' executions listed again, not the ones running before: one that ends may queue another (a
            # note check its next, a retry the first), which this cancels and forgets (helper-94: they survived).
            forgotten = await forget_workflows(deps.db, done.run_ids)
            deleted, running = deleted + forgotten.deleted, forgotten.running
        if done.run_ids:  # what executions going on after the pass did (a Slack post, a CRM contact): erased or named
            done = await erase_leftovers(deps.db, done)
        return done, Forgotten(deleted, running)

    done, workflows = run_sync(go)
    counts = {**done.counts, 'workflows': workflows.deleted}
    out.print('erased: ' + (', '.join(f'{table} {n}' for table, n in sorted(counts.items()) if n) or 'nothing'))
    if workflows.running:  # said on stderr and in the exit status, after what was erased
        error(f'{len(workflows.running)} execution(s) still going after {wait:g} s keep their engine checkpoints, '
              f'which hold the lead: {", ".join(workflows.running)} (their worker may be down). Once they have '
              f'ended: lead-agent runs forget {" ".join(workflows.running)}')
    if email is not None:
        out.print('still to erase by hand, outside lead-agent:')
        refs = f' (lead-agent created {", ".join(done.crm_refs)})' if done.crm_refs else ''
        out.print(f'- HubSpot: the contact for {terminal(email)} and its notes{terminal(refs)}')
        slack = ', '.join(f'{channel} {ts}' for channel, ts in done.slack) or 'none recorded'
        out.print(f'- Slack messages (channel ts): {terminal(slack)}')
        acks = ', '.join(f'{mid} sent {sent:%Y-%m-%d %H:%M}' if sent else f'{mid} (not confirmed sent)'
                         for mid, sent in done.acks) or 'none recorded'
        out.print(f"- acknowledgement emails sent (in the SMTP server's and mailbox's sent copies): {terminal(acks)}")
    if workflows.running:
        raise typer.Exit(1)


@app.command('hash-password')
def hash_password_cmd(
    user: Annotated[str | None, typer.Argument(help='Print `USER:hash`, a REVIEW_USERS entry.')] = None,
) -> None:
    """Print an argon2id hash of a password for REVIEW_USERS (asked for twice, or one line read from stdin)."""
    try:
        from ..web._login import check_name, hash_password
    except ImportError as e:
        error(f"cannot hash: {e}. Install the host extra: pip install 'lead-agent[host]'")
        raise typer.Exit(2) from None
    if user is not None:  # before the password is asked for, and named as what was typed (helper-122: the error
        try:              # named REVIEW_USERS, after the password)
            check_name(user, f'USER {user[:40]!r}')
        except LeadAgentError as e:
            error(f'{e}')
            raise typer.Exit(2) from None
    if sys.stdin.isatty():
        password: str = typer.prompt('Password', hide_input=True, confirmation_prompt=True)
    else:
        password = sys.stdin.readline().removesuffix('\n').removesuffix('\r')
    if not password:
        error('the password is empty')
        raise typer.Exit(2)
    hashed = hash_password(password)
    typer.echo(hashed if user is None else f'{user}:{hashed}')
