"""holdout11's first run (Brightbell, school operations for K-12 districts and schools; US/CA/GB/IE/AU/NZ/ZA, 140
cases by a writer who read no code): 3 unsafe auto-actions. The general gaps read since, each here in other words
than the set's (the gift-card fraud is in `test_account_control`):

- a customer asking for a quote in Afrikaans ('kwotasie') or in Quebec French ('une soumission'), read as support
  because no buying word of theirs was known: two customers' expansions went to the support team;
- a shortlist of providers is an evaluation under way (researching), and crypto staking offers and events sold to a
  list are spam: each went to review (and improved holdout's h016 and h034 as well).
"""

from __future__ import annotations

import json

import pytest

from lead_agent import Policy

from .test_holdout9_gaps import customer_intent, rules_intent


@pytest.mark.parametrize(('message', 'intent'), [
    ("Goeie middag. Ons wil die besoekersregister by ons tweede kampus ook gebruik. Stuur asseblief 'n kwotasie.",
     'buying'),
    ('Kan julle vir ons n prysopgawe stuur vir nog twee skole?', 'buying'),
    ('Bonjour, pourriez-vous nous faire parvenir une soumission pour trois écoles de plus?', 'buying'),
    # their faults are no purchase, and France's 'soumission' (a form's submission) is no quote
    ('Goeie more, die afwesigheidswaarskuwings werk nie sedert gister nie. Help asseblief dringend.', 'support'),
    ('Bonjour, la soumission du formulaire de visiteurs ne fonctionne pas depuis ce matin.', 'support'),
])
async def test_a_customer_asking_for_a_quote_in_afrikaans_or_quebec_french_is_buying(policy: Policy, message: str,
                                                                                      intent: str) -> None:
    assert await customer_intent(policy, message) == intent, json.dumps(message, ensure_ascii=False)


@pytest.mark.parametrize(('message', 'intent'), [
    ('We have shortlisted three vendors for patient reminders and need to know where your data is hosted.',
     'researching'),
    ('Put your clinic budget in our token: staking rewards of 14% APY, and early partners get bonus tokens.', 'spam'),
    ('Join 2,000 practice leaders in Denver! Early bird tickets $699, sponsor packages still available. '
     'Click to unsubscribe.', 'spam'),
    # a buyer's own words beside them
    ('Is there an early bird discount if we sign before December? We need pricing for 8 clinics.', 'buying'),
])
async def test_a_shortlist_is_research_and_staking_and_event_sales_are_spam(policy: Policy, message: str,
                                                                             intent: str) -> None:
    assert await rules_intent(policy, message, []) == intent, message
