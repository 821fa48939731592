"""`python -m lead_agent.cli`: how `lead-agent serve` starts its workers."""

from . import app

app()
