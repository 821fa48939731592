from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pycountry
import pytest
import yaml

from lead_agent.models import CrmRecord
from lead_agent.vocab import (
    CrmStanding,
    canonical_industry,
    country_code,
    crm_standing,
    industry_fit,
    industry_key,
    industry_reading,
    industry_spans,
    industry_taxonomy,
    is_country_code,
    record_stage,
    stage_of,
)

from .helpers import cpu_seconds

SRC = Path(__file__).parents[1] / 'src' / 'lead_agent'


@pytest.mark.parametrize('text, stage', [
    ('Closed-won', 'customer'), ('closed won', 'customer'), ('closedwon', 'customer'),
    ('Closed Won (MY pilot)', 'customer'), ('Closed Won: 3 DCs, Pro plan', 'customer'), ('Won – 2 warehouses', 'customer'),
    ('Deal stage: closedwon (2 coolstores)', 'customer'), ('customer', 'customer'), ('Customer', 'customer'),
    ('closedlost', 'lost'), ('Closed lost – chose to build in-house', 'lost'), ('Churned – did not renew', 'lost'),
    ('appointmentscheduled', 'open_deal'), ('qualifiedtobuy', 'open_deal'), ('presentationscheduled', 'open_deal'),
    ('decisionmakerboughtin', 'open_deal'), ('Deal stage: contractsent', 'open_deal'), ('opportunity', 'open_deal'),
    ('Open deal – proposal', 'open_deal'), ('Opportunity open: Scheduling, stage Evaluation', 'open_deal'),
    ('salesqualifiedlead', 'lead'), ('Sales Qualified Lead', 'lead'), ('subscriber', 'lead'), ('lead', 'lead'),
    ('other', 'other'),
    ('Intro call; asked to reconnect after their Cerner upgrade', None), ('HubSpot contact (lifecycle: customer)', None),
    ('', None), (None, None),
])
def test_stage_of(text: str | None, stage: str | None) -> None:
    assert stage_of(text) == stage


@dataclass(frozen=True)
class Case:
    id: str
    records: list[tuple[str, str, str | None]]  # date, summary, lifecycle stage
    standing: tuple[bool, bool]  # known customer, open deal


CASES = [
    Case('none', [], (False, False)),
    Case('won', [('2025-09-02', 'Closed-won: 11 clinics', None)], (True, False)),
    Case('lifecycle_customer_ticket', [('2026-01-10', 'Reminder SMS delayed; resolved', 'Customer')], (True, False)),
    Case('ticket_alone', [('2026-01-10', 'Password reset question', None)], (False, False)),
    Case('churned_after_win', [('2023-05-02', 'Closed Won: 6 cold rooms', 'customer'),
                               ('2024-06-30', 'Churned – did not renew (price)', 'other')], (False, False)),
    Case('won_after_loss', [('2024-06-30', 'Closed lost', 'lead'), ('2025-05-02', 'closedwon', None)], (True, False)),
    Case('open_deal', [('2026-02-10', 'Open deal – proposal sent', 'opportunity'),
                       ('2026-05-28', 'Deal stage: contractsent', 'opportunity')], (False, True)),
    Case('open_then_lost', [('2026-02-10', 'Deal stage: qualifiedtobuy', None),
                            ('2026-05-28', 'Deal stage: closedlost', None)], (False, False)),
    Case('customer_expanding', [('2025-01-10', 'Closed won: pilot', 'customer'),
                                ('2026-02-10', 'Open deal – 5 more sites', 'customer')], (True, True)),
    Case('subscriber', [('2025-11-04', 'Newsletter sign-up', 'subscriber')], (False, False)),
    # out of order: the latest record by date decides, not the last in the list
    Case('unsorted', [('2025-05-14', 'Closed lost – chose to build in-house', 'lead'),
                      ('2025-03-02', 'Discovery call, 5 depots', None)], (False, False)),
]


