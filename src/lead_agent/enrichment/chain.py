"""The company-lookup chain: cache first, then each provider in order within a time budget.

Also the plumbing the HTTP vendors (`clearbit`, `apollo`, `pdl`) share: one GET, with a 404 read as "no match"
(None) and every other failure raised as `IntegrationError(vendor, ..., status=...)`, so the two are told apart.
"""

from __future__ import annotations

import asyncio
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from typing import Any, Protocol

import httpx2
from pydantic import ValidationError

from .. import _domains
from ..exceptions import IntegrationError
from ..models import Enrichment
from ..policy import EnrichmentPolicy
from .cache import EnrichmentCache

__all__ = ('ChainLookup', 'NamedLookup', 'VendorLookup')


class NamedLookup(Protocol):
    """A `CompanyLookup` with a name for the chain's error notes."""

    @property
    def name(self) -> str:
        """The provider's name, e.g. `clearbit`."""
        ...

    async def lookup(self, domain: str) -> Enrichment | None:
        """The company behind a domain, None when the provider has no match."""
        ...


class VendorLookup(ABC):
    """Base of the HTTP vendors: subclasses say what to request and how to read the answer."""

    name = 'vendor'

    def __init__(self, api_key: str, *, base_url: str, client: httpx2.AsyncClient | None = None,
                 timeout: float = 10.0) -> None:
        self._api_key = api_key
        self.base_url = base_url.rstrip('/')
        self._client = client
        self.timeout = timeout

    def __repr__(self) -> str:
        return f'{type(self).__name__}(base_url={self.base_url!r})'  # never the key

    @abstractmethod
    def _request(self, domain: str) -> tuple[str, dict[str, str], dict[str, str]]:
        """Path, query parameters and headers of the lookup."""

    @abstractmethod
    def _parse(self, domain: str, data: dict[str, Any]) -> Enrichment | None:
        """The vendor's 200 answer as an `Enrichment`, or None when it says there is no match."""

    async def lookup(self, domain: str) -> Enrichment | None:
        """The company behind `domain`, or None when the vendor has no match.

        Raises:
            IntegrationError: any answer other than a match or a no-match (401, 429, 5xx, timeout, malformed JSON).
        """
        path, params, headers = self._request(domain)
        try:
            if self._client is not None:
                response = await self._client.get(self.base_url + path, params=params, headers=headers)
            else:
                async with httpx2.AsyncClient(timeout=self.timeout) as client:
                    response = await client.get(self.base_url + path, params=params, headers=headers)
        except httpx2.TimeoutException:
            raise IntegrationError(self.name, 'timed out') from None
        except httpx2.HTTPError as e:
            raise IntegrationError(self.name, f'{type(e).__name__}: {e}'[:300]) from None
        if response.status_code == 404:
            return None
        if response.status_code != 200:
            raise IntegrationError(self.name, self._error_text(response), status=response.status_code)
        try:
            data: Any = response.json()
            if not isinstance(data, dict):
                raise ValueError('not a JSON object')
            return self._parse(domain, data)  # pyright: ignore[reportUnknownArgumentType]
        except ValueError as e:  # undecodable JSON, or (ValidationError) values `Enrichment` refuses
            detail = 'unexpected values' if isinstance(e, ValidationError) else 'malformed JSON'
            raise IntegrationError(self.name, f'{detail} in the answer', status=200) from None

    # Readers for the vendors' loosely typed JSON: a wrong type reads as missing, never as an error.
    @staticmethod
    def _str(value: Any) -> str | None:
        return value.strip() or None if isinstance(value, str) else None

    @staticmethod
    def _int(value: Any) -> int | None:
        return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None

    @staticmethod
    def _dict(value: Any) -> dict[str, Any]:
        return value if isinstance(value, dict) else {}  # pyright: ignore[reportUnknownVariableType]

    @staticmethod
    def _list(value: Any) -> list[Any]:
        return value if isinstance(value, list) else []  # pyright: ignore[reportUnknownVariableType]

    @classmethod
    def _strings(cls, value: Any) -> list[str]:
        return [i.strip() for i in cls._list(value) if isinstance(i, str) and i.strip()]

    def _error_text(self, response: httpx2.Response) -> str:
        try:
            body: Any = response.json()
        except ValueError:
            body = None
        # Clearbit: {"error": {"type", "message"}}; Apollo: {"error": "..."} or {"message": "..."}.
        fields = self._dict(body)
        error = fields.get('error')
        nested = self._dict(error)
        message = nested.get('message') or nested.get('type') or self._str(error) or fields.get('message')
        text = str(message or response.reason_phrase or 'error')[:200]
        if self._api_key:
            text = text.replace(self._api_key, '***')
        if response.status_code == 429 and (retry := response.headers.get('retry-after')):
            text += f'; retry after {retry} s'
        return text


