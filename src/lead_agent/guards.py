"""The deterministic guard layer: `precheck()` before the model, `decide()` after it. Pure functions.

Rule ids that `decide()` can fire (DESIGN §2.3), in the order they are checked:

| id | effect |
| --- | --- |
| `free_email_cap` | free-email or disposable sender with no enrichment: confidence capped |
| `unverified_cap` | business domain that neither enrichment nor the CRM knows: fit unverifiable, confidence capped the same |
| `short_message` | too few words and no strong context (a CRM record or an ICP match): intent becomes `unclear` |
| `unclear_intent` | an unclear lead is never auto-actioned |
| `inconsistent_output` | the model's fields contradict each other: review |
| `disqualifier` | competitor, disposable address or ICP disqualifier: never auto-routed |
| `suspicious_content` | injection-like text (`injection_attempt`, `directive:*`: see `_injection`), a look-alike domain or a message too long to keep whole: review |
| `unusual_text` | text out of the ordinary (`unusual:*`: a language the policy does not expect, hidden markup, prose in a link...: see `_unusual`): an auto-route becomes review; never a rejection |
| `account_control` | a request that moves control of an account elsewhere (`account_control:*`: see `_account_control`): an auto-route becomes review; named whatever else sent the lead to review, to be verified out of band |
| `legal_threat` | a threat of legal action (`legal_threat`: see `_legal`): an auto-route becomes review |
| `outside_icp` | no requirement of the route holds and enrichment places the company outside a hard ICP criterion: review |
| `fit_unverified` | no requirement of the route holds and the data to check one is missing: review |
| `known_contact` | someone in the CRM is never auto-rejected |
| `real_company` | a business domain enriched to a company in an ICP industry is never auto-rejected |
| `unproven_spam` | a spam verdict the text does not back (`_spam`: spam phrases, links, gibberish, read as the rules model reads them): review |
| `crm_unavailable` | the CRM could not be searched (history unknown: a customer's protection and owner cannot be checked): review |
| `fallback_model` | the LLM failed and the rules model answered: review, unless the policy lets fallback runs act |
| `confidence_floor` | an auto-action below the floor: review |
| `default_assignee` | an auto-route with no assignee gets the route's owner |
| `model_unavailable` | no valid classification: review |

A route's requirements (`routing.<assignee>.requires`) are checked on data, never on the sender's words: `icp_match`
(enrichment inside every hard ICP criterion: size, industry, country), `known_customer` or `open_deal` (the CRM,
read by `vocab.crm_standing`). Any one is enough; an empty list requires nothing.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from confusable_homoglyphs import confusables  # pyright: ignore[reportMissingTypeStubs]

from . import _account_control, _domains, _injection, _legal, _text, _unusual
from ._spam import spam_evidence
from .icp import IcpCheck, icp_check
from .models import Action, Assignee, Classification, CrmRecord, Decision, Enrichment, Intent, Lead
from .policy import Policy, Requirement
from .vocab import CrmStanding, crm_standing

__all__ = ('Precheck', 'Seen', 'decide', 'decide_without_classification', 'dedupe_key', 'precheck', 'submitter_key')

SUSPICIOUS_FLAGS = frozenset({'injection_attempt', 'homoglyph_domain', 'punycode_domain', 'message_truncated'})
_AUTO_ROUTES: frozenset[Action] = frozenset({'auto_route_sales', 'auto_route_support'})


def dedupe_key(lead: Lead) -> str:
    """sha256 of the normalised submission: same person, same words, same form → same key."""

    def norm(s: str) -> str:
        return ' '.join(s.casefold().split())

    body = json.dumps([norm(lead.email), norm(lead.name), norm(lead.company), norm(lead.message), lead.form])
    return hashlib.sha256(body.encode()).hexdigest()


def _looks_alike(domain: str) -> bool:
    # Decode punycode labels first: `xn--pple-43d.com` is `аpple.com` with a Cyrillic 'а'.
    labels: list[str] = []
    for label in domain.split('.'):
        try:
            labels.append(label.encode('ascii').decode('idna') if label.startswith('xn--') else label)
        except UnicodeError:
            return True  # a malformed punycode label is itself a red flag
    shown = '.'.join(labels)
    if shown.isascii():
        return False
    mixed: bool = confusables.is_mixed_script(shown)  # pyright: ignore[reportUnknownMemberType]
    return mixed or bool(confusables.is_dangerous(shown))  # pyright: ignore[reportUnknownMemberType]


@dataclass(frozen=True)
class Seen:
    """What the store knew when the submission arrived."""

    duplicate_of: str | None = None
    """Run id of an earlier run with the same dedupe key (within the window) or delivery id."""
    ip_hits: int = 0
    """Submissions from the same submitter (`Lead.rate_key`) within the rate-limit window, this one included."""
    flood_notice: bool = False
    """This submission claimed its submitter's flood notice for the window (`pipeline._precheck`): the first run
    over the rate limit to do so, whichever order the runs were counted in."""


@dataclass(frozen=True)
class Precheck:
    """The cheap checks' verdict: an early end, or flags for the later stages."""

    dedupe_key: str
    outcome: Literal['duplicate', 'blocked', 'rate_limited'] | None
    flags: tuple[str, ...] = ()
    word_count: int = 0
    notes: tuple[str, ...] = field(default=())
    first_over_limit: bool = False
    """The submitter's first submission over the rate limit in this window (the one the review channel hears of)."""

    @property
    def email_kind(self) -> Literal['free', 'disposable', 'business']:
        """Free webmail, a throw-away address, or a company domain."""
        if 'disposable_email' in self.flags:
            return 'disposable'
        return 'free' if 'free_email' in self.flags else 'business'


