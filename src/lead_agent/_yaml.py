"""Reading the user's YAML files (policy, company directory, CRM seed) with YAML 1.2's booleans.

PyYAML resolves YAML 1.1, where `yes`, `no`, `on` and `off` are booleans: Norway's code `NO` in a list of countries
was read as `false` ("Input should be a valid string", helper-145). Here only `true` and `false` are booleans, as in
YAML 1.2; a field that is a boolean still takes `yes` and `no` (pydantic reads those strings as booleans).
"""

from __future__ import annotations

import re
from typing import Any, cast

import yaml

__all__ = ('load_yaml',)

_BOOL = 'tag:yaml.org,2002:bool'


class _Loader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2's implicit booleans, refusing a key given twice in one mapping.

    The pure-Python one: its errors read as `safe_load`'s.
    """

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        """The mapping, refusing a key that the mapping gives twice (YAML says keys are unique).

        PyYAML keeps the last: a policy with two `routes:` blocks lost the first without a word (helper-201). Keys
        a merge (`<<: *base`) brings in may be given again: that is what a merge is for.
        """
        seen: dict[object, yaml.Mark] = {}
        for key_node, _ in cast(list[tuple[yaml.Node, yaml.Node]], node.value):
            if key_node.tag == 'tag:yaml.org,2002:merge':
                continue
            key = cast(object, self.construct_object(key_node, deep=True))  # pyright: ignore[reportUnknownMemberType]
            try:
                first = seen.setdefault(key, key_node.start_mark)
            except TypeError:  # an unhashable key: the constructor below says so
                continue
            if first is not key_node.start_mark:
                raise yaml.constructor.ConstructorError(
                    'while constructing a mapping', node.start_mark,
                    f'found the key {key!r} a second time (first on line {first.line + 1})', key_node.start_mark)
        return super().construct_mapping(node, deep=deep)  # pyright: ignore[reportUnknownMemberType]


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
