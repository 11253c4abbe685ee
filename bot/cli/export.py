"""``mlscope export``: the ranked portfolio as CSV, JSON or Markdown, for a spreadsheet or a doc."""

from __future__ import annotations

import argparse
import sys

from bot.settings import Settings
from domain.project_queries import list_projects
from domain.report import ExportFormat, render
from storage.db import Database


def run_export(args: argparse.Namespace, settings: Settings) -> int:
    database = Database(settings.database_url)
    try:
        return _export(args, database)
    finally:
        database.dispose()


def _export(args: argparse.Namespace, database: Database) -> int:
    with database.uow() as uow:
        teams = [args.team] if args.team else uow.workspaces.team_ids()
    entries = [e for team in teams for e in list_projects(database.uow(), team, include_archived=args.include_archived)]
    text = render(entries, ExportFormat(args.format))
    if args.output:
        with open(args.output, "w", encoding="utf-8") as handle:
            handle.write(text)
    else:
        sys.stdout.write(text)
    return 0
