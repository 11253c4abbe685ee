"""Alembic owns the schema: ``upgrade`` builds it from nothing and ``check`` finds no drift."""

from sqlalchemy import create_engine, inspect, text

from storage import migrate
from storage.db import Database
from storage.orm import Base
from storage.slack_oauth import OAUTH_METADATA, STATES
from tests.throwaway import throwaway_postgres

ALL_TABLES = set(Base.metadata.tables) | set(OAUTH_METADATA.tables)


def _tables(url):
    engine = create_engine(url)
    try:
        return set(inspect(engine).get_table_names()) - {"alembic_version"}
    finally:
        engine.dispose()


def test_upgrade_creates_every_table_on_a_new_sqlite_file_and_check_finds_no_drift(tmp_path):
    url = f"sqlite:///{tmp_path / 'new.db'}"
    migrate.upgrade(url)
    migrate.check(url)
    assert _tables(url) == ALL_TABLES


def test_upgrade_creates_every_table_on_an_empty_postgres_database_and_check_finds_no_drift():
    with throwaway_postgres("mlscope_mig") as url:
        migrate.upgrade(url)
        migrate.check(url)
        assert _tables(url) == ALL_TABLES
        migrate.downgrade(url, "base")
        assert _tables(url) == set()


def test_every_table_is_scoped_by_workspace():
    tables = Base.metadata.tables | OAUTH_METADATA.tables
    unscoped = [name for name, table in tables.items() if "team_id" not in table.columns]
    assert unscoped == [STATES]  # install nonces, issued before any workspace exists


def test_sqlite_runs_in_wal_mode_with_foreign_keys(tmp_path):
    from storage.db import make_engine

    engine = make_engine(f"sqlite:///{tmp_path / 'x.db'}")
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    engine.dispose()


def test_the_ranked_list_migration_scores_existing_projects(tmp_path):
    import json

    url = f"sqlite:///{tmp_path / 'old.db'}"
    migrate.upgrade(url, "0006")
    engine = create_engine(url)
    ratings = json.dumps(
        {
            d: {"rating": 5, "note": None}
            for d in ("cheap_prediction", "business_value", "friction_removed", "rules_replaced")
        }
    )
    # The decisive feasibility drivers rated (at their hardest), or issue 17 leaves it unscored.
    hardest = json.dumps(
        {d: {"rating": r, "note": None} for d, r in (("data_availability", 1), ("accuracy_requirement", 5))}
    )
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO projects (team_id, ref, name, statement, owner_id, channel_id, creator_id, answers, impact, feasibility, "
                "hard_flags, stage, stage_entered_at, archived, created_at, updated_at) VALUES ('T1', 'old', 'Old', '', 'U1', 'C1', 'U1', "
                "'{}', :impact, :feasibility, '[]', 'planning', '2026-01-01 00:00:00', 0, '2026-01-01 00:00:00', '2026-01-01 00:00:00')"
            ),
            {"impact": ratings, "feasibility": hardest},
        )
    migrate.upgrade(url)
    with engine.connect() as conn:
        impact, quadrant = conn.execute(text("SELECT impact_score, quadrant FROM projects WHERE ref = 'old'")).one()
    engine.dispose()
    assert (impact, quadrant) == (100.0, "strategic_bet")


def test_projects_scoped_before_the_gate_read_back_with_it_unanswered(tmp_path):
    url = f"sqlite:///{tmp_path / 'before-gate.db'}"
    migrate.upgrade(url, "0009")
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO projects (team_id, ref, name, statement, owner_id, channel_id, creator_id, answers, impact, feasibility, "
                "hard_flags, stage, stage_entered_at, archived, created_at, updated_at) VALUES ('T1', 'old', 'Old', '', 'U1', 'C1', 'U1', "
                "'{}', '{}', '{}', '[]', 'planning', '2026-01-01 00:00:00', 0, '2026-01-01 00:00:00', '2026-01-01 00:00:00')"
            )
        )
    engine.dispose()
    migrate.upgrade(url)
    database = Database(url)
    try:
        with database.uow() as uow:
            [old] = uow.projects.list("T1")
    finally:
        database.dispose()
    assert old.scope.gate == {}


