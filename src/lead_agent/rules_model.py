"""The offline `rules` model: a deterministic classifier behind pydantic-ai's `FunctionModel`.

It plays the model's part in the real agent loop: reads the delimited submission, calls the three
retrieval tools, then answers through the output tool, so tool calls and output validation run as
they would with an LLM. It only sees what an LLM would see: the prompt and the tool results.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from pydantic_ai.messages import ModelMessage, ModelRequest, ModelResponse, ToolCallPart, ToolReturnPart, UserPromptPart
from pydantic_ai.models.function import AgentInfo, FunctionModel

from . import _text
from .agent import DATA_CLOSE, DATA_OPEN
from .policy import Policy

__all__ = ('RULES_MODEL_NAME', 'rules_model')

RULES_MODEL_NAME = 'rules'

SPAM = ('seo', 'backlink', 'backlinks', 'link building', 'guest post', 'guest posting', 'first page of google',
        'rank higher', 'ranking on google', 'increase your traffic', 'website traffic', 'domain authority',
        'crypto', 'cryptocurrency', 'bitcoin', 'btc', 'nft', 'forex', 'casino', 'betting', 'viagra', 'cialis',
        'payday loan', 'make money', 'work from home', 'earn $', 'investment opportunity', 'guaranteed returns',
        'web design services', 'lead generation services', 'email list', 'contact list', 'b2b database',
        'outsourcing services', 'offshore team', 'dedicated developers', 'app development services',
        'social media marketing services', 'unsubscribe', 'click here', 'limited offer', 'act now', 'winner',
        'airdrop', 'wallet', 'usdt')
SUPPORT = ('not working', 'error', 'bug', 'broken', 'crash', 'crashes', "can't log in", 'cannot log in',
           "can't login", 'login', 'log in', 'password', 'reset', 'locked out', 'invoice', 'billing', 'refund',
           'charged', 'support', 'issue with', 'problem with', 'outage', 'is down', 'help with our', 'our account',
           'our subscription', 'ticket', 'sync', 'failing', 'failed', 'stopped', 'slow')
BUYING = ('demo', 'pricing', 'price', 'prices', 'quote', 'buy', 'purchase', 'trial', 'licenses', 'licences', 'seats',
          'contract', 'procurement', 'budget', 'rollout', 'roll out', 'implement', 'implementation', 'onboard',
          'upgrade', 'expand', 'add more', 'enterprise plan', 'proposal', 'rfp', 'how much', 'cost', 'costs',
          'sign up', 'subscribe', 'get started', 'replace', 'switch from', 'switching from', 'migrate',
          'looking for a solution', 'need a solution', 'interested in your', 'would like to see',
          # a few non-English buying words
          'demostración', 'precio', 'precios', 'presupuesto', 'cotización', 'preis', 'preise', 'angebot',
          'vorführung', 'démo', 'démonstration', 'tarif', 'tarifs', 'devis', 'prix', 'orçamento', 'preço',
          'demonstração', 'prezzo', 'preventivo', 'offerte', 'prijs', 'prijzen', '見積', '価格', 'デモ')
RESEARCH = ('learn more', 'curious', 'research', 'researching', 'comparing', 'compare', 'comparison',
            'information', 'info', 'whitepaper', 'case study', 'case studies', 'how does', 'does it', 'do you support',
            'exploring', 'early stage', 'next year', 'just looking', 'understand', 'overview', 'brochure',
            'webinar', 'integrate with', 'integration with', 'evaluating', 'evaluate', 'options')
# Words that mean a buying step on their own, even inside a research-flavoured message.
DIRECT_BUYING = frozenset(('demo', 'pricing', 'price', 'prices', 'quote', 'buy', 'purchase', 'trial', 'proposal',
                           'rfp', 'how much', 'cost', 'costs', 'contract', 'licenses', 'licences', 'seats'))
URGENT = ('urgent', 'asap', 'outage', 'is down', 'immediately', 'critical', 'all clinics', 'today')
_SIZE = re.compile(r'(\d[\d,.]*)\s*(\+\s*)?(employees|staff|people|providers|clinicians|locations|clinics|users)',
                   re.IGNORECASE)


@dataclass
class _Evidence:
    data: dict[str, Any]
    company: dict[str, Any] | None
    company_note: str
    records: list[dict[str, Any]]
    checks: dict[str, Any]


def _submission(messages: list[ModelMessage]) -> dict[str, Any]:
    for message in messages:
        if isinstance(message, ModelRequest):
            for part in message.parts:
                if isinstance(part, UserPromptPart) and isinstance(part.content, str) and DATA_OPEN in part.content:
                    body = part.content.split(DATA_OPEN, 1)[1].rsplit(DATA_CLOSE, 1)[0]
                    try:
                        data = json.loads(body)
                    except json.JSONDecodeError:
                        return {}
                    return data if isinstance(data, dict) else {}  # pyright: ignore[reportUnknownVariableType]
    return {}


def _tool_results(messages: list[ModelMessage]) -> dict[str, Any]:
    results: dict[str, Any] = {}
    for message in messages:
        if isinstance(message, ModelRequest):
            for part in message.parts:
                if isinstance(part, ToolReturnPart):
                    content = part.content
                    if isinstance(content, str):
                        try:
                            content = json.loads(content)
                        except json.JSONDecodeError:
                            content = {'error': content}
                    results[part.tool_name] = content
    return results


def _fit(ev: _Evidence, policy: Policy, text: str) -> tuple[int, list[str]]:
    icp = policy.icp
    why: list[str] = []
    co = ev.company
    lo, hi = icp.employees_min, icp.employees_max
    if co is not None:
        score = 10
        name = co.get('name') or co.get('domain')
        emp, industry, country = co.get('employees'), co.get('industry'), co.get('country')
        why.append(f'{name}: {emp or "?"} employees, {industry or "industry unknown"}, {country or "country unknown"}')
        if isinstance(emp, int):
            if emp >= lo and (hi is None or emp <= hi):
                score += 35
                why.append(f'size in ICP range {lo}-{hi or "∞"}')
            elif emp >= lo * 0.5 and (hi is None or emp <= hi * 2):
                score += 15
                why.append(f'size near ICP range {lo}-{hi or "∞"}')
            else:
                why.append(f'size outside ICP range {lo}-{hi or "∞"}')
        if industry and (not icp.industries or industry.casefold() in {i.casefold() for i in icp.industries}):
            score += 30
            why.append(f'industry {industry} is a target')
        elif industry:
            why.append(f'industry {industry} is not a target')
        if country and (not icp.countries or country.upper() in {c.upper() for c in icp.countries}):
            score += 15
            why.append(f'{country} is a target country')
        elif country:
            why.append(f'{country} is outside target countries')
        indicators = ' '.join(icp.fit_indicators).casefold()
        tech = [t for t in co.get('tech', []) if isinstance(t, str) and t.casefold() in indicators]
        if tech:
            score += 10
            why.append(f'uses {", ".join(tech)}')
    else:
        score = 15 if ev.checks.get('free_email') or ev.checks.get('disposable_email') else 30
        why.append(f'no company data ({ev.company_note or "not found"})')
        for match in _SIZE.finditer(text):
            try:
                n = int(float(match.group(1).replace(',', '')))
            except ValueError:
                continue
            unit = match.group(3).lower()
            if unit in ('employees', 'staff', 'people') and n >= lo and (hi is None or n <= hi):
                score += 20
                why.append(f'says {n} {unit}, inside ICP size')
                break
            if unit in ('locations', 'clinics') and n >= 3:
                score += 20
                why.append(f'says {n} {unit}')
                break
    hits = _text.find_phrases(text, [w for ind in icp.fit_indicators for w in re.findall(r'[A-Za-z][\w-]{3,}', ind)
                                     if w[0].isupper()])
    if hits:
        score += min(15, 5 * len(hits))
        why.append(f'mentions {", ".join(sorted(set(hits))[:4])}')
    if ev.records:
        why.append(f'CRM: {len(ev.records)} prior record(s), latest {ev.records[0].get("type")} '
                   f'{ev.records[0].get("date")}: {str(ev.records[0].get("summary", ""))[:80]}')
    return max(0, min(100, score)), why


def _is_customer(records: list[dict[str, Any]]) -> bool:
    for r in records:
        stage = str(r.get('lifecycle_stage') or '').casefold()
        summary = str(r.get('summary') or '').casefold()
        if stage == 'customer' or r.get('type') == 'ticket' or 'closed won' in summary or 'customer' in summary:
            return True
    return False


def classify(ev: _Evidence, policy: Policy) -> dict[str, Any]:
    """The rule-based classification: every schema field, from the prompt and tool results alone."""
    data = ev.data
    message = str(data.get('message') or '')
    company_text = str(data.get('company') or '')
    extra = ' '.join(str(v) for v in (data.get('other_fields') or {}).values())
    text = ' '.join([company_text, message, extra])
    n_words = len(_text.words(message))
    links = _text.link_count(text)
    gibberish = _text.gibberish_ratio(message)
    customer = _is_customer(ev.records)
    form = str(data.get('form') or 'contact')

    spam_hits = _text.find_phrases(text, SPAM)
    support_hits = _text.find_phrases(message, SUPPORT)
    buying_hits = _text.find_phrases(message, BUYING)
    research_hits = _text.find_phrases(message, RESEARCH)
    disq = [d.id for d in policy.icp.disqualifiers if _text.find_phrases(text, d.keywords)]
    injection = any(_text.looks_like_injection(str(v)) for v in [message, company_text, data.get('name', ''), extra])
    lookalike = bool(ev.checks.get('lookalike_domain'))
    competitor = bool(ev.checks.get('competitor')) or bool(ev.checks.get('blocklisted'))
    free = bool(ev.checks.get('free_email') or ev.checks.get('disposable_email'))

    spam_score = len(spam_hits) + (2 if links >= 3 else 0) + (1 if links and spam_hits else 0)
    spam_score += 3 if gibberish >= 0.5 else 0
    spam_score += 1 if _text.has_html(text) and links else 0
    fit, why = _fit(ev, policy, text)
    if customer:
        fit = max(fit, 70)

    signals: list[str] = []
    if spam_score >= 2 and not customer:
        intent, confidence = 'spam', min(0.97, 0.7 + 0.07 * spam_score)
        fit = min(fit, 10)
        signals.append(f'spam signals: {", ".join(spam_hits[:4]) or "links/gibberish"}')
    elif n_words == 0:
        intent, confidence = 'unclear', 0.3
    elif support_hits and (customer or not buying_hits) and not ({'upgrade', 'expand', 'add more'} & set(buying_hits)):
        intent = 'support'
        confidence = 0.88 if customer else 0.6
        signals.append(f'support request ({", ".join(support_hits[:3])})')
    elif (buying_hits and (len(buying_hits) > len(research_hits) or DIRECT_BUYING & set(buying_hits))) \
            or form in ('demo', 'pricing'):
        intent = 'buying'
        confidence = 0.6 + 0.06 * min(len(buying_hits), 3) + (0.1 if ev.company else 0) + (0.05 if ev.records else 0)
        confidence += 0.05 if form in ('demo', 'pricing') else 0
        signals.append(f'buying signals: {", ".join(buying_hits[:3]) or form + " form"}')
    elif research_hits:
        intent = 'researching'
        confidence = 0.65 + (0.1 if ev.company else 0) + 0.03 * min(len(research_hits), 3)
        signals.append(f'researching ({", ".join(research_hits[:3])})')
    else:
        intent, confidence = 'unclear', 0.4

    short = n_words < policy.thresholds.short_message_words
    strong = bool(ev.records) or (ev.company is not None and fit >= 70) or form in ('demo', 'pricing')
    if short and not strong and intent not in ('spam', 'unclear'):
        signals.append(f'only {n_words} words')
        intent, confidence = 'unclear', min(confidence, 0.5)
    if free and ev.company is None:
        confidence = min(confidence, policy.thresholds.free_email_confidence_cap)
    if intent in ('buying', 'researching') and (support_hits and buying_hits):
        confidence -= 0.1
    confidence = round(max(0.05, min(0.97, confidence)), 2)

    flags = [*(['prompt-injection text'] if injection else []), *(['look-alike domain'] if lookalike else []),
             *(['competitor/blocklisted domain'] if competitor else []), *(f'disqualifier {d}' for d in disq)]
    floor = policy.thresholds.confidence_floor
    assigned: str | None
    if flags and intent != 'spam':
        action, assigned = 'human_review', ('support' if intent == 'support' else 'sales')
        confidence = min(confidence, 0.5)
        signals.extend(flags)
    elif intent == 'spam':
        action = 'auto_reject_spam' if confidence >= floor and not injection and not lookalike else 'human_review'
        assigned = None
    elif intent == 'support':
        action = 'auto_route_support' if customer and confidence >= floor else 'human_review'
        assigned = 'support'
    elif intent == 'buying':
        big = isinstance((ev.company or {}).get('employees'), int) and (ev.company or {})['employees'] >= 1000
        assigned = 'founder' if fit >= 90 and big else 'sales'
        action = 'auto_route_sales' if fit >= 40 and confidence >= floor else 'human_review'
    elif intent == 'researching':
        assigned = 'sales'
        action = 'auto_route_sales' if fit >= 60 and confidence >= floor else 'human_review'
    else:
        action, assigned = 'human_review', None

    if intent == 'spam' or (intent != 'support' and fit < 40):
        priority = 'low'
    elif (intent == 'buying' and fit >= 70) or (intent == 'support' and _text.find_phrases(message, URGENT)):
        priority = 'high'
    elif intent == 'unclear':
        priority = 'low'
    else:
        priority = 'medium'

    reasoning = '; '.join(why + signals)
    if len(reasoning) < 20:
        reasoning = f'{reasoning} (little data to go on)'
    who = str(data.get('name') or 'Someone')
    org = (ev.company or {}).get('name') or company_text or str(data.get('email', '')).rpartition('@')[2]
    facts = ''
    if ev.company:
        facts = f' ({ev.company.get("employees") or "?"} emp, {ev.company.get("industry") or "?"}, ' \
                f'{ev.company.get("country") or "?"})'
    gist = ' '.join(message.split())[:220] or '(empty message)'
    summary = (f'{intent.capitalize()} lead, fit {fit}/100, {priority} priority: {who} at {org}{facts}'
               f'{" – existing customer" if customer else ""}. Says: "{gist}"')
    return {
        'intent': intent,
        'fit_score': fit,
        'fit_reasoning': reasoning[:500],
        'confidence': confidence,
        'recommended_action': action,
        'assigned_to': assigned,
        'priority': priority,
        'summary_for_slack': summary[:600],
    }


def rules_model(policy: Policy) -> FunctionModel:
    """The deterministic classifier as a pydantic-ai model."""

    def respond(messages: list[ModelMessage], info: AgentInfo) -> ModelResponse:
        data = _submission(messages)
        results = _tool_results(messages)
        email = str(data.get('email', ''))
        domain = email.rpartition('@')[2].lower()
        available = {t.name for t in info.function_tools}
        if not results and available:
            calls: list[ToolCallPart] = []
            for name, args in (('lookup_company', {'domain': domain}), ('search_crm', {'email': email}),
                               ('check_blocklist', {'domain': domain})):
                if name in available:
                    calls.append(ToolCallPart(name, args))
            return ModelResponse(parts=calls)
        company = results.get('lookup_company') or {}
        crm = results.get('search_crm') or {}
        ev = _Evidence(
            data=data,
            company=company.get('company') if company.get('found') else None,
            company_note=str(company.get('note') or company.get('error') or ''),
            records=list(crm.get('records') or []),
            checks=results.get('check_blocklist') or {},
        )
        return ModelResponse(parts=[ToolCallPart(info.output_tools[0].name, classify(ev, policy))])

    return FunctionModel(respond, model_name=RULES_MODEL_NAME)