def _flags(lead: Lead, policy: Policy) -> list[str]:
    domain = lead.domain
    checks = [
        ('free_email', _domains.matches(domain, _domains.FREE) or _domains.matches(domain, policy.free_email_domains)),
        ('disposable_email', _domains.matches(domain, _domains.DISPOSABLE)),
        ('competitor_domain', _domains.matches(domain, policy.competitor_domains)),
        ('blocklisted_domain', _domains.matches(domain, policy.blocklisted_domains)),
        # email-validator hands back IDN domains in Unicode; on the wire they are punycode (xn--).
        ('punycode_domain', not domain.isascii() or any(label.startswith('xn--') for label in domain.split('.'))),
        ('homoglyph_domain', _looks_alike(domain)),
    ]
    flags = [name for name, hit in checks if hit]
    # Every string the sender wrote, the phone and the address's local part included.
    fields = [lead.name, lead.company, lead.message, lead.phone or '', lead.email.rpartition('@')[0].replace('.', ' '),
              *lead.extra.keys(), *lead.extra.values()]
    flags += _injection.flags(fields, policy, short=_injection.short_fields(lead))
    if any(_text.has_html(f) for f in fields):
        flags.append('html_content')
    webmail = 'free_email' in flags or 'disposable_email' in flags
    flags += [f'unusual:{r}' for r in _unusual.reasons(lead, policy.languages, webmail=webmail,
                                                       free_domains=policy.free_email_domains)]
    flags += [f'account_control:{kind}' for kind in
              _account_control.requests([lead.message, lead.company, *lead.extra.values()], lead.email,
                                        webmail=webmail)]
    company = _injection.vocabulary(policy).company
    if any(_legal.threatens(f, company) for f in (lead.message, *lead.extra.values())):
        flags.append('legal_threat')
    everything = ' '.join([lead.company, lead.message])
    flags += [f'disqualifier:{d.id}' for d in policy.icp.disqualifiers if _text.find_phrases(everything, d.keywords)]
    if lead.message_truncated:
        flags.append('message_truncated')
    if lead.answers_cut:  # a reviewer reads the rest in the run's raw body
        flags.append('raw_body_has_more')
    return flags


