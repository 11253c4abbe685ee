"""In a real browser (issue 19): back in data after a check-in's loop-back, "Add a data plan"
saves a plan the thread then shows; the digest's line says the plan and the open blocker; an
admin sets the weeks after which "no reading" needs attention."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.sandbox.conftest import keep_evidence
from tests.sandbox.page import Page
from tests.sandbox.test_browser import scope_churn_predictor

PLAN = "2,000 labelled churn cases from support by March <ask Grace>"


@pytest.fixture
def page(sandbox, chromium, request, tmp_path) -> Iterator[Page]:
    yield Page(chromium, sandbox.url).open()
    keep_evidence(request, chromium, tmp_path / "evidence")


def move_to_training(page: Page) -> None:
    page.go("C2")
    for stage, reason in (("data", "labels are ready"), ("training", "first model")):
        page.click("Move stage", message="Churn Predictor")
        page.fill({"stage_target": stage, "reason": reason})
        page.submit()
        page.wait(lambda d: page.modal_is_closed())


def loop_back_to_data_with_a_plan(page: Page) -> None:
    scope_churn_predictor(page)
    move_to_training(page)
    page.advance("week")
    page.message_with("Check-in: Churn Predictor")
    page.click("Add numbers and notes…", message="Check-in: Churn Predictor")
    page.fill({"blockers": "the labelling vendor is late", "note": "support changed its tags"})
    page.submit()
    page.wait(lambda d: page.modal_is_closed())
    page.click("No", message="Check-in: Churn Predictor", block="q:data")
    page.click("Loop back to data", message="Move Churn Predictor there now?")
    page.fill({"what_changed": "support stopped tagging churn reasons"})
    page.submit()
    page.wait(lambda d: page.modal_is_closed())
    page.click("Add a data plan", message="moved Churn Predictor back")
    assert "get the data it lacks" in page.modal_text()
    page.fill({"data_plan": PLAN})
    page.submit()
    page.wait(lambda d: page.modal_is_closed())


def test_back_in_data_a_data_plan_is_saved_and_the_thread_and_the_digest_show_it(page):
    loop_back_to_data_with_a_plan(page)
    said = page.message_text("added the data plan")
    assert PLAN in said and "Edit the data plan" in page.message_buttons("added the data plan")
    page.go("C3")
    page.type("/mlproject digest")
    digest = page.message_text("ML portfolio digest")
    assert "🚧 1 open blocker: the labelling vendor is late" in digest
    assert "📝 data plan" in digest and PLAN in digest and "data plan added" in digest
    assert page.all("[data-testid=violations] .violation") == []
    page.type("/mlproject settings stale-readings 2")
    assert "Stale readings are now 2 weeks" in page.message_text("Stale readings are now")
