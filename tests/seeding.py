"""Projects with weekly check-ins, all due at the same moment: for tick tests and the fan-out bench."""

from __future__ import annotations

from datetime import UTC, datetime, time

from domain import project_use_cases
from domain.model import CheckinSchedule
from domain.project_use_cases import NewProject
from storage.db import Database

CREATED = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # a Monday
DUE = datetime(2026, 3, 3, 9, 0, tzinfo=UTC)  # the Tuesday after: every check-in is due
TUESDAYS_AT_9 = CheckinSchedule(weekday=1, local_time=time(9, 0), timezone="UTC")


def scheduled_projects(database: Database, n: int, *, channels: int, prefix: str = "p") -> None:
    """``n`` projects of workspace T1 spread over channels C0…C{channels-1}, checking in at DUE."""
    for i in range(n):
        new = NewProject(
            team_id="T1",
            name=f"Project {prefix}{i}",
            ref=f"{prefix}{i:03d}",
            owner_id="U1",
            creator_id="U1",
            channel_id=f"C{i % channels}",
            checkin=TUESDAYS_AT_9,
        )
        project_use_cases.create_project(database.uow(), new, now=CREATED)
