"""The eval report a team keeps open: history and trend, models side by side, severity order, pass^k, progress."""

from __future__ import annotations

import json
import os
import pty
import re
import select
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pydantic_ai import models
from pydantic_ai.messages import ModelMessage, ModelRequest, ModelResponse, ToolCallPart, UserPromptPart
from pydantic_ai.models.function import AgentInfo, FunctionModel
from typer.testing import CliRunner

from lead_agent import Policy
from lead_agent.cli import app
from lead_agent.evals import load_dataset, run_eval
from lead_agent.evals.history import git_commit, read_history
from lead_agent.evals.metrics import FAILURES, failure
from lead_agent.evals.report import Gates, disagreements, write_html

from .fakes.llm_server import FakeLLMServer, final
from .helpers import EXAMPLES, classification
from .test_evals import BUY, DEMO, case, write

ROOT = EXAMPLES.parent
SUPPORT = 'Our reminder texts stopped going out to patients this morning at all forty sites; please help us urgently.'
PITCH = ('We build scheduling kiosks for hospitals and would like to explore an integration partnership with your '
         'team next quarter.')
STUDY = 'We are comparing intake vendors for next year and would like your case studies for hospital groups first.'
SHORT = 'Please send pricing for intake and reminders across our forty sites, we want to decide this quarter.'
# A buyer whose text reads as spam (a newsletter footer's 'unsubscribe' and 'click here'), so a spam verdict is
# backed by it and the lead is lost.
LAWN = ('We want a quote for intake and reminders at our forty sites this year; our current vendor is shutting down. '
        'To unsubscribe from our newsletter click here.')


def _prompt(messages: list[ModelMessage]) -> str:
    return ' '.join(str(p.content) for m in messages if isinstance(m, ModelRequest) for p in m.parts
                    if isinstance(p, UserPromptPart))


def _answer(info: AgentInfo, **over: Any) -> ModelResponse:
    return ModelResponse(parts=[ToolCallPart(info.output_tools[0].name, classification(**{'confidence': 0.99, **over}))])


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv('LEAD_AGENT_POLICY', str(EXAMPLES / 'policy.yaml'))
    monkeypatch.setenv('COLUMNS', '250')
    return CliRunner()


def _dangling(html: str) -> list[str]:
    """Links to an anchor the page doesn't have."""
    ids = set(re.findall(r' id="([^"]+)"', html))
    return [href for href in re.findall(r'href="#([^"]*)"', html) if href not in ids]


def _points(html: str) -> list[int]:
    """Points drawn in each trend chart."""
    return [chart.split('</svg>', 1)[0].count('<circle class="point"') for chart in html.split('<svg class="trend"')[1:]]


