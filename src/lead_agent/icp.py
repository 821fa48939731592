"""Where enrichment places a company against the ICP's hard criteria: size, industry and country."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from . import vocab
from .models import Enrichment
from .policy import Policy

__all__ = ('IcpCheck', 'icp_check', 'icp_match')


@dataclass(frozen=True, slots=True)
class IcpCheck:
    """Where enrichment places a company against the ICP's hard criteria (size, industry, country)."""

    verdict: Literal['match', 'outside', 'unknown']
    """match: inside every criterion; outside: fails one; unknown: fails none, but data for one is missing."""
    outside: tuple[str, ...] = ()
    """Each failed criterion, e.g. `country BR not in US, CA`."""
    unknown: tuple[str, ...] = ()
    """Each criterion no data settles, e.g. `employee count`."""


def icp_check(enrichment: Enrichment | None, policy: Policy) -> IcpCheck:
    """Check the enriched company against each hard ICP criterion the policy sets."""
    if enrichment is None:
        return IcpCheck('unknown', unknown=('company (no enrichment)',))
    icp, e = policy.icp, enrichment
    outside: list[str] = []
    unknown: list[str] = []
    if icp.employees_min > 0 or icp.employees_max is not None:
        band = f'{icp.employees_min}-{icp.employees_max}' if icp.employees_max is not None else f'≥ {icp.employees_min}'
        if e.employees is None:
            unknown.append('employee count')
        elif e.employees < icp.employees_min or (icp.employees_max is not None and e.employees > icp.employees_max):
            outside.append(f'{e.employees} employees not in {band}')
    if icp.industries:
        if not e.industry:
            unknown.append('industry')
        else:
            fit = icp.industry_fit(e.industry)
            if fit == 'out':
                outside.append(f'industry {e.industry!r} not in {", ".join(icp.industries)}')
            elif fit == 'unknown':
                read = ', '.join(sorted(vocab.industry_reading(e.industry, strict=True))) or 'no industry of the taxonomy'
                unknown.append(f'industry {e.industry!r} (read as {read})')
    if icp.countries:
        if not e.country:
            unknown.append('country')
        elif not icp.country_in(e.country):
            outside.append(f'country {e.country} not in {", ".join(icp.countries)}')
    verdict = 'outside' if outside else 'unknown' if unknown else 'match'
    return IcpCheck(verdict, tuple(outside), tuple(unknown))


def icp_match(enrichment: Enrichment | None, policy: Policy) -> bool:
    """Whether the enriched company sits inside the ICP's size, industry and country bounds."""
    return icp_check(enrichment, policy).verdict == 'match'
