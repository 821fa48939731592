"""Who gets a routed lead (DESIGN §7): the CRM owner, a territory, the weighted round robin, the fallback.

```
crm owner ──(use_crm_owner; the contact's by email, else the company's by registered domain)──▶ crm_owner
territory ──(the first rule covering the lead's team, country, size and industry)────────────▶ territory:<id>
round robin ──(the team's members in office and inside their hours, by weight)──────────────▶ round_robin
routing.<team>.owner ───────────────────────────────────────────────────────────────────────▶ fallback
```

Deterministic given the clock and the store: the round robin's state is in the store (`Rotation`), shared by every
worker, and a run's pick is kept by run id, so a resumed run gets the same member and the round moves once.

The round robin is worst-case fair weighted queueing (WF²Q) on integer credits: every round each available member
earns its weight; among those whose credit covers their weight, the one whose next turn comes soonest is picked and
pays the round's total. Over any N picks from one set of members, each member's count is within 1 of N × its share
(`tests/test_routing.py`). A member who is away earns nothing and owes nothing, so their return brings no burst.
"""

from __future__ import annotations

import string
from collections.abc import Iterable, Sequence
from datetime import datetime
from fractions import Fraction
from typing import Protocol
from urllib.parse import quote

from .models import Assignee, Assignment, CrmRecord, Enrichment, Lead, RunRecord
from .policy import BOOKING_FIELDS, EmailTemplate, Member, Policy

__all__ = ('Rotation', 'ack_template', 'assign', 'booking_url', 'crm_owner', 'fallback', 'member_assignment',
           'weighted_pick')


class Rotation(Protocol):
    """The round robin's state, shared by all workers."""

    async def pick(self, run_id: str, pool: str, weights: Sequence[tuple[str, int]], now: datetime) -> str:
        """Atomically pick one of `weights`' member ids for `run_id`; the same run and pool always get the same one."""
        ...


def weighted_pick(credits: Sequence[int], weights: Sequence[int]) -> tuple[int, list[int]]:
    """One round: the index picked and everyone's credit after it (pure; the store keeps the credits)."""
    total = sum(weights)
    earned = [c + w for c, w in zip(credits, weights, strict=True)]
    eligible = [i for i, w in enumerate(weights) if earned[i] >= w] or list(range(len(weights)))
    # The soonest next turn: (total - credit) / weight, ties to the earlier member in the policy.
    chosen = min(eligible, key=lambda i: (Fraction(total - earned[i], weights[i]), i))
    earned[chosen] -= total
    return chosen, earned


def member_assignment(member: Member, team: Assignee, reason: str) -> Assignment:
    """The assignment of a lead to a policy member."""
    return Assignment(team=team, owner=member.name, reason=reason, member_id=member.id,
                      hubspot_owner_id=member.hubspot_owner_id)


def taker_assignment(policy: Policy, rec: RunRecord, user_id: str, user_name: str) -> Assignment:
    """The assignment of a run's lead, in the run's team, to whoever took it in Slack.

    The policy member with that Slack id, or else the Slack user by name.
    """
    team: Assignee = rec.owner.team if rec.owner else (rec.decision.assigned_to if rec.decision else None) or 'sales'
    member = next((m for m in policy.members if m.slack_user == user_id), None)
    return member_assignment(member, team, 'taken') if member is not None \
        else Assignment(team=team, owner=user_name[:200] or user_id, reason='taken')


def _ordered(history: Iterable[CrmRecord]) -> list[CrmRecord]:
    # The contact's records (by email) before the company's (by domain), each newest first.
    records = sorted(history, key=lambda r: r.date, reverse=True)
    return [r for r in records if r.matched_by == 'email'] + [r for r in records if r.matched_by != 'email']


