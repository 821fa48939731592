"""Reading submissions from files and stdin for the CLI: every item becomes a lead or a located error.

Which format a file holds: `.csv` is CSV with a header row, `.jsonl` (or `.ndjson`) is JSON Lines, anything else
(stdin too) is one JSON document, an object or an array, unless it is several one-line objects (JSON Lines after
all). `fmt=` says it outright. A CSV row's columns are mapped to lead fields as a webhook's fields are (the policy's
`intake.fields`); JSON objects carry the lead fields by name. Either way unknown names go to the lead's `extra`.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from . import _json
from .exceptions import InvalidLead
from .models import Lead
from .policy import IntakePolicy
from .webhooks import from_fields

Format = Literal['json', 'jsonl', 'csv']
SUFFIXES: dict[str, Format | None] = {'.json': None, '.jsonl': 'jsonl', '.ndjson': 'jsonl', '.csv': 'csv'}
"""The file names a folder's lead files end with, and the format each says (None: JSON, told by the content)."""


@dataclass(frozen=True)
class Item:
    """One submission read from input: a lead, or an error that says where and what."""

    origin: str
    """`path`, `path:line` (JSON Lines, a CSV row) or `path[index]` (JSON array)."""
    lead: Lead | None
    raw: str
    """The submission's text: read again as `fmt` it gives this item back (a CSV row comes with its header)."""
    error: str | None = None
    field: str | None = None
    fmt: Format = 'json'


def _item(origin: str, data: Any, raw: str, source: str) -> Item:
    try:
        return Item(origin, Lead.from_submission(data, source=source), raw)
    except InvalidLead as e:
        return Item(origin, None, raw, _located(origin, e), e.field)
    except RecursionError:  # field values nested deeper than flattening them to text can follow, as the host says
        return Item(origin, None, raw, f'{origin}: a field is nested too deeply')


def _located(origin: str, e: InvalidLead) -> str:
    return f'{origin}{f" (field {e.field})" if e.field else ""}: {e}'


_BOMS = ((codecs.BOM_UTF32_LE, 'utf-32'), (codecs.BOM_UTF32_BE, 'utf-32'), (codecs.BOM_UTF16_LE, 'utf-16'),
         (codecs.BOM_UTF16_BE, 'utf-16'))
"""Byte-order marks that say the encoding (Excel's "Unicode Text" export is UTF-16 with one); UTF-32's first."""


def _decode(origin: str, data: bytes, encoding: str | None = None) -> tuple[str, str | None]:
    """The text, or the bytes with the undecodable ones escaped and an error saying where and what to pass."""
    chosen = encoding or next((name for bom, name in _BOMS if data.startswith(bom)), 'utf-8-sig')
    try:
        return data.decode(chosen), None
    except UnicodeDecodeError as e:
        what = f'not valid {encoding or chosen.upper().removesuffix("-SIG")}'
        what += ', the encoding its byte-order mark names' if not encoding and chosen != 'utf-8-sig' else ''
        hint = '' if encoding else '; if it is in another encoding, pass it with --encoding (Excel writes cp1252)'
        return data.decode('utf-8', 'backslashreplace'), f'{_where(origin, data, e.start, chosen)}: {what} (byte ' \
                                                          f'0x{data[e.start]:02x}){hint}'


def _where(origin: str, data: bytes, at: int, encoding: str) -> str:
    """`origin:LINE:COLUMN` of byte `at`, as a syntax error is located.

    helper-201: it was a byte offset, which no editor shows. `origin` and the offset in an encoding whose newline is
    not the one byte 0x0a (UTF-16, UTF-32).
    """
    newline = b'\n'
    if 'x\n'.encode(encoding, 'replace').removeprefix(codecs.BOM_UTF8) != b'x' + newline:
        return f'{origin} (offset {at})'
    start = data.rfind(newline, 0, at) + 1
    column = len(data[start:at].decode(encoding, 'replace').lstrip('\ufeff')) + 1
    return f'{origin}:{data.count(newline, 0, at) + 1}:{column}'


