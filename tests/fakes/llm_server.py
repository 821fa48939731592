"""A scripted local fake of the OpenAI chat.completions and Anthropic messages HTTP APIs, for tests.

    with FakeLLMServer() as server:
        server.script(tool_calls([('lookup', {'q': 'acme'})]), final({'score': 80}))
        model = OpenAIChatModel('gpt-4o-mini', provider=OpenAIProvider(base_url=server.openai_base_url, api_key='k'))
        ...
        assert server.requests[1].body['messages'][-1]['role'] == 'tool'

Each request to `POST /v1/chat/completions` (OpenAI) or `POST /v1/messages` (Anthropic) consumes the next scripted
step, rendered in that vendor's wire format (shapes: shared/specs/WIRE_FORMATS.md section 6). Every request is
recorded, header names lower-cased. An empty script answers 500 with `x-should-retry: false`, so the SDKs fail at once.
Responses close the connection (HTTP/1.0), so no keep-alive socket can hold up shutdown.

Usage is counted in o200k_base tokens, and a prompt whose prefix the server saw before reports that prefix as cached
(`prompt_tokens_details.cached_tokens`; Anthropic: `cache_read_input_tokens`, `cache_creation_input_tokens`) by the
vendors' rules: see `tokens.py`. `FakeLLMServer(warm_cache=False)` finds the cache cold every time.
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any, Literal, cast

from ._server import FakeHandler, LocalServer, send
from .tokens import CachedPrompt, PromptCache, count_tokens

Vendor = Literal['openai', 'anthropic']
ROUTES: dict[str, Vendor] = {'/v1/chat/completions': 'openai', '/v1/messages': 'anthropic'}


# --- script steps --------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Reply:
    """A 200 answer: tool calls (`(name, arguments)` pairs), a text, a refusal, or nothing at all."""

    kind: Literal['tool_calls', 'text', 'refusal', 'empty']
    calls: tuple[tuple[str, dict[str, Any] | str], ...] = ()
    content: str = ''


@dataclass(frozen=True)
class Error:
    status: int
    body: Any = None  # None: the vendor's own error shape
    headers: dict[str, str] = field(default_factory=dict[str, str])


@dataclass(frozen=True)
class Delay:
    seconds: float
    then: Step


Step = Reply | Error | Delay


def tool_calls(calls: list[tuple[str, dict[str, Any]]]) -> Reply:
    return Reply('tool_calls', tuple(calls))


def final(args: dict[str, Any], tool_name: str = 'final_result') -> Reply:
    """pydantic-ai's default structured output: one call of the output tool."""
    return Reply('tool_calls', ((tool_name, args),))


def raw_arguments(arguments: str | dict[str, Any], tool_name: str = 'final_result') -> Reply:
    """A tool call whose OpenAI `function.arguments` string is exactly `arguments` (e.g. malformed JSON).

    Anthropic's `tool_use.input` is always a JSON object on the wire, so for `/v1/messages` pass a dict (sent as `input`
    verbatim, e.g. with wrong field types); a string is sent parsed if it is a JSON object, else the fake answers 500.
    """
    return Reply('tool_calls', ((tool_name, arguments),))


def text(content: str) -> Reply:
    return Reply('text', content=content)


def refusal(text: str) -> Reply:
    """OpenAI: `message.refusal` and no `content`; Anthropic: `stop_reason: "refusal"` with `stop_details`."""
    return Reply('refusal', content=text)


def empty_choices() -> Reply:
    """OpenAI: `choices: []`; Anthropic: `content: []`."""
    return Reply('empty')


def error(status: int, body: Any = None, headers: dict[str, str] | None = None) -> Error:
    """An error status; `body=None` sends the vendor's error shape (see `error_body`)."""
    return Error(status, body, dict(headers or {}))


def delay(seconds: float, then: Step) -> Delay:
    """Wait `seconds` before answering with `then`; the wait ends early (and the request is dropped) on close."""
    return Delay(seconds, then)


# --- wire rendering ------------------------------------------------------------------------------------------------
_ERROR_TYPES = {400: 'invalid_request_error', 401: 'authentication_error', 403: 'permission_error',
                404: 'not_found_error', 429: 'rate_limit_error', 529: 'overloaded_error'}  # fmt: skip


