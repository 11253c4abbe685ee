"""Finishing a scope is one unit of work: the project and the draft's removal land together or not at all."""

import pytest

from domain import draft_use_cases, project_queries, project_use_cases
from domain.errors import DomainError
from domain.project_use_cases import Edit, NewProject
from tests.builders import optimizing, scope
from tests.fakes import CommitFailed, FakeStore


@pytest.fixture
def store():
    return FakeStore()


def new(**kw):
    return NewProject(team_id="T1", name="Churn", owner_id="U1", creator_id="U1", channel_id="C1", **kw)


def drafted(store, now, key="U1:new"):
    draft_use_cases.save_draft(store.uow(), "T1", key, step=5, data={"name": "Churn"}, now=now)


def test_finishing_a_new_scope_creates_the_project_and_discards_its_draft(store, now):
    drafted(store, now)
    project = draft_use_cases.finish_scoping(store.uow(), "T1", "U1:new", new(), actor="U1", now=now)
    assert project_queries.get_project(store.uow(), "T1", project.ref).id == project.id
    assert draft_use_cases.load_draft(store.uow(), "T1", "U1:new") is None
    assert store.commits == 2, "the draft's save, then one commit for the project and the draft's removal"


def draft_gone(key):
    """Fail the commit in which the draft is gone: a project committed before it would survive."""
    return lambda uow: uow.drafts.get("T1", key) is None


def test_when_the_commit_fails_there_is_neither_a_project_nor_a_lost_draft(store, now):
    drafted(store, now)
    with pytest.raises(CommitFailed):
        draft_use_cases.finish_scoping(store.uow(fail_commit=draft_gone("U1:new")), "T1", "U1:new", new(), actor="U1", now=now)
    assert project_queries.list_projects(store.uow(), "T1") == []
    assert draft_use_cases.load_draft(store.uow(), "T1", "U1:new").data == {"name": "Churn"}


def test_a_refused_scope_keeps_its_draft(store, now):
    drafted(store, now)
    with pytest.raises(DomainError, match="Exactly one optimizing metric"):
        draft_use_cases.finish_scoping(
            store.uow(), "T1", "U1:new", new(scope=scope(metrics=[optimizing("a"), optimizing("b")])), actor="U1", now=now
        )
    assert draft_use_cases.load_draft(store.uow(), "T1", "U1:new") is not None


def test_finishing_an_edit_changes_the_project_and_discards_the_edit_draft(store, now):
    project = project_use_cases.create_project(store.uow(), new(), now=now)
    drafted(store, now, key="U1:edit")
    edited = draft_use_cases.finish_scoping(
        store.uow(), "T1", "U1:edit", Edit(name="Churn v2"), actor="U1", now=now, ref=project.ref
    )
    assert edited.name == "Churn v2"
    assert project_queries.get_project(store.uow(), "T1", project.ref).name == "Churn v2"
    assert draft_use_cases.load_draft(store.uow(), "T1", "U1:edit") is None


def test_an_edit_whose_commit_fails_changes_nothing_and_keeps_the_draft(store, now):
    project = project_use_cases.create_project(store.uow(), new(), now=now)
    drafted(store, now, key="U1:edit")
    with pytest.raises(CommitFailed):
        draft_use_cases.finish_scoping(
            store.uow(fail_commit=draft_gone("U1:edit")),
            "T1",
            "U1:edit",
            Edit(name="Churn v2"),
            actor="U1",
            now=now,
            ref=project.ref,
        )
    assert project_queries.get_project(store.uow(), "T1", project.ref).name == "Churn"
    assert draft_use_cases.load_draft(store.uow(), "T1", "U1:edit") is not None


def test_a_first_draft_is_written_only_over_the_draft_its_modal_was_built_from(store, now):
    start = draft_use_cases.start_draft
    assert start(store.uow(), "T1", "U1:edit", step=1, data={"name": "Churn"}, now=now, over=None)
    assert not start(store.uow(), "T1", "U1:edit", step=1, data={"name": "Other"}, now=now, over=None)
    left = draft_use_cases.load_draft(store.uow(), "T1", "U1:edit")
    assert left.data == {"name": "Churn"}, "a draft written since is kept"
    assert start(store.uow(), "T1", "U1:edit", step=1, data={"name": "Fresh"}, now=now, over=left)
    assert draft_use_cases.load_draft(store.uow(), "T1", "U1:edit").data == {"name": "Fresh"}
    assert not start(store.uow(), "T1", "U1:edit", step=1, data={"name": "Stale"}, now=now, over=left)


def test_a_new_scope_whose_draft_is_gone_creates_nothing(store, now):
    drafted(store, now)
    draft_use_cases.finish_scoping(store.uow(), "T1", "U1:new", new(), actor="U1", now=now)
    with pytest.raises(draft_use_cases.DraftGone):
        draft_use_cases.finish_scoping(store.uow(), "T1", "U1:new", new(), actor="U1", now=now)
    assert [r.project.ref for r in project_queries.list_projects(store.uow(), "T1")] == ["churn"]


def test_an_edit_without_a_draft_is_still_saved(store, now):
    """The edit modal edits the project as it is when its draft could not be saved: nothing to remove."""
    project = project_use_cases.create_project(store.uow(), new(), now=now)
    edited = draft_use_cases.finish_scoping(
        store.uow(), "T1", "U1:edit", Edit(name="Churn v2"), actor="U1", now=now, ref=project.ref
    )
    assert edited.name == "Churn v2"
