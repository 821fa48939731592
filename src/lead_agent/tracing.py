"""Tracing set-up for the CLI and hosts: Logfire, the console, or any OTLP backend.

The library itself only emits spans through `logfire-api`, and only once tracing is switched on: by
`configure_tracing`, or by `instrument()` for a host that configures Logfire itself. Until then `span()` hands out
one shared no-op, so a run pays nothing for tracing (an installed but unconfigured Logfire still would).

Spans: `Triage lead` per run, one per stage (`Check submission`, `Retrieve context`, `Classify lead`,
`Decide action`, `Act on decision`, `Record run`), pydantic-ai's `invoke_agent`, `chat <model>` and
`execute_tool <tool>`, and one per outbound HTTP request. No message text, tool arguments or results unless
`personal_data` is on; lead-agent's own span attributes never hold names, emails, phones or messages.
"""

from __future__ import annotations

import os
from typing import Any, Literal, Protocol, Self

import logfire_api

from .exceptions import ConfigError

__all__ = ('Span', 'configure_tracing', 'instrument', 'span', 'uninstrument')

_on = False


class Span(Protocol):
    """What `span()` gives: a context manager that takes attributes."""

    def __enter__(self) -> Self: ...

    def __exit__(self, *exc_info: Any) -> Any: ...

    def set_attribute(self, key: str, value: Any) -> None:
        """Attach an attribute (dropped when tracing is off)."""
        ...


class _NoSpan:
    __slots__ = ()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: Any) -> None:
        return None

    def set_attribute(self, key: str, value: Any) -> None:
        return None


_NO_SPAN = _NoSpan()


def span(name: str, **attributes: Any) -> Span:
    """A Logfire span named `name` when tracing is on; else one shared no-op, which costs nothing."""
    if not _on:
        return _NO_SPAN
    return logfire_api.span(name, **attributes)


def instrument(*, personal_data: bool = False) -> None:
    """Switch lead-agent's spans on, and instrument pydantic-ai and outbound HTTP, on an already configured Logfire."""
    global _on
    import logfire

    logfire.instrument_pydantic_ai(include_content=personal_data)
    logfire.instrument_httpx(capture_headers=False)  # pyright: ignore[reportUnknownMemberType]
    _on = True


def uninstrument() -> None:
    """Undo `instrument()`: lead-agent's spans off, pydantic-ai and outbound HTTP uninstrumented."""
    global _on
    from opentelemetry.instrumentation.httpx import HTTPXClientInstrumentor
    from pydantic_ai import Agent

    _on = False
    Agent.instrument_all(False)
    HTTPXClientInstrumentor().uninstrument()


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