def test_history_is_appended_by_each_run_and_drawn_as_a_trend(cli: CliRunner, tmp_path: Path) -> None:
    dataset = write(tmp_path / 'd.jsonl', [case('demo', DEMO, BUY), case('pitch', PITCH, {
        'intent': 'researching', 'action': 'human_review', 'priority': 'low'})])
    history = tmp_path / 'd.history.jsonl'  # beside the dataset, by default
    runs = [cli.invoke(app, ['eval', '--dataset', str(dataset), '--report', str(tmp_path / 'r'), '--repeat', '2'])
            for _ in range(2)]
    assert [r.exit_code for r in runs] == [0, 0], runs[0].output
    done = runs[1]
    assert f'history: {history} (2 run(s) of this dataset)' in done.stdout
    assert 'action pass^2' in done.stdout
    entries, problems = read_history(history)
    assert problems == [] and len(entries) == 2
    first = entries[0].model_dump(mode='json')
    assert {k: first[k] for k in ('dataset', 'model', 'repeat', 'cases', 'errors', 'unsafe_auto_actions',
                                  'lost_leads', 'policy')} == {
        'dataset': str(dataset), 'model': 'rules', 'repeat': 2, 'cases': 2, 'errors': 0, 'unsafe_auto_actions': 0,
        'lost_leads': 0, 'policy': str(EXAMPLES / 'policy.yaml')}
    assert re.fullmatch('[0-9a-f]{64}', first['dataset_sha256']) and re.fullmatch('[0-9a-f]{64}', first['policy_sha256'])
    assert entries[0].timestamp < entries[1].timestamp
    assert {'action_accuracy', 'auto_action_rate', 'action_pass_k', 'tokens_per_lead', 'cost_total_usd'} <= set(first)
    html = (tmp_path / 'r' / 'index.html').read_text()
    assert 'id="trend"' in html and _points(html) == [2, 2, 2]  # accuracy, unsafe, auto-action rate

    # A line that can't be read is reported and kept; --history elsewhere; --no-history appends nothing
    with history.open('a') as f:
        f.write('{"timestamp": "yesterday"\n')
    bad = cli.invoke(app, ['eval', '--dataset', str(dataset), '--report', str(tmp_path / 'r')])
    assert bad.exit_code == 0 and f'error: {history}: line 3: invalid JSON at column 26' in bad.stderr
    lines = history.read_text().splitlines()
    assert len(lines) == 4 and lines[2] == '{"timestamp": "yesterday"'
    assert _points((tmp_path / 'r' / 'index.html').read_text()) == [3, 3, 3]
    elsewhere = tmp_path / 'h' / 'all.jsonl'
    assert cli.invoke(app, ['eval', '--dataset', str(dataset), '--history', str(elsewhere)]).exit_code == 0
    assert cli.invoke(app, ['eval', '--dataset', str(dataset), '--no-history', '--report', str(tmp_path / 'n')]
                      ).exit_code == 0
    assert len(history.read_text().splitlines()) == 4 and len(elsewhere.read_text().splitlines()) == 1
    # A history shared by two datasets: each report draws its own dataset's runs only
    other = write(tmp_path / 'other.jsonl', [case('demo', DEMO, BUY)])
    shared = cli.invoke(app, ['eval', '--dataset', str(other), '--history', str(elsewhere), '--report',
                              str(tmp_path / 'o')])
    assert f'history: {elsewhere} (1 run(s) of this dataset)' in shared.stdout
    assert len(elsewhere.read_text().splitlines()) == 2 and _points((tmp_path / 'o' / 'index.html').read_text()) == [1] * 3
    assert 'id="trend"' not in (tmp_path / 'n' / 'index.html').read_text()
    both = cli.invoke(app, ['eval', '--dataset', str(dataset), '--no-history', '--history', str(elsewhere)])
    assert both.exit_code == 2 and 'give one' in both.stderr


def test_git_commit_names_head_and_a_dirty_tree(tmp_path: Path) -> None:
    assert git_commit(tmp_path) is None
    env = {**os.environ, 'GIT_AUTHOR_NAME': 't', 'GIT_AUTHOR_EMAIL': 't@example.com', 'GIT_COMMITTER_NAME': 't',
           'GIT_COMMITTER_EMAIL': 't@example.com'}
    (tmp_path / 'f').write_text('1')
    for command in (['init', '-q'], ['add', 'f'], ['commit', '-q', '-m', 'x']):
        subprocess.run(['git', *command], cwd=tmp_path, env=env, check=True)
    head = subprocess.run(['git', 'rev-parse', 'HEAD'], cwd=tmp_path, capture_output=True, text=True).stdout.strip()
    assert git_commit(tmp_path) == head
    (tmp_path / 'f').write_text('2')
    assert git_commit(tmp_path) == f'{head}+dirty'


