"""helper-110's attack on 69dfb56 (gift-card codes as account_control:payment; the lexicon's new words).

Every case here fails on 69dfb56 and asserts what should happen; all pass since the commit after it (the gift-card
rule now reads the whole text, a card's scratched back sent anywhere or its codes sent to the sender; 'tokenize',
'presale', bare 'staking' and 'exhibitor packages' are no spam words; only asking for a 'soumission' is a quote). False positives: genuine leads that were
auto-routed before the commit (checked on 69dfb56^) and now go to review, to the wrong team, or read as spam.
Misses: gift-card fraud, as its senders write it, that `_gift_card_codes` does not flag.
"""

from __future__ import annotations

import json

import pytest

from lead_agent import Policy
from lead_agent._account_control import requests
from lead_agent.models import CrmRecord

from .test_account_control import CUSTOMER, DOMAIN, rules_action

PROSPECT: list[CrmRecord] = []


async def _action(policy: Policy, message: str, history: list[CrmRecord]) -> str:
    """What the rules model and the guards do with a message from Lakeside's domain, with that CRM history."""
    return (await rules_action(policy, message, history))[0]


# ---------------------------------------------------------------------------------------------------------------
# (a) false positives: genuine leads, auto-routed on 69dfb56^, sent elsewhere by 69dfb56


@pytest.mark.parametrize(('message', 'history', 'action'), [
    # 'send me ... pictures' of the product, gift cards named as what the med spa sells
    ('We are a med spa group with 6 locations and sell gift cards at the front desk. Could you send me pricing and '
     'some pictures of the booking page?', PROSPECT, 'auto_route_sales'),
    # 'send me ... the numbers' is how buyers ask for figures
    ('We reward staff with gift cards for perfect attendance. Please send me your pricing for 40 providers and the '
     'numbers on implementation time.', PROSPECT, 'auto_route_sales'),
    # a PIN pad is hardware, not a card's PIN
    ('We sell gift cards at all 9 clinics. Please send the PIN pad specs and pricing.', PROSPECT, 'auto_route_sales'),
    # the feature they want sends check-in codes to patients: the counter-example the commit meant to keep
    ('We run a wellness challenge with gift card prizes. Our reminders should send the check-in codes by SMS. '
     'Please quote 30 providers.', PROSPECT, 'auto_route_sales'),
    # a customer's own workflow: their coordinator sends patients' incentive codes (describing, not asking)
    ('Patients who finish their annual check-up get a $25 Amazon gift card. Our coordinator sends the codes by email '
     'each Friday. Can your platform automate that?', CUSTOMER, 'auto_route_support'),
    # 'Looking forward' is read as the send verb 'forward', 'numbers' as the cards' numbers
    ('We give new patients a gift card for referrals. Looking forward to your numbers for 12 clinics.', CUSTOMER,
     'auto_route_support'),
])
async def test_a_buyer_naming_gift_cards_beside_codes_photos_or_numbers_is_not_held(
        policy: Policy, message: str, history: list[CrmRecord], action: str) -> None:
    assert requests([message], f'ops@{DOMAIN}', webmail=False) == []
    assert await _action(policy, message, history) == action


def test_photos_sent_to_a_buyer_who_sells_gift_cards_are_not_payment() -> None:
    # (the rules model reads 'votre soumission' as no quote: only asking for one, 'envoyer une soumission', is)
    assert requests(['Nous vendons des cartes-cadeaux dans nos 8 cliniques. Envoyez-moi votre soumission et quelques '
                     'photos du portail patient.'], f'ops@{DOMAIN}', webmail=False) == []


@pytest.mark.parametrize('message', [
    # a payments buyer's PCI question: 'tokenize' + 'Apple Wallet' score 2
    'Do you tokenize card data for patient payments? Patients want to pay from Apple Wallet. We need a demo for 9 '
    'clinics.',
    # 'presale questions' is what buyers call questions before buying
    'Congratulations on the new release! We have a few presale questions before we buy 25 licenses.',
    # a conference organiser who is a buyer names their own exhibitor packages and early-bird registration
    'We run the annual Midwest Dental Conference. Exhibitor packages and early-bird registration open in March; we '
    'need appointment booking for 400 attendee consultations. Please send a quote.',
])
async def test_a_buyer_using_the_new_spam_words_is_routed_not_held_as_spam(policy: Policy, message: str) -> None:
    assert await _action(policy, message, PROSPECT) == 'auto_route_sales'


