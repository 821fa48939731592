"""Check a configuration before leads arrive: each configured part with one live request, and what to fix.

`check_all(settings)` returns one `Check` per part: the policy, the database, the model, HubSpot, Slack, SMTP and
each enrichment provider. A part with no settings is the embedded default (`status='default'`), not a failure.
Each check has a timeout; none changes anything (no mail is sent, no contact created, no schema made).
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import importlib
import os
import re
import time
import warnings
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal
from urllib.parse import unquote, urlsplit

from pydantic import SecretStr
from sqlalchemy import make_url, text
from sqlalchemy.exc import DBAPIError

from ._render import cut
from .deps import enrichment_providers
from .enrichment.chain import NamedLookup, VendorLookup
from .exceptions import ConfigError, IntegrationError, LeadAgentError, PolicyWarning
from .settings import Settings

if TYPE_CHECKING:
    from .store import Database

__all__ = ('ENRICHMENT_KEYS', 'Check', 'Status', 'check_all', 'failed')

Status = Literal['ok', 'default', 'warning', 'failed']

ENRICHMENT_KEYS = {'clearbit': 'CLEARBIT_API_KEY', 'apollo': 'APOLLO_API_KEY', 'pdl': 'PDL_API_KEY'}
"""The setting that holds each enrichment provider's key."""
_PROBE_DOMAIN = 'example.com'  # looked up at each provider: a match or "no match" both prove the key works


@dataclass(frozen=True, slots=True)
class Check:
    """What one part of the configuration does: works, is the embedded default, or fails (and what to fix)."""

    part: str
    status: Status
    detail: str
    """What was checked and what came back: a URL (password hidden), a revision, who a token belongs to."""
    fix: str = ''
    """What to change, when it does not work (or works only in part)."""


def failed(checks: list[Check]) -> list[Check]:
    """The checks that failed: a configuration is ready when there are none."""
    return [c for c in checks if c.status == 'failed']


async def check_all(settings: Settings, *, policy: Path | None = None, database_url: str | None = None,
                    model: str | None = None, timeout: float = 10.0) -> list[Check]:
    """Check every part `settings` configures (`policy`, `database_url`, `model` override theirs), at once.

    Never raises for what it finds: each problem is a `Check` with status `failed` and its fix.
    """
    _import_clients(settings, model or settings.model)
    jobs: list[tuple[str, Callable[[], Awaitable[Check]]]] = [
        ('policy', lambda: _policy(settings, policy)),
        ('database', lambda: _database(database_url or settings.database_url, default=database_url is None
                                       and 'database_url' not in settings.model_fields_set)),
        ('model', lambda: _model(settings, model or settings.model, timeout)),
        ('hubspot', lambda: _hubspot(settings, timeout)),
        ('slack', lambda: _slack(settings, timeout)),
        ('smtp', lambda: _smtp(settings, timeout)),
    ]
    providers = enrichment_providers(settings)
    for provider in providers:
        jobs.append((f'enrichment: {provider.name}', lambda p=provider: _enrichment(p, timeout)))
    if not providers:
        jobs.append(('enrichment', lambda: _default('enrichment', 'company directory file of the policy',
                                                    'set CLEARBIT_API_KEY, APOLLO_API_KEY or PDL_API_KEY')))
    checks = await asyncio.gather(*(_bounded(part, job, timeout) for part, job in jobs))
    secrets = _secrets(settings)
    return [dataclasses.replace(c, detail=_shown(c.detail, secrets), fix=_shown(c.fix, secrets)) for c in checks]


_SECRET_NAME = re.compile(r'(KEY|TOKEN|SECRET|PASSWORD|PASSWD)', re.IGNORECASE)
SHOWN_CHARS = 300
"""The most of a detail or fix printed: vendors' error bodies can be long (and echo what was sent)."""


