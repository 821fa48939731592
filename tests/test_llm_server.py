"""Self-test of the fake LLM server with the real openai / anthropic SDKs and pydantic-ai models."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator

import anthropic
import openai
import pytest
from dirty_equals import IsInt
from pydantic import BaseModel
from pydantic_ai import (
    Agent,
    ModelHTTPError,
    ModelRateLimitError,
    ModelTimeoutError,
    NativeOutput,
)
from pydantic_ai.exceptions import ContentFilterError
from pydantic_ai.models import override_allow_model_requests
from pydantic_ai.models.anthropic import AnthropicModel
from pydantic_ai.models.openai import OpenAIChatModel
from pydantic_ai.providers.anthropic import AnthropicProvider
from pydantic_ai.providers.openai import OpenAIProvider
from pydantic_ai.settings import ModelSettings

from .fakes.llm_server import (
    FakeLLMServer,
    delay,
    empty_choices,
    error,
    final,
    raw_arguments,
    refusal,
    text,
    tool_calls,
)


class Verdict(BaseModel):
    company: str
    score: int


def lookup_company(domain: str) -> str:
    """Look up the company behind a domain."""
    return f'ACME Corp ({domain})'


@pytest.fixture
def server() -> Iterator[FakeLLMServer]:
    with FakeLLMServer() as server, override_allow_model_requests(True):  # requests go to 127.0.0.1 only
        yield server


def openai_agent(server: FakeLLMServer, settings: ModelSettings | None = None) -> Agent[None, Verdict]:
    provider = OpenAIProvider(base_url=server.openai_base_url, api_key='sk-test')
    model = OpenAIChatModel('gpt-4o-mini', provider=provider, settings=settings)
    return Agent(model, output_type=Verdict, tools=[lookup_company])


def test_raw_openai_client_tool_call(server: FakeLLMServer) -> None:
    server.script(tool_calls([('lookup_company', {'domain': 'acme.com'})]))
    with openai.OpenAI(base_url=server.openai_base_url, api_key='sk-test', max_retries=0) as client:
        completion = client.chat.completions.create(
            model='gpt-4o-mini', messages=[{'role': 'user', 'content': 'who is acme.com?'}]
        )
    choice = completion.choices[0]
    assert choice.finish_reason == 'tool_calls'
    [call] = choice.message.tool_calls or []
    assert call.type == 'function' and call.function.name == 'lookup_company'
    assert json.loads(call.function.arguments) == {'domain': 'acme.com'}
    assert completion.model == 'gpt-4o-mini' and completion.usage and completion.usage.total_tokens > 0
    [request] = server.requests
    assert request.path == '/v1/chat/completions'
    assert request.headers['authorization'] == 'Bearer sk-test'
    assert request.body == {'model': 'gpt-4o-mini', 'messages': [{'role': 'user', 'content': 'who is acme.com?'}]}
    assert json.loads(request.raw) == request.body
    assert server.remaining == 0


async def test_pydantic_ai_openai_tool_then_final(server: FakeLLMServer) -> None:
    server.script(tool_calls([('lookup_company', {'domain': 'acme.com'})]), final({'company': 'ACME', 'score': 80}))
    result = await openai_agent(server).run('qualify acme.com')
    assert result.output == Verdict(company='ACME', score=80)
    assert result.usage.requests == 2 and result.usage.input_tokens > 0
    first, second = server.requests
    assert first.body['tool_choice'] == 'required'
    assert {t['function']['name'] for t in first.body['tools']} == {'lookup_company', 'final_result'}
    tool_message = second.body['messages'][-1]
    assert tool_message['role'] == 'tool' and tool_message['content'] == 'ACME Corp (acme.com)'
    assert tool_message['tool_call_id'] == second.body['messages'][-2]['tool_calls'][0]['id']


async def test_pydantic_ai_anthropic_tool_then_final(server: FakeLLMServer) -> None:
    server.script(tool_calls([('lookup_company', {'domain': 'acme.com'})]), final({'company': 'ACME', 'score': 80}))
    model = AnthropicModel(
        'claude-haiku-4-5', provider=AnthropicProvider(base_url=server.anthropic_base_url, api_key='sk-test')
    )
    agent = Agent(model, output_type=Verdict, tools=[lookup_company], model_settings={'max_tokens': 1024})
    result = await agent.run('qualify acme.com')
    assert result.output == Verdict(company='ACME', score=80)
    first, second = server.requests
    assert first.path == '/v1/messages' and first.body['max_tokens'] == 1024 and first.body.get('stream') is not True
    [tool_result] = second.body['messages'][-1]['content']
    assert tool_result['type'] == 'tool_result' and tool_result['content'] == [
        {'type': 'text', 'text': 'ACME Corp (acme.com)'}
    ]


async def test_malformed_arguments_are_retried(server: FakeLLMServer) -> None:
    server.script(raw_arguments('{"company": "ACME", "score": '), final({'company': 'ACME', 'score': 80}))
    result = await openai_agent(server).run('qualify acme.com')
    assert result.output.score == 80
    retry = server.requests[1].body['messages'][-1]
    assert retry['role'] == 'tool' and 'json_invalid' in retry['content']


async def test_rate_limit_retried_by_sdk_then_raised_without_retries(server: FakeLLMServer) -> None:
    server.script(error(429, headers={'Retry-After': '0'}), final({'company': 'ACME', 'score': 80}))
    result = await openai_agent(server).run('qualify acme.com')  # the SDK's default max_retries=2
    assert result.output.score == 80
    assert [r.headers['x-stainless-retry-count'] for r in server.requests] == ['0', '1']

    server.script(error(429, headers={'Retry-After': '0'}))
    with pytest.raises(ModelHTTPError) as exc_info:
        await openai_agent(server, {'max_retries': 0}).run('qualify acme.com')
    assert isinstance(exc_info.value, ModelRateLimitError) and exc_info.value.status_code == 429
    assert exc_info.value.body == {'message': 'FakeLLMServer: scripted error 429', 'type': 'rate_limit_error',
                                   'param': None, 'code': 'rate_limit_exceeded'}  # fmt: skip
    assert len(server.requests) == 3 and server.remaining == 0


async def test_delay_times_out_and_close_is_fast() -> None:
    # Bounds are a fraction of the server's delay, not wall-clock goals: a loaded CI machine took 3.2 s for
    # a 0.3 s timeout once. What must hold is that neither the client nor close() waits the delay out.
    answer_after = 30.0
    with FakeLLMServer() as server, override_allow_model_requests(True):
        server.script(delay(answer_after, then=final({'company': 'ACME', 'score': 80})))
        start = time.monotonic()
        with pytest.raises(ModelTimeoutError):
            await openai_agent(server, {'timeout': 0.3, 'max_retries': 0}).run('qualify acme.com')
        assert time.monotonic() - start < answer_after / 3
        closing = time.monotonic()
    assert time.monotonic() - closing < answer_after / 3
    assert len(server.requests) == 1 and server.remaining == 0


def test_empty_script_fails_loudly(server: FakeLLMServer) -> None:
    with openai.OpenAI(base_url=server.openai_base_url, api_key='sk-test') as client:
        with pytest.raises(openai.InternalServerError, match='script ran out'):
            client.chat.completions.create(model='gpt-4o-mini', messages=[{'role': 'user', 'content': 'hi'}])
    assert len(server.requests) == 1  # x-should-retry: false stops the SDK's retries


def test_raw_openai_client_shapes(server: FakeLLMServer) -> None:
    server.script(text('Hello.'), refusal("I'm sorry, I cannot assist with that request."), empty_choices())
    with openai.OpenAI(base_url=server.openai_base_url, api_key='sk-test', max_retries=0) as client:
        answers = [
            client.chat.completions.create(model='gpt-4o', messages=[{'role': 'user', 'content': 'hi'}])
            for _ in range(3)
        ]
    hello, refused, empty = answers
    assert hello.choices[0].message.content == 'Hello.' and hello.choices[0].finish_reason == 'stop'
    assert refused.choices[0].message.content is None
    assert refused.choices[0].message.refusal == "I'm sorry, I cannot assist with that request."
    assert empty.choices == [] and empty.id == 'chatcmpl-fake0003' and empty.model == 'gpt-4o'


async def test_pydantic_ai_native_output_refusal(server: FakeLLMServer) -> None:
    server.script(refusal('No.'))
    model = OpenAIChatModel('gpt-4o-mini', provider=OpenAIProvider(base_url=server.openai_base_url, api_key='sk-test'))
    with pytest.raises(ContentFilterError, match="Refusal: 'No.'"):
        await Agent(model, output_type=NativeOutput(Verdict)).run('qualify acme.com')
    assert server.requests[0].body['response_format']['type'] == 'json_schema'


def test_raw_anthropic_client_shapes(server: FakeLLMServer) -> None:
    server.script(text('Hello.'), refusal('I cannot help.'), empty_choices(), error(529))
    with anthropic.Anthropic(base_url=server.anthropic_base_url, api_key='sk-test', max_retries=0) as client:

        def ask() -> anthropic.types.Message:
            return client.messages.create(
                model='claude-haiku-4-5', max_tokens=64, messages=[{'role': 'user', 'content': 'hi'}]
            )

        hello = ask()
        assert hello.content[0].type == 'text' and hello.content[0].text == 'Hello.' and hello.stop_reason == 'end_turn'
        assert hello.model == 'claude-haiku-4-5' and hello.usage.input_tokens > 0
        refused = ask()
        assert refused.stop_reason == 'refusal' and refused.content == []
        assert refused.stop_details and refused.stop_details.explanation == 'I cannot help.'
        assert ask().content == []
        with pytest.raises(anthropic.APIStatusError) as exc_info:
            ask()
    body = exc_info.value.body
    assert exc_info.value.status_code == 529 and isinstance(body, dict) and body['error']['type'] == 'overloaded_error'


RULEBOOK = ' '.join(f'Rule {i}: route leads from region {i} to team {i % 7}.' for i in range(120))  # > 1,024 tokens


def _cached_tokens(server: FakeLLMServer, *questions: str, system: str = RULEBOOK) -> list[tuple[int, int]]:
    server.script(*[text('ok')] * len(questions))
    with openai.OpenAI(base_url=server.openai_base_url, api_key='sk-test', max_retries=0) as client:
        usages = [client.chat.completions.create(model='gpt-4o-mini', messages=[
            {'role': 'system', 'content': system}, {'role': 'user', 'content': q}]).usage for q in questions]
    return [(u.prompt_tokens, u.prompt_tokens_details.cached_tokens or 0) for u in usages
            if u is not None and u.prompt_tokens_details is not None]


def test_openai_prompt_cache_serves_a_seen_prefix_from_1024_tokens_in_steps_of_128(server: FakeLLMServer) -> None:
    (total, cold), (total2, warm), (_, other) = _cached_tokens(server, 'Lead one?', 'Lead two, longer?', 'Lead one?')
    assert cold == 0 and total > 1024
    assert warm >= 1024 and warm % 128 == 0 and total2 - 128 < warm <= total2 - 5  # the questions differ
    assert other >= warm  # the first question again: its whole prompt was seen
    assert _cached_tokens(server, 'a', 'b', system='Short rules.') == [(IsInt(lt=1024), 0)] * 2


def test_a_cold_cache_serves_nothing() -> None:
    with FakeLLMServer(warm_cache=False) as server, override_allow_model_requests(True):
        assert [cached for _, cached in _cached_tokens(server, 'a', 'a')] == [0, 0]


def test_anthropic_prompt_cache_writes_then_reads_a_breakpoint_prefix(server: FakeLLMServer) -> None:
    server.script(text('ok'), text('ok'))
    with anthropic.Anthropic(base_url=server.anthropic_base_url, api_key='sk-test', max_retries=0) as client:
        usages = [client.messages.create(
            model='claude-opus-4-1', max_tokens=64,
            system=[{'type': 'text', 'text': RULEBOOK, 'cache_control': {'type': 'ephemeral'}}],
            messages=[{'role': 'user', 'content': question}]).usage for question in ('Lead one?', 'Lead two?')]
    first, second = usages
    assert first.cache_creation_input_tokens == second.cache_read_input_tokens and first.cache_read_input_tokens == 0
    assert second.cache_read_input_tokens is not None and second.cache_read_input_tokens > 1024
    assert second.cache_creation_input_tokens == 0 and 0 < second.input_tokens < 20  # the question alone
