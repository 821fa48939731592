"""The embedded company lookup: a directory file of known companies, keyed by domain."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from .. import _domains
from .._yaml import load_yaml
from ..exceptions import ConfigError
from ..models import Enrichment

__all__ = ('DirectoryLookup',)


class DirectoryLookup:
    """`CompanyLookup` over a YAML/JSON list of companies (each with a `domain`)."""

    def __init__(self, companies: list[Enrichment] | None = None) -> None:
        self._by_domain = {c.domain.casefold(): c for c in companies or []}

    @classmethod
    def from_file(cls, path: Path) -> DirectoryLookup:
        """Load a directory file.

        Raises:
            ConfigError: naming the file, the entry and the field.
        """
        try:
            data: Any = load_yaml(path.read_text(encoding='utf-8')) or []
        except (OSError, yaml.YAMLError) as e:
            raise ConfigError(f'{path}: cannot load company directory: {e}') from None
        if not isinstance(data, list):
            raise ConfigError(f'{path}: a company directory is a list of companies')
        companies: list[Enrichment] = []
        for i, item in enumerate(data):  # pyright: ignore[reportUnknownVariableType, reportUnknownArgumentType]
            try:
                companies.append(Enrichment.model_validate(item))
            except ValidationError as e:
                err = e.errors()[0]
                raise ConfigError(f'{path}: [{i}].{".".join(map(str, err["loc"]))}: {err["msg"]}') from None
        return cls(companies)

    async def lookup(self, domain: str) -> Enrichment | None:
        """The company behind a domain or its registered parent (`eu.acme.com` → `acme.com`)."""
        domain = domain.casefold()
        return self._by_domain.get(domain) or self._by_domain.get(_domains.registered(domain))