@pytest.mark.parametrize('case', CASES, ids=lambda c: c.id)
def test_crm_standing_from_records_and_dicts(case: Case) -> None:
    """The guards read `CrmRecord`s, the rules model the same records as dicts from its prompt: both agree."""
    records = [CrmRecord(date=date.fromisoformat(d), type='deal', summary=s, lifecycle_stage=stage)
               for d, s, stage in case.records]
    dicts: list[dict[str, Any]] = [r.model_dump(mode='json', exclude_none=True) for r in records]
    standing = crm_standing(records)
    assert (standing.known_customer, standing.open_deal) == case.standing
    assert crm_standing(dicts) == standing
    assert [record_stage(r) for r in dicts] == [record_stage(r) for r in records]


def test_standing_description() -> None:
    assert [crm_standing([]).describe(), CrmStanding(True, True).describe(),
            CrmStanding(False, False, ('lead', 'lost', 'lead')).describe()] == [
        'no CRM record', 'customer and open deal', 'CRM: lead, lost (no customer or open deal)']


def test_industry_names_compare_by_spelling() -> None:
    assert industry_key('Hospital & Health-Care') == industry_key('Hospitals and Health Care') == \
        'hospital and health care'
    assert industry_key('Warehousing & Storage') == industry_key('warehousing and storage')
    assert industry_key('Business Services') == 'business service'  # a double s is no plural
    assert industry_fit(None, ['Hospitals and Health Care']) == 'unknown'
    assert industry_fit('', ['']) == 'unknown'


@pytest.mark.parametrize('vendor, policy', [
    ('HOSPITALS & HEALTH CARE', 'Hospitals and Health Care'),
    ('hospital & health care', 'Hospitals and Health Care'),  # LinkedIn legacy, as Apollo and PDL send it
    ('Health Care Facilities', 'Hospitals and Health Care'),  # GICS
    ('Dentists', 'Dental Care'),
    ('Truck Transportation', 'Cargo Ground Transportation'),  # a policy may list any vendor name
    ('transportation/trucking/railroad', 'Truck Transportation'),
    ('Trucking', 'Truck Transportation'),
    ('Warehousing & Storage', 'Warehousing and Storage'),
    ('warehousing', 'Warehousing and Storage'),
    ('Air Freight & Logistics', 'Freight Forwarding and Logistics (3PL)'),
    ('logistics & supply chain', 'Transportation, Logistics, Supply Chain and Storage'),
    ('Marine Ports & Services', 'Maritime and Ports'),
    ('Computer Software', 'Software Development'),
    ('Internet Software & Services', 'Software'),  # Clearbit
])
def test_vendor_names_match_through_the_taxonomy(vendor: str, policy: str) -> None:
    assert industry_fit(vendor, [policy]) == industry_fit(policy, [vendor]) == 'in'


@pytest.mark.parametrize('vendor, policy', [
    ('Dentists', 'Medical Practices'),  # a child in LinkedIn's hierarchy with a canonical industry of its own
    ('Veterinary Services', 'Hospitals and Health Care'),
    ('Truck Transportation', 'Warehousing and Storage'),
    ('Truck Transportation', 'Cold Chain Logistics'),  # not in the taxonomy: read as the 3PL industry only
    ('Software Development', 'Road Freight and Trucking'),
])
def test_different_industries_do_not_match(vendor: str, policy: str) -> None:
    assert industry_fit(vendor, [policy]) == 'out'


def test_a_name_outside_the_taxonomy_matches_its_own_spelling() -> None:
    assert canonical_industry('Kelp Farming & Trucking') is None
    assert industry_fit('kelp farming and trucking', ['Kelp Farming & Trucking']) == 'in'
    assert industry_fit('Widget Making', ['Kelp Farming & Trucking']) == 'unknown'  # read as nothing: can't tell
    # GICS 2018's Road & Rail spans trucking and railroads: a trucking company filed under it is a fact to check
    assert industry_fit('Road & Rail', ['Truck Transportation']) == 'unknown'


