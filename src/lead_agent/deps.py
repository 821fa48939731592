"""`TriageDeps` and the one place they are built: `build_deps(settings)`, or `local_deps` for the embedded defaults."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cached_property

from pydantic import SecretStr
from pydantic_ai import Agent
from pydantic_ai.models import Model
from pydantic_ai.settings import ModelSettings
from sqlalchemy.exc import DBAPIError

from .agent import AgentDeps, build_agent
from .backends import CRM, CompanyLookup, Mailer, Notifier
from .crm.local import LocalCRM
from .enrichment.chain import NamedLookup
from .enrichment.directory import DirectoryLookup
from .exceptions import ConfigError
from .llm import build_model, model_label, model_settings
from .mail import OutboxMailer
from .models import Classification
from .notify import OutboxNotifier
from .policy import Policy, load_policy
from .ratelimit import Limiter
from .routing import Rotation
from .rules_model import rules_model
from .settings import Settings
from .shadow import dry_run_deps
from .store import (
    Database,
    Intake,
    ReviewQueue,
    RunLog,
    SqlIntake,
    SqlReviewQueue,
    SqlRotation,
    SqlRunLog,
    database_away,
    database_error,
    prepare,
)

__all__ = ('TriageDeps', 'build_deps', 'enrichment_providers', 'local_deps')


def _utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, kw_only=True)
class TriageDeps:
    """Everything a run depends on: the policy, the backends, the model and the clock. Change one with `replace()`."""

    policy: Policy
    db: Database
    """The database the SQL backends share; durable runs keep their queue and checkpoints in it."""
    intake: Intake
    runs: RunLog
    review: ReviewQueue
    companies: CompanyLookup
    crm: CRM
    notifier: Notifier
    mailer: Mailer
    model: Model | str | None = None
    """A pydantic-ai model or model string; None means the offline `rules` model."""
    model_settings: ModelSettings | None = None
    """Per-request settings for an LLM (timeout, retries); see `llm.model_settings`."""
    request_limit: int = 8
    """Most model requests one classification may make."""
    now: Callable[[], datetime] = _utcnow
    lookup_timeout: float = 5.0
    crm_timeout: float = 5.0
    model_timeout: float = 60.0
    action_timeout: float = 15.0
    retry_for: float = 0.0
    """Seconds a transiently failing side effect is retried (with backoff) before the run goes to review as
    `failed`. 0 (the library default) fails at once; `Settings.retry_for` (an hour) is what the CLI and hosts use."""
    classifier: Agent[AgentDeps, Classification] | None = None
    """The classifying agent; None builds it from the policy."""
    closers: tuple[Callable[[], Awaitable[None]], ...] = ()
    """What `aclose()` closes besides the database: the integrations' clients and threads."""
    dry_run: bool = False
    """Shadow mode: the actions are written to the outbox instead of done (`shadow.dry_run_deps` builds these)."""
    rotation: Rotation | None = None
    """The owners' round robin; None keeps it in `db` (`SqlRotation`)."""

    @cached_property
    def owners(self) -> Rotation:
        """The round robin runs assign owners with."""
        return self.rotation or SqlRotation(self.db)

    @cached_property
    def agent(self) -> Agent[AgentDeps, Classification]:
        """The classifier for this policy (built once)."""
        return self.classifier or build_agent(self.policy)

    @cached_property
    def resolved_model(self) -> Model | str:
        """The model runs use: `model`, or the policy's `rules` model (built once)."""
        return self.model if self.model is not None else rules_model(self.policy)

    @property
    def model_name(self) -> str:
        """A printable name for the configured model."""
        return model_label(self.resolved_model)

    async def aclose(self) -> None:
        """Close the integrations' clients and the database's connections; the deps are unusable after."""
        for close in self.closers:
            await close()
        await self.db.adispose()


def local_deps(policy: Policy, *, database_url: str = 'sqlite:///lead_agent.db',
               model: Model | str | None = None) -> TriageDeps:
    """Deps on one local database: SQLite file (or `DATABASE_URL`), company directory, local CRM, outboxes.

    A new database gets the schema; an existing one must be at this version's (`lead-agent db upgrade`).

    Raises:
        ConfigError: the database URL is unusable, or its schema is from another version.
    """
    db = Database(database_url)
    try:
        prepare(db)
    except DBAPIError as e:
        db.dispose()
        # As the docstring says (helper-201: a folder, a missing one, a file of another kind). Not a database that is
        # away for now: a worker started before its PostgreSQL waits for it.
        if database_away(e) and 'unable to open database file' not in str(e.orig):
            raise
        raise ConfigError(database_error(e)) from None
    except BaseException:
        db.dispose()
        raise
    companies_file = policy.local_path('companies')
    return TriageDeps(
        policy=policy, db=db, intake=SqlIntake(db), runs=SqlRunLog(db), review=SqlReviewQueue(db),
        companies=DirectoryLookup.from_file(companies_file) if companies_file else DirectoryLookup(),
        crm=LocalCRM(db, seed=policy.local_path('crm_history')),
        notifier=OutboxNotifier(db),
        mailer=OutboxMailer(db),
        model=model,
    )


