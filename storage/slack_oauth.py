"""slack_sdk's SQLAlchemy installation and OAuth-state stores, in our database and migrations.

The stores' tables are declared here from slack_sdk's own builders so Alembic creates and checks
them like ours. ``slack_installations`` and ``slack_bots`` are keyed by ``team_id``; OAuth states
are short-lived install nonces that belong to no workspace yet.
"""

from __future__ import annotations

from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy import Engine, MetaData

INSTALLATIONS = "slack_installations"
BOTS = "slack_bots"
STATES = "slack_oauth_states"

OAUTH_METADATA = MetaData()
SQLAlchemyInstallationStore.build_installations_table(OAUTH_METADATA, INSTALLATIONS)
SQLAlchemyInstallationStore.build_bots_table(OAUTH_METADATA, BOTS)
SQLAlchemyOAuthStateStore.build_oauth_states_table(OAUTH_METADATA, STATES)


def installation_store(client_id: str, engine: Engine) -> SQLAlchemyInstallationStore:
    return SQLAlchemyInstallationStore(
        client_id=client_id, engine=engine, installations_table_name=INSTALLATIONS, bots_table_name=BOTS
    )


def state_store(engine: Engine, expiration_seconds: int = 600) -> SQLAlchemyOAuthStateStore:
    return SQLAlchemyOAuthStateStore(expiration_seconds=expiration_seconds, engine=engine, table_name=STATES)
