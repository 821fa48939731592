from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from lead_agent import ConfigError, InvalidLead, Lead, load_policy
from lead_agent.exceptions import PolicyWarning
from lead_agent.models import MAX_MESSAGE_CHARS

from .helpers import EXAMPLES


@pytest.mark.parametrize('data, field, message', [
    ({}, 'email', 'an email address is required'),
    ({'name': 'x'}, 'email', 'an email address is required'),
    ({'email': 'not-an-email'}, 'email', 'email: not a valid email address: An email address must have an @-sign.'),
    ({'email': 'a@b.com', 'form': 'quote'}, 'form', "form: Input should be 'contact', 'demo' or 'pricing'"),
    ({'email': 'a@b.com', 'source_ip': '999.1.1.1'}, 'source_ip', "source_ip: not an IP address: '999.1.1.1'"),
    ({'email': 'a@b.com', 'submitted_at': '2026-06-08T09:34:15'}, 'submitted_at',
     'submitted_at: needs a timezone offset, e.g. 2026-06-08T09:34:15+02:00'),
    ({'email': 'a@b.com', 'message': ['a', 'list']}, 'message', 'message: must be text'),
])
def test_bad_submissions_name_the_field(data: object, field: str, message: str) -> None:
    with pytest.raises(InvalidLead) as e:
        Lead.from_submission(data)
    assert (e.value.field, str(e.value)) == (field, message)


def test_not_an_object() -> None:
    with pytest.raises(InvalidLead, match='a lead must be a JSON object, got list'):
        Lead.from_submission([1, 2])


def test_normalisation_and_unknown_fields() -> None:
    lead = Lead.from_submission({
        'email': ' Priya.Raman@HavenHospitals.COM ', 'name': '  Priya \n Raman\x00 ', 'message': ' hi\x07 there ',
        'utm_source': 'linkedin', 'team_size': 40, 'empty': None,
    })
    assert lead.model_dump(include={'email', 'name', 'message', 'extra'}) == {
        'email': 'Priya.Raman@havenhospitals.com', 'name': 'Priya Raman', 'message': 'hi there',
        'extra': {'utm_source': 'linkedin', 'team_size': '40'},
    }
    assert lead.domain == 'havenhospitals.com'


def test_huge_message_is_kept_truncated_and_flagged() -> None:
    lead = Lead.from_submission({'email': 'a@b.com', 'message': 'word ' * 250_000})
    assert lead.message_truncated and len(lead.message) <= MAX_MESSAGE_CHARS


def test_html_is_kept_as_data() -> None:
    lead = Lead.from_submission({'email': 'a@b.com', 'name': '<script>alert(1)</script>'})
    assert lead.name == '<script>alert(1)</script>'


def test_example_policy_loads() -> None:
    policy = load_policy(EXAMPLES / 'policy.yaml')
    assert policy.company.name == 'CareFlow'
    assert policy.local_path('companies') == EXAMPLES / 'companies.yaml'
    assert {who: r.requires for who, r in policy.routing.items()} == {
        'sales': ['icp_match', 'known_customer', 'open_deal'], 'support': ['known_customer'],
        'founder': ['icp_match', 'known_customer', 'open_deal']}