def _secrets(settings: Settings) -> list[str]:
    """Every secret a check may have sent, to take out of what a vendor's answer echoes: longest first."""
    found: set[str] = set()
    for _, value in settings:
        if isinstance(value, SecretStr):
            found.add(value.get_secret_value())
            password = urlsplit(value.get_secret_value()).password  # SMTP_URL's login
            if password:
                found.update((password, unquote(password)))
    found.update(v for k, v in os.environ.items() if _SECRET_NAME.search(k))  # OPENAI_API_KEY and the like
    return sorted((s for s in found if len(s) >= 4), key=len, reverse=True)  # shorter ones would mangle the text


def _shown(text: str, secrets: list[str]) -> str:
    for secret in secrets:
        text = text.replace(secret, '***')
    return cut(text, SHOWN_CHARS)


def _import_clients(settings: Settings, spec: str) -> None:
    """Import the vendors' SDKs the checks will use, before any check's clock starts.

    An import takes seconds (HubSpot's SDK, OpenAI's) and holds the event loop: done inside the concurrent checks, it
    would use up the others' timeouts.
    """
    from .llm import primary_model

    wanted = [('crm.hubspot', settings.hubspot_access_token), ('slack', settings.slack_bot_token),
              ('mail', settings.smtp_url)]
    for module, setting in wanted:
        if setting is not None:
            with contextlib.suppress(ImportError):  # the check reports it
                importlib.import_module(f'lead_agent.{module}')
    if settings.smtp_url is not None:
        with contextlib.suppress(ImportError):
            importlib.import_module('aiosmtplib')
    key = settings.api_key.get_secret_value() if settings.api_key else None
    with contextlib.suppress(ConfigError):  # the check reports it
        primary_model(spec, base_url=settings.base_url, api_key=key)


async def _default(part: str, what: str, how: str) -> Check:
    return Check(part, 'default', f'embedded default: {what}', how)


async def _bounded(part: str, job: Callable[[], Awaitable[Check]], timeout: float) -> Check:
    try:
        async with asyncio.timeout(timeout + 1.0):  # the clients have `timeout` each; this catches what hangs
            return await job()
    except TimeoutError:
        return Check(part, 'failed', f'no answer within {timeout:.0f} s', 'check the host, port and firewall')
    except ImportError as e:  # the integration's extra is not installed: the message names it
        return Check(part, 'failed', str(e), 'install the extra the message names')
    except Exception as e:  # a diagnosis reports every failure as a finding, it never crashes
        return Check(part, 'failed', f'{type(e).__name__}: {e}'[:300])


# --- policy and database -------------------------------------------------------------------------------------------
async def _policy(settings: Settings, option: Path | None) -> Check:
    from .policy import load_policy

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always', PolicyWarning)
        try:
            path = settings.policy_path(option)
            loaded = load_policy(path)
        except ConfigError as e:
            return Check('policy', 'failed', str(e), 'fix the file, or point LEAD_AGENT_POLICY / --policy at one')
        # The files the embedded backends read: every run loads them, whatever else is configured.
        from .crm.local import load_history
        from .enrichment.directory import DirectoryLookup

        for key, load in (('companies', DirectoryLookup.from_file), ('crm_history', load_history)):
            local = loaded.local_path(key)
            try:
                if local is not None:
                    load(local)
            except ConfigError as e:
                return Check('policy', 'failed', str(e), f"the policy's local.{key} names this file (relative to the "
                             'policy file): copy it beside the policy, or fix or remove the entry')
    notes = [str(w.message) for w in caught if issubclass(w.category, PolicyWarning)]
    detail = f'{path}: {loaded.company.name}, {len(loaded.routing)} route(s)'
    if notes:
        return Check('policy', 'warning', detail, '; '.join(notes))
    return Check('policy', 'ok', detail)


def _write_probe(db: Database) -> None:
    """A write that changes nothing, rolled back: a database that can be read but not written fails it.

    helper-201: a read-only SQLite file was reported ready, and every run then failed to be stored.
    """
    with db.engine.connect() as conn, conn.begin() as transaction:
        conn.execute(text('UPDATE alembic_version SET version_num = version_num'))
        transaction.rollback()


