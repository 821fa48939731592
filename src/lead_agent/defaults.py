"""The embedded defaults: every backend local, no keys, no servers."""

from __future__ import annotations

from pydantic_ai.models import Model

from .crm.local import LocalCRM
from .enrichment.directory import DirectoryLookup
from .mail import OutboxMailer
from .notify import OutboxNotifier
from .pipeline import TriageDeps
from .policy import Policy
from .store import Database, SqlStore

__all__ = ('local_deps',)


def local_deps(policy: Policy, *, database_url: str = 'sqlite:///lead_agent.db',
               model: Model | str | None = None) -> TriageDeps:
    """Deps on one local database: SQLite file (or `DATABASE_URL`), company directory, local CRM, outboxes."""
    db = Database(database_url)
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
