"""The `lead-agent` command line: one module per command or group of commands."""

# The import order is the order of `lead-agent --help`.
from ._common import app  # noqa: I001
from . import init, triage, log, review, evaluate, serve, ops, database, doctor

__all__ = ['app', 'database', 'doctor', 'evaluate', 'init', 'log', 'ops', 'review', 'serve', 'triage']
