r"""The guards' large patterns, compiled once per machine instead of once per process.

`re` parses a pattern and builds its code in Python: for the guards' few hundred patterns (the largest hold thousands of
alternatives) that is 2 to 3 s of CPU in every process that imports the package and reads a lead, paid again by each
worker started, each CLI command and each restart after a crash. The code `re` builds is a pure function of the
pattern, its flags and the Python that builds it, so it is kept, as `.pyc` files keep bytecode: in one file per
Python and per version of this module and `_prefilter` (whose readings are kept too), under the user's cache
directory (`$LEAD_AGENT_CACHE_DIR`, else `$XDG_CACHE_HOME/lead-agent`, else `~/.cache/lead-agent`; `off` keeps
nothing), written with `marshal` (as `.pyc` files are) and replaced atomically. The file carries its format's header
and a CRC of its contents, and is read only when this user alone may have written it (`_trusted`); a file that is
damaged, of another format, or not trusted, any failure to read or use it, and a Python whose private compiler
differs, all compile as `re` does: the file costs or saves time, never changes an answer.

Kept: `compile` for patterns of `_SMALLEST` characters or more (a short one compiles faster than it is looked up), and
what `_prefilter` reads from a pattern's parse (`kept`). Written at exit and when asked (`save`, after a worker's warm
up: a worker is often stopped with a signal).
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import hashlib
import importlib
import logging
import marshal
import os
import re
import stat
import sys
import tempfile
import threading
import time
import zlib
from array import array
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar, cast

__all__ = ('compile', 'kept', 'save')

log = logging.getLogger('lead_agent.pattern_cache')

_sre: Any = importlib.import_module('_sre')
_parser: Any = importlib.import_module('re._parser')
_compiler: Any = importlib.import_module('re._compiler')

_SMALLEST = 2_000  # characters: shorter patterns compile in about a millisecond or less
_MOST = 64 * 2**20  # bytes: a file past this is started afresh with what this process used
_T = TypeVar('_T')
_D = TypeVar('_D')

Spec = tuple[int, bytes, int, dict[str, int], tuple[str | None, ...]]
"""What `_sre.compile` takes after the pattern's text: flags, code (as an array's bytes: read in one copy), groups,
and the group names both ways."""

_CODE = next(t for t in 'IL' if array(t).itemsize == _sre.CODESIZE)


def spec(parsed: Any, flags: int) -> Spec:
    """What `re._compiler.compile` gives `_sre.compile` for a parse (a `SubPattern`), as it computes it."""
    code = array(_CODE, _compiler._code(parsed, flags)).tobytes()
    groupindex: dict[str, int] = dict(parsed.state.groupdict)
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, i in groupindex.items():
        indexgroup[i] = name
    return (int(flags | parsed.state.flags), code, parsed.state.groups - 1, groupindex, tuple(indexgroup))


def built(pattern: str | None, made: Spec) -> re.Pattern[str]:
    """The compiled pattern `made` describes (its text `None` for a part compiled from a parse)."""
    flags, code, groups, groupindex, indexgroup = made
    return _sre.compile(pattern, flags, array(_CODE, code).tolist(), groups, groupindex, indexgroup)


class _Store:
    """The kept answers, read from the file at first use; new ones written back at `save`."""

    def __init__(self) -> None:
        self._entries: dict[tuple[str, str, int], Any] | None = None
        self._used: dict[tuple[str, str, int], Any] = {}
        self._new = False
        self._lock = threading.Lock()

    @staticmethod
    def path() -> Path | None:
        """The file for this Python and this reading of patterns (`version`); None when nothing is kept."""
        where = os.environ.get('LEAD_AGENT_CACHE_DIR', '')
        if where.lower() in ('off', 'none', '0', 'false'):
            return None
        if not where:
            home = os.environ.get('XDG_CACHE_HOME') or os.path.join(os.path.expanduser('~'), '.cache')
            if not os.path.isabs(home):  # no home to find ('~' left as it is): not the current folder
                return None
            where = os.path.join(home, 'lead-agent')
        readers = _readers()
        if readers is None:
            return None
        tag = f'{sys.implementation.cache_tag}-{sys.hexversion:x}-{_sre.MAGIC}-{_sre.CODESIZE}-{sys.maxunicode}'
        return Path(where) / f'patterns-{tag}-{readers}.marshal'

    def _read(self) -> dict[tuple[str, str, int], Any]:
        if self._entries is None:
            self._entries = {}
            path = self.path()
            if path is not None:
                with contextlib.suppress(Exception):  # absent, unreadable, cut short or changed: compiled afresh
                    self._entries = _loaded(_trusted(path))
        return self._entries

    def get(self, key: tuple[str, str, int]) -> Any:
        with self._lock:
            found = self._read().get(key)
            if found is not None:
                self._used[key] = found
            return found

    def put(self, key: tuple[str, str, int], value: Any) -> None:
        with self._lock:
            self._read()[key] = self._used[key] = value
            self._new = True

    def save(self) -> None:
        with self._lock:
            self._save()

    def _save(self) -> None:
        path = self.path()
        if not self._new or path is None:
            return
        self._new = False
        try:
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            with contextlib.suppress(Exception):  # what another process wrote meanwhile is kept beside ours
                self._entries = {**_loaded(_trusted(path)), **self._read()}
            data = _dumped(self._read())
            if len(data) > _MOST:
                data = _dumped(self._used)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix='.patterns-')
            try:
                with os.fdopen(fd, 'wb') as out:
                    out.write(data)
                os.replace(tmp, path)
                _tidy(path.parent, path)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
                raise
        except Exception as e:  # a read-only home or a full disk: the next process compiles again
            log.debug('pattern cache not written to %s: %s', path, e)


_HEADER = b'lead-agent patterns 2\n'  # this module's format: another version's file is not read
# The modules whose code decides what is kept: another version of either (an upgrade, a rollback, a second checkout
# sharing the cache) keeps its answers in a file of its own (`version`), as a changed source invalidates a `.pyc`.
_READERS = ('_pattern_cache.py', '_prefilter.py')
_STALE = 30 * 86_400  # seconds: another version's file left this long unwritten is removed (an upgrade's leftovers)
_ABANDONED = 600  # seconds: a temporary file this old was left by a process stopped while it wrote


def version(sources: Iterable[Path]) -> str | None:
    """A digest of the files' contents (None when one cannot be read: then nothing is kept)."""
    digest = hashlib.sha256()
    try:
        for source in sources:
            digest.update(source.read_bytes())
    except OSError:
        return None
    return digest.hexdigest()[:16]


