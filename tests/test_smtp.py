from __future__ import annotations

import asyncio
import email
import email.policy
import json
import shutil
import socket
import sqlite3
import ssl
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from email.message import EmailMessage
from functools import partial
from pathlib import Path
from typing import Any, cast

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword
from sqlalchemy import event, select

from lead_agent import ConfigError, IntegrationError, Policy, Settings, build_deps, local_deps, triage
from lead_agent.exceptions import RecipientRefused
from lead_agent.mail import OutboxMailer, SmtpMailer, email_acks, render_ack
from lead_agent.policy import EmailTemplate
from lead_agent.store import Database, prepare, read_outbox

from .helpers import EXAMPLES, example_lead

USER, PASSWORD = 'mailer', 'p@ss:w/rd'
URL_PASSWORD = 'p%40ss%3Aw%2Frd'
SENDER = 'hello@careflow.example'


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    message: EmailMessage
    authenticated: bool


@dataclass
class Inbox:
    """An aiosmtpd handler that keeps what it accepts; `replies` are scripted answers to the next DATA commands."""

    messages: list[Received] = field(default_factory=list[Received])
    replies: list[str] = field(default_factory=list[str])
    commands: list[str] = field(default_factory=list[str])
    """The verb of every command the server was sent, in order (what follows AUTH on its own lines is not one)."""

    rcpt_replies: list[str] = field(default_factory=list[str])
    """Scripted answers to the next RCPT commands (none: the address is taken)."""

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: list[str]) -> str:
        if self.rcpt_replies:
            return self.rcpt_replies.pop(0)
        envelope.rcpt_tos.append(address)
        return '250 OK'

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.replies:
            return self.replies.pop(0)
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        self.messages.append(Received(envelope.mail_from, list(envelope.rcpt_tos), message, session.authenticated))
        return '250 2.0.0 Message accepted for delivery'


def authenticator(server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any) -> AuthResult:
    ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (USER.encode(),
                                                                                            PASSWORD.encode())
    return AuthResult(success=ok, handled=False)


class _RecordingSMTP(SMTP):
    """aiosmtpd's server, noting each command's verb in the handler's `commands` before handling it."""

    def __init__(self, handler: Inbox, **kw: Any) -> None:
        super().__init__(handler, **kw)
        for verb, method in list(self._smtp_methods.items()):
            self._smtp_methods[verb] = partial(self._noted, handler.commands, verb, method)

    @staticmethod
    async def _noted(commands: list[str], verb: str, method: Any, arg: str | None) -> None:
        commands.append(verb)
        await method(arg)


class _Controller(Controller):
    def factory(self) -> SMTP:
        return _RecordingSMTP(self.handler, **self.SMTP_kwargs)

    def _trigger_server(self) -> None:
        # port=0 lets the OS pick a free port; aiosmtpd then connects to `self.port` to check the server is up.
        # aiosmtpd types `server` as an AbstractServer; loop.create_server() made it, a Server (it has `sockets`).
        server = cast(asyncio.Server, self.server)
        port: int = server.sockets[0].getsockname()[1]
        self.port = port
        super()._trigger_server()

    def stop(self, no_assert: bool = False) -> None:
        # aiosmtpd stops its loop at once and closes it, dropping the callbacks still queued. A TLS connection the
        # client has just quit is a few loop turns from closing its socket (read close_notify, close the transport,
        # close the socket), so now and then the socket was left open; its ResourceWarning, an error under
        # filterwarnings, then failed whichever test the garbage collector ran in. Let every connection close first.
        try:
            asyncio.run_coroutine_threadsafe(self._close_connections(), self.loop).result(timeout=10)
        finally:
            super().stop(no_assert)

    async def _close_connections(self) -> None:
        assert self.server is not None
        # Server.wait_closed() waits for the open connections, but on Python 3.11 only if it is already waiting when
        # close() is called; the sleep lets it start.
        closed = asyncio.ensure_future(self.server.wait_closed())
        await asyncio.sleep(0)
        self.server.close()
        await closed


