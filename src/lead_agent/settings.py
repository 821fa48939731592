"""Settings from the environment and `.env`, built once by the CLI or a host (never at import)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal, Self
from urllib.parse import urlsplit

from pydantic import AliasChoices, Field, SecretStr, ValidationError, ValidationInfo, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from .exceptions import ConfigError

__all__ = ('DEFAULT_POLICY', 'LOCAL_CONCURRENCY', 'REMOTE_CONCURRENCY', 'SERVE_PID_ENV', 'Settings', 'http_url')

DEFAULT_POLICY = Path('lead-agent.yaml')
"""The policy file looked for in the current folder when neither `--policy` nor `LEAD_AGENT_POLICY` names one."""

LOCAL_CONCURRENCY = 8
"""Runs at once with the `rules` model: each is CPU work in this process, more at once only queue up."""
REMOTE_CONCURRENCY = 64
"""Runs at once with a model behind an API: each waits seconds for the model, so many can wait together. At ~2 s a
request that is ~32 requests/s; `LEAD_AGENT_MODEL_CONCURRENCY` keeps a process under a lower provider rate limit."""

SERVE_PID_ENV = 'LEAD_AGENT_SERVE_PID'
"""Set by `lead-agent serve` for the workers it starts: its process id. A worker whose parent is another process then
stops (so do the workers the tests start, which set it to the test process's id)."""


def http_url(value: str, *, plain: bool = False) -> bool:
    """Whether `value` is an absolute http(s) URL with a host (`plain`: and no query or fragment)."""
    parts = urlsplit(value)
    return (parts.scheme in ('http', 'https') and bool(parts.netloc)
            and not (plain and (parts.query or parts.fragment)))


_HOUR, _DAY, _WEEK = 3600.0, 86400.0, 604800.0
"""Upper bounds of the time settings (seconds): a figure past one is a typo, and `1e400` read as infinity."""

_API_EXAMPLES = {
    'hubspot_host': 'https://api.hubapi.com', 'slack_base_url': 'https://slack.com/api/',
    'base_url': 'http://localhost:11434/v1', 'clearbit_base_url': 'https://company.clearbit.com',
    'apollo_base_url': 'https://api.apollo.io', 'pdl_base_url': 'https://api.peopledatalabs.com',
}
"""An example of each API URL setting, for its error."""


class Settings(BaseSettings):
    """Every knob a deployment sets; see the README's configuration table."""

    # An empty variable (`LEAD_AGENT_DRY_RUN=` in an env file) is as good as unset: the default applies.
    model_config = SettingsConfigDict(env_file='.env', env_file_encoding='utf-8', extra='ignore', env_ignore_empty=True)

    @classmethod
    def from_env(cls) -> Self:
        """The settings the environment (and `.env`) gives.

        Raises:
            ConfigError: a variable that does not parse, named with what is wrong (never its value: it may be a secret).
        """
        try:
            return cls()  # pyright: ignore[reportCallIssue] - every field has a default, read from the environment
        except ValidationError as e:
            problems = '; '.join(f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in e.errors())
            raise ConfigError(f'setting {problems}') from None

    policy: Path = Field(DEFAULT_POLICY, validation_alias=AliasChoices('LEAD_AGENT_POLICY'))
    database_url: str = Field('sqlite:///lead_agent.db', validation_alias=AliasChoices('DATABASE_URL'))
    model: str = Field('rules', validation_alias=AliasChoices('LEAD_AGENT_MODEL'))
    base_url: str | None = Field(None, validation_alias=AliasChoices('LEAD_AGENT_BASE_URL'))
    api_key: SecretStr | None = Field(None, validation_alias=AliasChoices('LEAD_AGENT_API_KEY'))
    fallback: bool = Field(True, validation_alias=AliasChoices('LEAD_AGENT_FALLBACK'))
    request_timeout: float = Field(20.0, gt=0, le=_HOUR, allow_inf_nan=False,
                                   validation_alias=AliasChoices('LEAD_AGENT_REQUEST_TIMEOUT'))
    max_retries: int = Field(1, ge=0, le=10, validation_alias=AliasChoices('LEAD_AGENT_MAX_RETRIES'))
    max_requests: int = Field(8, ge=1, le=50, validation_alias=AliasChoices('LEAD_AGENT_MAX_REQUESTS'))
    hubspot_access_token: SecretStr | None = Field(None, validation_alias=AliasChoices('HUBSPOT_ACCESS_TOKEN'))
    hubspot_host: str | None = Field(None, validation_alias=AliasChoices('HUBSPOT_HOST'))
    hubspot_portal_id: str | None = Field(None, validation_alias=AliasChoices('HUBSPOT_PORTAL_ID'))
    slack_bot_token: SecretStr | None = Field(None, validation_alias=AliasChoices('SLACK_BOT_TOKEN'))
    slack_signing_secret: SecretStr | None = Field(None, validation_alias=AliasChoices('SLACK_SIGNING_SECRET'))
    slack_base_url: str | None = Field(None, validation_alias=AliasChoices('SLACK_API_URL'))
    smtp_url: SecretStr | None = Field(None, validation_alias=AliasChoices('SMTP_URL'))
    """smtp://user:pass@host:587 (STARTTLS) or smtps://user:pass@host:465; it holds a password."""
    smtp_allow_plaintext_auth: bool = Field(False, validation_alias=AliasChoices('SMTP_ALLOW_PLAINTEXT_AUTH'))
    """Log in to an `smtp://` server that offers no STARTTLS, password in clear text (a trusted relay only)."""
    smtp_from: str | None = Field(None, validation_alias=AliasChoices('SMTP_FROM'))
    clearbit_api_key: SecretStr | None = Field(None, validation_alias=AliasChoices('CLEARBIT_API_KEY'))
    apollo_api_key: SecretStr | None = Field(None, validation_alias=AliasChoices('APOLLO_API_KEY'))
    pdl_api_key: SecretStr | None = Field(None, validation_alias=AliasChoices('PDL_API_KEY'))
    clearbit_base_url: str | None = Field(None, validation_alias=AliasChoices('CLEARBIT_BASE_URL'))
    apollo_base_url: str | None = Field(None, validation_alias=AliasChoices('APOLLO_BASE_URL'))
    pdl_base_url: str | None = Field(None, validation_alias=AliasChoices('PDL_BASE_URL'))
    trace: Literal['off', 'console', 'logfire'] = Field('off', validation_alias=AliasChoices('LEAD_AGENT_TRACE'))
    trace_personal_data: bool = Field(False, validation_alias=AliasChoices('LEAD_AGENT_TRACE_PERSONAL_DATA'))
    model_timeout: float = Field(60.0, gt=0, le=_HOUR, allow_inf_nan=False,
                                 validation_alias=AliasChoices('LEAD_AGENT_MODEL_TIMEOUT'))
    lookup_timeout: float = Field(5.0, gt=0, le=_HOUR, allow_inf_nan=False,
                                  validation_alias=AliasChoices('LEAD_AGENT_LOOKUP_TIMEOUT'))
    action_timeout: float = Field(15.0, gt=0, le=_HOUR, allow_inf_nan=False,
                                  validation_alias=AliasChoices('LEAD_AGENT_ACTION_TIMEOUT'))
    queue_wait: float = Field(600.0, gt=0, le=_DAY, allow_inf_nan=False,
                              validation_alias=AliasChoices('LEAD_AGENT_QUEUE_WAIT'))
    """How long a side effect may wait for a HubSpot or Slack rate-limit slot before the run goes to review."""
    concurrency: int | None = Field(None, ge=1, le=256, validation_alias=AliasChoices('LEAD_AGENT_CONCURRENCY'))
    """Runs a process executes at once (and eval cases); unset: `runs_at_once()` picks by model."""
    model_concurrency: int | None = Field(None, ge=1, le=1000,
                                          validation_alias=AliasChoices('LEAD_AGENT_MODEL_CONCURRENCY'))
    """Model requests a process has in flight at most: keep all processes together under the provider's rate limit
    (about requests per minute × seconds per request / 60)."""
    retry_for: float = Field(3600.0, ge=0, le=_WEEK, allow_inf_nan=False,
                             validation_alias=AliasChoices('LEAD_AGENT_RETRY_FOR'))
    """Seconds a side effect that fails transiently (5xx, timeout, 429, database away) is retried with backoff
    before the run goes to review as `failed`."""
    dry_run: bool = Field(False, validation_alias=AliasChoices('LEAD_AGENT_DRY_RUN'))
    """Shadow mode: runs do everything but their actions, which are written to the outbox (marked dry run)."""
    dead_after: float = Field(30.0, gt=0, le=_HOUR, allow_inf_nan=False,
                              validation_alias=AliasChoices('LEAD_AGENT_DEAD_AFTER'))
    """Seconds without a heartbeat after which a worker counts as dead and its runs resume elsewhere."""
    stall_after: float = Field(300.0, gt=0, le=_WEEK, allow_inf_nan=False,
                               validation_alias=AliasChoices('LEAD_AGENT_STALL_AFTER'))
    """`/healthz` fails when the oldest queued run waited longer than this (no worker is taking runs)."""

    @field_validator('hubspot_portal_id')
    @classmethod
    def _portal_id(cls, value: str | None) -> str | None:
        """Unset, or the number HubSpot gives the account (its links to contacts are made from it).

        helper-201: `abc` was taken, and every "Open in HubSpot" link led to HubSpot's error page.
        """
        if value is None or not value.strip():
            return None
        value = value.strip()
        if not (value.isascii() and value.isdigit()):
            raise ValueError(f'{value[:40]!r} is no HubSpot account id: give its number (Settings > Account '
                             'Management, or the number in app.hubspot.com/contacts/NUMBER)')
        return value

    @field_validator('hubspot_host', 'slack_base_url', 'base_url', 'clearbit_base_url', 'apollo_base_url',
                     'pdl_base_url')
    @classmethod
    def _api_url(cls, value: str | None, info: ValidationInfo) -> str | None:
        """Unset, or an absolute http(s) URL.

        'api.hubapi.com' alone reached HubSpot's client as a scheme-less URL, which failed each call with a warning
        from urllib3 (helper-122).
        """
        if value is None or not value.strip():
            return None
        value = value.strip()
        if not http_url(value):
            # The example is the setting's own (helper-201: SLACK_API_URL's error gave HubSpot's address)
            example = _API_EXAMPLES.get(info.field_name or '', 'https://api.example.com/')
            raise ValueError(f'{value[:80]!r} is no API URL: give its scheme and host, e.g. {example}')
        return value

    def policy_path(self, option: Path | None = None) -> Path:
        """The policy file: `option` (the CLI's `--policy`), else `LEAD_AGENT_POLICY`, else `./lead-agent.yaml`.

        Raises:
            ConfigError: none is named and there is no `lead-agent.yaml` here; the message says how to make one.
        """
        if option is not None:
            return option
        if 'policy' in self.model_fields_set and not self.policy.is_file():
            raise ConfigError(f'{self.policy}: no such policy file (named by LEAD_AGENT_POLICY; a relative path is '
                              f'read from the current folder, {Path.cwd()})')
        if 'policy' not in self.model_fields_set and not self.policy.is_file():
            raise ConfigError(f'no policy: there is no {self.policy} in {Path.cwd()} and LEAD_AGENT_POLICY is not '
                              'set; run `lead-agent init` to write a starter policy and sample leads here, or pass '
                              '--policy FILE')
        return self.policy

    def runs_at_once(self, model: str | None = None) -> int:
        """`concurrency` if set, else by the model (`model`, or the configured one): local rules or an API."""
        if self.concurrency is not None:
            return self.concurrency
        local = (model or self.model).strip() in ('', 'rules')
        return LOCAL_CONCURRENCY if local else REMOTE_CONCURRENCY