async def _database(url: str, *, default: bool) -> Check:
    from .runs import APP_NAME, workflow_version
    from .store import Database, current_revision, database_error, head_revision, newer
    from .store.executors import releases_after

    try:
        db = Database(url)
    except LeadAgentError as e:
        return Check('database', 'failed', str(e), 'set DATABASE_URL (or --db) to a sqlite:/// or postgresql:// URL')
    shown = make_url(url).render_as_string(hide_password=True)
    try:
        path = db.engine.url.database
        if db.engine.dialect.name == 'sqlite' and path and path != ':memory:' and not path.startswith('file:') \
                and not Path(path).exists():
            # Connecting would create the file: say whether the first run can, and leave it to that run.
            folder = Path(path).absolute().parent
            if folder.is_dir() and os.access(folder, os.W_OK):
                return Check('database', 'default' if default else 'ok',
                             f'{shown}: not created yet; the first run creates it')
            return Check('database', 'failed', f'{shown}: cannot create the file, {folder} is not a writable folder',
                         'create the folder, or set DATABASE_URL to a writable place')
        current = await asyncio.to_thread(current_revision, db)
        later = await asyncio.to_thread(releases_after, db.engine, APP_NAME, workflow_version())
        if current is not None:
            try:
                await asyncio.to_thread(_write_probe, db)
            except DBAPIError as e:
                return Check('database', 'failed', f'{shown}: can be read, not written: {cut(str(e.orig), 300)}',
                             'let lead-agent write it: the file and its folder writable by this user (SQLite), or a '
                             'role that may write on a primary server (PostgreSQL)')
    except DBAPIError as e:
        return Check('database', 'failed', database_error(e),
                     'start the database server, or fix DATABASE_URL (host, port, user, password, database)')
    finally:
        db.dispose()
    head = head_revision()
    if current is None:
        return Check('database', 'ok', f'{shown}: reachable, no schema yet (the first run or `lead-agent db upgrade` '
                     'creates it)')
    if current != head:
        return Check('database', 'failed', f'{shown}: schema at revision {current}, this lead-agent needs {head}',
                     'a newer lead-agent upgraded it: upgrade lead-agent (or restore the backup from before)'
                     if newer(current) else 'back it up, then run: lead-agent db upgrade')
    if later:  # a rollback: what the newer release queued without a version waits for its workers
        return Check('database', 'warning', f'{shown}: schema at revision {head} (current); a newer lead-agent ran on '
                     f'it (workflow version {later[0]}), and the note checks it queued wait for its workers',
                     'upgrade lead-agent again, or make this version the latest: docs/deploy.md, "Upgrade and roll '
                     'back"')
    return Check('database', 'default' if default else 'ok', f'{shown}: schema at revision {head} (current)')


# --- model ---------------------------------------------------------------------------------------------------------
_KEY_HINT = ("set the provider's key: LEAD_AGENT_API_KEY for openai-compatible:, else the provider's own variable "
             '(OPENAI_API_KEY, ANTHROPIC_API_KEY, ...)')


