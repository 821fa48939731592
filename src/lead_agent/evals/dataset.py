"""The labeled-lead format (DESIGN §4): one JSON case a line, validated line by line."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..exceptions import InvalidLead
from ..models import Action, CrmRecord, Enrichment, Intent, Lead, Priority

__all__ = ('DatasetProblem', 'Expected', 'LabeledCase', 'load_dataset')


class Expected(BaseModel):
    """The label: what a careful human would have the system do."""

    model_config = ConfigDict(extra='forbid')

    intent: Intent
    action: Action
    priority: Priority
    disqualified: bool = False
    fit: Literal['strong', 'partial', 'poor', 'unknown'] | None = None
    reason: str | None = None


class LabeledCase(BaseModel):
    """One case: a submission, the enrichment and CRM history it saw, and its label."""

    model_config = ConfigDict(extra='forbid')

    id: str = Field(min_length=1)
    submission: dict[str, Any]
    enrichment: Enrichment | None = None
    crm_history: list[CrmRecord] = Field(default_factory=list[CrmRecord])
    expected: Expected
    tags: list[str] = Field(default_factory=list[str])

    def lead(self) -> Lead:
        """The submission as a `Lead` (raises `InvalidLead`)."""
        return Lead.from_submission(self.submission, source='eval')


@dataclass(frozen=True)
class DatasetProblem:
    """A line that could not be used, and why."""

    line: int
    field: str | None
    message: str

    def __str__(self) -> str:
        return f'line {self.line}' + (f', field {self.field}' if self.field else '') + f': {self.message}'


def _loc(loc: tuple[int | str, ...]) -> str:
    return ''.join(f'[{p}]' if isinstance(p, int) else f'.{p}' for p in loc).lstrip('.')


def load_dataset(path: Path) -> tuple[list[LabeledCase], list[DatasetProblem]]:
    """Every valid case, and a problem (line number and field) for every line that is not."""
    cases: list[LabeledCase] = []
    problems: list[DatasetProblem] = []
    seen: set[str] = set()
    text = path.read_bytes().decode('utf-8', 'replace')
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            case = LabeledCase.model_validate(json.loads(line))
            case.lead()
        except json.JSONDecodeError as e:
            problems.append(DatasetProblem(n, None, f'invalid JSON at column {e.colno}: {e.msg}'))
            continue
        except ValidationError as e:
            err = e.errors()[0]
            problems.append(DatasetProblem(n, _loc(err['loc']) or None, err['msg']))
            continue
        except InvalidLead as e:
            problems.append(DatasetProblem(n, f'submission.{e.field}' if e.field else 'submission', str(e)))
            continue
        if case.id in seen:
            problems.append(DatasetProblem(n, 'id', f'duplicate case id {case.id!r}'))
            continue
        seen.add(case.id)
        cases.append(case)
    return cases, problems
