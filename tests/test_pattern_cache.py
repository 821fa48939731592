"""The guards' large patterns are compiled once per machine (`_pattern_cache`): the same code `re` builds, in every
process, with the cache cold, warm, broken or off."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from lead_agent._pattern_cache import _loaded  # pyright: ignore[reportPrivateUsage]

ROOT = Path(__file__).parents[1]

# Every kept pattern rebuilt from the file equals `re.compile` of its text (a Pattern's equality compares its flags and
# its compiled code, word for word), and every kept reading of `_prefilter` equals a fresh one. Then the checks read
# the example leads; their flags are printed, with how many patterns this process compiled anew.
_PROBE = r"""
import json, re, sys
from pathlib import Path
from lead_agent import _pattern_cache, _prefilter, guards, load_policy
from lead_agent.models import Lead

root = Path(sys.argv[1])
policy = load_policy(root / 'examples' / 'policy.yaml')
flags = {}
for path in sorted((root / 'examples' / 'leads').glob('*.json')):
    lead = Lead.from_submission(json.loads(path.read_text()))
    flags[path.name] = sorted(guards._flags(lead, policy))
store = _pattern_cache._store
checked = 0
for (kind, text, fl), data in store._used.items() if sys.argv[2] == 'check' else ():
    if kind == 're':
        assert _pattern_cache.built(text, data) == re.compile(text, fl), text[:60]
    elif kind == 'alternatives':
        assert data == _prefilter._parts(re.compile(text, fl)), text[:60]
    checked += 1
print(json.dumps({'flags': flags, 'new': store._new, 'checked': checked, 'used': len(store._used)}))
"""


def _probe(cache: str, *, seed: str = '0', check: bool = False) -> dict[str, Any]:
    env = {**os.environ, 'LEAD_AGENT_CACHE_DIR': cache, 'PYTHONHASHSEED': seed}
    done = subprocess.run([sys.executable, '-c', _PROBE, str(ROOT), 'check' if check else 'flags'], env=env,
                          capture_output=True, text=True, timeout=180, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.splitlines()[-1])


@pytest.fixture(scope='module')
def reference() -> dict[str, list[str]]:
    """The example leads' flags with no cache."""
    flags = _probe('off')['flags']
    assert any(flags.values())  # flags to compare
    return flags


