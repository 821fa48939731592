"""Tracing set-up for the CLI and hosts: Logfire, the console, or any OTLP backend.

The library itself only emits spans through `logfire-api`, which does nothing unless Logfire is installed and
configured.

Spans: `Triage lead` per run, one per stage (`Check submission`, `Retrieve context`, `Classify lead`,
`Decide action`, `Act on decision`, `Record run`), pydantic-ai's `invoke_agent`, `chat <model>` and
`execute_tool <tool>`, and one per outbound HTTP request. No message text, tool arguments or results unless
`personal_data` is on; lead-agent's own span attributes never hold names, emails, phones or messages.
"""

from __future__ import annotations

import os
from typing import Literal

from .exceptions import ConfigError

__all__ = ('configure_tracing', 'instrument')


def instrument(*, personal_data: bool = False) -> None:
    """Instrument pydantic-ai and outbound HTTP on an already configured Logfire."""
    import logfire

    logfire.instrument_pydantic_ai(include_content=personal_data)
    logfire.instrument_httpx(capture_headers=False)  # pyright: ignore[reportUnknownMemberType]


def configure_tracing(mode: Literal['off', 'console', 'logfire'], *, personal_data: bool = False,
                      service_name: str = 'lead-agent') -> bool:
    """Configure Logfire when asked or when the environment says so; return whether tracing is on.

    It is on for `console` and `logfire`, and whenever `LOGFIRE_TOKEN` or `OTEL_EXPORTER_OTLP_ENDPOINT` is set.

    Raises:
        ConfigError: tracing was asked for but the `tracing` extra is not installed.
    """
    wanted = mode != 'off' or bool(os.environ.get('LOGFIRE_TOKEN')) \
        or bool(os.environ.get('OTEL_EXPORTER_OTLP_ENDPOINT'))
    if not wanted:
        # Logfire, when installed, would warn on each span that it is not configured: off means quiet.
        os.environ.setdefault('LOGFIRE_IGNORE_NO_CONFIG', '1')
        return False
    try:
        import logfire
    except ImportError:
        raise ConfigError("tracing needs the tracing extra: pip install 'lead-agent[tracing]'") from None
    logfire.configure(
        service_name=service_name,
        send_to_logfire='if-token-present',
        console=logfire.ConsoleOptions(verbose=True) if mode == 'console' else False,
        # Logfire's scrubber redacts values under keys like password, secret, token, api_key, auth, cookie;
        # add the lead fields in case someone attaches them to a span of their own.
        scrubbing=logfire.ScrubbingOptions(extra_patterns=['email', 'phone', 'message', 'name']) if not personal_data
        else None,
    )
    instrument(personal_data=personal_data)
    return True