def crm_owner(history: Iterable[CrmRecord], team: Assignee, policy: Policy) -> Assignment | None:
    """The contact's CRM owner, else its company's; one the policy knows as a member of another team only is skipped."""
    for record in _ordered(history):
        if not record.owner:
            continue
        owner = record.owner.strip()
        member = next((m for m in policy.members if m.hubspot_owner_id == owner), None) or policy.member(owner)
        if member is not None:
            if team in member.teams:
                return member_assignment(member, team, 'crm_owner')
            continue
        from_hubspot = (record.record_id or '').startswith('hubspot:') and owner.isdigit()
        return Assignment(team=team, owner=f'HubSpot owner {owner}' if from_hubspot else owner[:200],
                          reason='crm_owner', hubspot_owner_id=owner if from_hubspot else None)
    return None


def fallback(team: Assignee, policy: Policy) -> Assignment | None:
    """`routing.<team>.owner`: a member when it names one, else that person by name; None when unset."""
    route = policy.routing.get(team)
    if route is None or not route.owner:
        return None
    member = policy.member(route.owner)
    if member is not None:
        return member_assignment(member, team, 'fallback')
    return Assignment(team=team, owner=route.owner, reason='fallback')


async def assign(run_id: str, team: Assignee, enrichment: Enrichment | None, history: Iterable[CrmRecord],
                 policy: Policy, now: datetime, rotation: Rotation) -> Assignment | None:
    """The owner of a lead routed to `team`, and the reason; None when the policy names nobody for the team."""
    if policy.use_crm_owner and (owner := crm_owner(history, team, policy)) is not None:
        return owner
    territory = next((t for t in policy.territories if t.covers(team, enrichment)), None)
    if territory is not None and territory.member is not None:
        member = policy.member(territory.member)
        assert member is not None  # the policy checks that it names a member
        return member_assignment(member, team, f'territory:{territory.id}')
    if territory is not None:
        pool, reason = f'territory:{territory.id}', f'territory:{territory.id}'
        members = [m for ref in territory.members if (m := policy.member(ref)) is not None]
    else:
        pool, reason = team, 'round_robin'
        members = [m for m in policy.members if team in m.teams]
    available = [m for m in members if m.available(now)]
    if available:
        picked = await rotation.pick(run_id, pool, [(m.id, m.weight) for m in available], now)
        # A run asking again gets its first pick, who may be away by now (or gone from the policy: the fallback).
        member = policy.member(picked)
        if member is not None:
            return member_assignment(member, team, reason)
    return fallback(team, policy)


def booking_url(owner: Assignment | None, lead: Lead, policy: Policy) -> str | None:
    """The owner's booking link with the lead's values URL-encoded; None when the owner has none."""
    member = policy.member(owner.member_id) if owner is not None and owner.member_id else None
    if member is None or member.booking_link is None:
        return None
    words = lead.name.split()
    values = {'name': lead.name, 'first_name': words[0] if words else '', 'email': lead.email,
              'company': lead.company}
    assert set(values) == BOOKING_FIELDS
    # Every value is encoded whole (`safe=''`): a `&`, `#`, `"` or newline from the form stays inside its field.
    return member.booking_link.format_map({k: quote(v, safe='') for k, v in values.items()})


def _literal(text: str) -> str:
    return text.replace('{', '{{').replace('}', '}}')


def ack_template(template: EmailTemplate, owner: Assignment | None, url: str | None) -> EmailTemplate:
    """The acknowledgement with its `booking` paragraph added when the owner has a booking link, else as it is.

    The owner's name and the link go in as literal text: the result fills only `{name}` and `{company_name}`.
    """
    if template.booking is None or owner is None or url is None:
        return template
    fixed = {'owner_name': _literal(owner.owner), 'booking_link': _literal(url)}
    parts: list[str] = []
    for literal, field, _, _ in string.Formatter().parse(template.booking):
        parts.append(_literal(literal))
        if field is not None:
            parts.append(fixed.get(field, f'{{{field}}}'))
    return EmailTemplate(subject=template.subject, body=f'{template.body.rstrip()}\n\n{"".join(parts)}\n')
