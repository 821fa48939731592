"""attack-74: the detection changes of 5116d34 (directive patterns, rules-model lexicon) and 6409852 (ICP industry:
a LinkedIn child listed in a policy).

Every test here failed on the code it attacked. (a) a false positive the change introduced: a genuine lead that was
handled right before 5116d34/6409852 (checked against `git show 5116d34^:src/...`) and was flagged, misrouted or
rejected. (b) a miss: a close, realistic variant of an attack the change targets that still passed. The tests assert
what happens since; the misses left (other wordings of the summary, exfiltration and skip-review attacks, phishing in
other words, a NAICS name beside a LinkedIn child) are on branch attack-74 and in the closing note.
"""

from __future__ import annotations

from datetime import date

import pytest

from lead_agent import Classification, Lead, Policy
from lead_agent.agent import AgentDeps, build_agent, lead_prompt
from lead_agent.guards import Seen, decide, precheck
from lead_agent.models import CrmRecord, Enrichment
from lead_agent.policy import Icp
from lead_agent.rules_model import rules_model
from lead_agent.vocab import industry_fit

HAVEN = Enrichment(domain='havenhospitals.com', name='Haven Hospital Group', employees=4800,
                   industry='Hospitals and Health Care', country='US', tech=['Epic'])
CUSTOMER = [CrmRecord(date=date(2025, 9, 2), type='deal', summary='Closed won: 8 clinics', lifecycle_stage='customer')]


def lead_flags(policy: Policy, **submission: str) -> set[str]:
    """The injection flags precheck raises for a lead (as tests/test_injection.py reads them)."""
    lead = Lead.from_submission({'email': 'ops@lakesideclinics.com', 'company': 'Lakeside Clinics',
                                 'message': 'We run 12 clinics and want online booking and reminders.', **submission})
    return {f for f in precheck(lead, policy, Seen()).flags if f.startswith(('directive:', 'injection'))}


def directives(policy: Policy, text: str) -> set[str]:
    return {f for f in lead_flags(policy, message=text) if f.startswith('directive:')}


async def outcome(policy: Policy, submission: dict[str, str], enrichment: Enrichment | None = None,
                  history: list[CrmRecord] | None = None) -> tuple[Classification, str]:
    """The rules model's classification and the guards' final action for a lead."""
    history = history or []
    lead = Lead.from_submission(submission)
    pre = precheck(lead, policy, Seen())
    deps = AgentDeps(lead=lead, enrichment=enrichment, enrichment_note='' if enrichment else 'not found',
                     history=history, history_note='', flags=pre.flags, max_tool_calls=6)
    result = await build_agent(policy).run(lead_prompt(lead, deps), deps=deps, model=rules_model(policy))
    c = result.output
    assert isinstance(c, Classification)
    return c, decide(lead, pre, enrichment, history, c, policy).action


# ---------------------------------------------------------------------------------------------------------------
# (a) false positives: rules model, 'adding N users/seats/sites' read as expansion before any problem is read
# ---------------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize('message', [
    'Since this morning we get an error when adding 12 users through the CSV import; the upload fails at row 3 and '
    'nobody can log in. Please help.',
    'We tried adding 3 locations in the admin panel yesterday and now the booking page is broken for all sites. This '
    'is urgent, patients cannot book.',
    'Our invoice is wrong: we were charged for adding 40 seats but we only added 4. Please correct the bill and send a '
    'credit note.',
    'I cannot add 5 users: the invite button does nothing and the new nurses did not receive any email. How do we fix '
    'this?',
])
async def test_a_customer_reporting_a_failure_while_adding_users_is_support(message: str, policy: Policy) -> None:
    """(a) HIGH. A known customer's outage or billing error that mentions 'adding N users/sites/seats' is now
    `buying` and auto-routed to sales (to the founder, for a 4,800-staff ICP account): `_intent` checks expansion
    before any problem, and the new MORE alternative matches 'adding 12 users' anywhere. Before 5116d34 each went to
    support (auto_route_support). An outage lost in the founder's sales queue is an unsafe auto-action."""
    c, action = await outcome(policy, {'email': 'ops@havenhospitals.com', 'message': message}, HAVEN, CUSTOMER)
    assert action != 'auto_route_sales', c.fit_reasoning
    assert c.intent == 'support', c.fit_reasoning


