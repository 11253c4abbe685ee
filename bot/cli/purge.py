"""``mlscope purge --team T``: delete a workspace's data everywhere, history and tokens included.

Says first what it will delete (rows per table), then asks for the workspace's id to be typed
again (or takes ``--yes``), then deletes it in one transaction and says what it deleted. Every table
with a ``team_id`` column is purged (``storage.purge``). Uninstall MLScope from the workspace in
Slack first: while it is installed, the next request from there starts a new, empty workspace.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from bot.settings import Settings
from storage.db import Database
from storage.purge import count_team, purge_team, team_tables


def add_parser(sub: Any) -> None:
    purge = sub.add_parser(
        "purge",
        help="delete a workspace's data everywhere (projects, history, check-ins, digests, tokens), after confirmation",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    purge.add_argument("--team", required=True, help="the Slack workspace's id (team_id), e.g. T012AB3CD")
    purge.add_argument("--yes", action="store_true", help="do not ask: for scripts (the id is not typed again)")


def run_purge(args: argparse.Namespace, settings: Settings) -> int:
    team = str(args.team).strip()
    if not team:
        print("--team needs a workspace id, e.g. --team T012AB3CD", file=sys.stderr)
        return 2
    database = Database(settings.database_url)
    try:
        return _purge(team, database, confirmed=args.yes)
    finally:
        database.dispose()


def _purge(team: str, database: Database, *, confirmed: bool) -> int:
    if not team_tables(database.engine):
        print("This database has no MLScope tables (never migrated?): nothing can be purged. Run `mlscope db upgrade`.",
              file=sys.stderr)  # fmt: skip
        return 1
    stored = count_team(database.engine, team)
    if not stored:
        print(f"Nothing is stored for workspace {team}: nothing to delete.")
        return 0
    print(f"Workspace {team} has {_rows(sum(stored.values()))} in {len(stored)} tables:")
    _table(stored)
    if not confirmed:
        print(f"Type the workspace's id ({team}) to delete them for good: ", end="", flush=True)
        typed = sys.stdin.readline().strip()
        if typed != team:
            print(f"Not deleted: {typed or 'nothing'} was typed, not {team}.", file=sys.stderr)
            return 1
    deleted = purge_team(database.engine, team)
    print(f"Deleted {_rows(sum(deleted.values()))} of workspace {team}:")
    _table(deleted)
    return 0


def _rows(n: int) -> str:
    return f"{n:,} row" + ("" if n == 1 else "s")


def _table(counts: dict[str, int]) -> None:
    """One line a table; none when nothing is left (another process purged it meanwhile)."""
    width = max((len(name) for name in counts), default=0)
    for name, n in sorted(counts.items()):
        print(f"  {name:<{width}}  {n:>8,}")
