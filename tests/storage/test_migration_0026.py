"""Migration 0026: blockers of superseded check-ins are marked resolved, the latest one's stay open."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import create_engine, text

from domain import project_use_cases
from domain.checkins import Occurrence, OccurrenceKind, OccurrenceStatus, Response
from domain.project_use_cases import NewProject
from storage import migrate
from storage.db import Database
from tests.builders import optimizing, scope

WEEK_1 = datetime(2026, 3, 3, 8, 30, tzinfo=UTC)


def _checkins_with_blockers(database):
    project = project_use_cases.create_project(
        database.uow(),
        NewProject(team_id="T1", name="Churn", ref="churn", owner_id="U1", creator_id="U1", channel_id="C2",
                   scope=scope(metrics=[optimizing()])),
        now=WEEK_1,
    )  # fmt: skip
    ids = []
    with database.uow() as uow:
        for week in range(2):
            occ = Occurrence("T1", OccurrenceKind.CHECKIN, WEEK_1 + timedelta(weeks=week), project_id=project.id,
                             status=OccurrenceStatus.POSTED, channel="C2", ts=f"1.{week}")  # fmt: skip
            [occ_id] = uow.occurrences.add_all_if_absent([occ])
            uow.responses.put(Response(occ_id, "T1", "U1", blockers=f"blocker of week {week + 1}", updated_at=WEEK_1))
            ids.append(occ_id)
        uow.commit()
    return project.id


def test_upgrading_keeps_only_the_latest_check_ins_blockers_open(tmp_path):
    url = f"sqlite:///{tmp_path / 'blockers.db'}"
    migrate.upgrade(url)
    database = Database(url)
    try:
        project_id = _checkins_with_blockers(database)
    finally:
        database.dispose()
    migrate.downgrade(url, "0025")
    migrate.upgrade(url)
    engine = create_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT blockers, blockers_resolved_by FROM checkin_responses ORDER BY id")).all()
    engine.dispose()
    assert [tuple(r) for r in rows] == [("blocker of week 1", "0026"), ("blocker of week 2", None)]
    database = Database(url)
    try:
        with database.uow() as uow:
            [open_one] = uow.responses.open_blockers([project_id])[project_id]
    finally:
        database.dispose()
    assert open_one.text == "blocker of week 2"
