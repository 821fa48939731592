"""Offline evaluation over labeled leads: replay, metrics, gates and reports."""

from .dataset import DatasetProblem, Expected, LabeledCase, load_dataset
from .metrics import Summary, summarize
from .runner import CaseOutcome, CaseResult, EvalRun, run_eval

__all__ = (
    'CaseOutcome',
    'CaseResult',
    'DatasetProblem',
    'EvalRun',
    'Expected',
    'LabeledCase',
    'Summary',
    'load_dataset',
    'run_eval',
    'summarize',
)