def _json_lines(origin: str, text: str, source: str) -> Iterator[Item]:
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            data = _json.loads(line)
        except json.JSONDecodeError as e:
            yield Item(f'{origin}:{n}', None, line, f'{origin}:{n}:{e.colno}: invalid JSON: {e.msg}')
            continue
        yield _item(f'{origin}:{n}', data, line, source)


def _json_document(origin: str, text: str, source: str) -> Iterator[Item]:
    try:
        data = _json.loads(text)
    except json.JSONDecodeError as e:
        csv_like = e.pos == 0 and any(d in text.partition('\n')[0] for d in ',;\t')
        hint = ' (CSV? name the file .csv or give --format csv)' if csv_like else ''
        yield Item(origin, None, text, f'{origin}:{e.lineno}:{e.colno}: invalid JSON: {e.msg}{hint}')
        return
    if isinstance(data, list):
        if not data:
            yield Item(origin, None, text, f'{origin}: empty JSON array, no leads')
        for i, element in enumerate(data):  # pyright: ignore[reportUnknownVariableType, reportUnknownArgumentType]
            yield _item(f'{origin}[{i}]', element, json.dumps(element, ensure_ascii=False), source)
    else:
        yield _item(origin, data, text, source)


def _one_object_a_line(text: str) -> bool:
    """Several lines, each an object on its own (one of them may be broken): JSON Lines in a `.json` file.

    A pretty-printed document has lines that do not start with `{`, so a syntax error in it is one error for the
    whole document, at its line and column, not one per line.
    """
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return len(lines) > 1 and all(line.startswith('{') for line in lines) and any(map(_parses, lines))


def _parses(text: str) -> bool:
    try:
        _json.loads(text)
    except json.JSONDecodeError:
        return False
    return True


def _csv_rows(origin: str, text: str, intake: IntakePolicy, source: str) -> Iterator[Item]:
    head = text.lstrip('\r\n').partition('\n')[0]
    try:  # the header's names hold no delimiters, so its line alone tells them (a message may hold any)
        delimiter = csv.Sniffer().sniff(head, delimiters=',;\t|').delimiter
    except csv.Error:
        delimiter = ','  # one column
    reader = csv.reader(io.StringIO(text, newline=''), delimiter=delimiter, strict=True)  # no silent merges
    header: list[str] | None = None
    line = header_at = 0
    try:
        for row in reader:
            start, line = line + 1, reader.line_num  # a quoted newline makes a row span lines: name its first
            if not any(cell.strip() for cell in row):
                continue  # blank lines and rows of empty cells
            if header is None:
                header, header_at = [name.strip() or f'column {i}' for i, name in enumerate(row, start=1)], start
                if address := next((name for name in header if _ADDRESS.fullmatch(name)), None):
                    # A file without a header row: its first lead was read as one, and lost (helper-201)
                    where = f'{origin}:{start}'
                    yield Item(where, None, text, f'{where}: the first row holds an email address ({address}), so it '
                               'is no header row: a CSV file starts with one naming its columns (email,name,company,'
                               'message)', 'email', 'csv')
                    return
                continue
            where, raw = f'{origin}:{start}', _csv_text(header, row)
            if any(cell.strip() for cell in row[len(header):]):
                yield Item(where, None, raw, f'{where}: {len(row)} fields, the header has {len(header)} (a '
                           'delimiter inside an unquoted value?)', fmt='csv')
                continue
            try:
                yield Item(where, from_fields(list(zip(header, row)), intake, source=source), raw, fmt='csv')
            except InvalidLead as e:
                hint = " (name its column in the policy's intake.fields)" if str(e).startswith('no field maps') else ''
                yield Item(where, None, raw, _located(where, e) + hint, e.field, 'csv')
    except csv.Error as e:  # an unclosed quote, text after a closing one, a NUL byte: the rest is not read
        where, lines = f'{origin}:{line + 1}', io.StringIO(text, newline='').readlines()  # as the reader counts
        unread = ''.join(lines[header_at - 1:header_at] + lines[line:]) if header is not None else text
        yield Item(where, None, unread, f'{where}: invalid CSV in the row from this line on: {e}; the rows below it '
                   'were not read', fmt='csv')
        return
    # A header row and no leads is an export of a quiet week, not a failure: no item (no failed run to review).


