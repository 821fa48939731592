"""Model selection: `rules`, any pydantic-ai model string, or an OpenAI-compatible server, with `rules` as fallback.

| `LEAD_AGENT_MODEL` | model |
| --- | --- |
| `rules` | the offline rule-based classifier (default) |
| `openai:gpt-4o-mini`, `openai-chat:…`, `anthropic:claude-haiku-4-5`, … | any pydantic-ai model string |
| `openai-compatible:NAME` | chat completions at `LEAD_AGENT_BASE_URL` (Ollama, vLLM, LM Studio…) |
"""

from __future__ import annotations

from pydantic_ai.exceptions import ModelAPIError, UserError
from pydantic_ai.models import Model, infer_model
from pydantic_ai.models.concurrency import limit_model_concurrency
from pydantic_ai.models.fallback import FallbackModel
from pydantic_ai.settings import ModelSettings

from .exceptions import ConfigError
from .policy import Policy
from .rules_model import RULES_MODEL_NAME, rules_model

__all__ = ('COMPATIBLE_PREFIX', 'build_model', 'model_label', 'model_settings', 'primary_model')

COMPATIBLE_PREFIX = 'openai-compatible:'


def _primary(spec: str, base_url: str | None, api_key: str | None) -> Model:
    if spec.startswith(COMPATIBLE_PREFIX):
        name = spec.removeprefix(COMPATIBLE_PREFIX)
        if not name or not base_url:
            raise ConfigError(f'model {spec} (--model or LEAD_AGENT_MODEL): needs a model name after the colon and '
                              'LEAD_AGENT_BASE_URL (e.g. http://localhost:11434/v1)')
        try:
            from pydantic_ai.models.openai import OpenAIChatModel
            from pydantic_ai.providers.openai import OpenAIProvider
        except ImportError:
            raise ConfigError("openai-compatible models need the openai extra: pip install 'lead-agent[openai]'") \
                from None
        return OpenAIChatModel(name, provider=OpenAIProvider(base_url=base_url, api_key=api_key or 'not-set'))
    try:
        return infer_model(spec)
    except UserError as e:
        raise ConfigError(f'model {spec} (--model or LEAD_AGENT_MODEL): {e}') from None
    except ImportError as e:
        raise ConfigError(f'model {spec} (--model or LEAD_AGENT_MODEL): the provider package is missing ({e.name}); '
                          'install the extra, '
                          "e.g. pip install 'lead-agent[openai]' or 'lead-agent[anthropic]'") from None
    except Exception as e:  # the provider's SDK refusing its settings: an empty OPENAI_API_KEY= line in a .env file
        raise ConfigError(f'model {spec} (--model or LEAD_AGENT_MODEL): {type(e).__name__}: {e}') from None


def primary_model(spec: str, *, base_url: str | None = None, api_key: str | None = None) -> Model | None:
    """The model a spec names, alone (no fallback, no concurrency cap); None for `rules`.

    Raises:
        ConfigError: the spec is unknown, or its provider's package or key is missing.
    """
    spec = spec.strip()
    return None if spec in ('', RULES_MODEL_NAME) else _primary(spec, base_url, api_key)


def model_settings(request_timeout: float = 20.0, max_retries: int = 1) -> ModelSettings:
    """Per-request settings: a timeout per attempt and few SDK retries, since the fallback is the next step.

    `max_tokens` caps the answer (a classification is a few hundred tokens); it also keeps Anthropic requests
    non-streaming.
    """
    return {'timeout': request_timeout, 'max_retries': max_retries, 'temperature': 0.0, 'max_tokens': 1024}


def build_model(spec: str, policy: Policy, *, base_url: str | None = None, api_key: str | None = None,
                fallback: bool = True, max_concurrent: int | None = None) -> Model | None:
    """The model a spec names; None for `rules`. With `fallback`, provider errors fall back to `rules`.

    `max_concurrent` caps the requests in flight to the provider (the fallback is not capped: it is local).

    Raises:
        ConfigError: the spec is unknown, or its provider's package or key is missing.
    """
    primary = primary_model(spec, base_url=base_url, api_key=api_key)
    if primary is None:
        return None
    if max_concurrent is not None:
        primary = limit_model_concurrency(primary, max_concurrent)
    if not fallback:
        return primary
    return FallbackModel(primary, rules_model(policy), fallback_on=(ModelAPIError,))


def model_label(model: Model | str) -> str:
    """A printable name for a model (the primary one, when there is a fallback)."""
    if isinstance(model, FallbackModel):
        model = model.models[0]
    return model if isinstance(model, str) else model.model_name
