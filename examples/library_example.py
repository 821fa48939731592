"""Use lead-agent from your own code: the embedded defaults, with your own Slack notifier plugged in."""

from __future__ import annotations

import asyncio
import dataclasses
from pathlib import Path

from lead_agent import Classification, Decision, Lead, load_policy, local_deps, triage
from lead_agent.models import Assignment

HERE = Path(__file__).parent


class PrintNotifier:
    """A `Notifier` of your own: here it prints; yours might call your chat tool."""

    async def post_summary(self, run_id: str, lead: Lead, classification: Classification | None,
                           decision: Decision, channel: str, crm_url: str | None, *,
                           owner: Assignment | None = None) -> str:
        print(f'[{channel}] {decision.priority} lead from {lead.company}: {crm_url}')
        return f'printed:{run_id}'

    async def post_review(self, run_id: str, lead: Lead | None, reason: str, channel: str) -> str:
        print(f'[{channel}] needs review: {reason}')
        return f'printed:{run_id}'


async def main() -> None:
    policy = load_policy(HERE / 'policy.yaml')
    deps = local_deps(policy, database_url='sqlite:///example.db')  # or postgresql://...
    deps = dataclasses.replace(deps, notifier=PrintNotifier())      # swap any backend

    lead = Lead.from_submission({
        'name': 'Tom Becker',
        'email': 'tom@northpeakpt.com',
        'company': 'NorthPeak Physical Therapy',
        'form': 'pricing',
        'message': 'We have 11 clinics in Alberta and still use paper intake forms. '
                   'What does pricing look like for online intake and reminders at all locations?',
    })
    record = await triage(lead, deps)
    if record.classification is None or record.decision is None:  # run it again: the same submission is triaged
        print(record.state, *record.errors)                        # once (`duplicate`, naming the first run)
        return
    print(record.state, record.classification.intent, record.classification.fit_score)
    print('rules fired:', record.decision.rules or 'none')
    print('done:', [(a.kind, a.status) for a in record.actions])


if __name__ == '__main__':
    asyncio.run(main())