@pytest.mark.parametrize('message', [
    # in France (and Quebec) 'soumission pour'/'une soumission' is also a form's submission: a customer's fault
    'Bonjour, depuis la mise à jour, la soumission pour les rendez-vous en ligne bloque et les patients voient une '
    'page blanche.',
    "Bonjour, chaque soumission pour un rendez-vous crée un doublon dans l'agenda depuis lundi.",
    'Bonjour, depuis ce matin, une soumission sur deux du formulaire patient disparaît sans laisser de trace.',
])
async def test_a_customer_s_form_submission_fault_in_french_goes_to_support(policy: Policy, message: str) -> None:
    assert await _action(policy, message, CUSTOMER) == 'auto_route_support', json.dumps(message, ensure_ascii=False)


# ---------------------------------------------------------------------------------------------------------------
# (b) misses: gift-card fraud the rule lets through


@pytest.mark.parametrize('text', [
    # the classic CEO-fraud shape: cards asked for first, pressure in between, codes three sentences later (_NEAR)
    'I need you to buy 10 Amazon gift cards for a client presentation. I am in back to back meetings all day. Keep '
    'this between us please. When you have them, scratch the backs and send me the codes.',
    # a question whose 'me' comes after the codes, not just after the verb
    "I'm stuck in a board meeting. Can you grab 8 Amazon gift cards and send the codes to me?",
    'Could you buy 10 Visa gift cards for the staff raffle and send a picture of the back of each one?',
    # no send verb: reply with, WhatsApp
    'I need 6 Amazon gift cards for a client today. Once you have them, reply to this email with the claim codes.',
    'Please buy five $100 Apple gift cards this morning. WhatsApp me the codes as soon as you have them.',
    # another spelling of the cards: eGift
    'Can you buy six $200 eGift cards from Amazon for our donors? Email me the codes once purchased.',
    # German: Amazon-Gutscheine; the verb at the end of the clause
    'Können Sie bitte fünf Amazon-Gutscheine zu je 100 Euro kaufen? Die Codes dann bitte per Mail an mich.',
    'Kaufen Sie bitte 5 Apple Geschenkkarten und könnten Sie mir die Codes schicken?',
    # French and Spanish: 'me' before the verb; a brand's cards without 'cadeau'
    "Pouvez-vous acheter 5 cartes-cadeaux Apple de 100 euros ? Vous pouvez m'envoyer les codes ?",
    "J'ai besoin de cartes Google Play pour un client, achetez-en 5 et envoyez-moi les codes.",
    '¿Puedes comprar 5 tarjetas de regalo de Amazon hoy? ¿Me puedes enviar los códigos?',
    'Necesito 6 tarjetas de regalo de Google Play para un cliente. Envíame los códigos por WhatsApp.',
    # Portuguese and Italian imperatives with the pronoun: 'me manda', 'mandami'
    'Preciso de 5 cartões-presente da Apple hoje. Me manda os códigos pelo WhatsApp.',
    'Ho bisogno di 5 carte regalo Amazon per un cliente. Mandami i codici appena le hai.',
    # Dutch verb-final question; Swedish and Norwegian 'koderna/kodene'
    'Kun je vandaag 5 cadeaukaarten van bol.com kopen? Kun je de codes naar mij sturen?',
    'Kan du köpa fem presentkort från Apple idag? Skicka koderna till mig så fort som möjligt.',
    'Kan du kjøpe fem gavekort i dag? Send meg kodene på SMS.',
])
def test_gift_card_fraud_in_other_words_is_payment(text: str) -> None:
    assert requests([text], f'ops@{DOMAIN}', webmail=False) == ['payment'], json.dumps(text, ensure_ascii=False)