@dataclass
class SmtpServer:
    inbox: Inbox
    port: int

    def url(self, scheme: str = 'smtp', password: str = URL_PASSWORD) -> str:
        return f'{scheme}://{USER}:{password}@127.0.0.1:{self.port}'


def serve(**kw: Any) -> Iterator[SmtpServer]:
    inbox = Inbox()
    # AUTH is offered (not required: requiring it without TLS makes aiosmtpd warn); the handler records who logged in.
    controller = _Controller(inbox, hostname='127.0.0.1', port=0, authenticator=authenticator, **kw)
    controller.start()
    try:
        yield SmtpServer(inbox, controller.port)
    finally:
        controller.stop()


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    """A server without STARTTLS (the tests of other things log in to it with `allow_plaintext_auth=True`)."""
    yield from serve(auth_require_tls=False)


@pytest.fixture
def db(sqlite_url: str) -> Iterator[Database]:
    d = Database(sqlite_url)
    prepare(d)
    yield d
    d.dispose()


TEMPLATE = EmailTemplate(subject='Thanks for contacting {company_name}',
                         body='Hi {name},\n\nThanks for reaching out to {company_name}.\nWe reply within a day.\n\n'
                              'The {company_name} team\n')
LEAD = example_lead('01-hospital-group-demo.json').model_copy(update={'name': '<script>alert(1)</script> Raman'})


def parts(message: EmailMessage) -> dict[str, str]:
    # Lines arrive CRLF-terminated, as SMTP sends them.
    return {part.get_content_type(): part.get_content().replace('\r\n', '\n')  # type: ignore[union-attr]
            for part in message.iter_parts()}


async def test_ack_is_sent_once_to_the_submitter_only(smtp: SmtpServer, db: Database) -> None:
    mailer = SmtpMailer(db, smtp.url(), SENDER, allow_plaintext_auth=True)
    ref = await mailer.send_ack('run0001', LEAD, TEMPLATE, 'Care & Flow')
    assert ref == 'smtp:<ack.run0001@careflow.example>'
    [got] = smtp.inbox.messages
    msg = got.message
    assert (got.mail_from, got.rcpt_tos, got.authenticated) == (SENDER, ['priya.raman@havenhospitals.com'], True)
    assert (msg['From'], msg['To'], msg['Subject'], msg['Message-ID'], msg['Auto-Submitted']) == (
        SENDER, 'priya.raman@havenhospitals.com', 'Thanks for contacting Care & Flow', '<ack.run0001@careflow.example>',
        'auto-generated')
    assert msg.get_content_type() == 'multipart/alternative'
    body = parts(msg)
    # A first word that is no given name is not repeated to whatever address the sender typed
    assert body['text/plain'] == ('Hi there,\n\nThanks for reaching out to Care & Flow.\n'
                                  'We reply within a day.\n\nThe Care & Flow team\n')
    assert '<p>Hi there,</p>' in body['text/html']
    assert '<script>' not in body['text/html'] and 'Care &amp; Flow' in body['text/html']
    assert 'Raman' not in json.dumps(body)  # first name only

    assert await mailer.send_ack('run0001', LEAD, TEMPLATE, 'Care & Flow') == ref
    assert await SmtpMailer(db, smtp.url(), SENDER, allow_plaintext_auth=True).send_ack(
        'run0001', LEAD, TEMPLATE, 'Care & Flow') == ref
    assert len(smtp.inbox.messages) == 1


async def test_rejected_send_raises_and_a_retry_sends(smtp: SmtpServer, db: Database) -> None:
    smtp.inbox.replies.append('550 5.7.1 Message rejected by policy')
    mailer = SmtpMailer(db, smtp.url(), SENDER, allow_plaintext_auth=True)
    with pytest.raises(IntegrationError) as info:
        await mailer.send_ack('run0002', LEAD, TEMPLATE, 'CareFlow')
    assert info.value.service == 'smtp' and info.value.transient is False  # a 5xx reply is a refusal
    assert str(info.value) == f'smtp: sending to 127.0.0.1:{smtp.port} failed: 550 5.7.1 Message rejected by policy'
    with db.engine.connect() as conn:
        assert conn.execute(select(email_acks)).all() == []  # the claim was released
    assert await mailer.send_ack('run0002', LEAD, TEMPLATE, 'CareFlow') == 'smtp:<ack.run0002@careflow.example>'
    assert len(smtp.inbox.messages) == 1