@pytest.mark.parametrize('name, read_as', [
    ('Truck Transportation', {'Truck Transportation'}),  # in the taxonomy
    ('Hosptals and Health Care', {'Hospitals and Health Care'}),  # a close spelling
    ('Road Freight and Trucking', {'Freight Forwarding and Logistics (3PL)', 'Truck Transportation'}),
    ('Trucking and Warehousing', {'Truck Transportation', 'Warehousing and Storage'}),
    ('Warehousing and Distribution', {'Warehousing and Storage'}),  # "distribution" is in no canonical name
    ('Cold Storage', {'Warehousing and Storage'}),
    ('Ports and Container Terminals', {'Maritime and Ports'}),  # "container" only in a vendor name (Manufacturing)
    ('Freight Industry', {'Freight Forwarding and Logistics (3PL)'}),  # "industry" is too general to say anything
    ('Food & Beverage Wholesale', {'Wholesale'}),  # the words of "Wholesale Food and Beverage", in another order
    ('Meat Products', {'Food Manufacturing', 'Wholesale'}),  # covers "Meat Products Manufacturing" and wholesalers
    ('Bakery Products Manufacturing', {'Food Manufacturing'}),  # "Bread and Bakery Product Manufacturing"
    ('Bakery Production', set[str]()),  # not "Turkey Production": three letters off is no typo
    ('Breweries', {'Beverage Manufacturing'}),  # apart from food manufacturing, as NAICS and LinkedIn keep them
    ('Food Service Contractors', {'Caterers and Food Service Contractors'}),  # apart from restaurants
    ('Pharmaceutical Wholesale', {'Wholesale'}),  # a kind of wholesale, not of pharmaceuticals too
    ('Energy Utilities', {'Utilities'}),
    ('Pharmaceutical Distribution', set[str]()),  # a distributor of drugs: no drug maker (holdout10)
    ('Film Distributors', set[str]()),  # nor a wholesaler: the taxonomy files distributors by what they distribute
    ('Restaurant Chains', {'Restaurants'}),  # a last word of no industry: its other words say it
    ('Transportation', set[str]()),  # one word, in several canonical names
    ('Widgets', set[str]()),
    ('', set[str]()),
])
def test_how_a_name_is_read(name: str, read_as: set[str]) -> None:
    assert industry_reading(name) == read_as


@pytest.mark.parametrize('label, fit', [
    ('Trucking & Freight', 'in'),  # read as two industries, both listed
    ('Freight & Logistics Services', 'in'),
    ('Logistics Software', 'unknown'),  # read as a listed industry and one not listed: a fact to verify
    ('Software Publishers Inc', 'out'),
    ('Transporte y logística', 'unknown'),  # read as nothing
])
def test_a_label_read_as_several_industries_is_in_only_when_all_are_listed(label: str, fit: str) -> None:
    assert industry_fit(label, ['Road Freight and Trucking', 'Third-Party Logistics']) == fit


@pytest.mark.parametrize(('policy', 'label'), [
    ('Pharmaceutical Distribution', 'Pharmaceutical Manufacturing'),
    ('Pharmaceutical Wholesale', 'Pharmaceutical Manufacturing'),
    ('Pharma Logistics', 'Pharmaceutical Manufacturing'),
])
def test_a_policy_name_is_the_kind_of_company_its_last_word_names(policy: str, label: str) -> None:
    """holdout10: a distributors' ICP listing "Pharmaceutical Distribution" read it as Pharmaceuticals, by its one
    distinctive word; a drug maker was inside it and auto-routed. A drug maker is outside such an ICP now."""
    assert industry_fit(label, [policy, 'Warehousing and Storage']) == 'out'
    assert industry_fit(policy, [policy]) == 'in'  # spelled as listed


@pytest.mark.parametrize('label, listed', [
    ('Food Banks', 'Banking'),
    ('Physical Security', 'Physical Therapy'),
    ('Storage Battery Manufacturing', 'Warehousing and Storage'),
    ('Dental Marketing', 'Dental Care'),
])
def test_a_vendor_label_with_a_word_of_another_industry_is_not_read_by_its_other_word(label: str, listed: str) -> None:
    """Read generously, each of these shared one distinctive word with a listed industry and was 'in': a company
    outside the ICP would be auto-routed. An enrichment's label is read strictly: unknown, so a person verifies it."""
    assert industry_reading(label) == {listed}  # a policy's own name is still read generously
    assert industry_fit(label, [listed]) == 'unknown'