def error_body(vendor: Vendor, status: int, message: str) -> dict[str, Any]:
    kind = _ERROR_TYPES.get(status, 'api_error' if vendor == 'anthropic' else 'server_error')
    if vendor == 'anthropic':
        return {'type': 'error', 'error': {'type': kind, 'message': message}}
    code = {429: 'rate_limit_exceeded', 401: 'invalid_api_key'}.get(status)
    return {'error': {'message': message, 'type': kind, 'param': None, 'code': code}}


def _completion_tokens(reply: Reply) -> int:
    written = [f'{name}{args if isinstance(args, str) else json.dumps(args)}' for name, args in reply.calls]
    return max(1, count_tokens(''.join(written) + reply.content))


def _openai(reply: Reply, model: str, n: int, prompt: CachedPrompt) -> dict[str, Any]:
    message: dict[str, Any] = {'role': 'assistant', 'content': None, 'refusal': None}
    if reply.kind == 'tool_calls':
        message['tool_calls'] = [
            {'id': f'call_fake{n:04d}_{i}', 'type': 'function',
             'function': {'name': name, 'arguments': args if isinstance(args, str) else json.dumps(args)}}
            for i, (name, args) in enumerate(reply.calls)
        ]  # fmt: skip
    elif reply.kind == 'text':
        message['content'] = reply.content
    elif reply.kind == 'refusal':
        message = {'role': 'assistant', 'refusal': reply.content}  # no `content` key, as in the docs' example
    finish_reason = 'tool_calls' if reply.kind == 'tool_calls' else 'stop'
    choice = {'index': 0, 'message': message, 'logprobs': None, 'finish_reason': finish_reason}
    choices = [] if reply.kind == 'empty' else [choice]
    completion_tokens = _completion_tokens(reply)
    return {
        'id': f'chatcmpl-fake{n:04d}', 'object': 'chat.completion', 'created': int(time.time()), 'model': model,
        'choices': choices, 'system_fingerprint': 'fp_fake',
        'usage': {'prompt_tokens': prompt.tokens, 'completion_tokens': completion_tokens,
                  'total_tokens': prompt.tokens + completion_tokens,
                  'prompt_tokens_details': {'cached_tokens': prompt.read, 'audio_tokens': 0}},
    }  # fmt: skip


def _anthropic_input(args: dict[str, Any] | str) -> dict[str, Any]:
    try:
        parsed: Any = json.loads(args) if isinstance(args, str) else args
    except ValueError:
        parsed = None
    if not isinstance(parsed, dict):
        raise ValueError(f'cannot send arguments {args!r} to Anthropic: tool_use.input must be a JSON object')
    return cast(dict[str, Any], parsed)  # a JSON object's keys are strings


def _anthropic(reply: Reply, model: str, n: int, prompt: CachedPrompt) -> dict[str, Any]:
    content: list[dict[str, Any]] = []
    stop_reason, stop_details = 'end_turn', None
    if reply.kind == 'tool_calls':
        content = [
            {'type': 'tool_use', 'id': f'toolu_fake{n:04d}_{i}', 'name': name, 'input': _anthropic_input(args)}
            for i, (name, args) in enumerate(reply.calls)
        ]
        stop_reason = 'tool_use'
    elif reply.kind == 'text':
        content = [{'type': 'text', 'text': reply.content}]
    elif reply.kind == 'refusal':
        stop_reason, stop_details = 'refusal', {'type': 'refusal', 'category': None, 'explanation': reply.content}
    return {
        'id': f'msg_fake{n:04d}', 'type': 'message', 'role': 'assistant', 'model': model, 'content': content,
        'stop_reason': stop_reason, 'stop_sequence': None, 'stop_details': stop_details,
        'usage': {'input_tokens': prompt.tokens - prompt.read - prompt.written, 'output_tokens': _completion_tokens(reply),
                  'cache_creation_input_tokens': prompt.written, 'cache_read_input_tokens': prompt.read},
    }  # fmt: skip


