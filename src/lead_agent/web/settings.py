"""The host's settings: the library's, plus webhook secrets and review-page credentials (built once at start-up)."""

from __future__ import annotations

import secrets
from ipaddress import IPv4Network, IPv6Network, ip_network
from typing import Literal

from pydantic import AliasChoices, Field, SecretStr, field_validator

from ..exceptions import ConfigError
from ..settings import Settings, http_url
from ..webhooks import check_secret
from ._login import parse_users

VENDORS = ('generic', 'typeform', 'hubspot', 'tally', 'webflow', 'formspree')


def _env(name: str) -> AliasChoices:
    return AliasChoices(name)


class HostSettings(Settings):
    """Every variable of `lead_agent.Settings`, and the host's own."""

    webhook_secret_generic: SecretStr | None = Field(None, validation_alias=_env('WEBHOOK_SECRET_GENERIC'))
    webhook_secret_typeform: SecretStr | None = Field(None, validation_alias=_env('WEBHOOK_SECRET_TYPEFORM'))
    webhook_secret_hubspot: SecretStr | None = Field(None, validation_alias=_env('WEBHOOK_SECRET_HUBSPOT'))
    webhook_secret_tally: SecretStr | None = Field(None, validation_alias=_env('WEBHOOK_SECRET_TALLY'))
    webhook_secret_webflow: SecretStr | None = Field(None, validation_alias=_env('WEBHOOK_SECRET_WEBFLOW'))
    webhook_secret_formspree: SecretStr | None = Field(None, validation_alias=_env('WEBHOOK_SECRET_FORMSPREE'))
    webhook_hubspot_legacy_signatures: bool = Field(False, validation_alias=_env('WEBHOOK_HUBSPOT_LEGACY_SIGNATURES'))
    """Accept HubSpot's v1/v2 signatures besides v3. They carry no timestamp, so each body is accepted once within
    `webhook_replay_window_days` (a repeat gets the first delivery's runs) and must be JSON."""
    webhook_replay_window_days: float = Field(30, gt=0, le=3650, validation_alias=_env('WEBHOOK_REPLAY_WINDOW_DAYS'))
    """How long the digest of a body signed without a timestamp is remembered."""
    review_users: SecretStr | None = Field(None, validation_alias=_env('REVIEW_USERS'))
    """`dana:$argon2id$...,luis:plain` — basic-auth users of the review page (README: *Review page logins*)."""
    review_token: SecretStr | None = Field(None, validation_alias=_env('REVIEW_TOKEN'))
    secret_key: SecretStr = Field(default_factory=lambda: SecretStr(secrets.token_urlsafe(32)),
                                  validation_alias=_env('SECRET_KEY'))
    """Signs the review page's CSRF tokens; unset, a random key per start (set it when several hosts serve /review)."""
    worker: Literal['inline', 'external'] = Field('inline', validation_alias=_env('LEAD_AGENT_WORKER'))
    """`inline`: triage on a worker thread of the host; `external`: leave the queue to `lead-agent worker`."""
    public_url: str = Field('', validation_alias=_env('PUBLIC_URL'))
    """The URL vendors call (HubSpot signs it); empty means the request's own URL."""
    webhook_trusted_proxies: str = Field('', validation_alias=_env('WEBHOOK_TRUSTED_PROXIES'))
    """Addresses or networks (comma-separated) of your own servers that relay submissions to the generic route with
    the visitor's address in `X-Forwarded-For`; empty: that header never counts."""

    @field_validator('review_token', 'secret_key')
    @classmethod
    def _not_blank(cls, value: SecretStr | None) -> SecretStr | None:
        """Unset, or a value with something in it.

        helper-201: a blank `REVIEW_TOKEN` served the page with every login refused, and a blank `SECRET_KEY` signed
        the CSRF tokens with nothing anyone could not sign too.
        """
        if value is not None and not value.get_secret_value().strip():
            raise ValueError('is blank: give it a value, or leave it unset')
        return value

    @field_validator('public_url')
    @classmethod
    def _public_url(cls, value: str) -> str:
        """An empty value or an absolute http(s) URL.

        HubSpot signs the whole URL: 'leads.example.com' alone made every signature mismatch, with nothing said at
        start-up (helper-122).
        """
        value = value.strip()
        if not value:
            return value
        if not http_url(value, plain=True):
            raise ValueError(f'{value[:80]!r} is not the URL vendors call: give its scheme and host, e.g. '
                             'https://leads.example.com (HubSpot signs the whole URL)')
        return value

    def check_forwarded(self, forwarded_allow_ips: str | None) -> None:
        """Refuse a `FORWARDED_ALLOW_IPS` that names a relay of `WEBHOOK_TRUSTED_PROXIES`.

        Checked by the host itself, so an app started by `uvicorn lead_agent.web:create_app --factory` (as the deploy
        guide's unit does) refuses it as `lead-agent serve` does (helper-122: it started and never counted a visitor).

        Raises:
            ConfigError: it does.
        """
        if forwarded_allow_ips is not None and (overlap := self.relays_uvicorn_rewrites(forwarded_allow_ips)):
            raise ConfigError(f'FORWARDED_ALLOW_IPS lists {", ".join(overlap)}, a relay of WEBHOOK_TRUSTED_PROXIES: '
                              'uvicorn would replace its address before the host reads X-Forwarded-For, and the '
                              'visitor would never be counted; list a relay in WEBHOOK_TRUSTED_PROXIES only')

    def secrets_for(self, vendor: str) -> list[str]:
        """The active secrets of one vendor (comma-separated, for rotation)."""
        value: SecretStr | None = getattr(self, f'webhook_secret_{vendor}')
        return [s.strip() for s in value.get_secret_value().split(',') if s.strip()] if value else []

    def check_secrets(self) -> None:
        """Check every vendor's secrets can sign a delivery, before anything starts.

        Raises:
            ConfigError: one cannot (a generic one that is not base64: every delivery would have failed with a 500).
        """
        for vendor in VENDORS:
            value: SecretStr | None = getattr(self, f'webhook_secret_{vendor}')
            if value is not None and not self.secrets_for(vendor):  # helper-201: ',' left the vendor unsigned, unsaid
                raise ConfigError(f'WEBHOOK_SECRET_{vendor.upper()} holds no secret (only commas and spaces): give '
                                  'one, or several separated by commas, or leave it unset')
            for number, secret in enumerate(self.secrets_for(vendor), 1):
                try:
                    check_secret(vendor, secret)
                except ConfigError as e:
                    raise ConfigError(f'WEBHOOK_SECRET_{vendor.upper()}, secret {number}: {e}') from None

    def trusted_proxies(self) -> list[IPv4Network | IPv6Network]:
        """`WEBHOOK_TRUSTED_PROXIES` read.

        Raises:
            ConfigError: an entry is no IP address or network.
        """
        networks: list[IPv4Network | IPv6Network] = []
        for entry in (e.strip() for e in self.webhook_trusted_proxies.split(',')):
            if entry:
                try:
                    networks.append(ip_network(entry, strict=False))
                except ValueError:
                    raise ConfigError(f'WEBHOOK_TRUSTED_PROXIES: {entry[:60]!r} is not an IP address or network '
                                      '(e.g. 10.0.0.5 or 10.0.0.0/24)') from None
        return networks

    def relays_uvicorn_rewrites(self, forwarded_allow_ips: str | None) -> list[str]:
        """The entries of uvicorn's `FORWARDED_ALLOW_IPS` (None: unset, its default 127.0.0.1 and ::1) that are relays.

        uvicorn replaces the address of a request from such an address with one from its `X-Forwarded-For` before the
        host sees it: the request no longer comes from a listed relay, and the visitor's address is never read.
        """
        relays = self.trusted_proxies()
        found: list[str] = []
        allowed = '127.0.0.1,::1' if forwarded_allow_ips is None else forwarded_allow_ips
        for entry in (e.strip() for e in allowed.split(',')):
            if entry == '*' and relays:
                found.append(entry)
                continue
            try:
                network = ip_network(entry, strict=False)
            except ValueError:  # a Unix socket's path, or nothing
                continue
            if any(network.version == relay.version and network.overlaps(relay) for relay in relays):
                found.append(entry)
        return found

    def users(self) -> dict[str, str]:
        """Review-page users: name → plain password or argon2 hash.

        Raises:
            ConfigError: REVIEW_USERS is malformed, or a user has an empty password (the message shows no secret).
        """
        return parse_users(self.review_users.get_secret_value()) if self.review_users is not None else {}
