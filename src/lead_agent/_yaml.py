"""Reading the user's YAML files (policy, company directory, CRM seed) with YAML 1.2's booleans.

PyYAML resolves YAML 1.1, where `yes`, `no`, `on` and `off` are booleans: Norway's code `NO` in a list of countries
was read as `false` ("Input should be a valid string", helper-145). Here only `true` and `false` are booleans, as in
YAML 1.2; a field that is a boolean still takes `yes` and `no` (pydantic reads those strings as booleans).
"""

from __future__ import annotations

import re
from typing import Any

import yaml

__all__ = ('load_yaml',)

_BOOL = 'tag:yaml.org,2002:bool'


class _Loader(yaml.SafeLoader):
    """SafeLoader whose implicit booleans are YAML 1.2's (the pure-Python one: its errors read as `safe_load`'s)."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != _BOOL]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(  # pyright: ignore[reportUnknownMemberType]
    _BOOL, re.compile(r'^(?:true|True|TRUE|false|False|FALSE)$'), list('tTfF'))


def load_yaml(text: str) -> Any:
    """The document in `text`, as `yaml.safe_load` reads it but for booleans (only `true` and `false`).

    Raises:
        yaml.YAMLError: the text is not valid YAML.
    """
    return yaml.load(text, Loader=_Loader)  # a SafeLoader: no arbitrary objects
