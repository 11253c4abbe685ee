"""Schema migrations with Alembic, configured in code so no alembic.ini is needed."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(url: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(url), revision)


def downgrade(url: str, revision: str) -> None:
    command.downgrade(alembic_config(url), revision)


def current(url: str) -> tuple[str | None, str | None, bool]:
    """The database's revision (None: never migrated), this version's latest (its head), and whether
    this version knows the database's revision (False: a newer version migrated it)."""
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory
    from alembic.util import CommandError

    from storage.db import make_engine

    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            revision = MigrationContext.configure(connection).get_current_revision()
    finally:
        engine.dispose()
    script = ScriptDirectory.from_config(alembic_config(url))
    try:
        known = revision is None or script.get_revision(revision) is not None
    except CommandError:
        known = False
    return revision, script.get_current_head(), known


def check(url: str) -> None:
    """Raise if the models and the migrated schema differ (``alembic check``)."""
    command.check(alembic_config(url))


def revision(url: str, message: str) -> None:
    """Autogenerate a new revision (developer tool)."""
    command.revision(alembic_config(url), message=message, autogenerate=True)