PolicyEdit = Callable[[dict[str, Any]], object]
POLICY_ERRORS: list[tuple[PolicyEdit, str]] = [
    (lambda p: p['thresholds'].update(confidence_floor=1.5),
     'thresholds.confidence_floor: Input should be less than or equal to 1'),
    (lambda p: p['routing'].pop('support'), "(top level): Value error, routing needs an entry for 'support'"),
    (lambda p: p.update(colour='blue'), 'colour: Extra inputs are not permitted'),
    (lambda p: p['icp'].update(employees_min=100, employees_max=10),
     'icp: Value error, employees_max must not be below employees_min'),
    (lambda p: p['email_templates']['sales'].update(body='Hi {firstname}'),
     'email_templates.sales: Value error, unknown placeholder {firstname}: only {name} and {company_name}'),
    (lambda p: p['email_templates']['sales'].update(subject='Hi {name.__class__}'),
     'email_templates.sales: Value error, unknown placeholder {name.__class__}: only {name} and {company_name}'),
    (lambda p: p['email_templates']['sales'].update(body='Hi {name!r}'),
     'email_templates.sales: Value error, placeholder {name} takes no conversion or format spec'),
    (lambda p: p['icp']['disqualifiers'][0].update(id='Bad Id'),
     "icp.disqualifiers[0].id: String should match pattern '^[a-z][a-z0-9_]*$'"),
    (lambda p: p['routing']['sales'].update(requires=['icp_fit']),
     "routing.sales.requires[0]: Input should be 'icp_match', 'known_customer' or 'open_deal'"),
    (lambda p: p['icp'].update(industry_aliases={'Veterinary': ['Animal Health']}),
     "icp: Value error, industry_aliases: 'Veterinary' is not one of industries"),
    (lambda p: p['icp'].update(countries=['US', 'UK']),
     "icp.countries: Value error, 'UK' is not an ISO 3166 alpha-2 country code (did you mean 'GB'?)"),
    (lambda p: p['icp'].update(countries=['XZ']),
     "icp.countries: Value error, 'XZ' is not an ISO 3166 alpha-2 country code"),
]


def write_policy(tmp_path: Path, change: PolicyEdit) -> Path:
    data = yaml.safe_load((EXAMPLES / 'policy.yaml').read_text())
    change(data)
    path = tmp_path / 'policy.yaml'
    path.write_text(yaml.safe_dump(data))
    return path


@pytest.mark.parametrize('change, error', POLICY_ERRORS)
def test_policy_errors_name_file_and_field(tmp_path: Path, change: PolicyEdit, error: str) -> None:
    path = write_policy(tmp_path, change)
    with pytest.raises(ConfigError) as e:
        load_policy(path)
    lines = str(e.value).splitlines()
    assert f'{path}: {error}' in lines and lines[-1] == 'see docs/policy.md for every key'


def test_policy_countries_read_as_alpha2(tmp_path: Path) -> None:
    policy = load_policy(write_policy(tmp_path, lambda p: p['icp'].update(countries=['us', 'GB'])))
    assert policy.icp.countries == ['US', 'GB']
    assert [policy.icp.country_in(c) for c in ('United States', 'U.K.', 'gb', 'Canada', 'Narnia', None)] == [
        True, True, True, False, False, False]


def test_an_icp_industry_the_taxonomy_lacks_is_warned_about(tmp_path: Path) -> None:
    industries = ['Dental Care', 'Dentists', 'hospital & health care', 'Road Freight and Trucking',
                  'Hosptals and Health Care']
    path = write_policy(tmp_path, lambda p: p['icp'].update(industries=industries))
    with pytest.warns(PolicyWarning) as caught:
        load_policy(path)
    assert [str(w.message) for w in caught] == [
        f"{path}: icp.industries: 'Road Freight and Trucking' is in no industry taxonomy entry: it matches only an "
        "enrichment industry spelled the same way; did you mean 'Freight Forwarding and Logistics (3PL)' or "
        "'Truck Transportation'?",
        f"{path}: icp.industries: 'Hosptals and Health Care' is in no industry taxonomy entry: it matches only an "
        "enrichment industry spelled the same way; did you mean 'Hospitals and Health Care'?",
    ]


def test_policy_file_problems(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match='cannot read policy file'):
        load_policy(tmp_path / 'missing.yaml')
    bad = tmp_path / 'bad.yaml'
    bad.write_text('company: [unclosed\n')
    with pytest.raises(ConfigError, match=r"bad.yaml: not valid YAML: line 2, column 1: expected ',' or ']'"):
        load_policy(bad)
    bad.write_text('- a list\n')
    with pytest.raises(ConfigError, match='must be a YAML mapping\nsee docs/policy.md for every key$'):
        load_policy(bad)
