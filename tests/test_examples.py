from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from .helpers import EXAMPLES


def test_library_example_runs_as_written(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, str(EXAMPLES / 'library_example.py')], cwd=tmp_path,
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        '[#sales-leads] high lead from NorthPeak Physical Therapy: lead-agent://crm/contacts/1',
        'routed_sales buying 90',
        'rules fired: none',
        "done: [('crm_contact', 'done'), ('slack_summary', 'done'), ('email_ack', 'done')]",
    ]
    assert (tmp_path / 'example.db').exists()
    again = subprocess.run([sys.executable, str(EXAMPLES / 'library_example.py')], cwd=tmp_path,
                           capture_output=True, text=True, timeout=120, check=False)
    assert again.returncode == 0, again.stderr  # helper-47: the second run failed an assert
    assert re.fullmatch(r'duplicate same submission as run [0-9a-f]{32}\n', again.stdout)


def test_the_readme_shows_the_library_example_as_it_is() -> None:
    """helper-47: the README's copy had drifted from the file (a `post_summary` without `owner`) and failed."""
    readme = (EXAMPLES.parent / 'README.md').read_text()
    section = readme.split('## Use it from your code', 1)[1]
    shown = section.split('```python\n', 1)[1].split('```', 1)[0]
    assert shown == (EXAMPLES / 'library_example.py').read_text()


def test_the_signing_script_sends_a_lead_the_host_accepts(tmp_path: Path) -> None:
    """examples/send_signed.sh (helper-47 #6: the docs had no way to sign a request by hand) against a live host: its
    lead is accepted; signed with another secret, refused."""
    import base64
    import os
    import signal

    from ._processes import free_port, wait_healthy

    secret = 'whsec_' + base64.b64encode(b'a-secret-for-the-signing-script').decode().rstrip('=')  # unpadded, too
    port = free_port()
    env = dict(os.environ, WEBHOOK_SECRET_GENERIC=secret, LEAD_AGENT_WORKER='external',
               DATABASE_URL=f'sqlite:///{tmp_path / "host.db"}', LEAD_AGENT_POLICY=str(EXAMPLES / 'policy.yaml'))
    with subprocess.Popen([sys.executable, '-m', 'uvicorn', '--factory', 'lead_agent.web:create_app', '--port',
                           str(port)], cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT) as host:
        try:
            wait_healthy(f'http://127.0.0.1:{port}/healthz', host, timeout=60)
            answers = [subprocess.run(['bash', str(EXAMPLES / 'send_signed.sh'), f'http://127.0.0.1:{port}',
                                       str(EXAMPLES / 'leads' / '02-physio-pricing.json')],
                                      env=dict(os.environ, WEBHOOK_SECRET_GENERIC=key), capture_output=True,
                                      text=True, timeout=60, check=False)
                       for key in (secret, 'whsec_' + base64.b64encode(b'another-secret').decode())]
        finally:
            host.send_signal(signal.SIGINT)
            host.wait(timeout=30)
    assert [a.returncode for a in answers] == [0, 0], [a.stderr for a in answers]
    accepted, refused = (a.stdout.splitlines() for a in answers)
    assert accepted[-1] == '202' and re.fullmatch(r'\{"run_ids":\["[0-9a-f]{32}"\],"duplicate":false\}', accepted[0])
    assert refused == ['{"detail":"generic: signature does not match"}', '401']
