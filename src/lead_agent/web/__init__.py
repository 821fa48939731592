"""The webhook host as a library part (the `host` extra).

Mount `Host.router` in a FastAPI app of your own (with `Host.lifespan`), or run `create_app()` as
`lead-agent serve` does.
"""

from importlib.util import find_spec

if find_spec('fastapi') is None:  # pragma: no cover
    raise ImportError("lead_agent.web needs the host extra: pip install 'lead-agent[host]'")

from .app import Host, create_app
from .settings import HostSettings

__all__ = ('Host', 'HostSettings', 'create_app')