@pytest.mark.parametrize(('reply', 'the_address'), [
    ('550 5.1.1 <priya.raman@havenhospitals.com>: Recipient address rejected: User unknown', True),
    ('553 sorry, that domain is not in my list of allowed rcpthosts', True),
    ('550 5.2.1 Mailbox disabled', True),
    # A bare 550 or a policy's (5.7.x) is as often the server's own set-up as the address: the run fails loudly
    ('550 5.7.1 Relaying denied', False), ('550 Access denied', False), ('451 4.1.1 Try again later', False)])
async def test_an_address_the_server_refuses_is_a_recipient_refusal(smtp: SmtpServer, db: Database, reply: str,
                                                                    the_address: bool) -> None:
    smtp.inbox.rcpt_replies.append(reply)
    mailer = SmtpMailer(db, smtp.url(), SENDER, allow_plaintext_auth=True)
    with pytest.raises(IntegrationError) as info:
        await mailer.send_ack('run0003', LEAD, TEMPLATE, 'CareFlow')
    assert isinstance(info.value, RecipientRefused) is the_address
    assert info.value.transient is reply.startswith('4') and str(info.value).endswith(f'failed: {reply}')
    with db.engine.connect() as conn:
        assert conn.execute(select(email_acks)).all() == []


@pytest.fixture
def smtp_ascii() -> Iterator[SmtpServer]:
    """A server without SMTPUTF8 (aiosmtpd's controller offers it unless told not to; many relays do not)."""
    yield from serve(auth_require_tls=False, enable_SMTPUTF8=False)


async def test_a_non_ascii_address_to_a_server_without_smtputf8_is_a_recipient_refusal(
        smtp_ascii: SmtpServer, smtp: SmtpServer, db: Database) -> None:
    lead = LEAD.model_copy(update={'email': 'tóm@havenhospitals.com'})
    with pytest.raises(RecipientRefused, match='SMTPUTF8'):
        await SmtpMailer(db, smtp_ascii.url(), SENDER, allow_plaintext_auth=True).send_ack('r5', lead, TEMPLATE, 'C')
    assert smtp_ascii.inbox.messages == []
    assert await SmtpMailer(db, smtp.url(), SENDER, allow_plaintext_auth=True).send_ack('r5', lead, TEMPLATE, 'C')
    assert [m.rcpt_tos for m in smtp.inbox.messages] == [['tóm@havenhospitals.com']]  # a server with SMTPUTF8


@pytest.mark.parametrize('refusal', ['550 5.1.1 User unknown', None])  # None: a non-ASCII address, no SMTPUTF8
async def test_a_lead_whose_address_refuses_mail_is_routed_without_its_acknowledgement(
        smtp_ascii: SmtpServer, policy: Policy, sqlite_url: str, refusal: str | None) -> None:
    """helper-200: such a run ended failed in review, and approving it failed the same way every time: no reviewer
    could route the lead. It is routed now, saying why no acknowledgement went; a server's own refusal still fails."""
    base = local_deps(policy, database_url=sqlite_url)
    deps = replace(base, mailer=SmtpMailer(base.db, smtp_ascii.url(), SENDER, allow_plaintext_auth=True))
    lead = example_lead('01-hospital-group-demo.json')
    if refusal is None:
        lead = lead.model_copy(update={'email': 'priyá.raman@havenhospitals.com'})
    else:
        smtp_ascii.inbox.rcpt_replies.append(refusal)
    try:
        rec = await triage(lead, deps)
        smtp_ascii.inbox.rcpt_replies.append('550 5.7.1 Relaying denied')
        other = await triage(example_lead('02-physio-pricing.json'), deps)
        [contact] = [c for c in base.crm.contacts() if c['email'] == lead.email]  # type: ignore[attr-defined]
        assert contact['owner']
        outbox = [row['kind'] for row in read_outbox(base.db)]
    finally:
        base.db.dispose()
    assert rec.state == 'routed_sales', rec.errors
    [ack] = [a for a in rec.actions if a.kind == 'email_ack']
    assert ack.status == 'failed' and ack.error is not None and 'RecipientRefused' in ack.error
    [note] = rec.errors
    assert note.startswith('routed, but the acknowledgement was not sent (the mail server refused its address): ')
    assert 'slack_summary' in outbox and smtp_ascii.inbox.messages == []
    assert other.state == 'failed' and any('550 5.7.1 Relaying denied' in e for e in other.errors)