@pytest.fixture(scope='module')
def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A cache file as a process writes it."""
    where = tmp_path_factory.mktemp('written')
    _probe(str(where))
    (path,) = where.iterdir()
    return path


def test_a_warm_cache_builds_the_code_re_builds_and_the_same_flags(tmp_path: Path,
                                                                   reference: dict[str, list[str]]) -> None:
    where = tmp_path / 'cache'
    cold = _probe(str(where), seed='1')
    (path,) = where.iterdir()
    written = path.read_bytes()
    assert path.name.startswith('patterns-') and len(written) > 100_000
    # another process, another string hash seed (sets iterate in another order): every pattern is found, none added,
    # and each equals what `re` compiles
    warm = _probe(str(where), seed='2', check=True)
    assert warm['new'] is False
    assert warm['checked'] == warm['used'] == cold['used'] > 50
    assert path.read_bytes() == written  # not written again
    assert warm['flags'] == cold['flags'] == reference


def test_off_writes_nothing(tmp_path: Path) -> None:
    env = {**os.environ, 'LEAD_AGENT_CACHE_DIR': 'off', 'HOME': str(tmp_path), 'XDG_CACHE_HOME': str(tmp_path / 'xdg')}
    subprocess.run([sys.executable, '-c', 'import lead_agent'], env=env, check=True, timeout=120)
    assert list(tmp_path.iterdir()) == []


def test_a_cache_that_cannot_be_written_changes_no_answer(tmp_path: Path, reference: dict[str, list[str]]) -> None:
    where = tmp_path / 'cache'
    where.write_text('not a directory')
    assert _probe(str(where))['flags'] == reference
    assert where.read_text() == 'not a directory'


@pytest.mark.parametrize('broken', ['random bytes', 'cut short', 'one byte changed', 'writable by others'])
def test_a_damaged_or_untrusted_cache_changes_no_answer_and_is_written_again(broken: str, tmp_path: Path, written: Path,
                                                                 reference: dict[str, list[str]]) -> None:
    where = tmp_path / 'cache'
    where.mkdir()
    path = where / written.name
    data = written.read_bytes()
    if broken == 'random bytes':
        path.write_bytes(os.urandom(len(data)))
    elif broken == 'cut short':
        path.write_bytes(data[:len(data) // 2])
    elif broken == 'one byte changed':  # a byte of a pattern's code: it would compile, and match otherwise
        path.write_bytes(data[:-1000] + bytes([data[-1000] ^ 1]) + data[-999:])
    else:  # whole, but another user may have written it (a shared cache directory): its code is not trusted
        path.write_bytes(data)
        path.chmod(0o666)
    again = _probe(str(where))
    assert again['flags'] == reference and again['new'] is True  # read as no file: compiled afresh, and written
    assert _loaded(path.read_bytes()) == _loaded(data)
    assert path.stat().st_mode & 0o777 == 0o600


def test_a_fifo_where_the_file_goes_blocks_nothing(tmp_path: Path, written: Path,
                                                   reference: dict[str, list[str]]) -> None:
    """helper-172: opening a FIFO to read waits for a writer, and the import waited for good (another user may make
    one in a shared folder). It is opened without waiting and, as no regular file, not read, then replaced."""
    where = tmp_path / 'cache'
    where.mkdir()
    os.mkfifo(where / written.name)
    assert _probe(str(where))['flags'] == reference
    assert _loaded((where / written.name).read_bytes()) == _loaded(written.read_bytes())


def test_another_version_of_the_readers_keeps_a_file_of_its_own(tmp_path: Path, written: Path) -> None:
    """helper-172: the file kept `_prefilter`'s readings whatever version of it wrote them, so a fix to it (or a
    rollback, or a second checkout sharing the cache) answered as the other version while the file lived. The
    file's name now holds a digest of the readers' source, as a changed source invalidates a `.pyc`."""
    from lead_agent import _pattern_cache

    copies: list[Path] = []
    for name in _pattern_cache._READERS:  # pyright: ignore[reportPrivateUsage]
        copy = tmp_path / name
        copy.write_bytes((ROOT / 'src' / 'lead_agent' / name).read_bytes())
        copies.append(copy)
    ours = _pattern_cache.version(copies)
    assert ours is not None and written.name.endswith(f'-{ours}.marshal')
    copies[-1].write_bytes(copies[-1].read_bytes() + b'\n# another version\n')
    assert _pattern_cache.version(copies) not in (None, ours)
    assert _pattern_cache.version([tmp_path / 'missing.py']) is None  # unreadable source: nothing kept


def test_what_stopped_writers_and_old_versions_left_is_removed(tmp_path: Path, written: Path) -> None:
    """helper-172: a process killed between writing its temporary file and moving it in left 7-64 MB behind, each
    time. A save removes such files once they are 10 minutes old, and other versions' files unwritten for 30 days."""
    where = tmp_path / 'cache'
    where.mkdir()
    now = time.time()
    left = {'.patterns-abandoned': now - 1200, '.patterns-being-written': now - 5,
            'patterns-cpython-311-old-version.marshal': now - 40 * 86_400,
            'patterns-cpython-311-other-version-in-use.marshal': now - 86_400, 'unrelated.txt': now - 40 * 86_400}
    for name, mtime in left.items():
        (where / name).write_bytes(b'x')
        os.utime(where / name, (mtime, mtime))
    _probe(str(where))
    assert sorted(p.name for p in where.iterdir()) == [
        '.patterns-being-written', written.name, 'patterns-cpython-311-other-version-in-use.marshal', 'unrelated.txt']



def test_it_takes_what_re_compile_takes() -> None:
    """helper-172: a compiled pattern raised TypeError, where `re.compile` hands it back."""
    import re

    from lead_agent._pattern_cache import compile as re_compile

    compiled = re.compile('a+')
    assert re_compile(compiled) is compiled
    with pytest.raises(ValueError, match='flags'):
        re_compile(compiled, re.IGNORECASE)
    with pytest.raises(re.error):
        re_compile('a' * 2_000 + ')')  # a broken pattern long enough to be kept fails as `re` fails