def _by_message(messages: list[ModelMessage], info: AgentInfo) -> ModelResponse:
    """Right on the demo; each other case goes wrong in its own way."""
    text = _prompt(messages)
    if 'kiosks' in text:  # labeled review: routed to sales (unsafe)
        return _answer(info)
    if 'reminder texts stopped' in text:  # labeled support: routed to sales (wrong team)
        return _answer(info)
    if 'vendor is shutting down' in text:  # a buyer: rejected as spam (lost)
        return _answer(info, intent='spam', recommended_action='auto_reject_spam', fit_score=0, priority='low')
    if 'case studies' in text:  # labeled researching → sales: sent to review instead (wrong action)
        return _answer(info, intent='researching', confidence=0.2, priority='medium')
    if 'Please send pricing' in text:  # a buyer, routed, but called researching (wrong intent)
        return _answer(info, intent='researching')
    return _answer(info)


async def test_failing_cases_are_ordered_by_severity(policy: Policy, tmp_path: Path) -> None:
    # Listed least severe first, so the order in the report comes from the severity, not the dataset
    path = write(tmp_path / 'd.jsonl', [
        case('ok', DEMO, BUY),
        case('intent', SHORT, BUY),
        case('action', STUDY, {'intent': 'researching', 'action': 'auto_route_sales', 'priority': 'medium'}),
        case('team', SUPPORT, {'intent': 'support', 'action': 'auto_route_support', 'priority': 'high'},
             crm_history=[{'date': '2026-01-10', 'type': 'deal', 'summary': 'Closed won: 40 sites'}]),
        case('lost', LAWN, BUY, enrichment=None),
        case('unsafe', PITCH, {'intent': 'researching', 'action': 'human_review', 'priority': 'low'}),
    ])
    cases, _ = load_dataset(path)
    run = await run_eval(cases, policy, model=FunctionModel(_by_message, model_name='by-message'))
    assert [r.outcome.errors for r in run.results if r.outcome] == [[]] * 6  # each answer reached the guards
    assert [(r.case.id, failure(r)) for r in run.results] == [
        ('ok', None), ('intent', 'wrong_intent'), ('action', 'wrong_action'), ('team', 'wrong_team'),
        ('lost', 'lost'), ('unsafe', 'unsafe')]
    assert (run.summary.unsafe_cases, run.summary.lost_cases) == (['team', 'unsafe'], ['lost'])
    html = write_html([run], tmp_path / 'r', str(path), Gates()).read_text()
    assert _dangling(html) == []
    headings = re.findall(r'<h3 id="failing-([a-z_]+)"', html)
    assert headings == ['unsafe', 'lost', 'wrong_team', 'wrong_action', 'wrong_intent']
    assert list(FAILURES)[:3] == headings[:3]
    # A gate whose kind of failure has no cases of its own links to the failing cases
    strict = write_html([run], tmp_path / 's', str(path), Gates(max_unsafe=9, max_lost=9, min_action_accuracy=0.9,
                                                                  min_intent_accuracy=0.9)).read_text()
    assert re.findall(r'href="#(failing[^"]*)">[^<]*cases</a></li>', strict) == ['failing-wrong_action', 'failing-wrong_intent']
    assert _dangling(strict) == []
    listed = re.findall(r'<details id="(case-\d+)"[^>]*>\s*<summary><b>([^<]+)</b>', html)
    assert [name for _, name in listed] == ['unsafe', 'lost', 'team', 'action', 'intent']
    # The gate lines link to their cases' anchors, and to their group
    anchors = dict((name, anchor) for anchor, name in listed)
    gates = html.split('id="gates"', 1)[1].split('id="metrics"', 1)[0]
    assert re.findall(r'href="#([^"]+)">([^<]+)</a>', gates) == [
        (anchors['team'], 'team'), (anchors['unsafe'], 'unsafe'), ('failing-unsafe', 'unsafe auto-action cases'),
        (anchors['lost'], 'lost'), ('failing-lost', 'lost lead cases')]