def _insert_at_0017(url, ref, *, feasibility, hard_flags, quadrant, feasibility_score):
    import json

    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO projects (team_id, ref, name, statement, owner_id, channel_id, creator_id, answers, impact, feasibility, "
                "hard_flags, stage, stage_entered_at, archived, created_at, updated_at, gate, checklist, impact_score, "
                "feasibility_score, combined_score, quadrant, version) VALUES ('T1', :ref, 'Old', '', 'U1', 'C1', 'U1', '{}', "
                "'{}', :feasibility, :flags, 'planning', '2026-01-01 00:00:00', 0, '2026-01-01 00:00:00', "
                "'2026-01-01 00:00:00', '{}', '[]', 0, :fscore, 0, :quadrant, 1)"
            ),
            {
                "ref": ref,
                "feasibility": json.dumps({d: {"rating": r, "note": None} for d, r in feasibility.items()}),
                "flags": json.dumps(hard_flags),
                "fscore": feasibility_score,
                "quadrant": quadrant,
            },
        )
    engine.dispose()


def test_migration_0018_rescores_projects_with_the_unknown_and_flag_rules(tmp_path):
    url = f"sqlite:///{tmp_path / 'before-0018.db'}"
    migrate.upgrade(url, "0017")
    ideal = {"data_availability": 5, "labeling_cost": 1, "accuracy_requirement": 1, "problem_difficulty": 1}
    four_flags = ["dialog", "robustness", "small_data", "video_prediction"]
    _insert_at_0017(url, "blank", feasibility={}, hard_flags=[], quadrant="deprioritize", feasibility_score=0)
    _insert_at_0017(
        url, "flagged", feasibility=ideal, hard_flags=four_flags, quadrant="deprioritize", feasibility_score=60
    )
    migrate.upgrade(url)
    engine = create_engine(url)
    with engine.connect() as conn:
        rows = dict(conn.execute(text("SELECT ref, quadrant FROM projects")).all())
        flagged = conn.execute(text("SELECT feasibility_score, version FROM projects WHERE ref = 'flagged'")).one()
    engine.dispose()
    assert rows == {"blank": "unscored", "flagged": "unscored"}  # business value unrated in both
    assert flagged == (round(100 * 0.85**4, 1), 1)  # a share per flag, not 4 × 8 points; not an edit


FRAUD_ECONOMICS = {
    "decisions_per_month": 5000,
    "prevalence": 0.03,
    "value_per_true_positive": 100,
    "cost_per_false_positive": 20,
    "review_cost_per_flag": 4,
    "recall": 0.8,
}


def _insert_fraud_at_0017(url, *, target, unit=""):
    """A human-in-the-loop fraud flagger optimizing precision (target as typed) with a rule baseline at 50 %."""
    import json
    from datetime import datetime

    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO projects (team_id, ref, name, statement, owner_id, channel_id, creator_id, archetype, answers, "
                "impact, feasibility, hard_flags, stage, stage_entered_at, archived, created_at, updated_at, gate, checklist, "
                "impact_score, feasibility_score, combined_score, quadrant, version) VALUES ('T1', 'fraud', 'Fraud', '', "
                "'U1', 'C1', 'U1', 'human_in_the_loop', :answers, '{}', '{}', '[]', 'planning', :at, :no, :at, :at, '{}', "
                "'[]', 0, 0, 0, 'unscored', 1)"
            ),
            {"answers": json.dumps({"_economics": FRAUD_ECONOMICS}), "at": datetime(2026, 1, 1), "no": False},
        )
        project_id = conn.execute(text("SELECT id FROM projects WHERE ref = 'fraud'")).scalar()
        conn.execute(
            text(
                "INSERT INTO metrics (team_id, project_id, position, role, name, direction, target, unit, weights) "
                "VALUES ('T1', :p, 0, 'optimizing', 'precision', 'higher', :target, :unit, '{}')"
            ),
            {"p": project_id, "target": target, "unit": unit},
        )
        conn.execute(
            text(
                "INSERT INTO baselines (team_id, project_id, position, kind, description, value, source) "
                "VALUES ('T1', :p, 0, 'rule_based', 'amount rules', 50, '')"
            ),
            {"p": project_id},
        )
    engine.dispose()


def test_upgrading_sqlite_through_tables_rebuilt_in_batch_keeps_every_projects_metrics_and_baselines(tmp_path):
    """SQLite's batch mode rebuilds ``projects`` (0019, 0021): with foreign keys on while migrating,
    dropping the old table cascaded to its metrics and baselines, and a project lost them."""
    url = f"sqlite:///{tmp_path / 'before-0019.db'}"
    migrate.upgrade(url, "0017")
    _insert_fraud_at_0017(url, target=0.9)
    migrate.upgrade(url)
    engine = create_engine(url)
    with engine.connect() as conn:
        counts = [conn.execute(text(f"SELECT count(*) FROM {t}")).scalar() for t in ("metrics", "baselines")]
    engine.dispose()
    assert counts == [1, 1]


