"""lead-agent: inbound contact-form submissions → qualified, routed, logged leads."""

from typing import TYPE_CHECKING

from .backends import CRM, CompanyLookup, Mailer, Notifier
from .deps import TriageDeps, build_deps, local_deps
from .exceptions import ConfigError, IntegrationError, InvalidLead, LeadAgentError
from .models import Classification, Decision, Lead, ReviewItem, RunRecord
from .pipeline import triage
from .policy import Policy, load_policy
from .review import resolve, restore
from .settings import Settings
from .shadow import dry_run_deps

if TYPE_CHECKING:
    from .runs import Engine

__all__ = (
    'CRM',
    'Classification',
    'CompanyLookup',
    'ConfigError',
    'Decision',
    'Engine',
    'IntegrationError',
    'InvalidLead',
    'Lead',
    'LeadAgentError',
    'Mailer',
    'Notifier',
    'Policy',
    'ReviewItem',
    'RunRecord',
    'Settings',
    'TriageDeps',
    'build_deps',
    'dry_run_deps',
    'load_policy',
    'local_deps',
    'resolve',
    'restore',
    'triage',
)


def __getattr__(name: str) -> object:
    # Durable runs import DBOS (about 0.2 s): loaded on first use, not by every command and embedding app.
    if name == 'Engine':
        from .runs import Engine

        return Engine
    raise AttributeError(f'module {__name__!r} has no attribute {name!r}')