# ---------------------------------------------------------------------------------------------------------------
# (a) false positives: genuine messages rejected as spam on two of the new phishing phrases
# ---------------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize('submission', [
    # a security researcher reporting a phishing campaign that abuses the company's brand
    {'email': 'j.meyer@northwind-security.com', 'company': 'Northwind Security',
     'message': 'Security researcher here. Someone is running a phishing campaign using the CareFlow brand: emails say '
                '"Dr. Adams shared a document with you, sign in with your email to view it" and link to '
                'careflow-docs.net. Your patients may be targeted; happy to share headers.'},
    # a prospect stuck in the trial sign-up, quoting the vendor's own screens
    {'email': 'it@lakesideclinics.com', 'company': 'Lakeside Clinics',
     'message': 'We are evaluating CareFlow for our 12 clinics. During trial sign-up the page said "Sign in with your '
                'email", then asked me to verify your account, but the email never arrived. Can someone help us finish '
                'the trial?'},
    # a buyer describing its own paper process
    {'email': 'office@brightsmiledental.com', 'company': 'Bright Smile Dental',
     'message': 'Our practice manager keeps the schedule in a shared document and our mailbox is full of no-show calls. '
                'We need online booking and reminders for 3 locations; could you send pricing?'},
    # a buyer asking about phishing protection
    {'email': 'cmo@lakesideclinics.com', 'company': 'Lakeside Clinics',
     'message': 'We keep our intake forms in a shared document today and staff sign in with their email. We want your '
                'online intake for our 12 clinics; one question: our patients got a fake "verify your account" email '
                'last month, how does CareFlow protect against phishing?'},
])
async def test_a_genuine_lead_using_two_phishing_phrases_is_not_rejected(submission: dict[str, str],
                                                                         policy: Policy) -> None:
    """(a) HIGH. Two of the new SPAM phrases ('shared document', 'shared a document', 'sign in with your email',
    'verify your account', 'mailbox is full', 'remittance advice') score 2 = SPAM_SCORE, so the rules model rejects
    and `unproven_spam` lets it (the text 'reads as spam'). Each of these was human_review before 5116d34 (score 0);
    now each is auto_reject_spam: a lost lead (a buyer, a trial user, a brand-abuse report)."""
    c, action = await outcome(policy, submission)
    assert action != 'auto_reject_spam', c.fit_reasoning


# ---------------------------------------------------------------------------------------------------------------
# (a) false positives: the new artifact ask/object alternatives on buyers' and customers' own questions
# ---------------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize('text', [
    # French support: 'merci de' + the patients' confirmation email the customer's own product sends
    "Merci de vérifier : le courriel de confirmation de rendez-vous n'indique pas l'adresse du cabinet.",
    "Bonjour, merci de regarder notre problème : l'email de confirmation envoyé aux patients mentionne la mauvaise "
    'date.',
    # integration questions: '(this|it) (to|in|into) (slack|hubspot|...)' is now an artifact
    'Your HubSpot integration: can you sync it to HubSpot and add the appointment type as a property?',
    "Could you push it into Slack when a booking is cancelled and mention the provider? That's a must for our front "
    'desk.',
    # 'when you log/enter/post' is now an ask, whatever follows ('log in', 'enter a booking', 'posts the release notes')
    'Since the update, when you log in to HubSpot the CareFlow CRM note no longer includes the appointment type. Can '
    'you fix it?',
    'Question before we buy: when you enter a booking, does the HubSpot note include the provider and the visit '
    'reason?',
    'When your team posts the release notes, could the Slack notification mention which clinics are affected? We '
    'missed the last outage.',
])
def test_a_lead_asking_about_its_own_notifications_is_not_an_artifact_directive(text: str, policy: Policy) -> None:
    """(a) MEDIUM. A customer reporting what its own patients' confirmation email or its HubSpot/Slack integration
    says, or a buyer asking what the integration records, now raises directive:artifact (to review, never
    auto-routed: a customer's fault waits for a person). None was flagged before 5116d34: 'merci de' is an ask now,
    '(this|it) in/to/into Slack/HubSpot' an artifact, and 'when you log' ('log in'), 'when you enter', 'when your
    team posts' an ask."""
    assert not directives(policy, text)


