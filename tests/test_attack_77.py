"""Attack on commit 6358401 (account_control reading a request spread over sentences)."""

from __future__ import annotations

import time

import pytest

from lead_agent._account_control import requests

SENDER = 'ops@lakesideclinics.com'
WEBMAIL_SENDER = 'jane.doe77@gmail.com'


# --- False positives: no control of the account moves anywhere; the cross-sentence reading flags them. ---
@pytest.mark.parametrize('text', [
    # a lead describing its mail setup: 'use' + a webmail's NAME (no address at all) beside 'set up an account'
    "We'd like to set up an account for our clinic group. We use Gmail for all our staff mail.",
    # apologising for writing from a private Gmail while asking for more seats
    'Sorry for using my private Gmail, our company mail server is down. Could you update our account to 25 seats?',
    # a contact address given only to be reached at ('feel free to use' instead of 'reach me at')
    "We'd like to switch our account to annual billing. Feel free to use my personal email jim@gmail.com if anything "
    'comes up.',
    "Can you update our account to 20 seats? I'm on leave, so for now please use my personal e-mail for anything "
    'urgent.',
    "Please add 3 seats to our account. I'm new here, so you can use my Gmail for now: kate.r@gmail.com.",
    # a signature line whose city is 'New York' ('new' is the cue) next to a plan change
    'Please update the billing on our account to annual.\nJane Roe | Lakeside Clinics | New York, NY | '
    'jane.roe@gmail.com',
    # a signature giving the NEW address at the sender's own domain plus a private one
    'Please change our account plan to monthly.\nJane Roe, Lakeside Clinics\nNew email: jane.roe@lakesideclinics.com'
    ' | private: jane.roe@gmail.com',
    # moving the admin e-mail OFF Gmail to the sender's own domain
    'Please update the admin e-mail on our account. The new one is it@lakesideclinics.com instead of our old Gmail.',
    # a sales lead: replacing their billing SOFTWARE, a new staff member as main contact
    'We are evaluating your product to replace our current billing software. Our new practice manager, Sam '
    '(sam.t@gmail.com), will be the main contact.',
    # the vendor's own support address, named as who sent them to the form
    'I wrote to your support team at support@clinicsoft.io and they told me to use this form. Can you update our '
    'billing details to annual invoicing?',
    "Your colleague at sales@clinicsoft.io said I should use this form. We'd like to add 10 seats to our account.",
    # a new customer introducing themselves with their practice's Gmail
    "Hi, I'm Dr. Patel, the new owner of Lakeside Family Practice (drpatel.fp@gmail.com). We'd like to make an "
    'account for our team.',
    'Please update our account to the Premium plan. We are a new customer, referred by dr.jones@gmail.com.',
    # a new accountant / cc'd assistant named beside a plan change
    'Please switch our account to the annual plan. Our new accountant, Beth Hill (beth@hillcpa.com), will pay the '
    'invoice by card.',
    "Please make our account annual. My assistant will be cc'd: m.obrien@gmail.com.",
    # a question about features, then who will handle it
    "I'm looking at your pricing page. Can admins change the billing plan themselves? Our new office manager "
    '(jen.office@gmail.com) will handle it.',
    # current setup described, invoices going where they already go
    'Could you update our account to the Pro plan? We use a new billing provider, so invoices go to '
    'ap@ourco-finance.com.',
    # de/fr/es/pt/it/nl: plan changes beside a new contact person or the mail service they use
    'Wir möchten unser Konto auf den Jahrestarif umstellen. Neue Ansprechpartnerin für Rückfragen ist Frau Weber, '
    'erreichbar unter k.weber@gmx.de.',
    'Hallo, wir möchten unser Konto aktualisieren und 5 Nutzer hinzufügen. Wir nutzen derzeit GMX für E-Mails.',
    'Bonjour, nous souhaitons modifier notre abonnement et notre compte. Nous utilisons Gmail au cabinet '
    '(cabinet.martin@gmail.com).',
    'Hola, queremos actualizar nuestra cuenta al plan Pro. Nuestro nuevo contador es juan.perez@contadores-lopez.es y '
    'él gestiona los pagos.',
    'Olá, queremos atualizar a nossa conta para o plano Pro. A nossa nova contabilista é a Ana (ana.contas@gmail.com).',
    'Hallo, we willen ons account bijwerken naar het Pro-abonnement. Onze nieuwe boekhouder is '
    'j.bakker@boekhoudkantoor.nl.',
    'Wij willen ons account wijzigen naar het jaarplan. We gebruiken Gmail op kantoor.',
])
def test_fp_address_cross_sentence(text: str) -> None:
    # nothing in these asks to move an admin/owner/login/billing address anywhere
    assert requests([text], SENDER, webmail=False) == []


