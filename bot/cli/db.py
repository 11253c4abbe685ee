"""``mlscope db upgrade|check|current|downgrade``: apply the migrations, check the models against the
migrated schema, print the database's revision, or undo migrations to roll back (docs/deploy.md)."""

from __future__ import annotations

import argparse
import sys

from bot.cli.start_failures import safe_url
from bot.settings import Settings


def run_db(parser: argparse.ArgumentParser, args: argparse.Namespace, settings: Settings) -> int:
    from storage import migrate

    if args.db_command == "upgrade":
        migrate.upgrade(settings.database_url)
        print(f"Database is up to date: {safe_url(settings.database_url)}")
        return 0
    if args.db_command == "check":
        migrate.check(settings.database_url)
        return 0
    if args.db_command == "current":
        print(_current(*migrate.current(settings.database_url)))
        return 0
    if args.db_command == "downgrade":
        return _downgrade(settings.database_url, args.revision)
    parser.parse_args(["db", "--help"])
    return 2


def _current(revision: str | None, head: str | None, known: bool) -> str:
    if revision == head:
        return f"{revision} (this version's head)"
    if revision is None:
        return f"none: never migrated (this version's head is {head}: mlscope db upgrade)"
    if not known:
        return f"{revision}: migrated by a newer version (this version's head is {head})"
    return f"{revision} (this version's head is {head}: mlscope db upgrade)"


def _downgrade(url: str, revision: str) -> int:
    """Alembic's refusal (a revision it does not know, or not below the database's) as a sentence."""
    from alembic.util import CommandError

    from storage import migrate

    try:
        migrate.downgrade(url, revision)
    except CommandError as exc:
        print(f"{exc}\nGive a revision `mlscope db current` printed before the upgrade.", file=sys.stderr)
        return 2
    print(f"Database is at revision {revision}: {safe_url(url)}")
    return 0
