"""Building `TriageDeps`: the embedded defaults, and the real integrations wherever their settings are set."""

from __future__ import annotations

from pydantic import SecretStr
from pydantic_ai.models import Model

from .crm.local import LocalCRM
from .enrichment.chain import NamedLookup
from .enrichment.directory import DirectoryLookup
from .exceptions import ConfigError
from .mail import OutboxMailer
from .notify import OutboxNotifier
from .pipeline import TriageDeps
from .policy import Policy
from .ratelimit import Limiter
from .settings import Settings
from .store import Database, SqlStore

__all__ = ('configured_deps', 'local_deps')


def local_deps(policy: Policy, *, database_url: str = 'sqlite:///lead_agent.db',
               model: Model | str | None = None) -> TriageDeps:
    """Deps on one local database: SQLite file (or `DATABASE_URL`), company directory, local CRM, outboxes."""
    return _local_deps(policy, Database(database_url), model)


def _local_deps(policy: Policy, db: Database, model: Model | str | None) -> TriageDeps:
    companies_file = policy.local_path('companies')
    return TriageDeps(
        policy=policy,
        store=SqlStore(db),
        companies=DirectoryLookup.from_file(companies_file) if companies_file else DirectoryLookup(),
        crm=LocalCRM(db, seed=policy.local_path('crm_history')),
        notifier=OutboxNotifier(db),
        mailer=OutboxMailer(db),
        model=model,
    )


def configured_deps(settings: Settings, policy: Policy, *, database_url: str | None = None,
                    model: Model | str | None = None) -> TriageDeps:
    """`local_deps`, with HubSpot, Slack, SMTP and the enrichment chain swapped in where their settings are set."""
    db = Database(database_url or settings.database_url)
    deps = _local_deps(policy, db, model)
    deps.model_timeout, deps.action_timeout = settings.model_timeout, settings.action_timeout
    deps.lookup_timeout = deps.crm_timeout = settings.lookup_timeout
    deps.retry_for = settings.retry_for
    # One limiter counted in the database: HubSpot's and Slack's limits are shared by every run of every worker,
    # and a burst queues for a slot (up to `queue_wait`) instead of failing. Each client keeps its own
    # per-request timeout, so the pipeline's action timeout only has to cover the wait plus the request.
    limiter = Limiter.shared(db, max_wait=settings.queue_wait)
    if settings.hubspot_access_token is not None or settings.slack_bot_token is not None:
        deps.action_timeout = max(settings.action_timeout, settings.queue_wait + settings.action_timeout)
    if (token := _secret(settings.hubspot_access_token)) is not None:
        from .crm.hubspot import HubSpotCRM

        portal = f'https://app.hubspot.com/contacts/{settings.hubspot_portal_id}' if settings.hubspot_portal_id \
            else 'https://app.hubspot.com/contacts'
        # HubSpot's own 429/5xx waiting stays inside one action timeout, so a slow CRM ends as a recorded
        # HubSpot error rather than a bare timeout.
        deps.crm = HubSpotCRM(token, host=settings.hubspot_host, limiter=limiter, portal_url=portal,
                              max_wait=max(1.0, settings.action_timeout - 3.0))
    if (token := _secret(settings.slack_bot_token)) is not None:
        from .slack import SlackNotifier, slack_client

        deps.notifier = SlackNotifier(db, slack_client(token, base_url=settings.slack_base_url), limiter=limiter)
    if (url := _secret(settings.smtp_url)) is not None:
        from .mail import SmtpMailer

        if not settings.smtp_from:
            raise ConfigError('SMTP_URL is set but SMTP_FROM is not: acknowledgements need a real sender address')
        deps.mailer = SmtpMailer(db, url, settings.smtp_from)
    providers = _enrichment_providers(settings)
    if providers:
        from .enrichment.cache import EnrichmentCache
        from .enrichment.chain import ChainLookup

        deps.companies = ChainLookup.from_policy(policy.enrichment, providers, cache=EnrichmentCache(db),
                                                 skip_domains=policy.free_email_domains)
        # The chain has its own budget; the pipeline's timeout must not cut it short and hide the reasons.
        deps.lookup_timeout = max(deps.lookup_timeout, policy.enrichment.budget_seconds + 1.0)
    return deps


def _secret(value: SecretStr | None) -> str | None:
    return value.get_secret_value() if value is not None else None


def _enrichment_providers(settings: Settings) -> list[NamedLookup]:
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