async def _model(settings: Settings, spec: str, timeout: float) -> Check:
    from pydantic_ai import exceptions as ai
    from pydantic_ai.direct import model_request
    from pydantic_ai.messages import ModelRequest

    from .llm import primary_model

    key = settings.api_key.get_secret_value() if settings.api_key else None
    try:
        model = primary_model(spec, base_url=settings.base_url, api_key=key)
    except ConfigError as e:
        return Check('model', 'failed', str(e), _KEY_HINT if 'key' in str(e).lower() else 'fix LEAD_AGENT_MODEL')
    if model is None:
        return Check('model', 'default', 'embedded default: rules (offline, no key)',
                     'set LEAD_AGENT_MODEL, e.g. openai:gpt-4o-mini, to classify with an LLM')
    where = f'{spec} at {model.base_url}' if model.base_url else spec
    start = time.perf_counter()
    try:
        await model_request(model, [ModelRequest.user_text_prompt('Reply with the word OK.')],
                            model_settings={'max_tokens': 16, 'timeout': timeout, 'max_retries': 0})
    except ai.ModelAuthenticationError as e:
        return Check('model', 'failed', f'{where}: key refused ({_first_line(e)})', _KEY_HINT)
    except ai.ModelNotFoundError as e:
        return Check('model', 'failed', f'{where}: not found ({_first_line(e)})',
                     'check the model name in LEAD_AGENT_MODEL (and LEAD_AGENT_BASE_URL, which may be wrong)')
    except (ai.ModelRateLimitError, ai.ModelQuotaExceededError) as e:
        return Check('model', 'failed', f'{where}: {type(e).__name__} ({_first_line(e)})',
                     "check the account's quota and billing, or lower LEAD_AGENT_MODEL_CONCURRENCY")
    except ai.ModelTimeoutError:
        return Check('model', 'failed', f'{where}: no answer within {timeout:.0f} s',
                     'check that LEAD_AGENT_BASE_URL is the API (not a web page), or raise LEAD_AGENT_REQUEST_TIMEOUT '
                     'if the model is slow to start')
    except ai.ModelConnectionError as e:
        return Check('model', 'failed', f'{where}: cannot connect ({_first_line(e)})',
                     "check LEAD_AGENT_BASE_URL (or the provider's base URL variable) and the network")
    except ai.ModelAPIError as e:
        return Check('model', 'failed', f'{where}: {type(e).__name__}: {_first_line(e)}',
                     'the provider failed: try again, or check its status page')
    fallback = 'on' if settings.fallback else 'off'
    return Check('model', 'ok', f'{where}: answered in {time.perf_counter() - start:.1f} s (fallback to rules {fallback})')


def _first_line(e: BaseException) -> str:
    return next((line.strip() for line in str(e).splitlines() if line.strip()), type(e).__name__)[:200]


# --- integrations --------------------------------------------------------------------------------------------------
async def _hubspot(settings: Settings, timeout: float) -> Check:
    if settings.hubspot_access_token is None:
        return await _default('hubspot', 'the CRM tables of the database', 'set HUBSPOT_ACCESS_TOKEN to use HubSpot')
    from .crm.hubspot import SCOPES, HubSpotCRM

    scopes = ', '.join(SCOPES)
    crm = HubSpotCRM(settings.hubspot_access_token.get_secret_value(), host=settings.hubspot_host, max_attempts=1,
                     max_wait=1.0, timeout=timeout)
    try:
        await crm.history(f'lead-agent-doctor@{_PROBE_DOMAIN}')  # a contact and a company search: read scopes
    except IntegrationError as e:
        if e.status == 401:
            fix = (f'HUBSPOT_ACCESS_TOKEN is not accepted: create a private app (HubSpot: Settings > Integrations > '
                   f'Private apps) with the scopes {scopes}, and set its access token')
        elif e.status == 403:
            fix = f'the private app lacks a scope: give it {scopes}'
        else:
            fix = 'check HUBSPOT_HOST (unset for api.hubapi.com) and the network'
        return Check('hubspot', 'failed', str(e), fix)
    finally:
        await crm.aclose()
    return Check('hubspot', 'ok', f'searched contacts and companies at {settings.hubspot_host or "api.hubapi.com"}',
                 f'the private app also needs write access ({scopes}); a search cannot test that')


