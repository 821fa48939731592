"""Legal threats in Dutch, Danish, Norwegian and Swedish: not read, and two blind sets kept for when they are.

`tests/data/legal_threats_nl_nordic.jsonl` (helper-179: 80 customers' threats, 120 genuine texts with the same legal
words) and `legal_threats_nl_nordic2.jsonl` (helper-180: 80 threats, 200 genuine texts written to stress a reading of
them) were both written without reading the code. Patterns written for the four languages (870c381) caught 66 of
helper-179's threats with none of its genuine texts flagged, but that was in sample: on helper-180's fresh texts they
flagged 129 of 200 genuine ones (a collection agency's 'vi tager retslige skridt', 'jeg har sendt kontrakten videre til
vores advokat', Swedish 'stämma av', a procurement question about lawsuits against the vendor) and missed 43 of 80
threats. They were reverted. A reading of these languages must keep both sets' genuine texts unflagged.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lead_agent import _legal

DATA = [json.loads(line) for name in ('legal_threats_nl_nordic.jsonl', 'legal_threats_nl_nordic2.jsonl')
        for line in (Path(__file__).parent / 'data' / name).read_text(encoding='utf-8').splitlines()]


def test_no_genuine_text_of_the_sets_is_a_threat() -> None:
    flagged = [d['id'] for d in DATA if not d['threat'] and _legal.threatens(d['text'])]
    assert flagged == []


@pytest.mark.xfail(strict=True, reason='Dutch and Nordic legal threats are not read (870c381 reverted: 129 of 200 '
                                        'fresh genuine texts flagged)')
def test_most_threats_of_the_sets_are_read() -> None:
    caught = [d['id'] for d in DATA if d['threat'] and _legal.threatens(d['text'])]
    assert len(caught) >= 80
