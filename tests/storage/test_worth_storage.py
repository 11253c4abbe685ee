"""What a model is worth, stored (issue 17), on SQLite and PostgreSQL: the worth answers ride in the
scope's answers column and read back apart from the questions' answers; the currency is per workspace."""

from sqlalchemy import select

from domain import project_queries, project_use_cases, workspace_use_cases
from domain.project_use_cases import NewProject
from domain.scoring import ScoringWeights
from domain.worth_inputs import WorthInputs
from storage.orm import HistoryRow, ProjectRow
from tests.builders import optimizing, scope

FRAUD = WorthInputs(decisions_per_month=5000, prevalence=0.03, value_per_true_positive=100, recall=0.8)


def create(db, now, **kw):
    new = NewProject(team_id="T1", name="Invoice Fraud", owner_id="U1", creator_id="U1", channel_id="C1", **kw)
    return project_use_cases.create_project(db.uow(), new, now=now)


def test_the_worth_answers_read_back_and_the_questions_answers_stay_as_they_were(database, now):
    full = scope(answers={"improves_performance": "yes"}, metrics=[optimizing()], economics=FRAUD)
    create(database, now, scope=full)
    again = project_queries.get_project(database.uow(), "T1", "invoice-fraud")
    assert again.scope.economics == FRAUD
    assert again.scope.answers == {"improves_performance": "yes"}
    assert project_queries.project_card(database.uow(), "T1", "invoice-fraud").worth is not None


def test_a_scope_without_worth_answers_stores_none(database, now):
    create(database, now, scope=scope(answers={"improves_performance": "yes"}))
    assert project_queries.get_project(database.uow(), "T1", "invoice-fraud").scope.economics is None
    with database.sessions() as session:
        assert session.scalar(select(ProjectRow.answers)) == {"improves_performance": "yes"}


def test_the_currency_is_per_workspace_eur_by_default_and_survives_new_weights(database, now):
    assert workspace_use_cases.currency(database.uow(), "T1") == "EUR"
    assert workspace_use_cases.set_currency(database.uow(), "T1", "chf", actor="U1", now=now, is_admin=lambda: True)
    workspace_use_cases.set_weights(
        database.uow(), "T1", ScoringWeights(impact_threshold=20), actor="U1", now=now, is_admin=lambda: True
    )
    assert workspace_use_cases.currency(database.uow(), "T1") == "CHF"
    assert workspace_use_cases.currency(database.uow(), "T2") == "EUR"
    create(database, now)
    assert project_queries.project_card(database.uow(), "T1", "invoice-fraud").currency == "CHF"
    with database.sessions() as session:
        assert "currency_changed" in set(session.scalars(select(HistoryRow.action)))
