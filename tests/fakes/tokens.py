"""How the fake LLM server counts prompt tokens, and how much of a prompt a provider's cache would serve.

Tokens are o200k_base (bpe-openai ships it, so this runs offline). Neither vendor publishes how it turns a request
into tokens, so this is an estimate, laid out the way OpenAI documents it for its open-weight models (the harmony
format): each message framed by a few special tokens, the tool definitions written as a TypeScript namespace after
the system text. For Anthropic, whose tokenizer is not public either, the same encoding stands in, with the tools
(as JSON) before the system blocks and the messages, which is the order Anthropic caches them in.

Caching follows the vendors' documented rules:
- OpenAI caches automatically: a prompt of at least 1,024 tokens whose prefix was seen before gets that prefix
  back as `cached_tokens`, in steps of 128 tokens.
- Anthropic caches the prefix up to each `cache_control` breakpoint, if it is at least the model's minimum
  (`ANTHROPIC_MINIMUM`): the first time as `cache_creation_input_tokens`, later as `cache_read_input_tokens`.
"""

from __future__ import annotations

import hashlib
import json
import threading
from array import array
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Any, cast

from bpe_openai import get_encoding  # pyright: ignore[reportMissingTypeStubs]

OPENAI_MINIMUM = 1024
OPENAI_STEP = 128
ANTHROPIC_MINIMUM = {'claude-opus-5': 512, 'claude-fable-5': 512, 'claude-mythos-5': 512, 'claude-opus-4-7': 2048,
                     'claude-opus-4-6': 4096, 'claude-opus-4-5': 4096, 'claude-haiku-4-5': 4096,
                     'claude-3-5-haiku': 2048, 'claude-3-haiku': 2048}
"""Model-name prefix → least cacheable prefix; other Claude models: 1,024."""
_FRAME = (-1, -2, -3)  # <|start|>, <|message|>, <|end|>: special tokens, which no text can produce



@cache
def _encoding() -> Any:
    return get_encoding('o200k_base')


def _encode(text: str) -> list[int]:
    return list(_encoding().encode(text))


def count_tokens(text: str) -> int:
    """o200k_base tokens in a text."""
    return len(_encode(text))


def _as_dict(value: Any) -> dict[str, Any]:
    return cast(dict[str, Any], value) if isinstance(value, dict) else {}


def _as_list(value: Any) -> list[Any]:
    return cast(list[Any], value) if isinstance(value, list) else []


def _ts_type(schema: dict[str, Any]) -> str:
    if 'enum' in schema:
        return ' | '.join(json.dumps(v) for v in _as_list(schema['enum']))
    if 'anyOf' in schema:
        return ' | '.join(_ts_type(_as_dict(s)) for s in _as_list(schema['anyOf']))
    kind = schema.get('type')
    if kind == 'object':
        return '{\n' + _ts_fields(schema) + '}'
    if kind == 'array':
        return _ts_type(_as_dict(schema.get('items'))) + '[]'
    return {'integer': 'number', None: 'any'}.get(kind, str(kind))


def _ts_fields(schema: dict[str, Any]) -> str:
    required = set(_as_list(schema.get('required')))
    lines: list[str] = []
    for name, prop in _as_dict(schema.get('properties')).items():
        prop = _as_dict(prop)
        if prop.get('description'):
            lines.append(f'// {prop["description"]}\n')
        lines.append(f'{name}{"" if name in required else "?"}: {_ts_type(prop)},\n')
    return ''.join(lines)


def openai_tools_text(tools: Iterable[Any]) -> str:
    """Chat-completions `tools` as the TypeScript namespace the model reads."""
    out = ['# Tools\n\n## functions\n\nnamespace functions {\n\n']
    for tool in tools:
        fn = _as_dict(_as_dict(tool).get('function'))
        if fn.get('description'):
            out.append(f'// {fn["description"]}\n')
        params = _as_dict(fn.get('parameters'))
        args = f'(_: {{\n{_ts_fields(params)}}})' if params.get('properties') else '()'
        out.append(f'type {fn.get("name")} = {args} => any;\n\n')
    out.append('} // namespace functions')
    return ''.join(out)


def _content_text(content: Any) -> str:
    if isinstance(content, str):
        return content
    return ''.join(str(_as_dict(part).get('text', '')) for part in _as_list(content))


