from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from lead_agent import ConfigError, InvalidLead, Lead, load_policy
from lead_agent._inputs import Item, read_path, read_text
from lead_agent.exceptions import PolicyWarning
from lead_agent.models import MAX_MESSAGE_CHARS
from lead_agent.policy import IntakePolicy

from .helpers import EXAMPLES


@pytest.mark.parametrize('data, field, message', [
    ({}, 'email', 'an email address is required'),
    ({'name': 'x'}, 'email', 'an email address is required'),
    ({'email': 'not-an-email'}, 'email', 'email: not a valid email address: An email address must have an @-sign.'),
    # helper-201: each of these was said to be missing
    ({'email': 12345}, 'email', 'email: must be text (an email address), got a number'),
    ({'email': ['a@b.com']}, 'email', 'email: must be text (an email address), got a list'),
    ({'email': {'value': 'a@b.com'}}, 'email', 'email: must be text (an email address), got an object'),
    ({'email': False}, 'email', 'email: must be text (an email address), got false'),
    ({'email': 0}, 'email', 'email: must be text (an email address), got a number'),
    ({'email': None}, 'email', 'an email address is required'),
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
    # helper-201: each loaded, then overflowed the prune (every heartbeat) or `erase --older-than-retention`
    (lambda p: p['thresholds'].update(dedupe_window_hours=1e300),
     'thresholds.dedupe_window_hours: Input should be less than or equal to 8784'),
    (lambda p: p['thresholds'].update(rate_limit={'per_ip': 5, 'window_seconds': 10**15}),
     'thresholds.rate_limit.window_seconds: Input should be less than or equal to 2678400'),
    (lambda p: p['thresholds'].update(retention_days=10**12),
     'thresholds.retention_days: Input should be less than or equal to 36500'),
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
                  'Hosptals and Health Care', 'Widget Making', 'Food and Beverage Manufacturing']  # the last spans two
    path = write_policy(tmp_path, lambda p: p['icp'].update(industries=industries))
    with pytest.warns(PolicyWarning) as caught:
        load_policy(path)
    assert [str(w.message) for w in caught] == [
        f"{path}: icp.industries: 'Road Freight and Trucking' is in no industry taxonomy entry: it is read as "
        "'Freight Forwarding and Logistics (3PL)' and 'Truck Transportation'; list canonical industries to say "
        "exactly which",
        f"{path}: icp.industries: 'Hosptals and Health Care' is in no industry taxonomy entry: it is read as "
        "'Hospitals and Health Care'; list canonical industries to say exactly which",
        f"{path}: icp.industries: 'Widget Making' is in no industry taxonomy entry: it matches only an enrichment "
        "industry spelled the same way",
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
    bad.write_bytes('company:\n  name: Café\n'.encode('latin-1'))  # helper-201: a traceback
    with pytest.raises(ConfigError, match=r'bad.yaml: a policy file is UTF-8 text: byte 0xe9 at offset 20 is not'):
        load_policy(bad)


def test_a_lines_lone_surrogate_or_deep_nesting_is_a_located_error_and_the_other_lines_are_read() -> None:
    """helper-201: either raised out of `lead-agent triage`, and the file's good leads were lost with it."""
    good = '{"email": "priya@havenhospitals.com", "message": "A demo for 40 clinics, please."}'
    text = '\n'.join([good, '{"name": "a\\ud800b", "email": "s@surr.com"}', '{"email": "x@deep.com", "x": ' + '[' * 5000
                      + ']' * 5000 + '}', good]).encode()
    assert [(i.origin, i.error) for i in read_text('in.jsonl', text)] == [
        ('in.jsonl:1', None), ('in.jsonl:2', 'in.jsonl:2:12: invalid JSON: a \\u escape of half a surrogate pair'),
        ('in.jsonl:3', 'in.jsonl:3:1: invalid JSON: nested too deeply'), ('in.jsonl:4', None)]
    assert Lead.from_submission({'name': 'a\ud800b', 'email': 's@surr.com'}).name == 'ab'  # from code: dropped


# --- input files: CSV and JSON as people have them -------------------------------------------------------------

def _shown(items: list[Item]) -> list[tuple[str, object]]:
    """Each item as (origin, the lead's main fields and extra) or (origin, its error)."""
    return [(i.origin, i.lead.model_dump(include={'name', 'email', 'company', 'message', 'extra'}) if i.lead
             else i.error) for i in items]


# An export as a form tool or a spreadsheet writes it: a BOM, `;` between fields, CRLF, a quoted newline and a quoted
# `;` in a message, a blank line and a row of empty cells, a column no lead field has, one bad address.
EXPORT = ('\ufeffFirst name;Last name;Work E-mail;Company;How can we help?;Budget\r\n'
          'Priya;Raman;priya@havenhospitals.com;Haven Hospital Group;"A demo, please;\r\n40 clinics";50k\r\n'
          '\r\n'
          ';;;;;\r\n'
          'Tom;;tom@;Tom Physio;pricing?;\r\n').encode()


def test_a_csv_export_maps_columns_as_webhook_fields() -> None:
    intake = IntakePolicy(fields={**IntakePolicy().fields, 'work e-mail': 'email'})
    items = list(read_text('export.csv', EXPORT, fmt='csv', intake=intake))
    assert _shown(items) == [
        ('export.csv:2', {'name': 'Priya Raman', 'email': 'priya@havenhospitals.com', 'company': 'Haven Hospital Group',
                          'message': 'A demo, please;\n40 clinics', 'extra': {'Budget': '50k'}}),
        ('export.csv:6', 'export.csv:6 (field email): email: not a valid email address: There must be something after '
                         'the @-sign.'),
    ]
    assert items[0].lead is not None and items[0].lead.source == 'cli'
    # The bad row keeps its header: read again as CSV it is the same submission (what `review retry` does).
    assert items[1].raw == 'First name,Last name,Work E-mail,Company,How can we help?,Budget\nTom,,tom@,Tom Physio,pricing?,\n'
    [again] = read_text('kept', items[1].raw.replace('tom@', 'tom@tomphysio.com').encode(), fmt='csv', intake=intake)
    assert again.lead is not None and (again.lead.email, again.lead.name) == ('tom@tomphysio.com', 'Tom')


def test_a_csv_column_no_intake_field_names_is_a_located_error() -> None:
    [item] = read_text('export.csv', EXPORT.split(b'\r\n\r\n')[0], fmt='csv')  # the default mapping: no Work E-mail
    assert (item.origin, item.field, item.fmt) == ('export.csv:2', 'email', 'csv')
    assert item.error == ("export.csv:2 (field email): no field maps to email; fields seen: First name, Last name, "
                          "Work E-mail, Company, How can we help?, Budget (name its column in the policy's intake.fields)")


CSV_PROBLEMS: list[tuple[bytes, list[tuple[str, object]]]] = [
    (b'email,message\na@havenhospitals.com,"hi\nb@x.com,there\n',
     [('x.csv:2', 'x.csv:2: invalid CSV in the row from this line on: unexpected end of data; the rows below it were '
                  'not read')]),
    (b'email,message\na@havenhospitals.com,"hi" there\n',
     [('x.csv:2', 'x.csv:2: invalid CSV in the row from this line on: \',\' expected after \'"\'; the rows below it were '
                  'not read')]),
    (b'email,message\na@havenhospitals.com,hi,there,you\n',
     [('x.csv:2', 'x.csv:2: 4 fields, the header has 2 (a delimiter inside an unquoted value?)')]),
    (b'email,message,,\na@havenhospitals.com,hi,,\n',  # empty trailing columns, as spreadsheets write them
     [('x.csv:2', {'name': '', 'email': 'a@havenhospitals.com', 'company': '', 'message': 'hi', 'extra': {}})]),
    (b'Email\n\n', []),  # an export of a quiet week: no lead, no failed run
    (b'\n', [('x.csv', 'x.csv: empty input, no leads')]),
    # helper-201: no header row; its first lead was read as the header, and lost (one line alone: "0 leads", exit 0)
    *((data, [('x.csv:1', 'x.csv:1: the first row holds an email address (tom@headlessclinic.com), so it is no header '
                          'row: a CSV file starts with one naming its columns (email,name,company,message)')])
      for data in (b'tom@headlessclinic.com,Tom,We have 11 clinics\n',
                   b'Tom,tom@headlessclinic.com,We have 11 clinics\nAnn,ann@b.com,hi\n')),
]


@pytest.mark.parametrize('data, shown', CSV_PROBLEMS,
                         ids=['unclosed-quote', 'text-after-quote', 'too-many-fields', 'empty-columns', 'header-only',
                              'empty', 'no-header-one-line', 'no-header'])
def test_csv_problems_are_located(data: bytes, shown: list[tuple[str, object]]) -> None:
    assert _shown(list(read_text('x.csv', data, fmt='csv'))) == shown


PRETTY = b"""{
  "name": "Priya Raman",
  "email": "priya@havenhospitals.com",
  "company": "Haven Hospital Group"
  "message": "A demo, please"
}
"""


def test_a_pretty_json_file_with_a_syntax_error_is_one_error_at_its_line_and_column() -> None:
    [item] = read_text('lead.json', PRETTY)
    assert (item.origin, item.error, item.raw) == (
        'lead.json', "lead.json:5:3: invalid JSON: Expecting ',' delimiter", PRETTY.decode())


@pytest.mark.parametrize('text', [
    '{"email": "a@havenhospitals.com"}\n{"email": \n{"email": "c@havenhospitals.com"}\n',
    '{"email": \n{"email": "a@havenhospitals.com"}\n{"email": "c@havenhospitals.com"}\n',
], ids=['middle-line-broken', 'first-line-broken'])
def test_a_json_file_of_one_line_objects_is_read_as_json_lines(text: str) -> None:
    items = read_text('leads.json', text.encode())
    assert [(i.origin, i.error is None) for i in items] == [
        ('leads.json:1', 'a@' in text.splitlines()[0]), ('leads.json:2', 'a@' in text.splitlines()[1]),
        ('leads.json:3', True)]


def test_file_names_say_the_format(tmp_path: Path) -> None:
    (tmp_path / 'a.csv').write_text('email\na@havenhospitals.com\n')
    (tmp_path / 'b.jsonl').write_text('{"email": "b@havenhospitals.com"}\n')
    (tmp_path / 'c.ndjson').write_text('{"email": "c@havenhospitals.com"}\n{"email": "d@havenhospitals.com"}\n')
    (tmp_path / 'd.JSON').write_text('[{"email": "e@havenhospitals.com"}]')
    (tmp_path / 'e.txt').write_text('not a lead file')
    assert [(Path(i.origin).name, i.lead.email if i.lead else i.error) for i in read_path(tmp_path)] == [
        ('a.csv:2', 'a@havenhospitals.com'), ('b.jsonl:1', 'b@havenhospitals.com'), ('c.ndjson:1', 'c@havenhospitals.com'),
        ('c.ndjson:2', 'd@havenhospitals.com'), ('d.JSON[0]', 'e@havenhospitals.com')]
    # `fmt` overrides the name: a .txt export read as CSV
    (tmp_path / 'e.txt').write_text('Email;Name\nf@havenhospitals.com;F\n')
    assert [i.lead and i.lead.name for i in read_path(tmp_path / 'e.txt', fmt='csv')] == ['F']


def test_local_deps_on_a_path_that_holds_no_database_is_a_config_error(tmp_path: Path) -> None:
    """helper-201: sqlalchemy's OperationalError or DatabaseError, where its docstring says ConfigError."""
    from lead_agent import local_deps

    (tmp_path / 'notes.txt').write_text('not a database\n' * 100)
    policy = load_policy(EXAMPLES / 'policy.yaml')
    for url, why in ((f'sqlite:///{tmp_path}', 'unable to open database file'),
                     (f'sqlite:///{tmp_path}/missing/x.db', 'unable to open database file'),
                     (f'sqlite:///{tmp_path}/notes.txt', 'file is not a database')):
        with pytest.raises(ConfigError, match=why):
            local_deps(policy, database_url=url)