def build_deps(settings: Settings, *, policy: Policy | None = None, database_url: str | None = None,
               model: Model | str | None = None, dry_run: bool | None = None) -> TriageDeps:
    """The deps `settings` describe; close them with `await deps.aclose()`.

    The embedded defaults, with HubSpot, Slack, SMTP and the enrichment chain wherever their settings are set.

    `policy`, `database_url`, `model` and `dry_run` override `settings.policy`, `settings.database_url`,
    `settings.model` and `settings.dry_run`. Dry-run deps read from the integrations and write every action to the
    outbox (`shadow.dry_run_deps`).

    Raises:
        ConfigError: a setting is unusable (policy, model, database URL or schema, SMTP sender).
    """
    policy = policy or load_policy(settings.policy_path())
    if not isinstance(model, Model):  # a spec ('rules', 'openai-chat:…') or None for settings.model
        model = build_model(model or settings.model, policy, base_url=settings.base_url,
                            api_key=_secret(settings.api_key), fallback=settings.fallback,
                            max_concurrent=settings.model_concurrency)
    base = local_deps(policy, database_url=database_url or settings.database_url, model=model)
    try:
        deps = _with_integrations(base, settings)
    except BaseException:
        base.db.dispose()
        raise
    return dry_run_deps(deps) if (settings.dry_run if dry_run is None else dry_run) else deps


def _with_integrations(base: TriageDeps, settings: Settings) -> TriageDeps:
    policy = base.policy
    db = base.db
    companies, crm, notifier, mailer = base.companies, base.crm, base.notifier, base.mailer
    closers: list[Callable[[], Awaitable[None]]] = []
    lookup_timeout = settings.lookup_timeout
    action_timeout = settings.action_timeout
    # One limiter counted in the database: HubSpot's and Slack's limits are shared by every run of every worker,
    # and a burst queues for a slot (up to `queue_wait`) instead of failing. Each client keeps its own
    # per-request timeout, so the pipeline's action timeout only has to cover the wait plus the request.
    limiter = Limiter.shared(db, max_wait=settings.queue_wait)
    if settings.hubspot_access_token is not None or settings.slack_bot_token is not None:
        action_timeout = settings.queue_wait + settings.action_timeout
    if (token := _secret(settings.hubspot_access_token)) is not None:
        from .crm.hubspot import HubSpotCRM

        portal = f'https://app.hubspot.com/contacts/{settings.hubspot_portal_id}' if settings.hubspot_portal_id \
            else 'https://app.hubspot.com/contacts'
        # HubSpot's own 429/5xx waiting stays inside one action timeout, so a slow CRM ends as a recorded
        # HubSpot error rather than a bare timeout.
        hubspot = HubSpotCRM(token, host=settings.hubspot_host, limiter=limiter, portal_url=portal,
                             max_wait=max(1.0, settings.action_timeout - 3.0))
        crm = hubspot
        closers.append(hubspot.aclose)
    if (token := _secret(settings.slack_bot_token)) is not None:
        from .slack import SlackNotifier, slack_client

        notifier = SlackNotifier(db, slack_client(token, base_url=settings.slack_base_url), limiter=limiter)
    if (url := _secret(settings.smtp_url)) is not None:
        from .mail import SmtpMailer

        if not settings.smtp_from:
            raise ConfigError('SMTP_URL is set but SMTP_FROM is not: acknowledgements need a real sender address')
        # Each reply waited for up to the action's timeout (helper-202: a fixed 10 s failed every send to a server
        # that answered in 12 s, under the documented 15 s)
        mailer = SmtpMailer(db, url, settings.smtp_from, timeout=settings.action_timeout,
                            allow_plaintext_auth=settings.smtp_allow_plaintext_auth)
    providers = enrichment_providers(settings)
    if providers:
        from .enrichment.cache import EnrichmentCache
        from .enrichment.chain import ChainLookup

        companies = ChainLookup.from_policy(policy.enrichment, providers, cache=EnrichmentCache(db),
                                            skip_domains=policy.free_email_domains)
        # The chain has its own budget; the pipeline's timeout must not cut it short and hide the reasons.
        lookup_timeout = max(lookup_timeout, policy.enrichment.budget_seconds + 1.0)
    return TriageDeps(
        policy=policy, db=db, intake=base.intake, runs=base.runs, review=base.review,
        companies=companies, crm=crm, notifier=notifier, mailer=mailer,
        model=base.model, model_settings=model_settings(settings.request_timeout, settings.max_retries),
        request_limit=settings.max_requests,
        lookup_timeout=lookup_timeout, crm_timeout=settings.lookup_timeout,
        model_timeout=settings.model_timeout, action_timeout=action_timeout, retry_for=settings.retry_for,
        closers=tuple(closers),
    )


def _secret(value: SecretStr | None) -> str | None:
    return value.get_secret_value() if value is not None else None


def enrichment_providers(settings: Settings) -> list[NamedLookup]:
    """The company-data providers whose API keys are set, in chain order (Clearbit, Apollo, People Data Labs)."""
    providers: list[NamedLookup] = []
    if settings.clearbit_api_key is not None:
        from .enrichment.clearbit import ClearbitLookup

        providers.append(ClearbitLookup(settings.clearbit_api_key.get_secret_value(),
                                        base_url=settings.clearbit_base_url or 'https://company.clearbit.com'))
    if settings.apollo_api_key is not None:
        from .enrichment.apollo import ApolloLookup

        providers.append(ApolloLookup(settings.apollo_api_key.get_secret_value(),
                                      base_url=settings.apollo_base_url or 'https://api.apollo.io'))
    if settings.pdl_api_key is not None:
        from .enrichment.pdl import PdlLookup

        providers.append(PdlLookup(settings.pdl_api_key.get_secret_value(),
                                   base_url=settings.pdl_base_url or 'https://api.peopledatalabs.com'))
    return providers