async def test_a_send_the_server_took_as_the_database_went_away_is_not_sent_again(
        smtp: SmtpServer, db: Database, caplog: pytest.LogCaptureFixture) -> None:
    """helper-198: the server took the acknowledgement, then marking it sent met the database away. The send raised,
    the step was retried, and the retry found the claim unmarked and sent it again (16 of 40 while PostgreSQL was
    stopped for 15 s). The send succeeds, and the mark is made once the database is back."""
    away = [True]

    def database_away(conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, executemany: bool
                      ) -> None:
        if away[0] and statement.startswith('UPDATE email_acks'):
            raise sqlite3.OperationalError('unable to open database file')

    event.listen(db.engine, 'before_cursor_execute', database_away)
    mailer = SmtpMailer(db, smtp.url(), SENDER, allow_plaintext_auth=True)
    try:
        ref = await mailer.send_ack('run0009', LEAD, TEMPLATE, 'CareFlow')
        assert ref == 'smtp:<ack.run0009@careflow.example>'
        away[0] = False
        marked = None
        for _ in range(100):  # the first mark is tried again a second later
            with db.engine.connect() as conn:
                marked = conn.execute(select(email_acks.c.sent_at)).scalar_one()
            if marked is not None:
                break
            await asyncio.sleep(0.05)
        assert marked is not None
        assert await mailer.send_ack('run0009', LEAD, TEMPLATE, 'CareFlow') == ref  # a resumed run finds it sent
    finally:
        event.remove(db.engine, 'before_cursor_execute', database_away)
    assert len(smtp.inbox.messages) == 1
    assert any('its acknowledgement was sent, but the database is away (OperationalError)' in r.getMessage()
               for r in caplog.records)


async def test_a_short_password_is_masked_as_a_token_not_inside_words(db: Database) -> None:
    """helper-55: the password 'p' was replaced inside every word: 'Error connecting to 127.0.0.1 on ***ort ...'."""
    closed = socket.socket()
    closed.bind(('127.0.0.1', 0))
    port = closed.getsockname()[1]
    closed.close()  # nothing listens there now
    mailer = SmtpMailer(db, f'smtp://u:p@127.0.0.1:{port}', SENDER, allow_plaintext_auth=True)
    with pytest.raises(IntegrationError) as info:
        await mailer.check()
    assert f'port {port}' in str(info.value) and '***ort' not in str(info.value), str(info.value)


async def test_wrong_password_fails_without_showing_it(smtp: SmtpServer, db: Database) -> None:
    mailer = SmtpMailer(db, smtp.url(password='hunter2-wrong'), SENDER, allow_plaintext_auth=True)
    with pytest.raises(IntegrationError, match=r'smtp: .* failed: 535 5\.7\.8 Authentication credentials invalid'
                       ) as info:
        await mailer.send_ack('run0003', LEAD, TEMPLATE, 'CareFlow')
    assert 'hunter2' not in str(info.value) and 'hunter2' not in repr(mailer)
    assert smtp.inbox.messages == []
    await SmtpMailer(db, smtp.url(), SENDER, allow_plaintext_auth=True).send_ack('run0003', LEAD, TEMPLATE, 'CareFlow')
    assert len(smtp.inbox.messages) == 1