@functools.cache
def _readers() -> str | None:
    """`version` of this process's readers (their source is read once, not at each read and save of the file)."""
    return version(Path(__file__).with_name(name) for name in _READERS)


def _tidy(folder: Path, kept: Path) -> None:
    """Remove what stopped writers left (`.patterns-*`) and other versions' files unwritten for `_STALE`."""
    now = time.time()
    for leftover in folder.iterdir():
        with contextlib.suppress(OSError):
            age = now - leftover.lstat().st_mtime
            if ((leftover.name.startswith('.patterns-') and age > _ABANDONED)
                    or (leftover.name.startswith('patterns-') and leftover.name.endswith('.marshal')
                        and leftover != kept and age > _STALE)):
                leftover.unlink()


def _trusted(path: Path) -> bytes:
    """The file's bytes: a regular file, not oversized, that only this user could have written (as ssh reads keys).

    The code in it decides what the checks match: a file another user may write (a shared `LEAD_AGENT_CACHE_DIR`)
    is not read. Opened without following a link and without waiting (a FIFO put where the file goes would block
    the import for good), and checked as opened.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, 'O_NONBLOCK', 0) | getattr(os, 'O_NOFOLLOW', 0))
    with os.fdopen(fd, 'rb') as f:
        st = os.fstat(fd)
        if (not stat.S_ISREG(st.st_mode) or st.st_size > 2 * _MOST or st.st_mode & 0o022
                or (hasattr(os, 'getuid') and st.st_uid != os.getuid())):
            raise ValueError(f'{path} is not a regular file, may be written by others, or is too large: not read')
        return f.read()


def _dumped(entries: dict[tuple[str, str, int], Any]) -> bytes:
    data = marshal.dumps(entries)
    return _HEADER + zlib.crc32(data).to_bytes(4, 'big') + data


def _loaded(data: bytes) -> dict[tuple[str, str, int], Any]:
    """The entries of a file `_dumped` wrote; ValueError for any other bytes (a file cut short or changed on disk)."""
    body = data[len(_HEADER) + 4:]
    if not data.startswith(_HEADER) or zlib.crc32(body).to_bytes(4, 'big') != data[len(_HEADER):len(_HEADER) + 4]:
        raise ValueError('not a pattern cache of this version, or damaged')
    entries = marshal.loads(body)
    if not isinstance(entries, dict):
        raise ValueError('not a pattern cache')
    return cast(dict[tuple[str, str, int], Any], entries)


_store = _Store()
atexit.register(_store.save)


def save() -> None:
    """Write what this process compiled and the file lacks (a long-running process, before a signal may stop it)."""
    _store.save()


def compile(pattern: str | re.Pattern[str], flags: int = 0) -> re.Pattern[str]:
    """`re.compile(pattern, flags)`, built from the kept code when this Python compiled the pattern before."""
    flags = int(flags)
    if isinstance(pattern, re.Pattern) or len(pattern) < _SMALLEST:
        return re.compile(pattern, flags)
    key = ('re', pattern, flags)
    made = _store.get(key)
    if made is not None:
        with contextlib.suppress(Exception):
            return built(pattern, made)
    try:
        made = spec(_parser.parse(pattern, flags), flags)
        compiled = built(pattern, made)
    except re.error:
        raise
    except Exception:  # a Python whose private compiler differs: compiled as usual, nothing kept
        return re.compile(pattern, flags)
    _store.put(key, made)
    return compiled


def kept(kind: str, pattern: re.Pattern[str], read: Callable[[], _D], use: Callable[[_D], _T]) -> _T:
    """`use(read())`, with what `read` gives about `pattern` (data `marshal` can write) kept under `kind`.

    A kept answer `use` fails on (a file from another version of this module) is read afresh.
    """
    key = (kind, pattern.pattern, int(pattern.flags))
    found = _store.get(key)
    if found is not None:
        with contextlib.suppress(Exception):
            return use(found)
    data = read()
    answer = use(data)
    _store.put(key, data)
    return answer
