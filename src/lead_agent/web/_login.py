"""Who may use the review page: REVIEW_USERS read strictly, argon2 or plain passwords, failed logins throttled.

`REVIEW_USERS` is `name:secret` entries separated by commas. A secret is an argon2 hash of the password
(`$argon2id$v=19$m=65536,t=3,p=4$...`, as `lead-agent hash-password` prints it; any password) or the password
itself, which then cannot contain a comma (the comma ends the entry), start or end with a space, or start with
`$argon2`. A name is non-empty, without spaces, `:` or `,`. Anything else stops the start-up with a `ConfigError`
that names the entry or the user, never the secret.

Failed logins are counted per user name and per client address in this process's memory: after `limit` of either
within `window` seconds, requests from that name or address get 429 with `Retry-After`, and no password is checked,
until the oldest of those failures is `window` seconds old.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import logging
import math
import re
import secrets
import threading
from collections import deque
from collections.abc import Callable, Mapping
from contextlib import AbstractContextManager, nullcontext
from datetime import datetime
from typing import Any

from argon2 import PasswordHasher, extract_parameters
from argon2.exceptions import InvalidHashError, VerificationError
from fastapi import HTTPException, Request

from ..exceptions import ConfigError

__all__ = ('Accounts', 'Authenticate', 'Throttle', 'check_name', 'hash_password', 'parse_users')

log = logging.getLogger('lead_agent.host')

_HASH = r'\$argon2(?:id|i|d)\$(?:v=\d+\$)?m=\d+,t=\d+,p=\d+\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+'
# One entry, up to the comma that ends it: a hash may hold commas of its own, a plain password may not.
_ENTRY = re.compile(rf'\s*(?P<name>[^:,]*):(?P<secret>{_HASH}|[^,]*)(?=,|\Z)')
_HASH_PREFIX = '$argon2'
# Argon2 needs 64 MiB per check by default: a few at a time, whatever the number of requests.
_ARGON2_SLOTS = threading.BoundedSemaphore(4)


def hash_password(password: str) -> str:
    """An argon2id hash of `password` (argon2-cffi's default cost) for REVIEW_USERS or `review_router(users=...)`."""
    if not password:
        raise ValueError('an empty password cannot be used')
    return PasswordHasher().hash(password)


def check_name(name: str, where: str) -> None:
    """Refuse a user name REVIEW_USERS cannot hold (`where` names what holds it in the message)."""
    if not name or not name.isprintable() or any(c.isspace() or c in ':,' for c in name):
        raise ConfigError(f'{where}: a user name must be non-empty, without spaces, ":" or ","')


def _check_secret(name: str, secret: str, where: str) -> None:
    if not secret:
        raise ConfigError(f'{where}: user {name!r} has an empty password')
    if secret.startswith(_HASH_PREFIX):
        try:
            extract_parameters(secret)
        except InvalidHashError:
            raise ConfigError(f'{where}: the argon2 hash of user {name!r} is malformed') from None
    elif secret != secret.strip() or not secret.isprintable():
        raise ConfigError(f'{where}: the password of user {name!r} starts or ends with a space or holds a control '
                          'character; use a hash for it (lead-agent hash-password)')


def parse_users(value: str) -> dict[str, str]:
    """`REVIEW_USERS` → name → plain password or argon2 hash; empty when the value is blank.

    Raises:
        ConfigError: a malformed entry, a bad user name, an empty password, a malformed hash or a name given twice.
    """
    users: dict[str, str] = {}
    if not value.strip():
        return users
    pos, number = 0, 0
    while True:
        number += 1
        where = f'REVIEW_USERS, entry {number}'
        entry = _ENTRY.match(value, pos)
        if entry is None:
            raise ConfigError(f'{where} is not name:password (entries are separated by ","; a plain password '
                              'cannot contain one: use a hash, lead-agent hash-password)')
        name, secret = entry['name'].strip(), entry['secret']
        check_name(name, where)
        _check_secret(name, secret, where)
        if name in users:
            raise ConfigError(f'{where}: user {name!r} is listed twice')
        users[name] = secret
        pos = entry.end()
        if pos == len(value):
            return users
        pos += 1  # the comma


class Accounts:
    """Review-page users; `check()` takes as long for an unknown name as for a known one of the same kind.

    Raises:
        ConfigError: a bad user name, an empty password or a malformed argon2 hash.
    """

    def __init__(self, users: Mapping[str, str]) -> None:
        self._plain: dict[str, bytes] = {}
        self._hashed: dict[str, str] = {}
        for name, secret in users.items():
            check_name(name, 'review users')
            _check_secret(name, secret, 'review users')
            if secret.startswith(_HASH_PREFIX):
                self._hashed[name] = secret
            else:
                self._plain[name] = _digest(secret)
        self._hasher = PasswordHasher()
        # An unknown name is checked against a hash of the same cost as a real one, so the time tells nothing.
        self._decoy_hash = (PasswordHasher.from_parameters(extract_parameters(next(iter(self._hashed.values()))))
                            .hash(secrets.token_urlsafe(16)) if self._hashed else None)
        self._decoy = _digest(secrets.token_urlsafe(16))

    def __bool__(self) -> bool:
        return bool(self._plain or self._hashed)

    def __contains__(self, name: str) -> bool:
        return name in self._plain or name in self._hashed

    def names(self) -> list[str]:
        """Every user name."""
        return [*self._plain, *self._hashed]

    def check(self, name: str, password: str) -> bool:
        """Whether `password` is `name`'s, compared in constant time (a hash by argon2)."""
        if (hashed := self._hashed.get(name)) is not None:
            return self._verify(hashed, password)
        if self._decoy_hash is not None and name not in self._plain:
            self._verify(self._decoy_hash, password)
            return False
        # Digests have one length, so the comparison does not leak the password's.
        return hmac.compare_digest(_digest(password), self._plain.get(name, self._decoy)) and name in self._plain

    def _verify(self, hashed: str, password: str) -> bool:
        with _ARGON2_SLOTS:
            try:
                return self._hasher.verify(hashed, password)
            except (VerificationError, InvalidHashError):
                return False


def _digest(secret: str) -> bytes:
    return hashlib.sha256(secret.encode()).digest()


class Throttle:
    """Failed logins by key in a moving window, in this process's memory; thread-safe."""

    def __init__(self, limit: int = 5, window: float = 300.0) -> None:
        if limit < 1 or window <= 0:
            raise ValueError('a login throttle needs limit >= 1 and window > 0')
        self.limit, self.window = limit, window
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()
        self._sweep_at = 1024

    def retry_after(self, keys: tuple[str, ...], now: float) -> int:
        """Whole seconds until every key may try again; 0 when they may now."""
        with self._lock:
            free_at = max((q[0] + self.window for key in keys
                           if (q := self._failures.get(key)) is not None and len(q) == self.limit), default=now)
        return math.ceil(free_at - now) if free_at > now else 0

    def failed(self, keys: tuple[str, ...], now: float) -> list[str]:
        """Count a failure for each key; the keys this failure locked."""
        locked: list[str] = []
        with self._lock:
            for key in keys:
                failures = self._failures.setdefault(key, deque(maxlen=self.limit))
                failures.append(now)
                if len(failures) == self.limit and failures[0] > now - self.window:
                    locked.append(key)
            if len(self._failures) >= self._sweep_at:  # forget keys whose failures are all past the window
                self._failures = {k: q for k, q in self._failures.items() if q[-1] > now - self.window}
                self._sweep_at = max(1024, 2 * len(self._failures))
        return locked


class Authenticate:
    """The FastAPI dependency: the authenticated user's name, 401 with a Basic challenge, or 429 when throttled.

    A request without credentials is not a failure (a browser sends one before it asks for the password). Hashed by
    identity, as FastAPI caches dependencies by their hash.
    """

    def __init__(self, accounts: Accounts, bearer_token: str | None, throttle: Throttle,
                 now: Callable[[], datetime]) -> None:
        self.accounts, self.throttle, self.now = accounts, throttle, now
        self._bearer = _digest(bearer_token) if bearer_token else None
        # One check at a time per user, so that the count is exact however many guesses arrive at once.
        self._locks = {name: threading.Lock() for name in accounts.names()}

    def __call__(self, request: Request) -> str:
        scheme, _, credentials = request.headers.get('authorization', '').partition(' ')
        address = f'address {request.client.host if request.client else "unknown"}'
        if scheme.lower() == 'basic' and self.accounts:
            try:
                name, sep, password = base64.b64decode(credentials, validate=True).decode().partition(':')
            except (binascii.Error, UnicodeDecodeError):
                name, sep, password = '', '', ''
            if sep:
                with self._serialized(name):
                    self._pass_throttle((f'user {name}', address))
                    if self.accounts.check(name, password):
                        return name
                    self._failed((f'user {name}', address), name in self.accounts)
        elif scheme.lower() == 'bearer' and self._bearer is not None:
            self._pass_throttle((address,))
            if hmac.compare_digest(_digest(credentials.strip()), self._bearer):
                return 'token'
            self._failed((address,), False)
        raise HTTPException(401, 'authentication required',
                            headers={'WWW-Authenticate': 'Basic realm="lead-agent review", charset="UTF-8"'})

    def _serialized(self, name: str) -> AbstractContextManager[Any]:
        return self._locks.get(name) or nullcontext()

    def _pass_throttle(self, keys: tuple[str, ...]) -> None:
        wait = self.throttle.retry_after(keys, self.now().timestamp())
        if wait:
            raise HTTPException(429, f'too many failed logins: try again in {wait} s',
                                headers={'Retry-After': str(wait)})

    def _failed(self, keys: tuple[str, ...], known_user: bool) -> None:
        for key in self.throttle.failed(keys, self.now().timestamp()):
            # A name nobody has may be a password typed in the wrong field: it is not logged.
            shown = key if known_user or key.startswith('address ') else 'an unknown user name'
            log.warning('review page: %d failed logins for %s within %g s; refused until they age out',
                        self.throttle.limit, shown, self.throttle.window)