async def _slack(settings: Settings, timeout: float) -> Check:
    if settings.slack_bot_token is None:
        return await _default('slack', 'messages go to the outbox table', 'set SLACK_BOT_TOKEN to post to Slack')
    from .slack import BOT_SCOPES, LOOKUP_SCOPES, check_token, slack_client

    client = slack_client(settings.slack_bot_token.get_secret_value(), base_url=settings.slack_base_url)
    client.timeout = max(1, round(timeout))
    try:
        who, missing = await check_token(client)
    except IntegrationError as e:
        base = settings.slack_base_url
        if base is not None and not base.endswith('/api/'):  # Slack's answer to a wrong path reads as a bad token
            fix = (f"SLACK_API_URL {base!r} does not end in /api/: the SDK adds the method's name to it "
                   '(https://slack.com/api/ when unset)')
        elif e.status is None:  # no answer
            fix = 'check SLACK_API_URL (unset for slack.com) and the network'
        elif e.status == 200:  # Slack's own refusal: invalid_auth, not_authed, token_revoked, account_inactive...
            fix = ('SLACK_BOT_TOKEN is not accepted: install the app (examples/slack-app-manifest.yaml) and set its '
                   'Bot User OAuth Token (xoxb-...)')
        else:
            fix = 'Slack failed: try again, or check status.slack.com'
        return Check('slack', 'failed', str(e), fix)
    if any(scope not in LOOKUP_SCOPES for scope in missing):
        return Check('slack', 'failed', f'auth.test: {who}; the token lacks {", ".join(missing)}',
                     f'add the bot scopes {", ".join(BOT_SCOPES)} (examples/slack-app-manifest.yaml) and reinstall '
                     'the app')
    if missing:  # posting works; a post whose answer was lost (a kill, a timeout) cannot be looked for
        return Check('slack', 'warning', f'auth.test: {who}; the token lacks {", ".join(missing)}',
                     'add them (examples/slack-app-manifest.yaml) and reinstall the app, or a post cut off after '
                     'Slack kept it is posted twice')
    if settings.slack_signing_secret is None:
        return Check('slack', 'warning', f'auth.test: {who}, scopes {", ".join(BOT_SCOPES)}',
                     'set SLACK_SIGNING_SECRET, or the buttons (Take this lead, review) are not answered')
    return Check('slack', 'ok', f'auth.test: {who}, scopes {", ".join(BOT_SCOPES)}')


async def _smtp(settings: Settings, timeout: float) -> Check:
    if settings.smtp_url is None:
        return await _default('smtp', 'acknowledgements go to the outbox table', 'set SMTP_URL and SMTP_FROM to send them')
    from .mail import SmtpMailer
    from .store import Database

    try:
        mailer = SmtpMailer(Database('sqlite://'), settings.smtp_url.get_secret_value(),
                            settings.smtp_from or 'lead-agent@localhost', timeout=timeout,
                            allow_plaintext_auth=settings.smtp_allow_plaintext_auth)
    except ConfigError as e:
        return Check('smtp', 'failed', str(e), 'fix SMTP_URL')
    try:
        detail = await mailer.check()
    except IntegrationError as e:
        if re.search(r'failed: 53\d ', str(e)):  # 530/534/535: the login was refused
            fix = 'check the user and password in SMTP_URL (percent-encode @ : / in them)'
        elif re.search(r'failed: [45]\d\d ', str(e)):
            fix = 'the server refused the session: check that SMTP_URL names your submission server'
        else:
            fix = 'check the host and port in SMTP_URL (587 with smtp://, 465 with smtps://) and the firewall'
        if e.status == 403:
            fix = 'use smtps://, enable STARTTLS on the server, or set SMTP_ALLOW_PLAINTEXT_AUTH=true'
        return Check('smtp', 'failed', str(e), fix)
    finally:
        mailer.db.dispose()
    if not settings.smtp_from:
        return Check('smtp', 'failed', detail, 'set SMTP_FROM, the sender address of the acknowledgements')
    return Check('smtp', 'ok', f'{detail}; no mail sent')


async def _enrichment(provider: NamedLookup, timeout: float) -> Check:
    part = f'enrichment: {provider.name}'
    key = ENRICHMENT_KEYS.get(provider.name, 'the API key')
    if isinstance(provider, VendorLookup):  # built for this check alone
        provider.timeout = timeout
    try:
        found = await provider.lookup(_PROBE_DOMAIN)
    except IntegrationError as e:
        fix = f'{key} is not accepted: set a valid key' if e.status in (401, 403) else \
            f'check {key.removesuffix("_API_KEY")}_BASE_URL (unset for the vendor) and the network'
        return Check(part, 'failed', str(e), fix)
    return Check(part, 'ok', f'looked up {_PROBE_DOMAIN}: {"a match" if found else "no match"}, key accepted')
