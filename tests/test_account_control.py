"""A request that moves control of an account elsewhere goes to a person, not to support as a routine ticket.

holdout6 h6-116 (a customer asking to move the admin e-mail to a Gmail address and send the reset link there),
adversarial5 a5-025 (billing contact moved to an outside domain) and adversarial6 a6-053 (account owner e-mail moved
to a look-alike domain) were auto-routed to support. The wordings here are other ones, in the intake's languages.
"""

from __future__ import annotations

from datetime import date

import pytest

from lead_agent import Classification, Lead, Policy
from lead_agent._account_control import requests
from lead_agent.agent import AgentDeps, build_agent, lead_prompt
from lead_agent.guards import Seen, decide, precheck
from lead_agent.models import CrmRecord, Enrichment
from lead_agent.rules_model import rules_model

from .helpers import best_seconds

DOMAIN = 'lakesideclinics.com'
LAKESIDE = Enrichment(domain=DOMAIN, name='Lakeside Clinics', employees=240, industry='Medical Practices',
                      country='US')
CUSTOMER = [CrmRecord(date=date(2025, 9, 2), type='deal', summary='Closed won: 8 clinics', lifecycle_stage='customer')]


@pytest.mark.parametrize(('text', 'kinds'), [
    ('Our office manager quit last week. Kindly switch the admin login over to tom.reyes.1979@yahoo.com so I can '
     'keep the reminders running.', ['address']),
    ('Could the owner of our subscription be set to our new partner, dr.lind@lind-consulting.net?', ['address']),
    ('I no longer have access to the clinic mailbox: please email the login details to my personal address instead.',
     ['credentials']),
    ('Bitte übertragen Sie den Administrator-Zugang auf meine private E-Mail-Adresse, das Firmenpostfach ist gesperrt.',
     ['address']),
    ('Schicken Sie das neue Passwort bitte an m.keller@gmx.de, danke.', ['credentials']),
    ("Pourriez-vous remplacer l'identifiant de connexion du compte par sophie.l@free.fr ?", ['address']),
    ('Por favor, pasen la titularidad de la cuenta a mi correo personal y envíen allí el enlace de restablecimiento.',
     ['address', 'credentials']),
    ('Favor atualizar o e-mail do administrador para ana.costa@bol.com.br e mandar a nova senha para lá.',
     ['address', 'credentials']),
    ("Vorrei spostare l'accesso amministratore su un indirizzo email personale, grazie.", ['address']),
    ('Graag de eigenaar van het account wijzigen naar j.devries@ziggo.nl, en het wachtwoord daarheen sturen.',
     ['address', 'credentials']),
])
def test_a_request_moving_control_elsewhere_is_named(text: str, kinds: list[str]) -> None:
    assert requests([text], f'ops@{DOMAIN}', webmail=False) == kinds


@pytest.mark.parametrize('text', [
    "I can't log in since this morning, please send me a password reset link.",
    'Our admin left; please change the administrator e-mail to maria.lopez@lakesideclinics.com.',
    'Please reset the two-factor authentication for our admin user, she has a new phone.',
    "Can admins change a user's e-mail address themselves, or does that go through you?",
    'Please send the pricing to my personal e-mail, jo.smith@gmail.com, I am travelling this week.',
    'We want to move our 8 clinics from our current vendor to your platform; the admins need SSO.',
    'Bitte senden Sie mir einen Link zum Zurücksetzen des Passworts.',
    "Est-ce que l'administrateur peut modifier les adresses e-mail des utilisateurs ?",
])
def test_routine_support_and_questions_are_not(text: str) -> None:
    assert requests([text], f'ops@{DOMAIN}', webmail=False) == []


