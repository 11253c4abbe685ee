"""Canvases on SQLite and PostgreSQL: one claim wins, the id and parts read back, a refusal is per workspace."""

from datetime import timedelta

from domain import canvas_use_cases as canvases
from domain.canvases import CanvasKind, digest_of
from tests.conftest import T0

BRIEF = CanvasKind.BRIEF


def test_only_the_first_of_two_claims_creates_the_canvas(database):
    first = canvases.claim(database.uow(), "T1", BRIEF, "7", now=T0)
    second = canvases.claim(database.uow(), "T1", BRIEF, "7", now=T0)
    assert first is not None and first.canvas_id is None
    assert second is None


def test_a_claim_whose_creator_died_is_taken_again_after_two_minutes(database):
    canvases.claim(database.uow(), "T1", BRIEF, "7", now=T0)
    assert canvases.claim(database.uow(), "T1", BRIEF, "7", now=T0 + timedelta(minutes=1)) is None
    assert canvases.claim(database.uow(), "T1", BRIEF, "7", now=T0 + timedelta(minutes=3)) is not None


def test_a_created_canvas_reads_back_with_its_parts_and_is_never_claimed_again(database):
    canvases.claim(database.uow(), "T1", BRIEF, "7", now=T0)
    canvases.created(database.uow(), "T1", BRIEF, "7", "F123", {"metric": "accuracy", "advice": "none"})
    canvases.written(database.uow(), "T1", BRIEF, "7", {"metric": "precision"})
    found = canvases.canvas(database.uow(), "T1", BRIEF, "7")
    assert found.canvas_id == "F123"
    assert found.parts == {"metric": digest_of("precision"), "advice": digest_of("none")}
    assert found.changed({"metric": "precision", "advice": "more data"}) == ["advice"]
    assert canvases.claim(database.uow(), "T1", BRIEF, "7", now=T0 + timedelta(days=1)) is None


def test_canvases_of_two_workspaces_and_two_kinds_do_not_mix(database):
    canvases.claim(database.uow(), "T1", BRIEF, "C2", now=T0)
    canvases.created(database.uow(), "T1", BRIEF, "C2", "F1", {})
    assert canvases.canvas(database.uow(), "T2", BRIEF, "C2") is None
    assert canvases.canvas(database.uow(), "T1", CanvasKind.PORTFOLIO, "C2") is None
    canvases.forget(database.uow(), "T1", BRIEF, "C2")
    assert canvases.canvas(database.uow(), "T1", BRIEF, "C2") is None


def test_a_refusal_is_remembered_per_workspace_until_a_call_succeeds(database):
    canvases.refused(database.uow(), "T1", error="missing_scope", method="canvases.create", now=T0)
    canvases.refused(database.uow(), "T1", error="canvas_disabled_user_team", method="canvases.create", now=T0)
    found = canvases.refusal(database.uow(), "T1")
    assert (found.error, found.method, found.at) == ("canvas_disabled_user_team", "canvases.create", T0)
    assert not found.asks_again(T0 + timedelta(minutes=59)) and found.asks_again(T0 + timedelta(hours=1))
    assert canvases.refusal(database.uow(), "T2") is None
    canvases.allowed_again(database.uow(), "T1")
    assert canvases.refusal(database.uow(), "T1") is None
