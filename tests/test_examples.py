from __future__ import annotations

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