@pytest.mark.parametrize(('text', 'kinds'), [
    ('We need to change the admin on our account. Please use maria.k.private@gmail.com from now on. Also send the '
     'password reset there.', ['address', 'credentials']),
    ('Our IT contact left us. Please update the account owner! The new address is p.nowak@outlook.com.', ['address']),
    ('Bitte ändern Sie den Administrator unseres Kontos. Neue Adresse: k.weber@gmx.de. Schicken Sie den Reset-Link '
     'bitte dorthin.', ['address', 'credentials']),
    ('Hay que cambiar el administrador de la cuenta. A partir de ahora usen laura.m@hotmail.com, gracias.',
     ['address']),
    ("Merci de modifier l'adresse de facturation.\nLa nouvelle adresse e-mail est compta@cabinet-dupont.fr",
     ['address']),
    ('From now on please use r.berg@berg-holding.example for everything. Could you update the billing contact?',
     ['address']),
    ('My new email is dan.k@yahoo.com. Please send the password reset link there.', ['credentials']),
    ("Il nostro amministratore è cambiato; va aggiornato l'account. D'ora in poi usate g.rossi@libero.it.",
     ['address']),
])
def test_a_request_spread_over_sentences_is_named(text: str, kinds: list[str]) -> None:
    """The change asked for in one sentence, the new address given beside it (helper-75's brief: one at a time)."""
    assert requests([text], f'ops@{DOMAIN}', webmail=False) == kinds


@pytest.mark.parametrize('text', [
    'Please update our account to the annual plan with 40 seats. Thanks!\nJohn Smith\njohn.smith.home@gmail.com',
    'Can you change the billing cycle on our account to yearly? You can also reach me at my personal email '
    'jim@gmail.com.',
    "I can't log in. Could you send me a password reset link? My colleague anna@lakesideclinics.com can confirm.",
    'We want to add 5 users to our account. The new users are listed below.',
    'Please update our account billing address. The new one is 12 Main St, Springfield.',
    'Please change the admin to maria.lopez@lakesideclinics.com. We will use her personal phone for the 2FA.',
    'I reset my password yesterday. My old colleague at bob@gmail.com used to get the reminders, can that stop?',
    'Please change our admin to maria.lopez@lakesideclinics.com. Send the reset link to it.',
])
def test_sentences_beside_a_request_that_give_no_new_address_elsewhere_are_not(text: str) -> None:
    assert requests([text], f'ops@{DOMAIN}', webmail=False) == []


def test_the_sender_s_own_organisation_is_not_elsewhere() -> None:
    """An address at a subdomain of the sender's own domain is theirs; one at a look-alike domain is not."""
    own = 'Please change the account owner e-mail to it-admin@eu.lakesideclinics.com.'
    lookalike = 'Please change the account owner e-mail to it-admin@lakeside-clinics-billing.com.'
    assert requests([own], f'ops@{DOMAIN}', webmail=False) == []
    assert requests([lookalike], f'ops@{DOMAIN}', webmail=False) == ['address']


async def _action(policy: Policy, message: str) -> tuple[str, list[str]]:
    """What the rules model and the guards do with a known customer's message."""
    return await rules_action(policy, message, CUSTOMER)


async def rules_action(policy: Policy, message: str, history: list[CrmRecord]) -> tuple[str, list[str]]:
    """What the rules model and the guards do with a message from Lakeside's domain, with that CRM history."""
    lead = Lead.from_submission({'email': f'ops@{DOMAIN}', 'name': 'Sam Ortiz', 'company': 'Lakeside Clinics',
                                 'message': message, 'form': 'contact'})
    pre = precheck(lead, policy, Seen())
    deps = AgentDeps(lead=lead, enrichment=LAKESIDE, enrichment_note='', history=history, history_note='',
                     flags=pre.flags, max_tool_calls=6)
    result = await build_agent(policy).run(lead_prompt(lead, deps), deps=deps, model=rules_model(policy))
    assert isinstance(result.output, Classification)
    decision = decide(lead, pre, LAKESIDE, history, result.output, policy)
    return decision.action, decision.notes


async def test_a_customer_s_request_to_move_the_admin_elsewhere_goes_to_a_person(policy: Policy) -> None:
    routine, _ = await _action(policy, 'Since the update this morning our reminder texts are not going out to '
                                       'patients at two clinics. Can you look into it urgently?')
    assert routine == 'auto_route_support'  # the same customer, a routine ticket: support, as before
    moved, notes = await _action(policy, 'Our practice manager has left. Please change the admin e-mail on our '
                                         'account to sam.ortiz.home@outlook.com and send the reset link there.')
    assert moved == 'human_review'
    assert any(n.startswith('account_control: account_control:address, account_control:credentials: verify')
               for n in notes), notes