@pytest.mark.parametrize('label, listed', [
    ('Road Freight and Trucking', 'Truck Transportation'),
    ('Cold Storage', 'Warehousing and Storage'),
    ('Refrigerated Trucking', 'Truck Transportation'),
    ('Third-Party Logistics', 'Freight Forwarding and Logistics (3PL)'),
])
def test_a_vendor_label_whose_other_words_are_not_of_another_industry_still_reads(label: str, listed: str) -> None:
    assert industry_fit(label, [listed, 'Freight Forwarding and Logistics (3PL)']) == 'in'


def test_every_vendor_name_has_one_canonical_industry() -> None:
    """A name under two canonical industries is a data bug; every canonical industry maps to itself."""
    owners: defaultdict[str, set[str]] = defaultdict(set)
    sources: defaultdict[str, int] = defaultdict(int)
    for canonical, by_source in industry_taxonomy().items():
        owners[industry_key(canonical)].add(canonical)
        for source, names in by_source.items():
            assert names, (canonical, source)
            sources[source] += len(names)
            for name in names:
                owners[industry_key(name)].add(canonical)
    assert {key: found for key, found in owners.items() if len(found) > 1} == {}
    assert all(canonical_industry(c) == c for c in industry_taxonomy())
    assert all(canonical_industry(n) == c for c, by in industry_taxonomy().items() for ns in by.values() for n in ns)
    # LinkedIn's legacy list (147 names) less "Food & Beverages", its 2021 list less five parents, NAICS 2022's titles
    # less 30, one spelling per key (scripts/naics_taxonomy.py): each left out spans several canonical industries
    assert (sources['linkedin_legacy'], sources['linkedin_2021'], sources['naics_2022']) == (146, 429, 1402)


def test_a_name_that_spans_several_industries_reads_as_all_of_them() -> None:
    spans = industry_spans()
    assert {'Food and Beverage Manufacturing', 'Food & Beverages', 'Road & Rail'} <= set(spans)
    for name, industries in spans.items():
        assert canonical_industry(name) is None, name  # in no list of industries.yaml
        assert len(industries) >= 2 and industries <= set(industry_taxonomy()), name
        assert industry_reading(name) == industries
    # a policy listing one takes all it spans; an enrichment label that is one is in only when all are listed
    assert industry_fit('Breweries', ['Food and Beverage Manufacturing']) == 'in'
    assert industry_fit('Food and Beverage Manufacturing', ['Food Manufacturing']) == 'unknown'
    assert industry_fit('Food and Beverage Manufacturing', ['Software']) == 'out'


@pytest.mark.parametrize('naics, canonical', [
    ('General Freight Trucking, Long-Distance', 'Truck Transportation'),  # 484: children inherit
    ('Refrigerated Warehousing and Storage', 'Warehousing and Storage'),
    ('Freight Transportation Arrangement', 'Freight Forwarding and Logistics (3PL)'),
    ('Offices of Dentists', 'Dental Care'),  # 621 spans several; 6212 has its own
    ('Offices of Physical, Occupational and Speech Therapists, and Audiologists', 'Physical Therapy'),
    ('Software Publishers', 'Software'),  # 513 spans publishing and software: left out, 5132 not
    ('Pharmaceutical Preparation Manufacturing', 'Pharmaceuticals'),  # under 325 Chemical Manufacturing
    ('Semiconductor and Related Device Manufacturing', 'Semiconductors'),
    ('Solar Electric Power Generation', 'Renewable Energy'),  # under 22 Utilities
    ('Fitness and Recreational Sports Centers', 'Wellness and Fitness'),
    ('Port and Harbor Operations', 'Maritime and Ports'),
    ('Direct Property and Casualty Insurance Carriers', 'Insurance'),
    ('Offices of Other Holding Companies', 'Financial Services'),
    ('All Other Miscellaneous Manufacturing', 'Manufacturing'),  # goes with 3399, one industry
    ('Elementary and Secondary Schools', 'Primary and Secondary Education'),
])
def test_naics_titles_map_to_canonical_industries(naics: str, canonical: str) -> None:
    assert naics in industry_taxonomy()[canonical]['naics_2022']
    assert canonical_industry(naics) == canonical