def precheck(lead: Lead, policy: Policy, seen: Seen) -> Precheck:
    """Run the checks that need no model: duplicate, blocklist, rate limit, suspicious content."""
    flags = _flags(lead, policy)
    word_count = _text.word_count(lead.message)
    if word_count < policy.thresholds.short_message_words:
        flags.append('short_message')
    outcome: Literal['duplicate', 'blocked', 'rate_limited'] | None = None
    notes: list[str] = []
    if seen.duplicate_of is not None:
        outcome = 'duplicate'
        notes.append(f'same submission as run {seen.duplicate_of}')
    elif seen.ip_hits > policy.thresholds.rate_limit.per_ip:
        outcome = 'rate_limited'
        notes.append(f'{seen.ip_hits} submissions from this submitter in {policy.thresholds.rate_limit.window_seconds} s'
                     f' (limit {policy.thresholds.rate_limit.per_ip})')
    elif 'blocklisted_domain' in flags:
        outcome = 'blocked'
        notes.append(f'{lead.domain} is blocklisted')
    return Precheck(dedupe_key=dedupe_key(lead), outcome=outcome, flags=tuple(flags), word_count=word_count,
                    notes=tuple(notes),
                    first_over_limit=outcome == 'rate_limited' and seen.flood_notice)


def submitter_key(source_ip: str | None, email: str) -> str:
    """The rate limit's key for a submission: the submitter's IP when the payload reports one, else their address.

    Never the address that connected: every webhook comes from a vendor's (or the site's own) server, which sends
    everybody's leads. The address is hashed (the key is kept with the hit counts, and needs no personal data).
    """
    if source_ip:
        return f'ip:{source_ip}'
    return 'email:' + hashlib.sha256(email.casefold().encode()).hexdigest()[:32]


def _route_requirements(action: Action, assigned: Assignee | None, policy: Policy, icp: IcpCheck,
                        standing: CrmStanding, fire: Callable[[str, str], None]) -> Action:
    """An auto-route only when the data shows one of the route's requirements; else a person decides."""
    if action not in _AUTO_ROUTES:
        return action
    who: Assignee = 'support' if action == 'auto_route_support' else assigned if assigned == 'founder' else 'sales'
    route = policy.routing.get(who) or policy.routing['sales']
    held: dict[Requirement, bool] = {'icp_match': icp.verdict == 'match', 'known_customer': standing.known_customer,
                                     'open_deal': standing.open_deal}
    if not route.requires or any(held[r] for r in route.requires):
        return action
    crm = standing.describe() if {'known_customer', 'open_deal'} & set(route.requires) else ''
    if 'icp_match' in route.requires and icp.verdict == 'outside':
        why = '; '.join(icp.outside)
        rule = 'outside_icp'
    else:
        unknown = [f'{u} unknown' for u in icp.unknown] if 'icp_match' in route.requires else []
        why = '; '.join(unknown)
        rule = 'fit_unverified'
    why = '; '.join(w for w in (why, crm) if w)
    fire(rule, f'{who} needs {" or ".join(route.requires)}: {why}: {action} → human_review')
    return 'human_review'


def _inconsistency(intent: Intent, action: Action, assigned: Assignee | None, fit: int, policy: Policy) -> str | None:
    if intent == 'spam' and fit >= policy.thresholds.spam_max_fit:
        return f'spam with fit score {fit}'
    if action == 'auto_reject_spam' and intent != 'spam':
        return f'reject as spam but intent is {intent}'
    if action == 'auto_route_sales' and intent not in ('buying', 'researching'):
        return f'routed to sales but intent is {intent}'
    if action == 'auto_route_sales' and assigned == 'support':
        return 'routed to sales but assigned to support'
    if action == 'auto_route_support' and intent != 'support':
        return f'routed to support but intent is {intent}'
    if action == 'auto_route_support' and assigned not in (None, 'support'):
        return f'routed to support but assigned to {assigned}'
    return None