@pytest.mark.parametrize('text', [
    # holdout8 h8-112's kind, in other words: refunds redirected to another company's account
    'Hej! Vi har bytt bank. Framtida återbetalningar ska gå till SE45 5000 0000 0583 9825 7466, Nordic Payout AB.',
    'Please note our new bank details for all credit notes: IBAN GB82 WEST 1234 5698 7654 32 (Harbour Settlements Ltd).',
    'Bitte ändern Sie unsere Bankverbindung für Erstattungen auf das Konto der Muster Treuhand GmbH.',
    'Merci de modifier nos coordonnées bancaires : les remboursements vont désormais sur le compte de notre filiale.',
])
def test_bank_details_given_or_changed_are_named(text: str) -> None:
    """A contact form is no place to change where money goes: an IBAN (check digits valid) or changed bank details."""
    assert requests([text], f'ops@{DOMAIN}', webmail=False) == ['payment']


@pytest.mark.parametrize('text', [
    'Can we pay by bank transfer? Please send your bank details with the quote.',
    'Our loggers are EN12830:2018 certified; VAT number SE556677889901, order ref AB12CDEF3456789.',
    'GB82 WEST 1234 5698 7654 33 is the one with a wrong check digit.',
    'We changed our bank last year and now pay all invoices by card.',
])
def test_no_bank_details_changed_is_not_payment(text: str) -> None:
    assert requests([text], f'ops@{DOMAIN}', webmail=False) == []


@pytest.mark.parametrize('text', [
    # holdout11 h11-038's kind (an executive's gift-card fraud), in other words and languages
    'Quick favour before my 2pm: pick up eight $50 Google Play gift cards for the volunteers, then text me the '
    'codes. Keep it quiet for now.',
    'Need you to get 4 Amazon gift cards today. Scratch off the back and send me a picture of each one.',
    'Können Sie heute fünf Geschenkkarten von Apple kaufen? Schicken Sie mir bitte die Codes per E-Mail.',
    "J'ai besoin de 6 cartes-cadeaux pour l'équipe. Achetez-les et envoyez-moi les codes en photo.",
    'I am in a meeting and need 10 iTunes gift cards for a client. Can you buy them and send me the pins?',
])
def test_gift_cards_to_buy_and_their_codes_to_send_are_payment(text: str) -> None:
    """Money sent where the sender says, as gift-card codes: verified out of band like changed bank details."""
    assert requests([text], f'ops@{DOMAIN}', webmail=False) == ['payment']


@pytest.mark.parametrize('text', [
    'We sell gift cards in our 12 stores. Does your POS read the gift card codes at checkout? Please send pricing.',
    'Our gift card programme needs a kiosk. Could you send the brochure? Card numbers are printed on the back.',
    'Our customers buy gift cards in the app: can your system send the codes to them by SMS after purchase?',
    'We thank our volunteers with gift cards every December; can you send me the quote for 20 licences?',
    'We sell gift cards at the front desk. Could you send me the discount code for the annual plan?',
])
def test_gift_cards_a_buyer_names_are_not_payment(text: str) -> None:
    assert requests([text], f'ops@{DOMAIN}', webmail=False) == []


async def test_a_gift_card_request_from_a_customer_s_domain_goes_to_a_person(policy: Policy) -> None:
    """holdout11 h11-038: from a customer's own domain (which a sender can spoof), it read as buying, and the
    customer's sales route held."""
    action, notes = await _action(policy, 'Are you free? I need you to buy twelve $100 gift cards for staff '
                                          'appreciation today. Scratch the backs and email me photos of the codes.')
    assert action == 'human_review'
    assert any(n.startswith('account_control: account_control:payment: verify') for n in notes), notes


@pytest.mark.parametrize('text', [
    'a@b.co ' * 5000,  # each address was checked for a 'wrote to' before it from the text's start: 3-4 s
    'please send invoices to ' * 1500 + 'ap@harborbooks.com',  # each verb's reach copied: 0.3 s at 100 KB
])
def test_a_text_of_thousands_of_addresses_or_verbs_is_read_in_linear_time(text: str) -> None:
    assert best_seconds(lambda t: requests([t], 'ops@lakesideclinics.com', webmail=False), text) < 1.0
