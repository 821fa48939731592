"""Trend charts over the eval history: coordinates for inline SVG, drawn by the report's template (no script)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .history import HistoryEntry

__all__ = ('Chart', 'Point', 'Series', 'trend_charts')

WIDTH, HEIGHT = 360, 150
_LEFT, _RIGHT, _TOP, _BOTTOM = 44, 10, 10, 22
# Colour-blind-safe (Okabe-Ito), one per model in the order the models first appear.
_COLOURS = ('#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000')


@dataclass(frozen=True)
class Point:
    """A run's value, placed in the chart."""

    x: float
    y: float
    title: str
    """The hover text: when, which commit, the value."""


@dataclass(frozen=True)
class Series:
    """One model's runs."""

    model: str
    colour: str
    points: list[Point]

    @property
    def path(self) -> str:
        """The SVG path through the points."""
        return ' '.join(f'{"M" if i == 0 else "L"}{p.x:.1f},{p.y:.1f}' for i, p in enumerate(self.points))


@dataclass(frozen=True)
class Chart:
    """One figure over the history: a line per model, grid lines and dates."""

    title: str
    series: list[Series]
    ticks: list[tuple[float, str]]
    """(y, label) of each grid line."""
    first: str
    last: str
    """Dates under the x axis's two ends."""
    width: int = WIDTH
    height: int = HEIGHT
    left: int = _LEFT
    right: int = WIDTH - _RIGHT


def _percent(v: float) -> str:
    return f'{v:.1%}'


def _chart(title: str, entries: list[HistoryEntry], value: Callable[[HistoryEntry], float], top: float,
           label: Callable[[float], str], ticks: list[float]) -> Chart:
    span_x = WIDTH - _LEFT - _RIGHT
    span_y = HEIGHT - _TOP - _BOTTOM

    def x(i: int) -> float:
        return _LEFT + (span_x * i / (len(entries) - 1) if len(entries) > 1 else span_x / 2)

    def y(v: float) -> float:
        return _TOP + span_y * (1 - min(v, top) / top)

    models = list(dict.fromkeys(e.model for e in entries))
    series = [Series(model=m, colour=_COLOURS[n % len(_COLOURS)], points=[
        Point(x(i), y(value(e)), f'{e.timestamp:%Y-%m-%d %H:%M} · {(e.commit or "no commit")[:12]} · {e.model} · '
                                 f'{title}: {label(value(e))} ({e.cases} cases)')
        for i, e in enumerate(entries) if e.model == m]) for n, m in enumerate(models)]
    return Chart(title=title, series=series, ticks=[(y(t), label(t)) for t in ticks],
                 first=f'{entries[0].timestamp:%Y-%m-%d}', last=f'{entries[-1].timestamp:%Y-%m-%d}')


def trend_charts(entries: list[HistoryEntry], limit: int = 60) -> list[Chart]:
    """Action accuracy, unsafe auto-actions and auto-action rate over the last `limit` entries, one line per model."""
    entries = entries[-limit:]
    if not entries:
        return []
    most_unsafe = max(1, *(e.unsafe_auto_actions for e in entries))
    unsafe_ticks = sorted({0, most_unsafe // 2, most_unsafe})
    return [
        _chart('action accuracy', entries, lambda e: e.action_accuracy, 1.0, _percent, [0.0, 0.5, 1.0]),
        _chart('unsafe auto-actions', entries, lambda e: float(e.unsafe_auto_actions), float(most_unsafe),
               lambda v: f'{v:.0f}', [float(t) for t in unsafe_ticks]),
        _chart('auto-action rate', entries, lambda e: e.auto_action_rate, 1.0, _percent, [0.0, 0.5, 1.0]),
    ]