@pytest.mark.parametrize('naics', [
    'Transportation and Warehousing',  # sector 48-49: trucking, rail, air, sea, 3PL, warehousing
    'Health Care and Social Assistance',
    'Support Activities for Transportation',
    'Amusement, Gambling, and Recreation Industries',
    'Management of Companies and Enterprises',  # head offices of any industry
])
def test_naics_titles_that_span_several_industries_are_left_out(naics: str) -> None:
    assert canonical_industry(naics) is None


def test_the_example_policy_names_canonical_industries() -> None:
    policy = yaml.safe_load((SRC.parents[1] / 'examples' / 'policy.yaml').read_text())
    assert [canonical_industry(n) for n in policy['icp']['industries']] == policy['icp']['industries']


@pytest.mark.parametrize('value, code', [
    ('US', 'US'), ('gb', 'GB'), ('United States', 'US'), ('United States of America', 'US'), ('USA', 'US'),
    ('U.S.', 'US'), ('u.s.a.', 'US'), ('united kingdom', 'GB'), ('UK', 'GB'), ('U.K.', 'GB'), ('England', 'GB'),
    ('netherlands', 'NL'), ('The Netherlands', 'NL'), ('Holland', 'NL'), ('Deutschland', 'DE'), ('DEU', 'DE'),
    ('Republic of Ireland', 'IE'), ('Japan', 'JP'), ('日本', 'JP'), ('South Korea', 'KR'), ('Türkiye', 'TR'),
    ('Turkey', 'TR'), (' new  zealand ', 'NZ'),
    ('Narnia', None), ('XX', None), ('', None), (None, None), (3, None),
])
def test_country_code(value: object, code: str | None) -> None:
    assert country_code(value) == code


def test_every_country_alias_names_one_country() -> None:
    aliases: dict[str, list[str]] = yaml.safe_load((SRC / 'data' / 'countries.yaml').read_text(encoding='utf-8'))
    assert all(is_country_code(code) for code in aliases)
    assert {name: code for code, names in aliases.items() for name in names if country_code(name) != code} == {}
    # no alias shadows a name or code ISO gives another country
    fields = ('alpha_3', 'name', 'official_name', 'common_name')
    shadowed = [(name, c.alpha_2) for c in pycountry.countries for f in fields
                if (name := getattr(c, f, None)) is not None and country_code(name) != c.alpha_2]
    assert shadowed == []


def test_is_country_code() -> None:
    assert [is_country_code(c) for c in ('GB', 'UK', 'gb', 'XX', 'USA')] == [True, False, False, False, False]


def test_a_label_longer_than_any_industry_name_reads_as_nothing() -> None:
    """An enrichment's label has no length limit; an attack found one of 100,000 '&' took 2.5 s to stem."""
    assert cpu_seconds(lambda t: industry_fit(t, ['Dental Care']), '&' * 100_000) < 0.5
    assert industry_fit('&' * 100_000, ['Dental Care']) == 'unknown'


@pytest.mark.parametrize('vendor, fit', [
    ('Medical and Diagnostic Laboratories', 'in'),
    ('medical & diagnostic laboratories', 'in'),  # as People Data Labs sends it
    ('Hospitals and Health Care', 'unknown'),  # the parent: a lab, or a hospital
    ('Hospitals', 'unknown'),  # a sibling under the same canonical industry
    ('Software Development', 'out'),
])
def test_a_policy_naming_a_linkedin_child_admits_that_child_not_its_whole_parent(vendor: str, fit: str) -> None:
    """The taxonomy files LinkedIn's "Medical and Diagnostic Laboratories" under its parent, Hospitals and Health Care:
    a LIMS vendor's ICP of labs read as the whole parent, and hospitals were auto-routed as ICP (holdout6)."""
    assert industry_fit(vendor, ['Medical and Diagnostic Laboratories']) == fit


def test_a_policy_naming_the_parent_admits_its_children() -> None:
    assert industry_fit('Medical and Diagnostic Laboratories', ['Hospitals and Health Care']) == 'in'
    assert industry_fit('Plastics Manufacturing', ['Manufacturing']) == 'in'
    assert industry_fit('Manufacturing', ['Plastics Manufacturing']) == 'unknown'