def _flaky() -> FunctionModel:
    """Right on the first call for a lead, then wrong (researching, sent to review) on the next."""
    calls: Counter[str] = Counter()

    def respond(messages: list[ModelMessage], info: AgentInfo) -> ModelResponse:
        text = _prompt(messages)
        calls[text] += 1
        if 'flaky' in text and calls[text] % 2 == 0:
            return _answer(info, intent='researching', confidence=0.2, priority='medium')
        return _answer(info)

    return FunctionModel(respond, model_name='flaky')


async def test_pass_k_counts_a_case_only_when_every_run_is_right(policy: Policy, tmp_path: Path) -> None:
    path = write(tmp_path / 'd.jsonl', [case('steady', DEMO, BUY), case('flaky', f'{DEMO} (flaky)', BUY)])
    cases, _ = load_dataset(path)
    ticks: list[int] = []
    run = await run_eval(cases, policy, model=_flaky(), repeat=2, progress=lambda: ticks.append(1))
    assert [r.outcome.errors for r in run.results if r.outcome] == [[]] * 4
    assert len(ticks) == 4 and [(r.case.id, r.run) for r in run.results] == [
        ('steady', 1), ('steady', 2), ('flaky', 1), ('flaky', 2)]
    s = run.summary
    assert (s.cases, s.repeat, s.action_accuracy, s.action_pass_k, s.intent_pass_k, s.inconsistent_cases) == (
        2, 2, 0.75, 0.5, 0.5, ['flaky'])
    html = write_html([run], tmp_path / 'r', str(path), Gates()).read_text()
    assert 'action pass^2' in html and 'id="inconsistent"' in html
    each = re.findall(r'Each run: ([^<]+)</p>', html)  # the flaky case's runs, each shown (in either order)
    assert [sorted(line.split(' · ')) for line in each] == [['auto_route_sales/buying', 'human_review/researching']]

    # The rules model is deterministic: pass^k is its accuracy, and no case is inconsistent
    rules = await run_eval(cases, policy, repeat=3)
    assert (rules.summary.action_pass_k, rules.summary.inconsistent_cases) == (rules.summary.action_accuracy, [])


async def test_two_models_side_by_side_show_where_they_disagree(policy: Policy, tmp_path: Path) -> None:
    path = write(tmp_path / 'd.jsonl', [case('steady', DEMO, BUY), case('pitch', PITCH, {
        'intent': 'researching', 'action': 'human_review', 'priority': 'low'})])
    cases, _ = load_dataset(path)
    rules = await run_eval(cases, policy)
    eager = await run_eval(cases, policy, model=FunctionModel(_by_message, model_name='eager'))
    differ = disagreements([rules, eager])
    assert [(d.case_id, d.expected, d.answers, d.right) for d in differ] == [
        ('pitch', 'human_review/researching', ['human_review/researching', 'auto_route_sales/buying'], [True, False])]
    html = write_html([rules, eager], tmp_path / 'r', str(path), Gates(min_action_accuracy=0.9)).read_text()
    assert _dangling(html) == []
    # eager's only failure is unsafe: its accuracy gate links to all its failing cases
    assert re.search(r'action accuracy 50\.0% &lt; 90\.0%\s+· <a class="case-link" href="#m2-failing">failing cases</a>', html)
    # Each model's answer links to its failing case: the pitch failed for both
    assert re.findall(r'<a class="case-link" href="#(m\d-case-\d)">', html.split('id="compare"', 1)[1].split('</table>')[0]) == [
        'm1-case-2', 'm2-case-2']
    compare = html.split('id="compare"', 1)[1]
    assert 'Where the models disagree (1)' in html and 'auto_route_sales/buying' in compare
    for section in ('id="m1-failing"', 'id="m2-failing"', 'id="m2-failing-unsafe"'):
        assert section in html


@pytest.fixture
def server() -> Iterator[FakeLLMServer]:
    with FakeLLMServer() as s, models.override_allow_model_requests(True):  # 127.0.0.1 only
        yield s