def _signal_rules(pre: Precheck, action: Action, fire: Callable[[str, str], None]) -> Action:
    # These two fire whenever their signal is present, so the record shows why even when the model agreed.
    disqualifiers = [f for f in pre.flags if f == 'competitor_domain' or f == 'disposable_email'
                     or f.startswith('disqualifier:')]
    if disqualifiers:
        if action in _AUTO_ROUTES:
            fire('disqualifier', f'{", ".join(disqualifiers)}: {action} → human_review')
            action = 'human_review'
        else:
            fire('disqualifier', f'{", ".join(disqualifiers)}: {action} allowed')
    suspicious = [f for f in pre.flags if f in SUSPICIOUS_FLAGS or f.startswith('directive:')]
    if suspicious:
        fire('suspicious_content', f'{", ".join(suspicious)}: {action} → human_review')
        action = 'human_review'
    # Weird text goes to a person, never to an action; a spam verdict stays (nothing here rejects or loses a lead).
    unusual = [f for f in pre.flags if f.startswith('unusual:')]
    if unusual and action in _AUTO_ROUTES:
        fire('unusual_text', f'{", ".join(unusual)}: {action} → human_review')
        action = 'human_review'
    elif unusual:
        fire('unusual_text', f'{", ".join(unusual)}: {action} allowed')
    # A request that moves control of an account elsewhere (its admin or billing address, its password) is verified
    # by a person before anyone acts on it: it reads as a routine ticket, and a routine ticket gets done (`_account_control`).
    # Said whatever else sent it to a person (an address elsewhere is also `unusual:foreign_address`): the reviewer
    # is told to verify it, not only that it was unusual.
    control = [f for f in pre.flags if f.startswith('account_control:')]
    if control and action in _AUTO_ROUTES:
        fire('account_control', f'{", ".join(control)}: verify the request out of band; {action} → human_review')
        action = 'human_review'
    elif control:
        fire('account_control', f'{", ".join(control)}: verify the request out of band; {action}')
    # A threat of legal action needs the company's leadership and counsel, not a queue (`_legal`).
    if 'legal_threat' in pre.flags and action in _AUTO_ROUTES:
        fire('legal_threat', f'legal_threat: for leadership and counsel; {action} → human_review')
        action = 'human_review'
    return action


def _reject_requirements(action: Action, lead: Lead, pre: Precheck, enrichment: Enrichment | None,
                         history: list[CrmRecord], policy: Policy, fire: Callable[[str, str], None]) -> Action:
    """Spam is rejected only when nothing shows a real prospect: no CRM record, no company maybe in an ICP industry.

    A company whose industry can't be read counts as maybe: a lost lead costs more than a review.
    """
    if action != 'auto_reject_spam':
        return action
    if history:
        fire('known_contact', f'{len(history)} CRM record(s): never auto-rejected → human_review')
        return 'human_review'
    if pre.email_kind == 'business' and enrichment is not None \
            and policy.icp.industry_fit(enrichment.industry) != 'out':
        fire('real_company', f'{lead.domain} is {enrichment.name or "a company"} ({enrichment.industry}): '
                             'never auto-rejected → human_review')
        return 'human_review'
    evidence = spam_evidence(lead.message, lead.company, lead.extra.values())
    if not evidence.is_spam:
        shown = f'only {", ".join(evidence.signals)}' if evidence.signals else 'no spam signal'
        fire('unproven_spam', f'{shown} in the text: a spam verdict the text does not back → human_review')
        return 'human_review'
    return action


