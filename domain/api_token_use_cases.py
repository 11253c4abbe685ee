"""Tokens of the readings API: created by admins and MLScope leads, shown once, stored as their SHA-256.

A token is 32 random bytes from ``secrets`` (256 bits) behind the ``mls_`` prefix (so log
redaction and secret scanners recognise it). It is stored as its SHA-256 alone, with no salt: a
salt (and a slow hash) protects low-entropy secrets such as passwords from dictionary and
precomputed attacks; no dictionary holds a 256-bit random value, and a salt would stop us
finding a token by its hash in one indexed lookup. A stolen table gives no usable token.

Revoking deletes the row, so the token can never match again; the history keeps who created and
revoked which name, and when.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import datetime, timedelta

from domain.errors import Conflict, DomainError, NotFound
from domain.permissions import IsAdmin, require_token_manager
from domain.ports import ApiToken, Change, UnitOfWork

PREFIX = "mls_"
TOKEN_BYTES = 32
NAME_MAX = 40
MAX_TOKENS = 50  # per workspace: a list that fits one message
TOKEN_MAX = 200  # a presented token longer than this is not ours: refused before hashing
TOUCH_EVERY = timedelta(minutes=1)  # "last used" is written at most this often, not on every reading
_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{0,39}$")  # NAME_MAX characters


def hash_of(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def token_name(raw: str) -> str:
    name = raw.strip().lower()
    if not _NAME.match(name):
        raise DomainError(
            f"name: use 1-{NAME_MAX} lower-case letters, digits, '.', '_' or '-', e.g. `ci-churn`",
            field="name",
            rule="token_name",
        )
    return name


def create_token(
    uow: UnitOfWork, team_id: str, raw_name: str, *, actor: str, now: datetime, is_admin: IsAdmin
) -> tuple[ApiToken, str]:
    """The stored token and the token itself, which nothing keeps: the caller shows it once."""
    name = token_name(raw_name)
    with uow:
        require_token_manager(actor, leads=uow.leads.list(team_id), is_admin=is_admin)
        if len(uow.api_tokens.list(team_id)) >= MAX_TOKENS:
            raise Conflict(f"A workspace keeps at most {MAX_TOKENS} API tokens; revoke one first.", rule="max_tokens")
        secret = PREFIX + secrets.token_urlsafe(TOKEN_BYTES)
        token = ApiToken(team_id, name, hash_of(secret), actor, now)
        if not uow.api_tokens.add(token):
            raise Conflict(f"name: a token named `{name}` exists; revoke it or choose another name.", field="name")
        uow.history.add(Change(team_id, actor, "api_token_created", now, None, {"name": name}))
        uow.commit()
        return token, secret


def list_tokens(uow: UnitOfWork, team_id: str, *, actor: str, is_admin: IsAdmin) -> list[ApiToken]:
    with uow:
        require_token_manager(actor, leads=uow.leads.list(team_id), is_admin=is_admin)
        return uow.api_tokens.list(team_id)


def revoke_token(uow: UnitOfWork, team_id: str, raw_name: str, *, actor: str, now: datetime, is_admin: IsAdmin) -> None:
    name = token_name(raw_name)
    with uow:
        require_token_manager(actor, leads=uow.leads.list(team_id), is_admin=is_admin)
        if not uow.api_tokens.remove(team_id, name):
            raise NotFound(f"No API token named `{name}` in this workspace. `token list` shows them.")
        uow.history.add(Change(team_id, actor, "api_token_revoked", now, None, {"name": name}))
        uow.commit()


def authenticate(uow: UnitOfWork, presented: str | None, *, now: datetime) -> ApiToken | None:
    """The live token behind ``presented``, or None (missing, malformed, unknown or revoked alike)."""
    if not presented or len(presented) > TOKEN_MAX or not presented.startswith(PREFIX):
        return None
    digest = hash_of(presented)
    with uow:
        token = uow.api_tokens.by_hash(digest)
        if token is None:
            return None
        if token.last_used_at is None or now - token.last_used_at >= TOUCH_EVERY:
            uow.api_tokens.touch(digest, now)
            uow.commit()
        return token
