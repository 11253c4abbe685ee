"""slack_sdk's SQLAlchemy installation and OAuth-state stores, in our database and migrations.

The stores' tables are declared here from slack_sdk's own builders so Alembic creates and checks
them like ours. ``slack_installations`` and ``slack_bots`` are keyed by ``team_id``; OAuth states
are short-lived install nonces that belong to no workspace yet.

Tokens are encrypted at rest when MLSCOPE_ENCRYPTION_KEY is set (``storage.tokens``): the
installation store seals bot, user and refresh tokens (and an incoming webhook's URL) before they
are written and opens them when read, so Bolt, token rotation and scheduled posts only ever see
plaintext. Sealed values are longer than slack_sdk's ``String(200)`` columns, so those columns are
``Text`` here (migration 0014). Saving a workspace's bot (a reinstall, a token rotation) clears the
workspace's inactive mark (``storage.workspace_status``).

OAuth states are signed with SLACK_STATE_SECRET (HMAC-SHA256): a state that this deployment did
not issue is refused before the database is read or written, and a row written into the states
table by anyone without the secret is no state. At most ``MAX_PENDING_STATES`` unexpired states
exist at once (each anonymous GET of /slack/install writes one); expired ones are deleted by the
tick (``purge_expired_states``).
"""

from __future__ import annotations

import copy
import hashlib
import hmac
import logging
import uuid
from datetime import UTC, datetime
from typing import Any

from slack_sdk.oauth.installation_store import Bot, Installation
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy import Engine, MetaData, Table, Text, and_, delete, func, select

from storage.tokens import NoCipher, TokenCipher, cipher_for
from storage.workspace_status import reactivate

log = logging.getLogger("mlscope.oauth")

INSTALLATIONS = "slack_installations"
BOTS = "slack_bots"
STATES = "slack_oauth_states"

# The columns that hold a secret, per table.
SECRET_COLUMNS = {
    BOTS: ("bot_token", "bot_refresh_token"),
    INSTALLATIONS: ("bot_token", "bot_refresh_token", "user_token", "user_refresh_token", "incoming_webhook_url"),
}


def _widen_secrets(table: Table) -> Table:
    for name in SECRET_COLUMNS[table.name]:
        table.c[name].type = Text()
    return table


OAUTH_METADATA = MetaData()
_widen_secrets(SQLAlchemyInstallationStore.build_installations_table(OAUTH_METADATA, INSTALLATIONS))
_widen_secrets(SQLAlchemyInstallationStore.build_bots_table(OAUTH_METADATA, BOTS))
SQLAlchemyOAuthStateStore.build_oauth_states_table(OAUTH_METADATA, STATES)


