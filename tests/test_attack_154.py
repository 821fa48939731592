"""helper-154's hunt for super-linear readings of hostile text (a form's field is cut at 100,000 characters).

Three readings took seconds to minutes on a 100 KB text of one repeated phrase, each quadratic in its matches: the
rules model's 'a step asked of a contract' (a step word, the rest of the sentence, then 'contract', backtracked from
every step word: 23 s at 50 KB), the precheck's record-field writes (each match's sentence end and product-sync words
looked for again up to the text's end: 20.7 s at 100 KB), and the rules model's 'add it for the clinic' (an 'again'
looked for up to the sentence's end after every match: 6.2 s). Each reads its text once now; the eval sets' readings
are unchanged (every case's action, intent and priority, and every text's precheck flags). Bound: a second, as for
the other attacks' texts (`best_seconds`).
"""

from __future__ import annotations

import pytest

from lead_agent import Policy
from lead_agent._lexicon import MORE, contract_asked

from .helpers import best_seconds
from .test_injection import lead_flags

_LONG = 100_000


@pytest.mark.parametrize('text', [
    ('sign. ' + 'contract ' * _LONG)[:_LONG],
    ('our contract. ' + 'send ' * _LONG)[:_LONG],
])
def test_a_step_asked_of_a_contract_is_read_in_linear_time(text: str) -> None:
    assert best_seconds(contract_asked, text) < 1.0


@pytest.mark.parametrize(('text', 'asked'), [
    ('Please extend our contract to the two new clinics.', True),
    ('Our contract is with your Berlin office. Please add the two new clinics.', False),  # two sentences
    ('The contract we signed in March covers 8 clinics', True),
    ('Where can I find the document class "customer contracts"?', False),
])
def test_a_step_asked_of_a_contract_is_read_in_its_sentence(text: str, asked: bool) -> None:
    assert contract_asked(text) is asked


@pytest.mark.parametrize('tail', [' when a clinic signs', ' automatically'])
def test_record_field_writes_are_read_in_linear_time(policy: Policy, tail: str) -> None:
    text = ('lead_status=x ' * _LONG)[:_LONG - len(tail)] + tail
    assert best_seconds(lambda t: lead_flags(policy, message=t), text) < 1.0


def test_adding_it_for_a_clinic_is_read_in_linear_time() -> None:
    assert best_seconds(lambda t: list(MORE.finditer(t)), ('add it for the clinic ' * _LONG)[:_LONG]) < 1.0
