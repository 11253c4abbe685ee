"""Before a lead saves new scoring settings, the preview says which projects would move, and
saving is for admins and MLScope leads only (issue 17)."""

from datetime import timedelta

import pytest

from domain import project_use_cases, workspace_use_cases
from domain.errors import DomainError
from domain.model import ImpactDriver
from domain.permissions import PermissionDenied, nobody_is_admin
from domain.project_use_cases import NewProject
from domain.ranking_preview import preview
from domain.scoring import Quadrant, ScoringWeights
from domain.scoring_weights import RankingPolicy
from tests.builders import EASY, HARD, project, rated
from tests.conftest import T0
from tests.fakes import FakeStore

RAISED = ScoringWeights(impact_threshold=60)


def portfolio():
    """Ranked with the defaults: top (do now), mid (do now, impact 50), bet (strategic), parked."""
    return [
        project("top", the_scope=rated(5, EASY)),
        project("mid", the_scope=rated(3, EASY), created_at=T0 + timedelta(days=1)),
        project("bet", the_scope=rated(5, HARD)),
        project("parked", the_scope=rated(1, HARD)),
    ]


def test_a_raised_impact_threshold_moves_a_borderline_project_out_of_do_now():
    shown = preview(portfolio(), ScoringWeights(), RAISED)
    assert [(m.ref, m.rank_before, m.rank_after) for m in shown.moves] == [("bet", 3, 2), ("mid", 2, 3)]
    bet, mid = shown.moves
    assert (mid.quadrant_before, mid.quadrant_after) == (Quadrant.DO_NOW, Quadrant.QUICK_WIN) and mid.quadrant_changed
    assert bet.rank_changed and not bet.quadrant_changed
    assert (shown.projects, shown.unchanged) == (4, 2)
    assert shown.settings_changed == ["Impact threshold 50 → 60"]


def test_the_same_settings_move_nothing():
    shown = preview(portfolio(), ScoringWeights(), ScoringWeights())
    assert shown.moves == () and shown.unchanged == 4 and shown.settings_changed == []


def test_a_quadrant_change_without_a_rank_change_is_listed_too():
    alone = [project("mid", the_scope=rated(3, EASY))]
    [move] = preview(alone, ScoringWeights(), RAISED).moves
    assert (move.rank_before, move.rank_after, move.quadrant_after) == (1, 1, Quadrant.QUICK_WIN)


@pytest.fixture
def store():
    store = FakeStore()
    for ref, the_scope in (("top", rated(5, EASY)), ("mid", rated(3, EASY)), ("gone", rated(4, EASY))):
        new = NewProject(team_id="T1", name=ref.title(), ref=ref, owner_id="U1", creator_id="U1", scope=the_scope)
        project_use_cases.create_project(store.uow(), new, now=T0)
    project_use_cases.archive_project(store.uow(), "T1", "gone", actor="U1", now=T0, is_admin=nobody_is_admin)
    with store.uow() as uow:
        uow.leads.add("T1", "ULEAD", added_by="U0", now=T0)
        uow.commit()
    return store


def test_the_preview_ranks_the_workspaces_active_projects_for_a_lead(store):
    shown = workspace_use_cases.preview_weights(store.uow(), "T1", RAISED, actor="ULEAD", is_admin=nobody_is_admin)
    assert shown.projects == 2, "the archived project is not in the ranking"
    assert [(m.ref, m.quadrant_after) for m in shown.moves] == [("mid", Quadrant.QUICK_WIN)]


def test_someone_neither_lead_nor_admin_gets_neither_the_form_nor_the_preview_nor_a_save(store):
    for ask in (
        lambda: workspace_use_cases.scoring_settings(store.uow(), "T1", actor="U9", is_admin=nobody_is_admin),
        lambda: workspace_use_cases.preview_weights(store.uow(), "T1", RAISED, actor="U9", is_admin=nobody_is_admin),
        lambda: workspace_use_cases.set_weights(
            store.uow(), "T1", RAISED, actor="U9", now=T0, is_admin=nobody_is_admin
        ),
    ):
        with pytest.raises(PermissionDenied, match="Only workspace admins and MLScope leads"):
            ask()
    assert workspace_use_cases.weights_for(store.uow(), "T1") == ScoringWeights()


def test_saving_returns_the_settings_before_and_refuses_when_they_moved_since_the_preview(store):
    chosen = ScoringWeights(impact={ImpactDriver.BUSINESS_VALUE: 1}, ranking=RankingPolicy.SCORE)
    before = workspace_use_cases.set_weights(
        store.uow(), "T1", chosen, actor="ULEAD", now=T0, is_admin=nobody_is_admin, expected=ScoringWeights()
    )
    assert before == ScoringWeights() and workspace_use_cases.weights_for(store.uow(), "T1") == chosen
    with pytest.raises(DomainError, match="changed by someone else after your preview") as refused:
        workspace_use_cases.set_weights(
            store.uow(), "T1", RAISED, actor="ULEAD", now=T0, is_admin=nobody_is_admin, expected=ScoringWeights()
        )
    assert refused.value.rule == "stale_view"
    assert workspace_use_cases.weights_for(store.uow(), "T1") == chosen


def test_saving_the_settings_already_there_records_no_change(store):
    workspace_use_cases.set_weights(store.uow(), "T1", ScoringWeights(), actor="ULEAD", now=T0, is_admin=nobody_is_admin)
    assert [c for c in store.state.history if c.action == "weights_changed"] == []
    workspace_use_cases.set_weights(store.uow(), "T1", RAISED, actor="ULEAD", now=T0, is_admin=nobody_is_admin)
    assert [c.detail["impact_threshold"] for c in store.state.history if c.action == "weights_changed"] == [60]