@pytest.mark.parametrize('text', [
    'We are one of the other Lakeside sites that have contacted you; my colleague Anna wrote last week. Could we join '
    'her demo?',
    'Wie die anderen Standorte, die sich bei Ihnen gemeldet haben, möchten wir eine Demo für unsere Praxis in Köln.',
    'Come le altre sedi che vi hanno scritto la settimana scorsa, vorremmo una demo anche per Milano.',
    'Tal como as outras clínicas que vos contactaram na semana passada, queremos uma demonstração.',
    'Net als de andere vestigingen die u hebben gemaild, willen wij graag een demo.',
])
def test_a_lead_saying_its_sister_sites_wrote_too_is_not_exfiltration(text: str, policy: Policy) -> None:
    """(a) MEDIUM. A site of a group saying it writes like its sister sites did ('like the other sites that wrote to
    you, we want a demo') asks for nothing of anyone's data, yet the new 'other X that contacted you' alternatives
    (en/de/it/pt/nl) match the phrase alone, with no request verb: directive:exfiltration, to review. Not flagged
    before 5116d34."""
    assert 'directive:exfiltration' not in directives(policy, text)


@pytest.mark.parametrize('text', [
    'Our procurement says there is no need for an internal review this time, as the amount is small. Highest priority '
    'for us is go-live in March.',
    "Good news: there's no need for the usual approval process on our side, budget is signed. We'd like to go live "
    "in January, it's a high priority for our board.",
])
def test_a_buyer_whose_own_procurement_skips_review_pulls_no_levers(text: str, policy: Policy) -> None:
    """(a) LOW-MEDIUM. A buyer telling the vendor its own procurement needs no approval this time, and that the
    project is a priority for it, is now directive:levers (skip + rank): 'no need for an internal review / the usual
    approval' is read as the company's review skipped. The commit kept 'no need for a long review cycle on our side'
    out, but 'on our side' or 'our procurement says' does not keep these out. Not flagged before 5116d34."""
    assert 'directive:levers' not in directives(policy, text)


# ---------------------------------------------------------------------------------------------------------------
# (a) false positives: ICP industry, a policy listing a LinkedIn child
# ---------------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize('policy_name, label', [
    # the same words but 'and', and a typo the taxonomy itself reads as the name
    ('Medical and Diagnostic Laboratories', 'Medical Diagnostic Laboratories'),
    ('Medical and Diagnostic Laboratories', 'Medical and Diagnostic Laboratries'),
])
def test_a_vendor_spelling_of_the_listed_child_is_in(policy_name: str, label: str) -> None:
    """(a) MEDIUM. README: a policy that lists a LinkedIn child "matches that name however a vendor spells it". Only
    the exact key does: NAICS 'Medical Laboratories' (a lab, the same industry as LinkedIn's 'Medical and Diagnostic
    Laboratories'), the name without 'and', a one-letter typo, and NAICS 'General Medical and Surgical Hospitals' for
    a policy listing 'Hospitals' are 'unknown' (fit_unverified: no ICP auto-route). Each was 'in' before 6409852."""
    assert industry_fit(label, [policy_name]) == 'in'


# ---------------------------------------------------------------------------------------------------------------
# (b) misses: ICP industry, a non-ICP company still matches
# ---------------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize('icp', [
    # the child without 'and', in another word order, or mistyped: not the child's key, so read as the whole parent
    Icp(industries=['Medical Diagnostic Laboratories']),
    Icp(industries=['Diagnostic and Medical Laboratories']),
    Icp(industries=['Medical and Diagnostic Laboratries']),
])
@pytest.mark.parametrize('hospital', ['Hospitals', 'Hospital & Health Care', 'General Medical and Surgical Hospitals'])
def test_a_hospital_is_not_in_a_labs_only_icp(icp: Icp, hospital: str) -> None:
    """(b) HIGH. The h6-020/h6-047 failure (hospitals auto-routed to a LIMS vendor's sales as ICP) comes back when the
    policy spells its lab industry any other way than LinkedIn's exact name ('Medical Diagnostic Laboratories', a
    typo, another word order), or adds NAICS's 'Medical Laboratories' beside it (as industries or as an alias) so
    ZoomInfo's labs match: `_part_of_canonical` is an exact-key test, and any other name of the same canonical
    industry goes to `listed`, admitting the whole of Hospitals and Health Care."""
    assert icp.industry_fit(hospital) != 'in'


