"""The user's YAML files read `NO` (Norway) as a country, not as YAML 1.1's `false` (helper-145's policy).

PyYAML's `safe_load` reads `yes`, `no`, `on` and `off` as booleans, so `countries: [SE, NO, FI]` failed to load
("icp.countries[7]: Input should be a valid string") and a directory entry `country: NO` was refused. The policy,
the company directory and the CRM seed are read with YAML 1.2's booleans; a boolean key still takes `yes`/`no`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from lead_agent import load_policy
from lead_agent.crm.local import load_history
from lead_agent.enrichment.directory import DirectoryLookup

EXAMPLE = Path(__file__).parent.parent / 'examples' / 'policy.yaml'


def _policy(tmp_path: Path, *changes: tuple[str, str]) -> Path:
    text = EXAMPLE.read_text(encoding='utf-8')
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new)
    path = tmp_path / 'policy.yaml'
    path.write_text(text, encoding='utf-8')
    return path


def test_norway_is_a_country_of_the_icp_and_of_a_territory(tmp_path: Path) -> None:
    path = _policy(tmp_path, ('countries: [US, CA, GB, IE, NL, DE]', 'countries: [US, CA, GB, IE, NL, DE, NO, no]'),
                   ('countries: [GB, IE, NL, DE]', 'countries: [GB, IE, NL, DE, No]'))
    policy = load_policy(path)
    assert policy.icp.countries[-2:] == ['NO', 'NO']
    assert [t.countries[-1] for t in policy.territories if t.id == 'europe'] == ['NO']


@pytest.mark.parametrize(('written', 'read'), [('yes', True), ('no', False), ('true', True), ('False', False),
                                               ('on', True), ('off', False)])
def test_a_boolean_key_still_takes_yes_and_no(tmp_path: Path, written: str, read: bool) -> None:
    path = _policy(tmp_path, ('use_crm_owner: true', f'use_crm_owner: {written}'))
    assert load_policy(path).use_crm_owner is read


def test_a_word_that_is_no_boolean_is_refused_for_a_boolean_key(tmp_path: Path) -> None:
    path = _policy(tmp_path, ('use_crm_owner: true', 'use_crm_owner: maybe'))
    with pytest.raises(Exception, match=r'use_crm_owner: Input should be a valid boolean'):
        load_policy(path)


def test_a_directory_entry_in_norway_loads(tmp_path: Path) -> None:
    path = tmp_path / 'companies.yaml'
    path.write_text('- {domain: fjordkraft-helse.no, name: Fjord Helse, employees: 300, industry: Hospitals and '
                    'Health Care, country: NO}\n- domain: yes.com\n  name: Yes\n  country: no\n', encoding='utf-8')
    lookup = DirectoryLookup.from_file(path)
    assert [c.country for c in lookup._by_domain.values()] == ['NO', 'no']  # pyright: ignore[reportPrivateUsage]


def test_a_crm_seed_keeps_a_note_that_says_no(tmp_path: Path) -> None:
    path = tmp_path / 'crm.yaml'
    path.write_text('- {domain: fjordkraft-helse.no, date: 2026-10-01, type: note, summary: No, owner: Ola, '
                    'lifecycle_stage: lead}\n', encoding='utf-8')
    [row] = load_history(path)
    assert row['summary'] == 'No'


def test_a_key_given_twice_is_refused_where_it_is_given_again(tmp_path: Path) -> None:
    """helper-201: PyYAML keeps a mapping's last value, so a policy with `use_crm_owner` twice (or two `routes:`
    blocks) lost the first without a word. A merge (`<<: *base`) may still be overridden: that is what it is for."""
    path = _policy(tmp_path, ('use_crm_owner: true', 'use_crm_owner: true\nuse_crm_owner: false'))
    line = path.read_text(encoding='utf-8').splitlines().index('use_crm_owner: false') + 1
    with pytest.raises(Exception, match=rf"not valid YAML: line {line}, column 1: found the key 'use_crm_owner' a "
                                        rf'second time \(first on line {line - 1}\)$'):
        load_policy(path)
    companies = tmp_path / 'companies.yaml'
    companies.write_text('- {domain: a.example, name: A, domain: b.example}\n', encoding='utf-8')
    with pytest.raises(Exception, match=r"found the key 'domain' a second time"):
        DirectoryLookup.from_file(companies)
    companies.write_text('- &a {domain: a.example, name: A, country: NO}\n- {<<: *a, domain: b.example}\n',
                         encoding='utf-8')
    assert sorted(DirectoryLookup.from_file(companies)._by_domain) == ['a.example', 'b.example']  # pyright: ignore[reportPrivateUsage]
