"""Addresses read however a sender spells them (`_addresses.readable`), and text that only looks like a spelling.

helper-153 found that only `_unusual` read spelled addresses ('[at]', 'at ... dot'), and neither it nor
`_account_control` read '(a)', 'arroba', 'chiocciola', an HTML entity or blanks around a dot: a customer's request to
send its invoices to 'ap(a)harborbooks.com' was routed to support.
"""

from __future__ import annotations

import pytest

from lead_agent._account_control import requests
from lead_agent._addresses import readable

from .helpers import best_seconds


@pytest.mark.parametrize(('text', 'address'), [
    ('ap(a)harborbooks.com', 'ap@harborbooks.com'),  # German and Scandinavian sites
    ('ap arroba harborbooks punto com', 'ap@harborbooks.com'),
    ('ap arroba harborbooks.com.ar', 'ap@harborbooks.com.ar'),
    ('ap arroba harborbooks ponto com', 'ap@harborbooks.com'),
    ('ap (arroba) harborbooks (punto) com', 'ap@harborbooks.com'),
    ('ap apenstaartje harborbooks punt nl', 'ap@harborbooks.nl'),
    ('sophie arobas harborbooks point fr', 'sophie@harborbooks.fr'),
    ('ap chiocciola harborbooks punto it', 'ap@harborbooks.it'),
    ('ap arobase harborbooks point fr', 'ap@harborbooks.fr'),
    ('ap klammeraffe harborbooks punkt de', 'ap@harborbooks.de'),
    ('ap&#64;harborbooks.com', 'ap@harborbooks.com'),
    ('ap&commat;harborbooks&period;com', 'ap@harborbooks.com'),
    ('ap&#x40;harborbooks&#46;com', 'ap@harborbooks.com'),
    ('ap @ harborbooks . com', 'ap@harborbooks.com'),
    ('ap@harborbooks punto es', 'ap@harborbooks.es'),
    # the forms read before
    ('jo [at] gmail [dot] com', 'jo@gmail.com'),
    ('legal at acme-firma dot com', 'legal@acme-firma.com'),
    ('jo@gmail[.]com', 'jo@gmail.com'),
    ('ｊｏ＠ｇｍａｉｌ．ｃｏｍ', 'jo@gmail.com'),
])
def test_a_spelled_address_is_read_as_the_address(text: str, address: str) -> None:
    assert readable(f'Please send the invoices to {text} from now on.') \
        == f'please send the invoices to {address} from now on.'


@pytest.mark.parametrize('text', [
    'See (a) below and (b) the attached file.',  # a list
    'We need a punto de venta integration for 3 clinics.',  # 'point of sale'
    'Escribid a info@acme.com punto final.',  # 'full stop' after a whole address
    'Write to jo@acme.com. Thanks!',  # a sentence's end
    'jo@acme.com . Thanks',
    'The arroba sign is missing in the form.',
    'Una arroba de arroz cuesta poco.',
    'Your ad at yahoo.com names a site.',
    # helper-157: a price or a time after a blank '@', a spelled dot word after a whole address
    'Could you send us an invoice for 12 licences @ 49.50 each?',
    'Can you send the invoice before our meeting tomorrow @ 10.30?',
    'Invoice for 3 clinics @ 1.5k/month, please.',
    "Merci d'envoyer les factures à compta@lakesideclinics.com point de contact unique.",
    'Enviad las facturas a tienda@lakesideclinics.com punto de venta Centro.',
    'Please send the invoices to ap@lakesideclinics.com point of contact for all billing questions.',
])
def test_text_that_only_looks_like_a_spelling_is_left_as_it_is(text: str) -> None:
    assert readable(text) == text.lower()


@pytest.mark.parametrize('message', [
    'Please send all future invoices to our accountant: ap(a)harborbooks.com',
    'Por favor envíen las facturas a nuestra gestoría: ap arroba harborbooks punto com',
    'Inviate le fatture al nostro commercialista: ap chiocciola harborbooks punto it',
    'Please send all future invoices to our accountant: ap&#64;harborbooks.com',
    'Please send all future invoices to our accountant: ap @ harborbooks . com',
    'Please send all future invoices to our accountant: ap [at] harborbooks [dot] com',  # before: `_unusual` only
    # Spanish 'enviad' / 'mandad' (vosotros), in a quoted request the sender points to ('que va debajo')
    'Por favor, atiendan la petición de nuestra gestoría que va debajo.\n\n> De: Harbor Books\n> Enviad las facturas '
    'a ap@harborbooks.es',
    'Mandad las facturas a ap@harborbooks.es, por favor.',
])
def test_invoices_asked_to_a_spelled_address_elsewhere_are_account_control(message: str) -> None:
    assert requests([message], 'ops@lakesideclinics.com', webmail=False) == ['address']


@pytest.mark.parametrize('message', [
    'Please send all future invoices to ap(a)lakesideclinics.com, our finance desk.',
    # helper-157: the sender's own address before a spelled dot word; a price or a time after '@'
    "Merci d'envoyer les factures à compta@lakesideclinics.com point de contact unique pour les fournisseurs.",
    'Enviem as faturas para financeiro@lakesideclinics.com ponto de contato do financeiro.',
    'Could you send us an invoice for 12 licences @ 49.50 each? Our PO number is 4471.',
    'Please send the login details before our kickoff call Thursday @ 9.30 so the team can test.',
    'Could you export all our patient records before the migration Friday @ 17.00 and send them over?',
    'Bitte schicken Sie die Rechnung für 8 Lizenzen @ 39.90 EUR an uns.',
])
def test_the_sender_s_own_address_or_a_price_is_no_request_elsewhere(message: str) -> None:
    assert requests([message], 'ops@lakesideclinics.com', webmail=False) == []


@pytest.mark.parametrize('hostile', [
    'x arroba ' * 11_000, ('a' * 60 + ' arroba ') * 1_500, 'b(a)' * 25_000, '@' + 'a punto ' * 12_500,
    ('x@' + 'a' * 60 + ' . ') * 1_500, 'x@' + 'a.' * 50_000, '&#64;' * 20_000, '@a.a.a.a.a.a.a.a.a ' * 5_000,
])
def test_reading_a_hostile_text_stays_linear(hostile: str) -> None:
    assert best_seconds(lambda text: requests([text], 'ops@lakesideclinics.com', webmail=False), hostile) < 1