@pytest.mark.parametrize('text', [
    "Please update my account to the Pro plan. I'm using my personal email for this since it's a small practice.",
    "Hi, I'd like to add two users to my account. I use my private email for work too.",
    "I'd like to change my billing plan to yearly. Please keep using this address (jane.doe77@gmail.com), it's my "
    'personal email.',
])
def test_fp_webmail_sender_own_personal_email(text: str) -> None:
    # a webmail sender's 'personal email' IS the address they write from: nothing moves
    assert requests([text], WEBMAIL_SENDER, webmail=True) == []


@pytest.mark.parametrize('text', [
    # the OPPOSITE of a takeover: stop sending resets to the old admin's Gmail
    'Our old admin used j.doe@gmail.com. Please do not send any password reset links there anymore.',
    'Our previous admin had the address j.doe@gmail.com. Please make sure password reset links are no longer sent '
    'to it.',
    # 'Is there a way' reads as 'there'; the Gmail is where they moved FROM
    'We switched from Gmail to Microsoft 365 last month. Since then the password reset e-mail never arrives. Is there '
    'a way to re-send the password reset e-mail?',
    'Our clinic just switched from Gmail to Microsoft 365. Can you send the password reset link to this address '
    'please?',
    # 'to the same address as last time, i.e. mine'
    'My colleague mark@gmail.com was copied by mistake. Could you send the login details to the same address as last '
    'time, i.e. mine?',
])
def test_fp_credentials_pointing_back(text: str) -> None:
    # no reset or login details go to an address elsewhere
    assert requests([text], SENDER, webmail=False) == []


# --- Misses: genuine takeover requests spread over sentences that still read as nothing. ---
@pytest.mark.parametrize(('text', 'kind'), [
    # no cue word in the address sentence
    ('Please change the account owner to our new IT manager. Her email: l.kim@gmail.com.', 'address'),
    ("Please transfer ownership of our account to Sarah. Sarah's address is sarah.b@gmail.com.", 'address'),
    ("Can you update our admin contact? It's mike.t@outlook.com now.", 'address'),
    ('Please change the admin e-mail on our account.\nx.y@gmail.com\nThanks', 'address'),
    ('Please change the admin on our account to the following\nx.y@gmail.com', 'address'),
    ('Please update our account as follows.\n- Admin email: mike.t@gmail.com\n- Billing email: mike.t@gmail.com',
     'address'),
    # three sentences apart
    pytest.param('Please change the admin on our account. Our old admin left last week. She no longer works here. Please use '
     'x.y@gmail.com from now on.', 'address', marks=pytest.mark.xfail(strict=True, reason='three sentences apart: the window is two')),
    # the change verb and the control word in different sentences
    pytest.param('We need a new admin on our account. Please make it p.nowak@outlook.com.', 'address',
                 marks=pytest.mark.xfail(strict=True, reason="the change verb ('make it') apart from the holder")),
    # other languages / cue words
    ('Bitte ändern Sie den Admin unseres Kontos. Die Adresse lautet: k.weber@gmx.de.', 'address'),
    ('Bitte ändern Sie den Administrator unseres Kontos. Bitte nehmen Sie k.weber@gmx.de.', 'address'),
    ("Merci de changer l'administrateur de notre compte. Voici l'adresse : claire.d@gmail.com.", 'address'),
    ('Por favor cambien el administrador de la cuenta. El correo es laura.m@hotmail.com.', 'address'),
    ('Por favor, alterem o administrador da conta. Usem joao.s@gmail.com.', 'address'),
    ('Por favor, alterem o administrador da conta. O email agora é joao.s@gmail.com.', 'address'),
    ('Wilt u de beheerder van ons account wijzigen? Het adres is nu p.dejong@ziggo.nl.', 'address'),
    ("Per favore cambiate l'amministratore dell'account. Le nuove credenziali vanno a g.rossi@libero.it.", 'address'),
    # webmail sender spelling the new address out (read since `_addresses`)
    ('Please change the login e-mail on my account. My new one is jane.doe.new at yahoo dot com.', 'address'),
    # credentials: sent 'to her/him', or to an address given AFTER
    ('Our new admin is l.kim@gmail.com. Please send her the password reset link.', 'credentials'),
    ('Our admin changed. Here is his address: p.nowak@outlook.com. Please send the password reset link to him.',
     'credentials'),
    ('Please send the password reset link to my new email. It is dan.k@yahoo.com.', 'credentials'),
    ('Please send the password reset link to the address below.\ndan.k@yahoo.com', 'credentials'),
])
def test_miss_takeover_spread_over_sentences(text: str, kind: str) -> None:
    # each asks to move the account's control / its credentials to an outside Gmail/Outlook/Yahoo/GMX address
    webmail = 'at yahoo dot com' in text
    assert kind in requests([text], WEBMAIL_SENDER if webmail else SENDER, webmail=webmail)


