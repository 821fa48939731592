"""Clearbit's Company API (now HubSpot Breeze Intelligence): `GET /v2/companies/find?domain=...`.

A 404 (`unknown_record`) is "no match"; a 202 (`queued`: Clearbit is still researching the domain) is reported as an
`IntegrationError`, so the chain tries the next provider and nothing is cached.
"""

from __future__ import annotations

from typing import Any

import httpx2

from ..models import Enrichment
from ..vocab import country_code
from .chain import VendorLookup

__all__ = ('ClearbitLookup',)


class ClearbitLookup(VendorLookup):
    """`CompanyLookup` on Clearbit's company find endpoint, authenticated with the secret key as a Bearer token."""

    name = 'clearbit'

    def __init__(self, api_key: str, *, base_url: str = 'https://company.clearbit.com',
                 client: httpx2.AsyncClient | None = None, timeout: float = 10.0) -> None:
        super().__init__(api_key, base_url=base_url, client=client, timeout=timeout)

    def _request(self, domain: str) -> tuple[str, dict[str, str], dict[str, str]]:
        return '/v2/companies/find', {'domain': domain}, {'Authorization': f'Bearer {self._api_key}'}

    def _error_text(self, response: httpx2.Response) -> str:
        if response.status_code == 202:
            return 'queued: Clearbit is still researching this domain, ask again later'
        return super()._error_text(response)

    def _parse(self, domain: str, data: dict[str, Any]) -> Enrichment | None:
        geo = self._dict(data.get('geo'))
        return Enrichment(
            domain=domain,
            name=self._str(data.get('name')),
            employees=self._int(self._dict(data.get('metrics')).get('employees')),
            industry=self._str(self._dict(data.get('category')).get('industry')),
            country=country_code(geo.get('countryCode')) or country_code(geo.get('country')),
            description=self._str(data.get('description')),
            tech=self._strings(data.get('tech')),
            source=self.name,
        )
