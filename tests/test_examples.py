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