# --- the server ----------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class RecordedRequest:
    path: str
    headers: dict[str, str]  # names lower-cased
    body: Any  # parsed JSON, or None if the body was not JSON
    raw: bytes


class _Handler(FakeHandler):
    timeout = 10  # a client that connects and sends nothing cannot block close() for long

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_POST(self) -> None:
        raw = self.rfile.read(int(self.headers.get('Content-Length') or 0))
        try:
            body = json.loads(raw)
        except ValueError:
            body = None
        headers = {k.lower(): v for k, v in self.headers.items()}
        fake = self.fake
        n = fake._record(RecordedRequest(self.path, headers, body, raw))  # numbers the ids in the answer
        vendor = ROUTES.get(self.path.split('?')[0])
        if vendor is None:
            return self._send(404, {'error': {'message': f'FakeLLMServer: no route {self.path}'}})
        if not (headers.get('x-api-key') or headers.get('authorization', '').startswith('Bearer ')):
            return self._send(401, error_body(vendor, 401, 'FakeLLMServer: no x-api-key or Authorization: Bearer'))
        fake._enter()
        try:
            self._answer(vendor, n, body)
        finally:
            fake._leave()

    def _answer(self, vendor: Vendor, n: int, body: Any) -> None:
        fake = self.fake
        step = fake._next_step()
        if step is None:
            message = f'FakeLLMServer: the script ran out (request #{n}, POST {self.path})'
            return self._send(500, error_body(vendor, 500, message), {'x-should-retry': 'false'})
        while isinstance(step, Delay):
            if fake._closing.wait(step.seconds):
                return  # shutting down: drop the request
            step = step.then
        if isinstance(step, Error):
            default = error_body(vendor, step.status, f'FakeLLMServer: scripted error {step.status}')
            return self._send(step.status, default if step.body is None else step.body, step.headers)
        request: dict[str, Any] = cast(dict[str, Any], body) if isinstance(body, dict) else {}
        model = str(request.get('model', 'fake-model'))
        render = _openai if vendor == 'openai' else _anthropic
        try:
            payload = render(step, model, n, fake.cache.seen(vendor, request))
        except ValueError as e:
            return self._send(500, error_body(vendor, 500, f'FakeLLMServer: {e}'), {'x-should-retry': 'false'})
        self._send(200, payload, {'request-id': f'req_fake{n:04d}'})

    def _send(self, status: int, payload: Any, headers: dict[str, str] | None = None) -> None:
        send(self, status, json.dumps(payload).encode(), 'application/json', headers)


class FakeLLMServer(LocalServer):
    """A scripted OpenAI/Anthropic-compatible HTTP server on 127.0.0.1; use as a context manager."""

    handler = _Handler
    thread_name = 'fake-llm'

    def __init__(self, *, warm_cache: bool = True) -> None:
        super().__init__()
        self.cache = PromptCache(remember=warm_cache)
        self._requests: list[RecordedRequest] = []
        self._steps: deque[Step] = deque()
        self._lock = threading.Lock()
        self._in_flight = 0
        self.peak_in_flight = 0
        """The most requests the server was answering at once."""

    def script(self, *steps: Step) -> FakeLLMServer:
        """Queue steps; each request consumes one, in order."""
        with self._lock:
            self._steps.extend(steps)
        return self

    @property
    def remaining(self) -> int:
        with self._lock:
            return len(self._steps)

    @property
    def requests(self) -> list[RecordedRequest]:
        with self._lock:
            return list(self._requests)

    @property
    def openai_base_url(self) -> str:
        return f'http://127.0.0.1:{self.port}/v1'

    @property
    def anthropic_base_url(self) -> str:
        return f'http://127.0.0.1:{self.port}'

    def _record(self, request: RecordedRequest) -> int:
        with self._lock:
            self._requests.append(request)
            return len(self._requests)

    def _enter(self) -> None:
        with self._lock:
            self._in_flight += 1
            self.peak_in_flight = max(self.peak_in_flight, self._in_flight)

    def _leave(self) -> None:
        with self._lock:
            self._in_flight -= 1

    def _next_step(self) -> Step | None:
        with self._lock:
            return self._steps.popleft() if self._steps else None
