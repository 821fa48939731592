"""The `lead-agent` command line: one module per command or group of commands."""

# The import order is the order of `lead-agent --help`.
from ._common import app  # noqa: I001
from . import init, triage, backtest, log, outbox, review, evaluate, serve, ops, database, doctor

__all__ = ['app', 'backtest', 'database', 'doctor', 'evaluate', 'init', 'log', 'ops', 'outbox', 'review', 'serve',
           'triage']
