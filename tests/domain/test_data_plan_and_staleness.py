"""A data plan's rules (bounded, not blank, for those who may change the project, a history line
per version) and the workspace's "no reading for N weeks" (its bounds, and the attention it moves)."""

from datetime import timedelta

import pytest

from domain import attention, data_plan, project_queries, project_use_cases, workspace_use_cases
from domain.digest import build_digest
from domain.errors import DomainError
from domain.metrics import MetricReading
from domain.model import DATA_PLAN_MAX
from domain.permissions import PermissionDenied
from domain.project_use_cases import NewProject
from tests.builders import EASY, optimizing, scope
from tests.conftest import T0
from tests.domain.test_digest import numbered, settled
from tests.fakes import FakeStore


@pytest.fixture
def store():
    store = FakeStore()
    new = NewProject(team_id="T1", name="Churn", ref="churn", owner_id="U1", creator_id="U1", channel_id="C1",
                     scope=scope(metrics=[optimizing()]))  # fmt: skip
    project_use_cases.create_project(store.uow(), new, now=T0)
    return store


@pytest.mark.parametrize(("text", "said"), [("  \n ", "Write the plan"), ("x" * (DATA_PLAN_MAX + 1), "under 3,000")])
def test_a_blank_or_too_long_plan_is_refused_and_nothing_is_written(store, text, said):
    with pytest.raises(DomainError, match=said) as refused:
        data_plan.save_data_plan(store.uow(), "T1", "churn", text, actor="U1", now=T0)
    assert refused.value.field == "data_plan"
    assert project_queries.get_project(store.uow(), "T1", "churn").data_plan is None
    assert [c.action for c in project_queries.history(store.uow(), "T1", "churn")] == ["created"]


def test_only_those_who_may_change_the_project_write_its_plan(store):
    with pytest.raises(PermissionDenied, match="write the data plan of `churn`"):
        data_plan.save_data_plan(store.uow(), "T1", "churn", "label more", actor="U9", now=T0)
    saved = data_plan.save_data_plan(store.uow(), "T1", "churn", "label more", actor="U9", now=T0, is_admin=lambda: True)
    assert saved.outcome == "added" and saved.project.data_plan.actor == "U9"


@pytest.mark.parametrize("weeks", [0, 27, -1])
def test_stale_weeks_out_of_bounds_are_refused_and_nothing_changes(store, weeks):
    with pytest.raises(DomainError, match="1 to 26 weeks"):
        workspace_use_cases.set_stale_weeks(store.uow(), "T1", weeks, actor="U1", now=T0, is_admin=lambda: True)
    assert workspace_use_cases.stale_weeks(store.uow(), "T1") == attention.DEFAULT_STALE_WEEKS


def test_no_reading_for_n_weeks_follows_the_n_given():
    now = T0 + timedelta(weeks=10)
    reading = MetricReading(value=0.5, at=now - timedelta(weeks=3), actor="U1")
    quiet = numbered("quiet", 1, the_scope=settled(3, EASY), readings=[reading], created_at=T0, stage_entered_at=now)
    default = build_digest("T1", [quiet], archived=[], history=[], checkins={}, since=now, now=now)
    two = build_digest("T1", [quiet], archived=[], history=[], checkins={}, since=now, now=now,
                       quiet_after=timedelta(weeks=2))  # fmt: skip
    assert default.attention == [] and two.attention[0].reason == "no reading for 3 weeks"
