"""The one exception tree of lead-agent.

```
LeadAgentError
 ├── ConfigError          a settings or policy file is wrong (names the file and the field)
 ├── InvalidLead          a submission cannot be read as a lead (names the field)
 ├── IntegrationError     a backend (CRM, Slack, mail, enrichment) failed: .service, .status
 │    └── RecipientRefused  the acknowledgement's address takes no mail (the lead is routed without it)
 ├── GuardViolation       an action was attempted that the guard layer does not allow
 └── WebhookRejected      an inbound webhook failed its signature or shape checks

PolicyWarning (a UserWarning)   the policy loads but says something that may not do what was meant
```
"""

from __future__ import annotations

__all__ = ('ConfigError', 'GuardViolation', 'IntegrationError', 'InvalidLead', 'LeadAgentError', 'PolicyWarning',
           'RecipientRefused', 'WebhookRejected')


class LeadAgentError(Exception):
    """Base class of every error lead-agent raises on purpose."""


class ConfigError(LeadAgentError):
    """A settings value or the policy file is invalid."""


class InvalidLead(LeadAgentError):
    """A submission could not be turned into a `Lead`."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class IntegrationError(LeadAgentError):
    """A backend call failed; `service` names the backend, `status` the HTTP status when there is one.

    `transient` says whether trying again later may work; None: judged by `status` (none, 408, 425, 429 or 5xx).
    """

    def __init__(self, service: str, message: str, *, status: int | None = None,
                 transient: bool | None = None) -> None:
        super().__init__(f'{service}: {message}' + (f' (HTTP {status})' if status is not None else ''))
        self.service = service
        self.status = status
        self.transient = transient


class RecipientRefused(IntegrationError):
    """The mail server refused the acknowledgement for its address alone; never transient.

    No such mailbox or domain, a malformed one, or one with non-ASCII letters the server cannot take (no SMTPUTF8).
    The lead is routed without its acknowledgement, and the run says so: sending again would be refused again, and a
    failed run approved later failed the same way, every time (helper-200).
    """

    def __init__(self, service: str, message: str) -> None:
        super().__init__(service, message, transient=False)


class GuardViolation(LeadAgentError):
    """Something tried to act outside what the guard layer allows."""


class WebhookRejected(LeadAgentError):
    """An inbound webhook request was refused."""

    def __init__(self, message: str, *, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


class PolicyWarning(UserWarning):
    """The policy is valid but may not mean what it says, e.g. an ICP industry no vendor name maps to."""
