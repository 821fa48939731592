"""The templated acknowledgement: only the policy's templates, only to the submitter, at most once per run.

`render_ack` fills the policy's `{name}` and `{company_name}` placeholders with Jinja2 (the HTML part autoescaped);
`OutboxMailer` writes the message to the store's outbox, `SmtpMailer` sends it with aiosmtplib (the `smtp` extra).
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import ssl
import unicodedata
from collections.abc import AsyncGenerator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr
from functools import lru_cache
from string import Formatter
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from jinja2 import StrictUndefined, Template
from jinja2.sandbox import SandboxedEnvironment
from sqlalchemy import delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from .backends import still_ours
from .exceptions import ConfigError, IntegrationError, RecipientRefused
from .models import Lead
from .policy import EmailTemplate
from .store import Database, database_away, write_outbox
from .store._schema import email_acks
from .store.database import through_outage
from .store.runlog import run_erased

if TYPE_CHECKING:
    import aiosmtplib

__all__ = ('OutboxMailer', 'SmtpMailer', 'render_ack')

_log = logging.getLogger('lead_agent.mail')
_MARK_FOR = 86_400.0
"""Seconds a send confirmed while the database was away is tried again to be marked sent."""
_FIELDS = frozenset({'name', 'company_name'})
_JOINERS = "-'’"


def _given_name(word: str) -> bool:
    """Letters (with their marks), joined by hyphens or apostrophes ('Jean-Luc', "O'Brien"), a closing period ('J.').

    No digits, no dots inside, no colons or slashes: the greeting goes to whatever address the sender typed, and a
    name field holding a link or a host name would mail it from the company's own domain.
    """
    word = word[:-1] if word.endswith('.') else word
    parts = re.split(f'[{_JOINERS}]', word)
    return 0 < len(word) <= 60 and len(parts) <= 4 and all(
        part and unicodedata.category(part[0]).startswith('L')
        and all(unicodedata.category(c)[0] in 'LM' for c in part) for part in parts)


_text_env = SandboxedEnvironment(autoescape=False, undefined=StrictUndefined, keep_trailing_newline=True)
_html = SandboxedEnvironment(autoescape=True, undefined=StrictUndefined, keep_trailing_newline=True).from_string(
    '<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>{{ subject }}</title></head>\n<body>\n'
    '{% for lines in paragraphs %}<p>{% for line in lines %}{{ line }}{% if not loop.last %}<br>\n{% endif %}'
    '{% endfor %}</p>\n{% endfor %}</body></html>\n'
)


@lru_cache(maxsize=64)
def _compile(text: str) -> tuple[Template, tuple[str, ...]]:
    # The policy text uses `str.format` syntax; its literal parts go in as data, so nothing in it is parsed by Jinja.
    source: list[str] = []
    literals: list[str] = []
    for literal, field, spec, conversion in Formatter().parse(text):
        if literal:
            source.append(f'{{{{ literals[{len(literals)}] }}}}')
            literals.append(literal)
        if field is None:
            continue
        if field not in _FIELDS or spec or conversion:
            raise ConfigError(f'email template: only {{name}} and {{company_name}} may be used, not {{{field}...}}')
        source.append(f'{{{{ {field} }}}}')
    return _text_env.from_string(''.join(source)), tuple(literals)


def _fill(text: str, values: dict[str, str]) -> str:
    template, literals = _compile(text)
    return template.render(literals=literals, **values)


def render_ack(template: EmailTemplate, lead: Lead, company_name: str) -> tuple[str, str, str]:
    """Subject, text body and HTML body of the acknowledgement; no model-written text, ever.

    Only the lead's first name and the company's name are filled in; the HTML body escapes both.

    Raises:
        ConfigError: the template uses a placeholder form other than `{name}` / `{company_name}`.
    """
    words = lead.name.split()
    first = words[0] if words else ''
    values = {'name': first if _given_name(first) else 'there', 'company_name': company_name}
    subject = ' '.join(_fill(template.subject, values).split())  # one header line, whatever the template holds
    text = _fill(template.body, values)
    paragraphs = [p.splitlines() for p in re.split(r'\n[ \t]*\n', text.strip()) if p.strip()]
    return subject, text, _html.render(subject=subject, paragraphs=paragraphs)


class OutboxMailer:
    """`Mailer` that writes the message to the store's outbox (with `dry_run`: marked as a shadow run's)."""

    def __init__(self, db: Database, *, dry_run: bool = False) -> None:
        self.db, self.dry_run = db, dry_run

    async def send_ack(self, run_id: str, lead: Lead, template: EmailTemplate, company_name: str) -> str:
        """Queue the acknowledgement for the submitter."""
        subject, text, html = render_ack(template, lead, company_name)
        payload = json.dumps({'to': lead.email, 'subject': subject, 'text': text, 'html': html})
        return await self.db.run(write_outbox, self.db, run_id, 'email_ack', lead.email, payload, datetime.now(UTC),
                                 self.dry_run)


def _smtp_client() -> Any:
    try:
        import aiosmtplib
    except ImportError:
        raise ImportError("SmtpMailer needs aiosmtplib: pip install 'lead-agent[smtp]'") from None
    return aiosmtplib


def _transient(e: BaseException) -> bool:
    """Whether an SMTP failure may pass: a 4xx reply, or a connection that failed.

    Not a 5xx reply (a refusal, by SMTP's own classes), nor a server that lacks what the send needs (AUTH when the
    URL has a user; helper-47: it was retried for the whole retry window).
    """
    smtp = _smtp_client()
    # aiosmtplib raises the bare class for what the server lacks ('The SMTP AUTH extension is not supported', 'No
    # suitable authentication method found'), its subclasses for a lost connection or a timeout.
    if isinstance(e, smtp.SMTPNotSupported) or type(e) is smtp.SMTPException:
        return False
    refused: list[Any] = getattr(e, 'recipients', None) or []  # SMTPRecipientsRefused: each recipient's reply
    codes = [getattr(r, 'code', None) for r in refused] or [getattr(e, 'code', None)]
    return not any(isinstance(code, int) and code >= 500 for code in codes)


def _address_refused(e: BaseException, address: str) -> bool:
    """Whether the server refused the message for its recipient's address alone, which no retry changes.

    A reply to RCPT naming the address (RFC 3463: 5.1.x, a bad mailbox, domain or syntax; 5.2.1, a disabled mailbox;
    5.6.7, non-ASCII not allowed; or 553, a mailbox name not allowed), or a non-ASCII address to a server without
    SMTPUTF8. Not a bare 550, which is as often the server's own policy (relaying denied) as the address.
    """
    smtp = _smtp_client()
    if isinstance(e, smtp.SMTPNotSupported):
        return 'SMTPUTF8' in str(e) and not address.isascii()
    refused: list[Any] = getattr(e, 'recipients', None) or ([e] if isinstance(e, smtp.SMTPRecipientRefused) else [])
    return bool(refused) and all(
        isinstance(code := getattr(r, 'code', None), int) and 500 <= code < 600
        and (code == 553 or _ADDRESS_STATUS.match(str(getattr(r, 'message', '')))) for r in refused)


_ADDRESS_STATUS = re.compile(r'5\.(1\.\d{1,3}|2\.1|6\.7)\b')


class SmtpMailer:
    """`Mailer` over SMTP: `smtp://user:pass@host:587` (STARTTLS) or `smtps://user:pass@host:465` (implicit TLS).

    The user and password are only ever sent over TLS, unless `allow_plaintext_auth` says otherwise.

    The run's row in `email_acks` is claimed before sending and marked sent after the server accepted the message,
    so a run that resumes after a crash sends only when no send was confirmed. A send cut off mid-way (crash,
    cancellation) is sent again with the same Message-ID, which receiving servers and clients use to drop the copy:
    a lost acknowledgement is worse than a second one. A refused send releases the claim.
    """

    def __init__(self, db: Database, smtp_url: str, sender: str, *, timeout: float = 10.0,
                 tls_context: ssl.SSLContext | None = None, allow_plaintext_auth: bool = False) -> None:
        """Check the URL.

        With a user in the URL, the login only ever happens over TLS: `smtps://`, or `smtp://` once STARTTLS
        succeeded; a server that offers no STARTTLS fails the send. `allow_plaintext_auth` lets the login go out in
        clear text instead (a relay on the same host or a private network, and nothing else).

        Raises:
            ConfigError: the URL is not `smtp://` or `smtps://` with a host, has a password but no user, or is
                `smtp://` on port 465 (the message never repeats the URL).
            ImportError: aiosmtplib is not installed.
        """
        self._smtp: Any = _smtp_client()
        parts = urlsplit(smtp_url)
        try:
            port = parts.port
        except ValueError:
            port = -1
        if parts.scheme not in ('smtp', 'smtps') or not parts.hostname or port == -1:
            raise ConfigError('SMTP URL must look like smtp://user:pass@host:587 or smtps://user:pass@host:465')
        if parts.password and not parts.username:
            raise ConfigError('SMTP URL has a password but no user name')
        if parts.scheme == 'smtp' and port == 465:
            # Port 465 speaks TLS from the first byte: a STARTTLS client would wait for a greeting until it times out.
            raise ConfigError('SMTP URL: port 465 is implicit TLS, use smtps://...:465 (or smtp://...:587 for STARTTLS)')
        self.db, self.sender, self.timeout, self._tls_context = db, sender, timeout, tls_context
        self.allow_plaintext_auth = allow_plaintext_auth
        self.host = parts.hostname
        self.implicit_tls = parts.scheme == 'smtps'
        self.port = port or (465 if self.implicit_tls else 587)
        self._username = unquote(parts.username) if parts.username else None
        self._password = unquote(parts.password) if parts.password else None
        self._domain = parseaddr(sender)[1].rpartition('@')[2] or 'lead-agent.invalid'
        self._marking: set[asyncio.Task[None]] = set()  # sends confirmed while the database was away (`_mark_later`)

    def __repr__(self) -> str:
        scheme = 'smtps' if self.implicit_tls else 'smtp'
        user = f'{self._username or ""}{":***" if self._password else ""}@' if self._username else ''
        return f'SmtpMailer({scheme}://{user}{self.host}:{self.port})'

    def _claim(self, run_id: str, message_id: str, recipient: str) -> str | None:
        """None when this run's acknowledgement is to be sent; the Message-ID when its send was confirmed.

        'erased' for an erased run: its claim row went with the erasure, and an execution still going would send the
        acknowledgement again (helper-66).
        """
        try:
            with self.db.engine.begin() as conn:
                if run_erased(conn, run_id):
                    return 'erased'
                conn.execute(insert(email_acks).values(run_id=run_id, message_id=message_id, recipient=recipient,
                                                       claimed_at=datetime.now(UTC)))
            return None
        except IntegrityError:
            with self.db.engine.connect() as conn:
                row = conn.execute(select(email_acks.c.message_id, email_acks.c.sent_at)
                                   .where(email_acks.c.run_id == run_id)).one()
            return row.message_id if row.sent_at is not None else None  # cut off mid-send: send again

    def _sent(self, run_id: str) -> None:
        with self.db.engine.begin() as conn:
            conn.execute(update(email_acks).where(email_acks.c.run_id == run_id).values(sent_at=datetime.now(UTC)))

    def _release(self, run_id: str) -> None:
        with self.db.engine.begin() as conn:
            conn.execute(delete(email_acks).where(email_acks.c.run_id == run_id))

    def _message(self, run_id: str, lead: Lead, template: EmailTemplate, company_name: str) -> EmailMessage:
        subject, text, html = render_ack(template, lead, company_name)
        msg = EmailMessage()
        msg['Subject'] = subject
        msg['From'] = self.sender
        msg['To'] = lead.email
        msg['Date'] = format_datetime(datetime.now(UTC))
        msg['Message-ID'] = f'<ack.{run_id}@{self._domain}>'
        msg['Auto-Submitted'] = 'auto-generated'  # RFC 3834: keeps vacation responders from answering
        msg.set_content(text)
        msg.add_alternative(html, subtype='html')
        return msg

    async def send_ack(self, run_id: str, lead: Lead, template: EmailTemplate, company_name: str) -> str:
        """Send the acknowledgement to the submitter, once per run; returns `smtp:<Message-ID>`.

        Raises:
            IntegrationError: the server refused or could not be reached, or offers no TLS for the login (status 403;
                the claim is released either way).
        """
        msg = self._message(run_id, lead, template, company_name)
        message_id = str(msg['Message-ID'])
        existing = await self.db.run(self._claim, run_id, message_id, lead.email)
        if existing is not None:
            return f'smtp:{existing}'
        try:
            await self._send(msg)
        except (self._smtp.SMTPException, OSError) as e:
            await self.db.run(self._release, run_id)
            if _address_refused(e, lead.email):
                raise RecipientRefused('smtp', self._describe(e)) from None
            raise IntegrationError('smtp', self._describe(e), transient=_transient(e)) from None
        except IntegrationError:
            await self.db.run(self._release, run_id)
            raise
        try:
            await self.db.run(self._sent, run_id)
        except Exception as e:
            if not database_away(e):
                raise
            # The server took it: the acknowledgement went. Failing the step for the mark would have it retried, and
            # the retry, finding the claim unmarked, sent it again (helper-198: 16 of 40 went twice while PostgreSQL
            # was stopped for 15 s). Marked once the database is back; only a process that dies first sends again.
            _log.warning('run %s: its acknowledgement was sent, but the database is away (%s): marked sent once it is '
                         'back', run_id[:12], type(e).__name__)
            self._mark_later(run_id)
        return f'smtp:{message_id}'

    def _mark_later(self, run_id: str) -> None:
        task = asyncio.create_task(self._mark_when_back(run_id))
        self._marking.add(task)
        task.add_done_callback(self._marking.discard)

    async def _mark_when_back(self, run_id: str) -> None:
        """`_sent`, tried again with backoff (1 s to a minute) while the database is away, for up to a day."""
        try:
            await through_outage(lambda: self.db.run(self._sent, run_id), _MARK_FOR, first=1.0, longest=60.0)
        except Exception as e:
            _log.error('run %s: its acknowledgement was sent but could not be marked sent (%s): a process that resumes '
                       'the run sends it again, with the same Message-ID', run_id[:12], type(e).__name__)

    @asynccontextmanager
    async def _session(self) -> AsyncGenerator[Any]:
        """A connected client, logged in when the URL has a user."""
        # Connecting upgrades with STARTTLS whenever the server offers it (and fails when the upgrade fails); the login
        # is a separate step so that it can look at the connection it would go out on.
        client: Any = self._smtp.SMTP(hostname=self.host, port=self.port, use_tls=self.implicit_tls,
                                      start_tls=False if self.implicit_tls else None, tls_context=self._tls_context,
                                      timeout=self.timeout)
        async with client:
            if self._username is not None:
                if client.get_transport_info('sslcontext') is None and not self.allow_plaintext_auth:
                    # Permanent: the server will not start offering TLS within the retry window.
                    raise IntegrationError('smtp', f'{self.host}:{self.port} offers no STARTTLS, so the login was not '
                                           'sent in clear text: use smtps://, enable STARTTLS on the server, or set '
                                           'SMTP_ALLOW_PLAINTEXT_AUTH=true for a trusted network', transient=False)
                await client.login(self._username, self._password or '')
            yield client

    async def _send(self, msg: EmailMessage) -> None:
        async with self._session() as client:
            # Connected: a worker frozen while it connected, whose run was taken over meanwhile (and the email sent
            # by the worker that took it), stops here (helper-94: woken, it sent it again).
            await still_ours()
            await client.send_message(msg)

    async def check(self) -> str:
        """Connect, greet, STARTTLS and log in as a send would, then quit without sending: what worked.

        Raises:
            IntegrationError: the server could not be reached, refused the login, or offers no TLS for it.
        """
        try:
            async with self._session() as client:
                tls = client.get_transport_info('sslcontext') is not None
        except (self._smtp.SMTPException, OSError) as e:
            raise IntegrationError('smtp', self._describe(e, 'connecting to')) from None
        return (f'{self.host}:{self.port} answered' + (', TLS' if tls else ', no TLS')
                + (f', logged in as {self._username}' if self._username else ''))

    def _describe(self, e: aiosmtplib.SMTPException | OSError, doing: str = 'sending to') -> str:
        refused: list[Any] = getattr(e, 'recipients', None) or []  # SMTPRecipientsRefused: its first reply, as one
        code = getattr(refused[0] if refused else e, 'code', None)
        message = getattr(refused[0] if refused else e, 'message', e)
        detail = f'{code} {message}' if isinstance(code, int) else f'{type(e).__name__}: {e}'
        if self._password:  # as a whole token: a short one ('p') taken out of every word made 'port' '***ort'
            detail = re.sub(rf'(?<![^\W_]){re.escape(self._password)}(?![^\W_])', '***', detail)
        return f'{doing} {self.host}:{self.port} failed: {detail}'[:500]