async def test_a_4xx_reply_is_transient_and_a_server_without_auth_is_not(smtp: SmtpServer, db: Database) -> None:
    """helper-47: a server that offers no AUTH, for a URL with a user, was retried for the whole retry window."""
    smtp.inbox.replies.append('451 4.3.0 Try again later')
    mailer = SmtpMailer(db, smtp.url(), SENDER, allow_plaintext_auth=True)
    with pytest.raises(IntegrationError) as info:
        await mailer.send_ack('run0005', LEAD, TEMPLATE, 'CareFlow')
    assert info.value.transient is True
    for server in serve(auth_require_tls=False, auth_exclude_mechanism=['LOGIN', 'PLAIN']):  # no AUTH offered
        with pytest.raises(IntegrationError, match='No suitable authentication method') as info:
            await SmtpMailer(db, server.url(), SENDER, allow_plaintext_auth=True).send_ack('run0005', LEAD, TEMPLATE,
                                                                                            'CareFlow')
        assert info.value.transient is False and server.inbox.messages == []


async def test_unreachable_server_is_an_integration_error(db: Database) -> None:
    with socket.socket() as s:  # a port nobody listens on
        s.bind(('127.0.0.1', 0))
        port = s.getsockname()[1]
    mailer = SmtpMailer(db, f'smtp://{USER}:{URL_PASSWORD}@127.0.0.1:{port}', SENDER, timeout=2)
    with pytest.raises(IntegrationError, match=f'smtp: sending to 127.0.0.1:{port} failed') as info:
        await mailer.send_ack('run0004', LEAD, TEMPLATE, 'CareFlow')
    assert PASSWORD not in str(info.value) and URL_PASSWORD not in str(info.value)


@pytest.mark.parametrize('url', ['http://u:secret@host', 'smtp://u:secret@', 'smtp://u:secret@host:notaport', 'secret',
                                 'smtp://:secret@host:587', 'smtp://u:secret@host:465'])
def test_bad_smtp_url_is_a_config_error_that_hides_it(db: Database, url: str) -> None:
    with pytest.raises(ConfigError) as info:
        SmtpMailer(db, url, SENDER)
    assert 'secret' not in str(info.value)


# --- the login never goes out in clear text unless SMTP_ALLOW_PLAINTEXT_AUTH says so -----------------------------
async def test_no_starttls_means_no_login_and_a_permanent_error(smtp: SmtpServer, db: Database) -> None:
    mailer = SmtpMailer(db, smtp.url(), SENDER)
    with pytest.raises(IntegrationError) as info:
        await mailer.send_ack('run0006', LEAD, TEMPLATE, 'CareFlow')
    assert str(info.value) == (
        f'smtp: 127.0.0.1:{smtp.port} offers no STARTTLS, so the login was not sent in clear text: use smtps://, '
        'enable STARTTLS on the server, or set SMTP_ALLOW_PLAINTEXT_AUTH=true for a trusted network')
    assert info.value.transient is False  # the pipeline does not retry it
    assert smtp.inbox.commands == ['EHLO', 'QUIT']  # neither AUTH nor the message reached the server
    assert smtp.inbox.messages == []
    with db.engine.connect() as conn:
        assert conn.execute(select(email_acks)).all() == []  # the claim was released


async def test_plaintext_login_when_allowed(smtp: SmtpServer, db: Database) -> None:
    await SmtpMailer(db, smtp.url(), SENDER, allow_plaintext_auth=True).send_ack('run0007', LEAD, TEMPLATE, 'CareFlow')
    [got] = smtp.inbox.messages
    assert got.authenticated
    assert smtp.inbox.commands == ['EHLO', 'AUTH', 'MAIL', 'RCPT', 'DATA', 'QUIT']


async def test_no_user_no_login_needs_no_tls(smtp: SmtpServer, db: Database) -> None:
    await SmtpMailer(db, f'smtp://127.0.0.1:{smtp.port}', SENDER).send_ack('run0008', LEAD, TEMPLATE, 'CareFlow')
    [got] = smtp.inbox.messages
    assert not got.authenticated
    assert smtp.inbox.commands == ['EHLO', 'MAIL', 'RCPT', 'DATA', 'QUIT']


