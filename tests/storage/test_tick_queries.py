"""A tick reads and marks its due check-ins in batches: its statements do not grow with them."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from domain import scheduling, services
from domain.checkins import OccurrenceKind
from domain.model import CheckinSchedule
from domain.services import NewProject
from storage.db import Database
from tests.storage.counting import statements

CREATED = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # a Monday
DUE = datetime(2026, 3, 3, 9, 0, tzinfo=UTC)  # the Tuesday after
WEEKLY = CheckinSchedule(weekday=1, local_time=time(9, 0), timezone="UTC")


def seed(database: Database, n: int, *, prefix: str) -> None:
    for i in range(n):
        services.create_project(
            database.uow(),
            NewProject(
                team_id="T1",
                name=f"{prefix}{i}",
                ref=f"{prefix}{i:03d}",
                owner_id="U1",
                creator_id="U1",
                channel_id=f"C{i % 3}",
                checkin=WEEKLY,
            ),
            now=CREATED,
        )


def tick_reads_and_marks(database: Database, now: datetime) -> int:
    """Plan, claim, read every check-in's project and answers, mark them all as being posted."""
    scheduling.plan_checkins(database.uow(), now=now)
    claimed = scheduling.claim_due(database.uow(), "holder", now=now)
    views = scheduling.checkin_views(database.uow(), claimed)
    scheduling.begin_posts(database.uow(), "holder", [(v.occurrence, "C1") for v in views.values()])
    return len(views)


def test_planning_claiming_and_preparing_run_the_same_statements_for_5_or_50_check_ins(database):
    seed(database, 5, prefix="a")
    few: list[int] = []
    small = statements(database, lambda: few.append(tick_reads_and_marks(database, DUE)))
    seed(database, 45, prefix="b")
    many: list[int] = []
    large = statements(database, lambda: many.append(tick_reads_and_marks(database, DUE + timedelta(weeks=1))))
    assert (few, many) == ([5], [55])  # the first five's earlier check-ins are due again: never posted
    assert large == small, f"a tick's statements grew with its check-ins: {small} -> {large}"


def test_planning_twice_adds_nothing_and_reports_only_what_it_created(database):
    seed(database, 3, prefix="a")
    first = scheduling.plan_checkins(database.uow(), now=DUE)
    again = scheduling.plan_checkins(database.uow(), now=DUE)
    assert len(first) == 3 and again == []
    with database.uow() as uow:
        assert sorted(o.id for o in uow.occurrences.get_many(first) if o.kind is OccurrenceKind.CHECKIN) == sorted(
            first
        )