class SealedInstallationStore(SQLAlchemyInstallationStore):
    """slack_sdk's store with its secrets sealed on save and opened on find (``storage.tokens``)."""

    def __init__(self, *args: Any, cipher: TokenCipher | NoCipher, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.cipher = cipher

    def _sealed(self, entity: Any, table: str) -> Any:
        sealed = copy.copy(entity)
        for name in SECRET_COLUMNS[table]:
            if hasattr(sealed, name):
                setattr(sealed, name, self.cipher.seal(getattr(sealed, name)))
        return sealed

    def _opened(self, entity: Any, table: str) -> Any:
        for name in SECRET_COLUMNS[table]:
            if hasattr(entity, name):
                setattr(entity, name, self.cipher.open(getattr(entity, name)))
        return entity

    def save(self, installation: Installation) -> None:
        # slack_sdk's save writes the installation, then calls save_bot(installation.to_bot()): that
        # bot's tokens are sealed already, and sealing a sealed value leaves it sealed under the first key.
        super().save(self._sealed(installation, INSTALLATIONS))

    def save_bot(self, bot: Bot) -> None:
        super().save_bot(self._sealed(bot, BOTS))
        if reactivate(self.engine, bot.team_id):
            log.info("workspace %s has a new bot token: its scheduled posts resume", bot.team_id)

    def build_installation_entity(self, row: Any) -> Installation:  # type: ignore[override]
        return self._opened(super().build_installation_entity(row), INSTALLATIONS)

    def build_bot_entity(self, row: Any) -> Bot:  # type: ignore[override]
        return self._opened(super().build_bot_entity(row), BOTS)


def installation_store(client_id: str, engine: Engine, encryption_key: str | None = None) -> SealedInstallationStore:
    """The installation store; with ``encryption_key`` (MLSCOPE_ENCRYPTION_KEY) its tokens are encrypted."""
    return SealedInstallationStore(
        client_id=client_id,
        engine=engine,
        installations_table_name=INSTALLATIONS,
        bots_table_name=BOTS,
        cipher=cipher_for(encryption_key),
    )


def seal_stored(engine: Engine, encryption_key: str | None) -> int:
    """Seal every plaintext secret already stored, and check every sealed one opens: how many were sealed.

    Run when ``mlscope serve`` starts: rows saved before a key was set are encrypted at once rather
    than at their next save (a reinstall or a token rotation), and values sealed under an older key
    (listed after the first) are sealed again under the first, so the old key can then be dropped.
    Without a key, raises ``TokenKeyError`` if any value is sealed, and so does a sealed value no
    given key opens: the bot could not use those workspaces.
    """
    cipher = cipher_for(encryption_key)
    sealed = 0
    with engine.begin() as conn:
        for table in (OAUTH_METADATA.tables[BOTS], OAUTH_METADATA.tables[INSTALLATIONS]):
            columns = [table.c[name] for name in SECRET_COLUMNS[table.name]]
            for row in conn.execute(table.select().with_only_columns(table.c.id, *columns)).mappings():
                changes = {}
                for column in columns:
                    value = row[column.name]
                    cipher.open(value)  # raises if it cannot be opened
                    if isinstance(cipher, TokenCipher) and cipher.needs_sealing(value):
                        changes[column.name] = cipher.seal(value)
                if changes:
                    conn.execute(table.update().where(table.c.id == row["id"]).values(**changes))
                    sealed += len(changes)
    return sealed


STATE_SECONDS = 600  # how long an install may take from /slack/install to Slack's redirect (Bolt's default)
MAX_PENDING_STATES = 1000  # unexpired states at once, whoever asked: far above real installs


class TooManyPendingInstalls(Exception):
    """``MAX_PENDING_STATES`` installs are under way: /slack/install answers 503 until some expire."""


def _db_time(moment: datetime) -> datetime:
    """slack_sdk stores expire_at as naive UTC."""
    return moment.astimezone(UTC).replace(tzinfo=None)


class SignedStateStore(SQLAlchemyOAuthStateStore):
    """slack_sdk's state store, its states signed with SLACK_STATE_SECRET and their number bounded."""

    def __init__(self, *args: Any, secret: str, max_pending: int = MAX_PENDING_STATES, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.secret, self.max_pending = secret.encode(), max_pending

    def _mac(self, nonce: str) -> str:
        return hmac.new(self.secret, nonce.encode(), hashlib.sha256).hexdigest()

    def signed(self, state: str) -> bool:
        nonce, _, mac = state.rpartition("-")
        return bool(nonce) and hmac.compare_digest(mac.encode(), self._mac(nonce).encode())

    def issue(self, *args: Any, **kwargs: Any) -> str:
        nonce = uuid.uuid4().hex
        state = f"{nonce}-{self._mac(nonce)}"
        c = self.oauth_states.c
        with self.engine.begin() as conn:
            pending = conn.scalar(
                select(func.count()).select_from(self.oauth_states).where(c.expire_at > _db_time(datetime.now(UTC)))
            )
            if (pending or 0) >= self.max_pending:
                raise TooManyPendingInstalls(f"{pending} installs under way")
            expire_at = datetime.fromtimestamp(datetime.now(UTC).timestamp() + self.expiration_seconds, tz=UTC)
            conn.execute(self.oauth_states.insert(), {"state": state, "expire_at": _db_time(expire_at)})
        return state

    def consume(self, state: str) -> bool:
        if not self.signed(state):
            log.warning("refused an OAuth state this deployment did not sign")
            return False
        return super().consume(state)


def state_store(engine: Engine, secret: str, expiration_seconds: int = STATE_SECONDS) -> SignedStateStore:
    return SignedStateStore(expiration_seconds=expiration_seconds, engine=engine, table_name=STATES, secret=secret)


def purge_expired_states(engine: Engine, now: datetime) -> int:
    """Delete the OAuth states that expired before ``now`` (an install never finished): how many."""
    table = OAUTH_METADATA.tables[STATES]
    with engine.begin() as conn:
        return conn.execute(delete(table).where(and_(table.c.expire_at < _db_time(now)))).rowcount or 0


def _enterprises(store: SealedInstallationStore, team_id: str) -> set[str | None]:
    """The orgs (``enterprise_id``, None outside Enterprise Grid) in which ``team_id`` installed the app."""
    found: set[str | None] = set()
    with store.engine.connect() as conn:
        for table in (store.bots, store.installations):
            c = table.c
            query = select(c.enterprise_id).where(c.client_id == store.client_id, c.team_id == team_id).distinct()
            found.update(conn.scalars(query))
    return found


def forget_bot(store: SealedInstallationStore, team_id: str) -> None:
    """Delete the workspace's bot tokens (slack_sdk's ``delete_bot``, in whichever org it was installed),
    and the copies its installation rows keep of them."""
    for enterprise_id in _enterprises(store, team_id):
        store.delete_bot(enterprise_id=enterprise_id, team_id=team_id)
    c = store.installations.c
    with store.engine.begin() as conn:
        conn.execute(
            store.installations.update()
            .where(c.client_id == store.client_id, c.team_id == team_id)
            .values(bot_token=None, bot_refresh_token=None, bot_token_expires_at=None)
        )


def forget_users(store: SealedInstallationStore, team_id: str, user_ids: list[str]) -> None:
    """Delete the installations (and their user tokens) of these people (slack_sdk's ``delete_installation``)."""
    for enterprise_id in _enterprises(store, team_id):
        for user_id in user_ids:
            store.delete_installation(enterprise_id=enterprise_id, team_id=team_id, user_id=user_id)


def forget_workspace(store: SealedInstallationStore, team_id: str) -> None:
    """Delete every token and installation of the workspace (slack_sdk's ``delete_all``)."""
    for enterprise_id in _enterprises(store, team_id):
        store.delete_all(enterprise_id=enterprise_id, team_id=team_id)


def installed_after(store: SealedInstallationStore, team_id: str, moment: datetime) -> bool:
    """Whether the workspace's bot was (re)installed after ``moment``: an uninstall event Slack sent
    before then is about the installation that is gone, not this one."""
    c = store.bots.c
    with store.engine.connect() as conn:
        latest = conn.scalar(select(func.max(c.installed_at)).where(c.client_id == store.client_id, c.team_id == team_id))
    return latest is not None and latest > _db_time(moment)