@pytest.mark.xfail(strict=True, reason="the skeleton folds a look-alike into the sender's own domain (before this change too)")
def test_miss_cyrillic_lookalike_of_own_domain() -> None:
    # 'lakesideclinіcs.com' with a Cyrillic 'і' is a different domain; the skeleton folds it into the sender's own
    # (pre-existing: the one-sentence form misses too)
    text = 'Please change the admin on our account. Use m.k@lakesideclin\u0456cs.com from now on.'
    assert requests([text], SENDER, webmail=False) == ['address']


# --- Slow: each sentence is re-read up to 7 times (its own, 4 neighbours, 2 before for 'to it'). ---
def test_slow_100kb_of_mailbox_words() -> None:
    head = 'update account new password send to it '
    unit = 'e-mail-adressen '
    text = (head + unit * ((990 - len(head)) // len(unit)) + '. ') * 100
    assert 95_000 < len(text) < 105_000
    best = 9.0
    for _ in range(3):
        t0 = time.perf_counter()
        requests([text], SENDER, webmail=False)
        best = min(best, time.perf_counter() - t0)
    # helper-78: 0.50 s on the first cross-sentence reading, 0.16 s before it; 0.28 s now. Linear, not quadratic: a
    # quadratic reading takes seconds here (helper-57's 114 s).
    assert best < 1.0


# --- Keeps: right now and should stay so. ---
@pytest.mark.parametrize(('text', 'kinds'), [
    ('We need to change the admin on our account. Please use maria.k.private@gmail.com from now on.', ['address']),
    ('My new email is dan.k@yahoo.com. Please send the password reset link there.', ['credentials']),
    ('Please switch the account owner. Going forward, everything goes to p.nowak@outlook.com.', ['address']),
    ('The admin of our account should change. p.nowak@outlook.com is the one to use.', ['address']),
    ('Please change the admin on our account. Use m.k@lakesideclinic.com from now on.', ['address']),
    ("Per favore cambiate l'amministratore dell'account. Utilizzate g.rossi@libero.it.", ['address']),
    ('Wilt u de beheerder van ons account wijzigen? Het nieuwe adres: p.dejong@ziggo.nl.', ['address']),
    ('dan.k@yahoo.com is my address now. Please send the reset link to it.', ['credentials']),
])
def test_keeps_flagging_takeovers(text: str, kinds: list[str]) -> None:
    # plain takeovers spread over two sentences
    assert requests([text], SENDER, webmail=False) == kinds


@pytest.mark.parametrize('text', [
    'Can you update our billing address? We moved offices. New address: 45 Harbour Rd, Dublin. Questions to my '
    'assistant at m.obrien@gmail.com.',
    'We are moving our account to the Business tier next month. Our new CFO is joining. You can reach her at '
    'c.lee@gmail.com.',
    "We're switching our account to monthly. The new PO number is 4471; contact procurement@partnerfirm.com for the PO.",
    'Please update our account billing address. Our new address is 5 Elm St, Springfield; the e-mail stays '
    'info.lakeside@gmail.com.',
    'We moved our email from Gmail to Outlook last month. Since then the password reset links never arrive. Can you '
    'send me one to this address?',
])
def test_keeps_routine_messages_unflagged(text: str) -> None:
    # a new postal address / a contact to reach / a reset for oneself
    assert requests([text], SENDER, webmail=False) == []
