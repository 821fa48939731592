"""People Data Labs company enrichment: `GET /v5/company/enrich?website=...`, key in the `X-Api-Key` header.

The profile's fields sit at the top level of the answer (beside `status` and `likelihood`); a 404 is "no match".
"""

from __future__ import annotations

from typing import Any

import httpx2

from ..models import Enrichment
from ..vocab import country_code
from .chain import VendorLookup

__all__ = ('PdlLookup',)


class PdlLookup(VendorLookup):
    """`CompanyLookup` on People Data Labs' company enrichment."""

    name = 'pdl'

    def __init__(self, api_key: str, *, base_url: str = 'https://api.peopledatalabs.com',
                 client: httpx2.AsyncClient | None = None, timeout: float = 10.0,
                 min_likelihood: int | None = None) -> None:
        super().__init__(api_key, base_url=base_url, client=client, timeout=timeout)
        self.min_likelihood = min_likelihood  # PDL's match threshold, 1-10; None keeps PDL's default

    def _request(self, domain: str) -> tuple[str, dict[str, str], dict[str, str]]:
        params = {'website': domain}
        if self.min_likelihood is not None:
            params['min_likelihood'] = str(self.min_likelihood)
        return '/v5/company/enrich', params, {'X-Api-Key': self._api_key}

    def _parse(self, domain: str, data: dict[str, Any]) -> Enrichment | None:
        if data.get('status') == 404:
            return None
        location = self._dict(data.get('location'))
        return Enrichment(
            domain=domain,
            # `name` is lower-cased by PDL; `display_name` keeps the company's own capitals.
            name=self._str(data.get('display_name')) or self._str(data.get('name')),
            employees=self._int(data.get('employee_count')),
            industry=self._str(data.get('industry')),
            country=country_code(location.get('country')),
            description=self._str(data.get('summary')) or self._str(data.get('headline')),
            tech=[],  # the company record has no technology list
            source=self.name,
        )
