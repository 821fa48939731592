"""The one progress bar of the CLI's long commands (`triage`, `eval`): count, rate, elapsed time and ETA."""

from __future__ import annotations

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

__all__ = ('progress_bar',)


class _Rate(ProgressColumn):
    def __init__(self, unit: str) -> None:
        super().__init__()
        self.unit = unit

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f'{speed:.1f} {self.unit}/s' if speed else f'… {self.unit}/s', style='progress.data.speed')


def progress_bar(console: Console, unit: str, *, transient: bool = False) -> Progress:
    """A bar whose tasks are labelled by their description; `unit` names what the rate counts (leads, cases).

    Only the console's own stream is drawn on: stdout stays free for JSON lines or a table.
    """
    return Progress(TextColumn('{task.description}'), BarColumn(), MofNCompleteColumn(), _Rate(unit),
                    TimeElapsedColumn(), TextColumn('ETA'), TimeRemainingColumn(), console=console,
                    transient=transient, redirect_stdout=False)