async def test_pipeline_without_tls_sends_the_run_to_review_at_once(smtp: SmtpServer, policy: Policy,
                                                                   sqlite_url: str) -> None:
    base = local_deps(policy, database_url=sqlite_url)
    # An hour of retries for transient failures, as `lead-agent` runs: a retry would show in the error and the time.
    deps = replace(base, mailer=SmtpMailer(base.db, smtp.url(), SENDER), retry_for=3600.0)
    try:
        started = time.monotonic()
        rec = await triage(example_lead('01-hospital-group-demo.json'), deps)
        took = time.monotonic() - started
        review = await deps.review.items('open')
    finally:
        base.db.dispose()
    [ack] = [a for a in rec.actions if a.kind == 'email_ack']
    assert (rec.state, ack.status, [i.run_id for i in review]) == ('failed', 'failed', [rec.run_id])
    assert ack.error is not None and 'offers no STARTTLS' in ack.error and 'gave up' not in ack.error
    assert PASSWORD not in ack.error and took < 10
    assert 'AUTH' not in smtp.inbox.commands and smtp.inbox.messages == []


async def test_settings_pass_plaintext_auth_through(smtp: SmtpServer, tmp_path: Path) -> None:
    env = {'LEAD_AGENT_POLICY': str(EXAMPLES / 'policy.yaml'), 'DATABASE_URL': f'sqlite:///{tmp_path / "s.db"}',
           'SMTP_URL': smtp.url(), 'SMTP_FROM': SENDER}
    for allow, expected in [({}, False), ({'SMTP_ALLOW_PLAINTEXT_AUTH': 'true'}, True)]:
        deps = build_deps(Settings.model_validate(env | allow))
        try:
            assert isinstance(deps.mailer, SmtpMailer) and deps.mailer.allow_plaintext_auth is expected
        finally:
            await deps.aclose()


def test_render_ack_fills_only_the_two_placeholders() -> None:
    template = EmailTemplate(subject='Hello {name}  from\n{company_name}',
                             body='{{ name }} {{% raw %}} {name} of {company_name}')
    lead = LEAD.model_copy(update={'name': 'Priya Raman'})
    assert render_ack(template, lead, '<script>alert(1)</script> {{ 7 * 7 }}') == (
        'Hello Priya from <script>alert(1)</script> {{ 7 * 7 }}',
        '{ name } {% raw %} Priya of <script>alert(1)</script> {{ 7 * 7 }}',
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>Hello Priya from &lt;script&gt;alert(1)&lt;/script&gt; '
        '{{ 7 * 7 }}</title></head>\n<body>\n<p>{ name } {% raw %} Priya of &lt;script&gt;alert(1)&lt;/script&gt; '
        '{{ 7 * 7 }}</p>\n</body></html>\n',
    )
    nameless = LEAD.model_copy(update={'name': ''})
    assert render_ack(TEMPLATE, nameless, 'CareFlow')[1].startswith('Hi there,')


@pytest.mark.parametrize(('name', 'greeting'), [
    ('Priya Raman', 'Hi Priya,'), ("O'Brien", "Hi O'Brien,"), ('Jean-Luc Picard', 'Hi Jean-Luc,'),
    ('प्रिया शर्मा', 'Hi प्रिया,'), ('J. Smith', 'Hi J.,'),
    ('https://evil.example/claim?prize=1 Raman', 'Hi there,'), ('www.evil-prize.example', 'Hi there,'),
    ('Priya.evil-login.example', 'Hi there,'), ('=HYPERLINK("http://x","y")', 'Hi there,'), ('R2D2', 'Hi there,'),
])
def test_the_greeting_names_only_a_given_name(name: str, greeting: str) -> None:
    """helper-48: a link in the name field was mailed, from the company's own domain, to any address typed."""
    lead = LEAD.model_copy(update={'name': name})
    assert render_ack(TEMPLATE, lead, 'CareFlow')[1].splitlines()[0] == greeting


@pytest.mark.parametrize('text', ['{name.__class__}', '{name!r}', '{company_name:>40}'])
def test_other_placeholder_forms_are_refused_at_load_and_at_render(text: str) -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match='placeholder'):
        EmailTemplate(subject='Hi', body=text)
    with pytest.raises(ConfigError, match='only {name} and {company_name}'):  # a template built around validation
        render_ack(EmailTemplate.model_construct(subject='Hi', body=text), LEAD, 'CareFlow')


