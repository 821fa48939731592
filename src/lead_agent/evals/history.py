"""The eval history: one JSON line per model per `lead-agent eval`, appended beside the dataset."""

from __future__ import annotations

import hashlib
import json
import subprocess
from datetime import datetime
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from .runner import EvalRun

__all__ = ('HistoryEntry', 'append_history', 'default_history_path', 'file_sha256', 'git_commit', 'history_entry',
           'read_history', 'same_dataset')


class HistoryEntry(BaseModel):
    """One model's figures from one eval, as the history keeps them."""

    model_config = ConfigDict(extra='allow')  # lines written by a later version still read

    timestamp: datetime
    commit: str | None
    """The git commit of the folder the eval ran in, when it is a git checkout."""
    dataset: str
    dataset_sha256: str
    policy: str | None
    policy_sha256: str | None
    model: str
    repeat: int = 1
    cases: int
    errors: int
    action_accuracy: float
    intent_accuracy: float
    priority_accuracy: float
    action_pass_k: float
    unsafe_auto_actions: int
    lost_leads: int
    review_rate: float
    auto_action_rate: float
    tokens_per_lead: float
    cost_total_usd: float | None
    cost_per_lead_usd: float | None
    seconds: float


def default_history_path(dataset: Path) -> Path:
    """`evals/leads.jsonl` → `evals/leads.history.jsonl`."""
    return dataset.with_name(f'{dataset.stem}.history.jsonl')


def file_sha256(path: Path) -> str:
    """The file's SHA-256, hex."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def git_commit(cwd: Path) -> str | None:
    """HEAD of the git checkout `cwd` is in (`+dirty` when files changed), None outside one or without git."""
    try:
        head = subprocess.run(['git', 'rev-parse', 'HEAD'], cwd=cwd, capture_output=True, text=True, timeout=10,
                              check=True).stdout.strip()
        dirty = subprocess.run(['git', 'status', '--porcelain', '--untracked-files=no'], cwd=cwd,
                               capture_output=True, text=True, timeout=10, check=True).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return f'{head}+dirty' if dirty else head


def history_entry(run: EvalRun, *, dataset: Path, policy: Path | None, now: datetime,
                  commit: str | None) -> HistoryEntry:
    """The history line for one model's run."""
    s = run.summary
    return HistoryEntry(
        timestamp=now, commit=commit, dataset=str(dataset), dataset_sha256=file_sha256(dataset),
        policy=str(policy) if policy else None, policy_sha256=file_sha256(policy) if policy else None,
        model=run.model, repeat=s.repeat, cases=s.cases, errors=s.errors, action_accuracy=s.action_accuracy,
        intent_accuracy=s.intent_accuracy, priority_accuracy=s.priority_accuracy, action_pass_k=s.action_pass_k,
        unsafe_auto_actions=s.unsafe_auto_actions, lost_leads=s.lost_leads, review_rate=s.review_rate,
        auto_action_rate=s.auto_action_rate, tokens_per_lead=s.tokens_per_lead, cost_total_usd=s.cost_total_usd,
        cost_per_lead_usd=s.cost_per_lead_usd, seconds=round(run.seconds, 3),
    )


def append_history(path: Path, entries: list[HistoryEntry]) -> None:
    """Append the entries, one JSON line each; earlier lines are never rewritten."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open('a', encoding='utf-8') as f:
        f.writelines(entry.model_dump_json() + '\n' for entry in entries)


def read_history(path: Path) -> tuple[list[HistoryEntry], list[str]]:
    """Every readable entry, oldest first, and a problem (with its line number) for each line that is not."""
    if not path.is_file():
        return [], []
    entries: list[HistoryEntry] = []
    problems: list[str] = []
    for n, line in enumerate(path.read_bytes().decode('utf-8', 'replace').splitlines(), start=1):
        if not line.strip():
            continue
        try:
            entries.append(HistoryEntry.model_validate(json.loads(line)))
        except json.JSONDecodeError as e:
            problems.append(f'line {n}: invalid JSON at column {e.colno}: {e.msg}')
        except ValidationError as e:
            err = e.errors()[0]
            problems.append(f'line {n}, field {".".join(str(p) for p in err["loc"])}: {err["msg"]}')
    return entries, problems


def same_dataset(entries: list[HistoryEntry], like: HistoryEntry) -> list[HistoryEntry]:
    """The entries of `like`'s dataset: the same path, or the same content under another path (a shared history)."""
    return [e for e in entries if e.dataset == like.dataset or e.dataset_sha256 == like.dataset_sha256]