def _utcnow() -> datetime:
    return datetime.now(UTC)


class ChainLookup:
    """`CompanyLookup` over several providers: the first match wins; answers, "no match" too, are cached."""

    def __init__(self, providers: Sequence[NamedLookup], *, cache: EnrichmentCache | None = None,
                 provider_timeout: float = 3.0, budget: float = 6.0, ttl_hours: float = 168.0,
                 skip_domains: Iterable[str] = (), now: Callable[[], datetime] = _utcnow) -> None:
        self.providers = list(providers)
        self.cache = cache
        self.provider_timeout, self.budget, self.ttl_hours = provider_timeout, budget, ttl_hours
        # Never looked up, besides free-email and disposable domains: e.g. the policy's `free_email_domains`.
        self.skip_domains = frozenset(d.casefold() for d in skip_domains)
        self.now = now

    @classmethod
    def from_policy(cls, policy: EnrichmentPolicy, providers: Iterable[NamedLookup], *,
                    cache: EnrichmentCache | None = None, skip_domains: Iterable[str] = ()) -> ChainLookup:
        """The chain the policy's `enrichment` section describes, over the providers that are configured."""
        by_name = {p.name: p for p in providers}
        return cls([by_name[n] for n in policy.providers if n in by_name], cache=cache,
                   provider_timeout=policy.provider_timeout_seconds, budget=policy.budget_seconds,
                   ttl_hours=policy.cache_ttl_hours, skip_domains=skip_domains)

    def _skipped(self, domain: str) -> bool:
        return any(_domains.matches(domain, listed) for listed in (_domains.FREE, _domains.DISPOSABLE,
                                                                     self.skip_domains))

    async def lookup(self, domain: str) -> Enrichment | None:
        """The company behind the domain's registered domain (`eu.acme.com` → `acme.com`), None when unknown.

        Raises:
            IntegrationError: every provider failed (none answered "no match"); the message lists why.
        """
        domain = domain.strip().rstrip('.').casefold()
        if not domain or not self.providers or self._skipped(domain):
            return None
        domain = _domains.registered(domain)
        if self.cache is not None and (hit := await self.cache.get(domain, self.ttl_hours, self.now())) is not None:
            return hit.enrichment
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.budget
        errors: list[str] = []
        no_match = False
        for provider in self.providers:
            remaining = deadline - loop.time()
            if remaining <= 0:
                errors.append(f'{provider.name}: not tried, the {self.budget:g} s budget was spent')
                continue
            timeout = min(self.provider_timeout, remaining)
            try:
                found = await asyncio.wait_for(provider.lookup(domain), timeout)
            except TimeoutError:
                errors.append(f'{provider.name}: no answer within {timeout:.2g} s')
                continue
            except IntegrationError as e:
                errors.append(str(e))
                continue
            if found is not None:
                await self._remember(domain, found)
                return found
            no_match = True
        if no_match:
            await self._remember(domain, None)
            return None
        raise IntegrationError('enrichment', '; '.join(errors))

    async def _remember(self, domain: str, found: Enrichment | None) -> None:
        if self.cache is not None:
            await self.cache.put(domain, found, self.now())
