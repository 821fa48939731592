"""Legal threats in Dutch, Danish, Norwegian and Swedish (`_legal._NORDIC_DUTCH`), on helper-179's blind set.

`tests/data/legal_threats_nl_nordic.jsonl`: 80 customers' threats (their lawyer engaged or to act, a lawsuit or a
summons, legal steps, a formal notice of default, a damages claim through lawyers, the matter handed to a law firm)
and 120 genuine texts with the same words (law firms and collection agencies as buyers, procurement on liability
clauses, a customer sued by its own client, a past court win), written without reading the code. The patterns as first
written caught 10 of the threats and flagged none of the genuine texts (`legal_threats_nl_nordic.first-run.txt`);
read since in their general forms (the first person taking legal steps or going to court, the company sued or held
liable, the matter handed to the sender's lawyer, the next step named as a lawsuit), in sample: a ratchet.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lead_agent import _legal

DATA = [json.loads(line) for line in
        (Path(__file__).parent / 'data' / 'legal_threats_nl_nordic.jsonl').read_text(encoding='utf-8').splitlines()]


def test_no_genuine_text_of_the_set_is_a_threat() -> None:
    flagged = [d['id'] for d in DATA if not d['threat'] and _legal.threatens(d['text'])]
    assert flagged == []


def test_the_threats_of_the_set_are_read() -> None:
    caught = {d['id'] for d in DATA if d['threat'] and _legal.threatens(d['text'])}
    assert len(caught) >= 66, sorted(d['id'] for d in DATA if d['threat'] and d['id'] not in caught)


@pytest.mark.parametrize(('text', 'threat'), [
    ('Als dit niet voor vrijdag is opgelost, zullen wij juridische stappen ondernemen.', True),
    ('Hvis ikke fejlen rettes, vil vi tage retslige skridt.', True),
    ('Om inte felet rättas kommer vi att stämma er.', True),
    ('Vi har no overlate saka til advokaten vår.', True),
    # a law firm or a collection agency at its own work
    ('Wij begeleiden cliënten bij juridische stappen en zoeken een planningstool.', False),
    ('Vi er et inkassobureau og tager retslige skridt på vegne af vores klienter.', False),
    ('Vi vann målet mot vår förra IT-leverantör i tingsrätten förra året.', False),
])
def test_the_shape_of_a_threat_not_its_words(text: str, threat: bool) -> None:
    assert _legal.threatens(text) is threat