def _openai_messages(body: dict[str, Any]) -> list[list[int]]:
    messages = [_as_dict(m) for m in _as_list(body.get('messages'))]
    tools = _as_list(body.get('tools'))
    if tools and not (messages and messages[0].get('role') in ('system', 'developer')):
        messages.insert(0, {'role': 'system', 'content': ''})
    out: list[list[int]] = []
    for i, message in enumerate(messages):
        text = _content_text(message.get('content'))
        if i == 0 and tools:
            text = f'{text}\n\n{openai_tools_text(tools)}' if text else openai_tools_text(tools)
        for call in _as_list(message.get('tool_calls')):
            fn = _as_dict(_as_dict(call).get('function'))
            text += f'{fn.get("name")}{fn.get("arguments")}'
        out.append([_FRAME[0], *_encode(str(message.get('role'))), _FRAME[1], *_encode(text), _FRAME[2]])
    return out


def openai_prompt(body: dict[str, Any]) -> list[int]:
    """The prompt a chat-completions request makes, as tokens; the tools join the first system message."""
    return [*(t for m in _openai_messages(body) for t in m), _FRAME[0], *_encode('assistant'), _FRAME[1]]


def openai_system_tokens(body: dict[str, Any]) -> int:
    """Tokens of a chat-completions request's first message with the tool definitions: the part no lead changes."""
    messages = _openai_messages(body)
    return len(messages[0]) if messages else 0


def anthropic_prompt(body: dict[str, Any]) -> tuple[list[int], list[int]]:
    """The prompt a messages request makes, as tokens, and where its cache breakpoints fall (token offsets)."""
    ids: list[int] = []
    breakpoints: list[int] = []

    def add(block: Any, text: str) -> None:
        ids.extend(_encode(text))
        if 'cache_control' in _as_dict(block):
            breakpoints.append(len(ids))

    for tool in _as_list(body.get('tools')):
        add(tool, json.dumps({k: v for k, v in _as_dict(tool).items() if k != 'cache_control'}))
    system = body.get('system')
    for block in [{'text': system}] if isinstance(system, str) else _as_list(system):
        add(block, str(_as_dict(block).get('text', '')))
    for message in _as_list(body.get('messages')):
        message = _as_dict(message)
        ids += [_FRAME[0], *_encode(str(message.get('role'))), _FRAME[1]]
        content = message.get('content')
        for block in [{'text': content}] if isinstance(content, str) else _as_list(content):
            add(block, json.dumps({k: v for k, v in _as_dict(block).items() if k != 'cache_control'}))
        ids.append(_FRAME[2])
    if 'cache_control' in body and ids:  # automatic caching: a breakpoint on the last block
        breakpoints.append(len(ids))
    return ids, sorted(set(breakpoints))


@dataclass(frozen=True)
class CachedPrompt:
    """A prompt's size in tokens, and how many of them the cache served (`read`) or stored (`written`)."""

    tokens: int
    read: int = 0
    written: int = 0


@dataclass
class PromptCache:
    """The prefixes seen so far, by digest; one per fake server. With `remember=False` it stays cold."""

    remember: bool = True
    _seen: set[bytes] = field(default_factory=set[bytes])
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def seen(self, vendor: str, body: dict[str, Any]) -> CachedPrompt:
        """Count a request's prompt and look its prefixes up; remember them for the next requests."""
        if vendor == 'openai':
            # The longest prefix seen before, in steps of 128 tokens from 1,024.
            ids = openai_prompt(body)
            cuts = list(range(OPENAI_MINIMUM, len(ids) + 1, OPENAI_STEP))
        else:
            # Every breakpoint prefix of the model's minimum size or more.
            ids, breakpoints = anthropic_prompt(body)
            model = str(body.get('model', ''))
            minimum = next((n for name, n in ANTHROPIC_MINIMUM.items() if model.startswith(name)), 1024)
            cuts = [b for b in breakpoints if b >= minimum]
        digests = _digests(ids, cuts)
        with self._lock:
            read = max((cut for cut, d in digests.items() if d in self._seen), default=0)
            if self.remember:
                self._seen.update(digests.values())
        if vendor == 'openai':
            return CachedPrompt(len(ids), read=read)
        last = max(cuts, default=0)  # Anthropic writes the prefix up to the last breakpoint it could not read
        return CachedPrompt(len(ids), read=read, written=last - read)


def _digests(ids: list[int], cuts: list[int]) -> dict[int, bytes]:
    out: dict[int, bytes] = {}
    h, done = hashlib.sha256(), 0
    for cut in sorted(cuts):
        h.update(array('q', ids[done:cut]).tobytes())  # the same bytes however the prefix is cut
        done = cut
        out[cut] = h.copy().digest()
    return out
