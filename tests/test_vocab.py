from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest

from lead_agent.models import CrmRecord
from lead_agent.vocab import CrmStanding, crm_standing, in_industries, industry_key, record_stage, stage_of


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


def test_industry_names_compare_by_spelling_not_by_meaning() -> None:
    assert industry_key('Hospital & Health-Care') == industry_key('Hospitals and Health Care') == \
        'hospital and health care'
    assert industry_key('Warehousing & Storage') == industry_key('warehousing and storage')
    assert industry_key('Business Services') == 'business service'  # a double s is no plural
    assert in_industries('HOSPITALS & HEALTH CARE', ['Hospitals and Health Care'])
    # no taxonomy: a different name is a different industry unless the policy lists it as an alias
    assert not in_industries('Truck Transportation', ['Road Freight and Trucking'])
    assert not in_industries(None, ['Hospitals and Health Care'])
    assert not in_industries('', [''])