def test_migration_0023_computes_the_worth_again_reading_a_percentage_target(tmp_path):
    """A project stored at 0022 before "90 %" was read as a precision has no worth a month; 0023 computes
    it (11,200 a month), without counting as an edit, and its baseline reads back with no operating point."""
    url = f"sqlite:///{tmp_path / 'before-0023.db'}"
    migrate.upgrade(url, "0017")
    _insert_fraud_at_0017(url, target=90, unit="%")
    migrate.upgrade(url, "0022")
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE projects SET worth_per_month = NULL"))  # what 0021 stored before
    migrate.upgrade(url)
    with engine.connect() as conn:
        worth, version = conn.execute(text("SELECT worth_per_month, version FROM projects")).one()
    engine.dispose()
    assert (worth, version) == (11_200.0, 1)
    database = Database(url)
    try:
        with database.uow() as uow:
            [fraud] = uow.projects.list("T1")
    finally:
        database.dispose()
    [rules] = fraud.scope.baselines
    assert (rules.value, rules.precision, rules.recall) == (50, None, None)  # stored as typed; no point yet


def test_migration_0023_adds_and_drops_the_operating_point_on_postgres():
    with throwaway_postgres("mlscope_0023") as url:
        migrate.upgrade(url, "0017")
        _insert_fraud_at_0017(url, target=0.9)
        migrate.upgrade(url)
        engine = create_engine(url)
        try:
            columns = {c["name"] for c in inspect(engine).get_columns("baselines")}
            assert {"precision", "recall"} <= columns
            with engine.connect() as conn:
                assert conn.execute(text("SELECT worth_per_month FROM projects")).scalar() == 11_200.0
            migrate.downgrade(url, "0022")
            assert not {"precision", "recall"} & {c["name"] for c in inspect(engine).get_columns("baselines")}
        finally:
            engine.dispose()
def test_migration_0022_splits_readings_into_series_at_each_redefinition_and_keeps_target_moves_in_one(tmp_path):
    url = f"sqlite:///{tmp_path / 'before-0022.db'}"
    migrate.upgrade(url, "0017")
    _insert_at_0017(url, "router", feasibility={}, hard_flags=[], quadrant="unscored", feasibility_score=0)
    migrate.upgrade(url, "0021")
    engine = create_engine(url)
    with engine.begin() as conn:
        pid = conn.execute(text("SELECT id FROM projects WHERE ref = 'router'")).scalar()
        conn.execute(
            text(
                "INSERT INTO metrics (team_id, project_id, position, role, name, direction, target, unit, weights) "
                "VALUES ('T1', :p, 0, 'optimizing', 'per-team accuracy', 'higher', 90, '%', '{}')"
            ),
            {"p": pid},
        )
        for value, at in ((70, "2026-01-02"), (78, "2026-01-05"), (79, "2026-01-20")):
            conn.execute(
                text(
                    "INSERT INTO metric_readings (team_id, project_id, value, actor, at) VALUES ('T1', :p, :v, 'U1', :at)"
                ),
                {"p": pid, "v": value, "at": f"{at} 00:00:00"},
            )
        changes = (
            ("top-1 accuracy ↑, target 80 %", "top-1 accuracy ↑, target 85 %", "2026-01-03"),  # a target move
            ("top-1 accuracy ↑, target 85 %", "per-team accuracy ↑, target 90 %", "2026-01-10"),  # a new metric
        )
        for previous, current, at in changes:
            conn.execute(
                text(
                    "INSERT INTO metric_changes (team_id, project_id, previous, current, reason, actor, at) "
                    "VALUES ('T1', :p, :prev, :cur, 'why', 'U1', :at)"
                ),
                {"p": pid, "prev": previous, "cur": current, "at": f"{at} 00:00:00"},
            )
        conn.execute(text("UPDATE projects SET current_value = 79 WHERE id = :p"), {"p": pid})
    engine.dispose()
    migrate.upgrade(url)
    database = Database(url)
    try:
        with database.uow() as uow:
            [router] = uow.projects.list("T1")
    finally:
        database.dispose()
    assert [(r.value, r.series) for r in router.readings] == [(70, 1), (78, 1), (79, 2)]
    assert [c.new_series for c in router.metric_changes] == [False, True]
    assert router.metric_series == 2 and router.current_value == 79
