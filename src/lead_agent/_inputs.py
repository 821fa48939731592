"""Reading submissions from files and stdin for the CLI: every item becomes a lead or a located error."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .exceptions import InvalidLead
from .models import Lead


@dataclass(frozen=True)
class Item:
    """One submission read from input: a lead, or an error that says where and what."""

    origin: str
    """`path`, `path:line` (JSON Lines) or `path[index]` (JSON array)."""
    lead: Lead | None
    raw: str
    error: str | None = None
    field: str | None = None


def _item(origin: str, data: Any, raw: str, source: str) -> Item:
    try:
        return Item(origin, Lead.from_submission(data, source=source), raw)
    except InvalidLead as e:
        where = f' (field {e.field})' if e.field else ''
        return Item(origin, None, raw, f'{origin}{where}: {e}', e.field)


def _decode(origin: str, data: bytes) -> tuple[str, str | None]:
    try:
        return data.decode('utf-8-sig'), None
    except UnicodeDecodeError as e:
        return data.decode('utf-8', 'backslashreplace'), f'{origin}: not valid UTF-8 (byte 0x{data[e.start]:02x} ' \
                                                          f'at offset {e.start})'


def _json_lines(origin: str, text: str, source: str) -> Iterator[Item]:
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as e:
            yield Item(f'{origin}:{n}', None, line, f'{origin}:{n}:{e.colno}: invalid JSON: {e.msg}')
            continue
        yield _item(f'{origin}:{n}', data, line, source)


def _json_document(origin: str, text: str, source: str) -> Iterator[Item]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        yield Item(origin, None, text, f'{origin}:{e.lineno}:{e.colno}: invalid JSON: {e.msg}')
        return
    if isinstance(data, list):
        if not data:
            yield Item(origin, None, text, f'{origin}: empty JSON array, no leads')
        for i, element in enumerate(data):  # pyright: ignore[reportUnknownVariableType, reportUnknownArgumentType]
            yield _item(f'{origin}[{i}]', element, json.dumps(element, ensure_ascii=False), source)
    else:
        yield _item(origin, data, text, source)


def read_text(origin: str, data: bytes, *, jsonl: bool | None = None, source: str = 'cli') -> Iterator[Item]:
    """Items from one file's bytes; `jsonl=None` guesses from the content."""
    text, error = _decode(origin, data)
    if error is not None:
        yield Item(origin, None, text, error)
        return
    if not text.strip():
        yield Item(origin, None, text, f'{origin}: empty input, no leads')
        return
    if jsonl is None:
        stripped = text.strip()
        jsonl = '\n' in stripped and stripped.startswith('{') and not _parses(stripped)
    yield from (_json_lines if jsonl else _json_document)(origin, text, source)


def _parses(text: str) -> bool:
    try:
        json.loads(text)
    except json.JSONDecodeError:
        return False
    return True


def files_in(path: Path) -> list[Path]:
    """The lead files a path names: the file itself, or a folder's *.json and *.jsonl files in name order."""
    if path.is_dir():
        return sorted(p for p in path.iterdir() if p.suffix in ('.json', '.jsonl') and p.is_file())
    return [path]


def read_path(path: Path) -> Iterator[Item]:
    """Items from a file or every lead file in a folder."""
    for file in files_in(path):
        yield from read_text(str(file), file.read_bytes(), jsonl=True if file.suffix == '.jsonl' else None)
