"""The embedded CRM: history and create-only contacts in the store's database."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import Connection, func, insert, or_, select, update
from sqlalchemy.exc import IntegrityError

from .. import _domains
from .._yaml import load_yaml
from ..backends import ContactRef
from ..exceptions import ConfigError, LeadAgentError
from ..models import Assignment, CrmRecord, Lead
from ..store import Database
from ..store._schema import crm_contacts, crm_history, crm_notes
from ..store.runlog import run_erased

__all__ = ('LocalCRM', 'load_history')


def load_history(path: Path) -> list[dict[str, Any]]:
    """The rows of a CRM history seed file (the policy's `local.crm_history`).

    Raises:
        ConfigError: the file cannot be read or an entry is malformed, naming the file.
    """
    try:
        data: Any = load_yaml(path.read_text(encoding='utf-8')) or []
        return [_history_row(item) for item in data]
    except (OSError, yaml.YAMLError, ValueError, TypeError, KeyError) as e:
        raise ConfigError(f'{path}: cannot load CRM history: {e}') from None


def _refuse_erased(conn: Connection, run_id: str) -> None:
    """No contact or note for a run whose personal data was erased.

    An approval or a recovered execution still going after `lead-agent erase` wrote the person back (helper-68);
    Slack, the outbox and the mailers refuse to already.
    """
    if run_erased(conn, run_id):
        raise LeadAgentError(f"run {run_id[:12]}'s personal data was erased: no contact is written for it")


class LocalCRM:
    """The `CRM` protocol on local tables; contacts are unique by email, company history is by registered domain."""

    def __init__(self, db: Database, *, seed: Path | None = None) -> None:
        self.db = db
        if seed is not None:
            self._seed(seed)

    def _seed(self, path: Path) -> None:
        with self.db.engine.connect() as conn:
            if conn.execute(select(func.count()).select_from(crm_history)).scalar_one():
                return
        rows = load_history(path)
        if rows:
            with self.db.engine.begin() as conn:
                conn.execute(insert(crm_history), rows)

    def _history(self, email: str) -> list[CrmRecord]:
        email = email.casefold()
        domain = email.rpartition('@')[2]
        # Company-level history by the exact registered domain (`eu.acme.com` is acme.com's, `notacme.com` is not),
        # but never for webmail: gmail.com is not one company.
        by_domain = not (_domains.matches(domain, _domains.FREE) or _domains.matches(domain, _domains.DISPOSABLE))
        cond = or_(crm_history.c.email == email, crm_history.c.domain == _domains.registered(domain)) if by_domain \
            else crm_history.c.email == email
        records: list[CrmRecord] = []
        with self.db.engine.connect() as conn:
            for r in conn.execute(select(crm_history).where(cond)):
                records.append(CrmRecord(date=date.fromisoformat(r.date), type=r.type, summary=r.summary,
                                         owner=r.owner, lifecycle_stage=r.lifecycle_stage, record_id=f'h{r.id}',
                                         matched_by='email' if r.email == email else 'domain'))
            contact = conn.execute(select(crm_contacts).where(crm_contacts.c.email == email)).first()
            if contact is not None:
                records.append(CrmRecord(date=contact.created_at.date(), type='contact', lifecycle_stage='lead',
                                         summary=f'Contact created by lead-agent (run {contact.run_id[:12]})',
                                         owner=contact.owner, record_id=f'c{contact.id}', matched_by='email'))
        return sorted(records, key=lambda r: r.date, reverse=True)

    async def history(self, email: str) -> list[CrmRecord]:
        """Records about this email or its company domain, newest first."""
        return await self.db.run(self._history, email)

    def _create(self, lead: Lead, note: str, run_id: str, owner: Assignment | None) -> ContactRef:
        email = lead.email.casefold()
        now = datetime.now(UTC)
        created = True
        try:
            with self.db.engine.begin() as conn:
                _refuse_erased(conn, run_id)
                key = conn.execute(insert(crm_contacts).values(
                    email=email, name=lead.name, company=lead.company, run_id=run_id, created_at=now,
                    owner=owner.owner if owner else None,
                )).inserted_primary_key
                contact_id = int(key[0]) if key is not None else 0
        except IntegrityError:
            created = False  # the unique email constraint: someone created it first; add the note only
            with self.db.engine.connect() as conn:
                contact_id = int(conn.execute(
                    select(crm_contacts.c.id).where(crm_contacts.c.email == email)).scalar_one())
        try:
            with self.db.engine.begin() as conn:
                _refuse_erased(conn, run_id)
                conn.execute(insert(crm_notes).values(contact_id=contact_id, run_id=run_id, body=note, created_at=now))
        except IntegrityError:
            pass  # this run's note is already there
        return ContactRef(contact_id=str(contact_id), created=created, url=f'lead-agent://crm/contacts/{contact_id}')

    async def create_contact(self, lead: Lead, note: str, run_id: str, *, owner: Assignment | None = None
                             ) -> ContactRef:
        """Create the contact owned by `owner` (or find the existing one by email) and attach the note once per run."""
        return await self.db.run(self._create, lead, note, run_id, owner)

    def _set_owner(self, contact_id: str, owner: Assignment) -> None:
        with self.db.engine.begin() as conn:
            if not conn.execute(update(crm_contacts).where(crm_contacts.c.id == int(contact_id))
                                .values(owner=owner.owner)).rowcount:
                raise LeadAgentError(f'no local CRM contact {contact_id}')

    async def set_owner(self, contact_id: str, owner: Assignment) -> None:
        """Set the contact's owner (its owner field only).

        Raises:
            LeadAgentError: there is no such contact.
        """
        if not contact_id.isdigit():
            raise LeadAgentError(f'no local CRM contact {contact_id}')
        await self.db.run(self._set_owner, contact_id, owner)

    async def tidy_notes(self, contact_id: str, run_id: str) -> int:
        """Nothing to tidy: a run's note is unique on its contact here (a unique key)."""
        return 0

    def contacts(self) -> list[dict[str, Any]]:
        """All contacts with their notes (for the CLI and tests)."""
        with self.db.engine.connect() as conn:
            out = [dict(r) for r in conn.execute(select(crm_contacts).order_by(crm_contacts.c.id)).mappings()]
            for c in out:
                c['notes'] = [n.body for n in conn.execute(
                    select(crm_notes.c.body).where(crm_notes.c.contact_id == c['id']).order_by(crm_notes.c.id))]
        return out


def _history_row(item: dict[str, Any]) -> dict[str, Any]:
    record = CrmRecord.model_validate({k: v for k, v in item.items() if k not in ('email', 'domain')})
    if not item.get('email') and not item.get('domain'):
        raise ValueError('each CRM history entry needs an email or a domain')
    return {'email': (item.get('email') or None) and str(item['email']).casefold(),
            'domain': (item.get('domain') or None) and _domains.registered(str(item['domain']).casefold()),
            'date': record.date.isoformat(), 'type': record.type, 'summary': record.summary,
            'owner': record.owner, 'lifecycle_stage': record.lifecycle_stage}
