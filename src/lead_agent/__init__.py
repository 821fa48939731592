"""lead-agent: inbound contact-form submissions → qualified, routed, logged leads."""

from .agent import AgentDeps, build_agent
from .backends import CRM, CompanyLookup, ContactRef, Mailer, Notifier, Store
from .defaults import local_deps
from .exceptions import ConfigError, GuardViolation, IntegrationError, InvalidLead, LeadAgentError, WebhookRejected
from .guards import Precheck, decide, precheck
from .models import Classification, CrmRecord, Decision, Enrichment, Lead, ReviewItem, RunRecord
from .pipeline import TriageDeps, record_unreadable, triage
from .policy import Policy, load_policy
from .review import resolve, restore
from .rules_model import rules_model
from .runs import Engine
from .settings import Settings

__all__ = (
    'CRM',
    'AgentDeps',
    'Classification',
    'CompanyLookup',
    'ConfigError',
    'ContactRef',
    'CrmRecord',
    'Decision',
    'Engine',
    'Enrichment',
    'GuardViolation',
    'IntegrationError',
    'InvalidLead',
    'Lead',
    'LeadAgentError',
    'Mailer',
    'Notifier',
    'Policy',
    'Precheck',
    'ReviewItem',
    'RunRecord',
    'Settings',
    'Store',
    'TriageDeps',
    'WebhookRejected',
    'build_agent',
    'decide',
    'load_policy',
    'local_deps',
    'precheck',
    'record_unreadable',
    'resolve',
    'restore',
    'rules_model',
    'triage',
)