def test_eval_cli_compares_models_and_gates_each(cli: CliRunner, server: FakeLLMServer, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv('LEAD_AGENT_BASE_URL', server.openai_base_url)
    monkeypatch.setenv('LEAD_AGENT_API_KEY', 'sk-local')
    # The served model sends every lead to review, unsure: right on the pitch, wrong on the demo
    server.script(*(final(classification(intent='unclear', confidence=0.2, recommended_action='human_review',
                                         priority='low')) for _ in range(2)))
    dataset = write(tmp_path / 'd.jsonl', [case('demo', DEMO, BUY), case('pitch', PITCH, {
        'intent': 'unclear', 'action': 'human_review', 'priority': 'low'})])
    result = cli.invoke(app, ['eval', '--dataset', str(dataset), '--model', 'rules', '--model',
                              'openai-compatible:served', '--min-action-accuracy', '0.9', '--report', str(tmp_path / 'r')])
    assert result.exit_code == 1, result.output
    assert 'Eval: 2 cases · 2 models' in result.stdout
    assert re.search(r'action accuracy\s+│\s+100\.0%\s+│\s+50\.0%', result.stdout), result.stdout
    # Both cases differ: the demo in action, the pitch in intent (rules: researching)
    assert 'The models disagree on 2 case(s)' in result.stdout
    assert re.search(r'│ demo\s+│ auto_route_sales/buying\s+│ auto_route_sales/buying\s+│ ✗ human_review/unclear', result.stdout)
    assert 'gates (rules): pass' in result.stdout
    assert 'gates (served): FAIL · action accuracy 50.0% < 90.0%' in result.stdout
    summary = json.loads((tmp_path / 'r' / 'summary.json').read_text())
    assert [(m['model'], m['action_accuracy']) for m in summary['models']] == [('rules', 1.0), ('served', 0.5)]
    entries, _ = read_history(tmp_path / 'd.history.jsonl')
    assert [e.model for e in entries] == ['rules', 'served']
    html = (tmp_path / 'r' / 'index.html').read_text()
    assert _points(html) == [2, 2, 2] and _dangling(html) == []  # one point per model in each chart
    assert '<th>rules</th><th>served</th>' in html
    twice = cli.invoke(app, ['eval', '--dataset', str(dataset), '--model', 'rules', '--model', 'rules'])
    assert twice.exit_code == 2 and 'each model once' in twice.stderr


def test_html_report_escapes_hostile_text(cli: CliRunner, tmp_path: Path) -> None:
    hostile = '<script>alert(1)</script>'
    dataset = write(tmp_path / 'd.jsonl', [case(f'c {hostile}', DEMO, {**BUY, 'intent': 'researching'},
                                                submission={**case('x', DEMO, BUY)['submission'],
                                                            'name': f'Eve {hostile}'})])
    # The history is a file anyone can edit: its model names are hostile too
    entry = {'timestamp': '2026-11-30T10:00:00Z', 'commit': hostile, 'dataset': str(dataset), 'dataset_sha256': 'x',
             'policy': None, 'policy_sha256': None, 'model': hostile, 'cases': 1, 'errors': 0, 'action_accuracy': 1,
             'intent_accuracy': 1, 'priority_accuracy': 1, 'action_pass_k': 1, 'unsafe_auto_actions': 0,
             'lost_leads': 0, 'review_rate': 0, 'auto_action_rate': 1, 'tokens_per_lead': 0, 'cost_total_usd': 0,
             'cost_per_lead_usd': 0, 'seconds': 1}
    (tmp_path / 'd.history.jsonl').write_text(json.dumps(entry) + '\n')
    result = cli.invoke(app, ['eval', '--dataset', str(dataset), '--report', str(tmp_path / 'r')])
    assert result.exit_code == 0, result.output
    html = (tmp_path / 'r' / 'index.html').read_text()
    assert '<script' not in html
    assert html.count('&lt;script&gt;alert(1)&lt;/script&gt;') >= 4  # the case id, the name, the legend, a title
    assert 'Eve \\u003cscript' not in html and 'Eve &lt;script&gt;' in html


def test_progress_bar_on_a_terminal_only(tmp_path: Path) -> None:
    """On a terminal stderr, the bar shows count, rate and ETA over every run; stdout (a pipe) gets none of it."""
    dataset = write(tmp_path / 'd.jsonl', [case(f'c{i}', DEMO, BUY) for i in range(3)])
    main, tty = pty.openpty()
    env = {**os.environ, 'LEAD_AGENT_POLICY': str(EXAMPLES / 'policy.yaml'), 'COLUMNS': '160', 'TERM': 'xterm'}
    proc = subprocess.Popen([sys.executable, '-m', 'lead_agent.cli', 'eval', '--dataset', str(dataset), '--repeat',
                             '2', '--no-history', '--summary', str(tmp_path / 's.json')],
                            stdout=subprocess.PIPE, stderr=tty, stdin=subprocess.DEVNULL, env=env, cwd=ROOT)
    os.close(tty)
    err = b''
    while True:
        ready, _, _ = select.select([main], [], [], 60)
        if not ready:
            break
        try:
            chunk = os.read(main, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        err += chunk
    os.close(main)
    out, _ = proc.communicate(timeout=60)
    assert proc.returncode == 0, (out, err)
    shown = re.sub(r'\x1b\[[0-9;?]*[A-Za-z]', '', err.decode())  # colours and cursor moves off
    assert re.search(r'rules ━+ 6/6 [\d.]+ cases/s 0:00:\d\d ETA 0:00:00', shown), shown
    assert 'Eval: 3 cases × 2 runs' in out.decode() and '\x1b' not in out.decode()


def test_the_history_is_never_written_into_something_else(cli: CliRunner, tmp_path: Path) -> None:
    """Appended to, never rewritten: the dataset itself, a folder or a file of other lines is refused before a run."""
    dataset = write(tmp_path / 'd.jsonl', [case('demo', DEMO, BUY)])
    notes = tmp_path / 'notes.txt'
    notes.write_text('my notes\nsecond line\n')
    before = dataset.read_bytes()
    for target, why in ((dataset, 'is the dataset'), (tmp_path, 'is a folder'),
                        (notes, 'is not a history file (none of its 2 line(s) is a history entry)')):
        result = cli.invoke(app, ['eval', '--dataset', str(dataset), '--history', str(target)])
        assert result.exit_code == 2 and f'--history {target} {why}' in result.stderr, result.output
    assert dataset.read_bytes() == before and notes.read_text() == 'my notes\nsecond line\n'


def test_html_report_shows_controls_bidi_and_invisible_characters_as_their_codes(cli: CliRunner, tmp_path: Path
                                                                                  ) -> None:
    """helper-200: the report held a message's right-to-left override and a label's ESC sequences raw (the review page
    showed them as codes): `exe.gnp` read as a png, and `cat index.html` cleared the screen."""
    hidden = '\x1b[2J\x1b]8;;https://evil.example/\x07x\u202egnp.exe\u200b\U000e0061'
    dataset = write(tmp_path / 'd.jsonl', [case(f'c{hidden}', DEMO, {**BUY, 'intent': 'researching'},
                                                submission={**case('x', DEMO, BUY)['submission'],
                                                            'name': f'Eve{hidden}'})])
    result = cli.invoke(app, ['eval', '--dataset', str(dataset), '--report', str(tmp_path / 'r')])
    assert result.exit_code == 0, result.output
    html = (tmp_path / 'r' / 'index.html').read_text()
    assert not re.search('[\x1b\x07\u202e\u200b\U000e0061]', html)
    assert '<b>c\\x1b[2J\\x1b]8;;https://evil.example/\\x07x\\u202egnp.exe\\u200b\\U000e0061</b>' in html  # the id
    assert 'Eve[2J]8;;https://evil.example/x\\u202egnp.exe\\u200b\\U000e0061 at' in html  # the name (intake dropped ESC)