async def test_outbox_mailer_keeps_subject_text_and_html(db: Database) -> None:
    ref = await OutboxMailer(db).send_ack('run0005', LEAD, TEMPLATE, 'CareFlow')
    [row] = read_outbox(db, 'email_ack')
    assert ref == f'outbox:{row["id"]}'
    assert set(json.loads(row['payload'])) == {'to', 'subject', 'text', 'html'}


async def test_pipeline_sends_one_acknowledgement(smtp: SmtpServer, policy: Policy, sqlite_url: str) -> None:
    base = local_deps(policy, database_url=sqlite_url)
    deps = replace(base, mailer=SmtpMailer(base.db, smtp.url(), SENDER, allow_plaintext_auth=True))
    try:
        rec = await triage(example_lead('01-hospital-group-demo.json'), deps)
    finally:
        base.db.dispose()
    assert rec.state == 'routed_sales'
    assert [(a.kind, a.ref) for a in rec.actions if a.kind == 'email_ack'] == [
        ('email_ack', f'smtp:<ack.{rec.run_id}@careflow.example>')]
    [got] = smtp.inbox.messages
    assert (got.rcpt_tos, got.message['Subject']) == (['priya.raman@havenhospitals.com'],
                                                      'Thanks for contacting CareFlow')
    assert parts(got.message)['text/plain'].startswith('Hi Priya,\n\nThanks for reaching out to CareFlow.')


# --- TLS: a throw-away self-signed certificate for 127.0.0.1 ------------------------------------------------------
@pytest.fixture(scope='module')
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    if shutil.which('openssl') is None:
        pytest.skip('openssl is needed to make a test certificate')
    folder = tmp_path_factory.mktemp('tls')
    cert, key = folder / 'cert.pem', folder / 'key.pem'
    subprocess.run(['openssl', 'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
                    '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', str(key), '-out', str(cert)],
                   check=True, capture_output=True)
    return cert, key


@pytest.mark.parametrize('scheme', ['smtp', 'smtps'])
async def test_tls_starttls_and_implicit(certificate: tuple[Path, Path], db: Database, scheme: str) -> None:
    cert, key = certificate
    server_tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_tls.load_cert_chain(cert, key)
    # smtp://: STARTTLS required, AUTH only after it (aiosmtpd's default); smtps://: TLS from the first byte (aiosmtpd
    # only counts STARTTLS as TLS for AUTH, hence auth_require_tls=False there).
    kw: dict[str, Any] = {'tls_context': server_tls, 'require_starttls': True} if scheme == 'smtp' else \
        {'ssl_context': server_tls, 'auth_require_tls': False}
    for server in serve(**kw):
        mailer = SmtpMailer(db, server.url(scheme), SENDER, tls_context=ssl.create_default_context(cafile=cert))
        await mailer.send_ack(f'run-{scheme}', LEAD, TEMPLATE, 'CareFlow')
        [got] = server.inbox.messages
        assert got.authenticated and got.rcpt_tos == ['priya.raman@havenhospitals.com']
        # The login only after the connection is encrypted: STARTTLS first on smtp://, from the start on smtps://.
        assert server.inbox.commands == (['EHLO', 'STARTTLS'] if scheme == 'smtp' else []) + [
            'EHLO', 'AUTH', 'MAIL', 'RCPT', 'DATA', 'QUIT']


async def test_starttls_that_fails_is_not_a_reason_to_log_in_in_clear(certificate: tuple[Path, Path],
                                                                       db: Database) -> None:
    """STARTTLS offered but the certificate is not trusted: the send fails, with or without the plaintext setting."""
    cert, key = certificate
    server_tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_tls.load_cert_chain(cert, key)
    for server in serve(tls_context=server_tls, auth_require_tls=False):
        mailer = SmtpMailer(db, server.url(), SENDER, allow_plaintext_auth=True)  # the system's CAs only
        with pytest.raises(IntegrationError, match='CERTIFICATE_VERIFY_FAILED') as info:
            await mailer.send_ack('run-untrusted', LEAD, TEMPLATE, 'CareFlow')
        assert info.value.status is None  # transient as before: a certificate can be renewed within the hour
        assert server.inbox.commands == ['EHLO', 'STARTTLS'] and server.inbox.messages == []
