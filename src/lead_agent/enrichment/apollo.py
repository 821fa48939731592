"""Apollo's organization enrichment: `GET /api/v1/organizations/enrich?domain=...`, key in the `x-api-key` header.

"No match" is a 404 or a 200 without an `organization` object (Apollo's no-match answer is not documented; both are
read as no match).
"""

from __future__ import annotations

from typing import Any

import httpx2

from ..models import Enrichment
from ..vocab import country_code
from .chain import VendorLookup

__all__ = ('ApolloLookup',)


class ApolloLookup(VendorLookup):
    """`CompanyLookup` on Apollo's organization enrichment."""

    name = 'apollo'

    def __init__(self, api_key: str, *, base_url: str = 'https://api.apollo.io',
                 client: httpx2.AsyncClient | None = None, timeout: float = 10.0) -> None:
        super().__init__(api_key, base_url=base_url, client=client, timeout=timeout)

    def _request(self, domain: str) -> tuple[str, dict[str, str], dict[str, str]]:
        # Apollo refuses the key anywhere but this header (422).
        return '/api/v1/organizations/enrich', {'domain': domain}, {'x-api-key': self._api_key}

    def _parse(self, domain: str, data: dict[str, Any]) -> Enrichment | None:
        org = self._dict(data.get('organization'))
        if not org:
            return None
        current = [self._dict(t).get('name') for t in self._list(org.get('current_technologies'))]
        tech = self._strings(org.get('technology_names')) or self._strings(current)
        return Enrichment(
            domain=domain,
            name=self._str(org.get('name')),
            employees=self._int(org.get('estimated_num_employees')),
            industry=self._str(org.get('industry')),
            country=country_code(org.get('country')),
            description=self._str(org.get('short_description')) or self._str(org.get('seo_description')),
            tech=tech,
            source=self.name,
        )
