"""``mlscope db upgrade|check``: apply the migrations, or check the models against the migrated schema."""

from __future__ import annotations

import argparse

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
    parser.parse_args(["db", "--help"])
    return 2
