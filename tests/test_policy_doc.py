"""docs/policy.md against the policy models: every key and no other, each default, and every YAML example loads."""

from __future__ import annotations

import re
import types
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Union, get_args, get_origin

import pytest
import yaml
from pydantic import BaseModel, TypeAdapter
from pydantic.fields import FieldInfo

from lead_agent import ConfigError, Policy, load_policy
from lead_agent.exceptions import PolicyWarning
from lead_agent.models import Assignee

DOC = Path(__file__).parent.parent / 'docs' / 'policy.md'
TEXT = DOC.read_text(encoding='utf-8')
TABLE_HEADER = '| key | type | default | what |'


def model_keys(model: type[BaseModel], prefix: str = '') -> Iterator[tuple[str, FieldInfo]]:
    """Each key a model accepts, as the doc writes it (`routing.<assignee>.requires`, `icp.disqualifiers[].id`)."""
    for name, field in model.model_fields.items():
        yield prefix + name, field
        yield from _inside(field.annotation, prefix + name)


def _inside(annotation: Any, path: str) -> Iterator[tuple[str, FieldInfo]]:
    # The models a field's type holds: itself, optional, or as a mapping's values or a list's items.
    origin, args = get_origin(annotation), get_args(annotation)
    if origin is dict:
        yield from _inside(args[1], f'{path}.{"<assignee>" if args[0] == Assignee else "<key>"}')
    elif origin is list:
        yield from _inside(args[0], f'{path}[]')
    elif origin in (Union, types.UnionType, Annotated):
        for arg in args:
            yield from _inside(arg, path)
    elif origin is None and isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield from model_keys(annotation, f'{path}.')


KEYS = dict(model_keys(Policy))


@dataclass(frozen=True)
class Row:
    key: str
    type: str
    default: str
    what: str


def doc_rows() -> list[Row]:
    """The rows of every `key | type | default | what` table."""
    rows: list[Row] = []
    in_table = False
    for line in TEXT.splitlines():
        if line == TABLE_HEADER or (in_table and line.startswith('| --- ')):
            in_table = True
        elif in_table and line.startswith('|'):
            cells = [cell.strip() for cell in line.strip().strip('|').split('|')]
            assert len(cells) == 4 and re.fullmatch(r'`[^`]+`', cells[0]), f'not a key row: {line}'
            rows.append(Row(cells[0].strip('`'), *cells[1:]))
        else:
            in_table = False
    return rows


@dataclass(frozen=True)
class Example:
    kind: str
    """`complete`: a whole policy; `fragment`: sections that replace those of the first complete one; `defaults`: a
    fragment that spells out the defaults."""
    text: str
    line: int


_EXAMPLE = re.compile(r'^<!-- policy: (complete|fragment|defaults) -->\n```yaml\n(.*?)^```', re.M | re.S)
EXAMPLES = [Example(m[1], m[2], TEXT.count('\n', 0, m.start(2)) + 1) for m in _EXAMPLE.finditer(TEXT)]
BASE = next(e for e in EXAMPLES if e.kind == 'complete')


def test_the_doc_documents_every_key_and_only_those() -> None:
    documented = [row.key for row in doc_rows()]
    assert {
        'undocumented': [key for key in KEYS if key not in documented],
        'not a key': [key for key in documented if key not in KEYS],
        'twice': [key for key, n in Counter(documented).items() if n > 1],
    } == {'undocumented': [], 'not a key': [], 'twice': []}


def test_the_doc_gives_each_default() -> None:
    wrong: list[str] = []
    for row in doc_rows():
        if (field := KEYS.get(row.key)) is None:
            continue  # the test above names it
        if field.is_required() or row.default == 'required':
            if not (field.is_required() and row.default == 'required'):
                wrong.append(f'{row.key}: the doc says {row.default}, the model says required={field.is_required()}')
        elif code := re.fullmatch(r'`([^`]*)`', row.default):
            documented = TypeAdapter[Any](field.annotation or Any).validate_python(yaml.safe_load(code[1]))
            if documented != (default := field.get_default(call_default_factory=True)):
                wrong.append(f'{row.key}: the doc says {code[1]}, the model says {default!r}')
    assert wrong == []


def test_the_doc_starts_with_a_complete_policy_and_marks_every_yaml_block() -> None:
    assert (EXAMPLES[0].kind, len(EXAMPLES)) == ('complete', TEXT.count('```yaml'))


@pytest.mark.parametrize('example', EXAMPLES, ids=[f'{e.kind}-line-{e.line}' for e in EXAMPLES])
def test_the_examples_load(tmp_path: Path, example: Example) -> None:
    sections: dict[str, Any] = yaml.safe_load(example.text)
    text = example.text if example.kind == 'complete' else yaml.safe_dump({**yaml.safe_load(BASE.text), **sections})
    path = tmp_path / 'policy.yaml'
    path.write_text(text, encoding='utf-8')
    policy = load_policy(path)
    if example.kind == 'defaults':
        assert {key: getattr(policy, key) for key in sections} == {
            key: Policy.model_fields[key].get_default(call_default_factory=True) for key in sections}


def test_a_route_without_requires_warns_that_the_model_alone_routes_there(tmp_path: Path) -> None:
    path = tmp_path / 'policy.yaml'
    path.write_text(BASE.text.replace(', requires: [known_customer]', ''), encoding='utf-8')
    with pytest.warns(PolicyWarning) as seen:
        policy = load_policy(path)
    assert policy.routing['support'].requires == [] and policy.routing['sales'].requires
    assert [str(w.message) for w in seen] == [
        f'{path}: routing.support.requires is empty: the answer of a model alone routes a lead to support, even one '
        'that talked the model round; list icp_match, known_customer or open_deal (docs/policy.md)']


def test_unknown_keys_are_refused_and_the_error_points_to_the_doc(tmp_path: Path) -> None:
    path = tmp_path / 'policy.yaml'
    path.write_text(BASE.text + 'territory: []\nteams: []\n', encoding='utf-8')
    with pytest.raises(ConfigError) as e:
        load_policy(path)
    assert str(e.value).splitlines() == [
        'invalid policy',
        f'{path}: territory: Extra inputs are not permitted',
        f'{path}: teams: Extra inputs are not permitted',
        'see docs/policy.md for every key',
    ]
    assert DOC.parents[1] / str(e.value).split()[-4] == DOC  # the path it names is this doc's