def decide(
    lead: Lead,
    pre: Precheck,
    enrichment: Enrichment | None,
    history: list[CrmRecord],
    classification: Classification,
    policy: Policy,
    *,
    fallback: bool = False,
    history_unknown: bool = False,
) -> Decision:
    """Turn a validated classification into what may happen. Deterministic; every rule that fires is named.

    `fallback` says the classification came from the rules model standing in for a failed LLM; `history_unknown`
    that the CRM could not be searched (`history` is empty for want of an answer, not because nobody is there).
    """
    t = policy.thresholds
    rules: list[str] = []
    notes: list[str] = []

    def fire(rule: str, note: str) -> None:
        rules.append(rule)
        notes.append(f'{rule}: {note}')

    c = classification
    intent, action, assigned, confidence = c.intent, c.recommended_action, c.assigned_to, c.confidence

    icp, standing = icp_check(enrichment, policy), crm_standing(history)
    if enrichment is None and confidence > t.free_email_confidence_cap:
        # Nothing but the sender's own words says who they are: a free address, or a business domain nobody knows.
        if pre.email_kind != 'business':
            confidence = t.free_email_confidence_cap
            fire('free_email_cap', f'{pre.email_kind} address and no company data: confidence capped at {confidence}')
        elif not history:
            confidence = t.free_email_confidence_cap
            fire('unverified_cap', f'{lead.domain} unknown to enrichment and the CRM: confidence capped at {confidence}')

    # The form a lead used is the sender's choice, not context: only data counts.
    strong_context = bool(history) or icp.verdict == 'match'
    if pre.word_count < t.short_message_words and not strong_context and intent != 'unclear':
        fire('short_message', f'{pre.word_count} words and no strong context: intent {intent} → unclear')
        intent = 'unclear'

    if intent == 'unclear' and action != 'human_review':
        fire('unclear_intent', f'intent unclear: {action} → human_review')
        action = 'human_review'

    problem = _inconsistency(intent, action, assigned, c.fit_score, policy)
    if problem is not None and action != 'human_review':
        fire('inconsistent_output', f'{problem}: {action} → human_review')
        action = 'human_review'
    elif problem is not None:
        fire('inconsistent_output', problem)

    action = _signal_rules(pre, action, fire)
    action = _route_requirements(action, assigned, policy, icp, standing, fire)

    action = _reject_requirements(action, lead, pre, enrichment, history, policy, fire)

    if history_unknown and action != 'human_review':
        # An empty history read as "nobody in the CRM": a customer's message rejected as spam (known_contact never
        # saw them) and routes made past their CRM owner, while HubSpot or the database was down (helper-67).
        fire('crm_unavailable', f'the CRM could not be searched, so its history is unknown: {action} → human_review')
        action = 'human_review'

    if fallback and action != 'human_review' and not t.fallback_may_auto_act:
        fire('fallback_model', f'classified by the fallback model: {action} → human_review')
        action = 'human_review'

    # Routes need the capped confidence; a spam verdict needs the model's own, since a free-email address
    # lowers confidence in a lead's fit, not in its being spam.
    needed = c.confidence if action == 'auto_reject_spam' else confidence
    if action != 'human_review' and needed < t.confidence_floor:
        fire('confidence_floor', f'confidence {needed:.2f} < {t.confidence_floor}: {action} → human_review')
        action = 'human_review'

    priority = c.priority
    if action == 'auto_reject_spam':
        assigned, priority = None, 'low'
    elif action == 'auto_route_sales' and assigned is None:
        assigned = 'sales'
        fire('default_assignee', 'auto-route to sales with no assignee → sales')
    elif action == 'auto_route_support' and assigned is None:
        assigned = 'support'
        fire('default_assignee', 'auto-route to support with no assignee → support')

    acknowledge = action in _AUTO_ROUTES and assigned is not None and assigned in policy.email_templates
    return Decision(action=action, assigned_to=assigned, priority=priority, rules=rules, notes=notes,
                    effective_confidence=confidence, acknowledge=acknowledge)


def decide_without_classification(reason: str, detail: str) -> Decision:
    """The decision when no valid classification exists: always a human."""
    return Decision(action='human_review', assigned_to=None, priority='medium', rules=['model_unavailable'],
                    notes=[f'model_unavailable: {reason}: {detail}'])
