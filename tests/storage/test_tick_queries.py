"""A tick reads and marks its due check-ins in batches: its statements do not grow with them."""

from __future__ import annotations

from datetime import datetime, timedelta

from domain import checkin_read_model, checkin_use_cases, posting
from domain.checkins import OccurrenceKind
from storage.db import Database
from tests.seeding import DUE, scheduled_projects
from tests.storage.counting import statements


def tick_reads_and_marks(database: Database, now: datetime) -> int:
    """Plan, claim, read every check-in's project and answers, mark them all as being posted."""
    checkin_use_cases.plan_checkins(database.uow(), now=now)
    claimed = posting.claim_due(database.uow(), "holder", now=now)
    views = checkin_read_model.checkin_states(database.uow(), claimed)
    posting.begin_posts(database.uow(), "holder", [(v.occurrence, "C1") for v in views.values()], now=now)
    return len(views)


def test_planning_claiming_and_preparing_run_the_same_statements_for_5_or_50_check_ins(database):
    scheduled_projects(database, 5, channels=3, prefix="a")
    few: list[int] = []
    small = statements(database, lambda: few.append(tick_reads_and_marks(database, DUE)))
    scheduled_projects(database, 45, channels=3, prefix="b")
    many: list[int] = []
    large = statements(database, lambda: many.append(tick_reads_and_marks(database, DUE + timedelta(weeks=1))))
    assert (few, many) == ([5], [55])  # the first five's earlier check-ins are due again: never posted
    assert large == small, f"a tick's statements grew with its check-ins: {small} -> {large}"


def test_planning_twice_adds_nothing_and_reports_only_what_it_created(database):
    scheduled_projects(database, 3, channels=3, prefix="a")
    first = checkin_use_cases.plan_checkins(database.uow(), now=DUE)
    again = checkin_use_cases.plan_checkins(database.uow(), now=DUE)
    assert len(first) == 3 and again == []
    with database.uow() as uow:
        assert sorted(o.id for o in uow.occurrences.get_many(first) if o.kind is OccurrenceKind.CHECKIN) == sorted(
            first
        )
