"""`lead-agent init`: a starter policy, company directory, CRM seed and sample leads in a folder."""

from __future__ import annotations

import shlex
import shutil
from pathlib import Path
from typing import Annotated

import typer

from .._render import visible
from ..settings import DEFAULT_POLICY
from ._common import app, error

_PACKAGE = Path(__file__).resolve().parents[1]
# The wheel carries the repository's examples/ files as lead_agent/_starter (pyproject's force-include); a source
# checkout (an editable install) reads them where they are. Either way there is one copy of each file.
_STARTER_DIRS = (_PACKAGE / '_starter', _PACKAGE.parents[1] / 'examples')

# What `init` writes (the name in the target folder): the starter file it copies, and what it is. The policy's
# `local` paths (companies.yaml, crm_history.yaml) are relative to the policy file, so the set works wherever it is.
STARTER_FILES = {
    DEFAULT_POLICY.name: ('policy.yaml', 'the policy, for CareFlow (a fictional company): edit it for yours'),
    'companies.yaml': ('companies.yaml', "the company directory (the policy's local.companies)"),
    'crm_history.yaml': ('crm_history.yaml', "the CRM's starting history (local.crm_history)"),
    'leads': ('leads', 'sample leads'),
}


def starter_dir() -> Path:
    """The folder holding the starter files of this installation."""
    for folder in _STARTER_DIRS:
        if all((folder / origin).exists() for origin, _ in STARTER_FILES.values()):
            return folder
    raise FileNotFoundError('the starter files are missing from this installation (reinstall lead-agent)')


def _targets(source: Path, folder: Path) -> list[tuple[Path, Path]]:
    pairs: list[tuple[Path, Path]] = []
    for name, (origin, _) in STARTER_FILES.items():
        if (source / origin).is_dir():
            pairs += [(f, folder / name / f.name) for f in sorted((source / origin).iterdir()) if f.suffix == '.json']
        else:
            pairs.append((source / origin, folder / name))
    return pairs


@app.command('init')
def init_cmd(
    folder: Annotated[Path, typer.Argument(help='Where to write the files (created if missing).')] = Path(),
    force: Annotated[bool, typer.Option('--force', help='Overwrite files that already exist.')] = False,
) -> None:
    """Write a starter policy (lead-agent.yaml), company directory, CRM seed and sample leads."""
    try:
        pairs = _targets(starter_dir(), folder)
    except FileNotFoundError as e:
        error(str(e))
        raise typer.Exit(1) from None
    # Never written through a link (with --force too): it could point anywhere, e.g. at a file of the system's.
    links = sorted({p for _, target in pairs for p in (target, target.parent) if p.is_symlink()})
    if links:
        error(f'not writing through symbolic links: {", ".join(str(p) for p in links)}: remove them, or choose another '
              'folder')
        raise typer.Exit(2)
    existing = [target for _, target in pairs if target.exists()]
    if existing and not force:
        shown = ', '.join(str(p) for p in existing[:5]) + (f' and {len(existing) - 5} more' if len(existing) > 5 else '')
        error(f'not overwriting {shown}: pass --force to replace them, or choose another folder')
        raise typer.Exit(2)
    try:
        for source, target in pairs:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
    except OSError as e:
        error(f'{e.filename}: cannot write: {e.strerror}')
        raise typer.Exit(2) from None
    leads = sum(1 for _, target in pairs if target.parent == folder / 'leads')
    typer.echo(f'wrote in {visible(str(folder))}:')
    for name, (_, what) in STARTER_FILES.items():
        shown = f'{name}/' if name == 'leads' else name
        typer.echo(f'  {shown:<17} {f"{leads} {what}" if name == "leads" else what}')
    typer.echo("the policy's keys: docs/policy.md in lead-agent's source")
    cd = '' if folder.resolve() == Path.cwd().resolve() else f'cd {visible(shlex.quote(str(folder)))} && '
    typer.echo(f'next: {cd}lead-agent triage leads/')