_ADDRESS = re.compile(r'[^@\s,;<>"]+@[^@\s,;<>"]+\.[^@\s,;<>"]+')
"""A cell that is an email address, which no column's name is."""


def _csv_text(header: list[str], row: list[str]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator='\n').writerows([header, row])
    return buffer.getvalue()


def read_text(origin: str, data: bytes, *, jsonl: bool | None = None, source: str = 'cli', fmt: Format | None = None,
              intake: IntakePolicy | None = None, encoding: str | None = None) -> Iterator[Item]:
    """Items from one file's bytes, read as `fmt` (None: JSON, a document or JSON Lines as the content says).

    `jsonl` is the older way to say `fmt='jsonl'` (True) or `'json'` (False); `intake` maps CSV columns (the
    default mapping when None); `encoding` is the bytes' (None: UTF-8, or what a byte-order mark says).
    """
    text, error = _decode(origin, data, encoding)
    if error is not None:
        yield Item(origin, None, text, error, fmt='csv' if fmt == 'csv' else 'json')
        return
    if not text.strip():
        yield Item(origin, None, text, f'{origin}: empty input, no leads', fmt='csv' if fmt == 'csv' else 'json')
        return
    if fmt is None and jsonl is not None:
        fmt = 'jsonl' if jsonl else 'json'
    if fmt == 'csv':
        yield from _csv_rows(origin, text, intake or IntakePolicy(), source)
        return
    if fmt is None:
        fmt = 'jsonl' if not _parses(text) and _one_object_a_line(text) else 'json'
    yield from (_json_lines if fmt == 'jsonl' else _json_document)(origin, text, source)


def format_of(path: Path) -> Format | None:
    """The format a file's name says: `.csv`, `.jsonl` / `.ndjson`; None for anything else (JSON, by content)."""
    return SUFFIXES.get(path.suffix.lower())


def files_in(path: Path) -> list[Path]:
    """The lead files a path names: the file itself, or a folder's .json, .jsonl, .ndjson and .csv files by name.

    Not a folder's hidden files (`.name.json`: an editor's or a sync tool's copy), nor its folders (`skipped_in`).
    """
    if path.is_dir():
        return sorted(p for p in path.iterdir() if p.suffix.lower() in SUFFIXES and p.is_file()
                      and not p.name.startswith('.'))
    return [path]


def skipped_in(path: Path) -> list[Path]:
    """What a folder holds that `files_in` does not read, besides hidden files: its folders, and files of no lead format."""
    if not path.is_dir():
        return []
    return sorted(p for p in path.iterdir() if not p.name.startswith('.') and (p.is_dir() or p.suffix.lower()
                                                                                 not in SUFFIXES))


def read_path(path: Path, *, fmt: Format | None = None, intake: IntakePolicy | None = None,
              source: str = 'cli', encoding: str | None = None) -> Iterator[Item]:
    """Items from a file or every lead file in a folder, each read as `fmt` or as its name says (`format_of`)."""
    for file in files_in(path):
        yield from read_text(str(file), file.read_bytes(), fmt=fmt or format_of(file), intake=intake, source=source,
                             encoding=encoding)


def lossy(errors: list[str]) -> bool:
    """Whether a failed run's kept input lost bytes: it was not in the encoding it was read as (kept escaped)."""
    return any(_LOSSY.search(e) for e in errors)


_LOSSY = re.compile(r"not valid (UTF-8|\S+) \(byte|codec can't decode")
