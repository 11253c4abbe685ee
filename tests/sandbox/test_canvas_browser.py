"""In a real browser: "Open brief" on the card links the brief, the link opens the canvas rendered,
and after a loop-back the same canvas shows the new stage history (screenshots kept)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By

from tests.sandbox.conftest import keep_evidence
from tests.sandbox.page import Page
from tests.sandbox.test_browser import scope_churn_predictor


@pytest.fixture
def page(sandbox, chromium, request, tmp_path) -> Iterator[Page]:
    yield Page(chromium, sandbox.url).open()
    keep_evidence(request, chromium, tmp_path / "evidence")


def shots(tmp_path: Path) -> Path:
    """Where the canvas's screenshots go: ``CANVAS_SCREENSHOTS`` if set (to look at them), else the test's tmp dir."""
    where = Path(os.environ.get("CANVAS_SCREENSHOTS") or tmp_path)
    where.mkdir(parents=True, exist_ok=True)
    return where


def screenshot(page: Page, path: Path) -> None:
    """The canvas around its stage history (the part an edit changes), as a person scrolls to it."""
    [heading] = [h for h in page.all("[data-testid=canvas] h2") if h.text == "Stage history"]
    page.driver.execute_script("arguments[0].scrollIntoView()", heading)
    page.driver.save_screenshot(str(path))


def open_canvas(page: Page, link: str) -> str:
    page.driver.get(link)
    return page.find("[data-testid=canvas]").text


def test_a_brief_opens_rendered_and_changes_after_an_edit(page, sandbox, tmp_path):
    scope_churn_predictor(page)
    page.go("C2")
    page.click("Open brief", message="Churn Predictor")
    page.message_with("Created the brief of")
    link = page.find("[data-testid^=canvas-link-]").get_attribute("href")
    assert "/docs/T" in link and "token=" in link
    assert page.find("[data-testid^=canvas-F]").text == "📄 Brief: Churn Predictor"  # the sidebar lists it
    before = open_canvas(page, link)
    assert "Stage history" in before and "Which customers will cancel next month?" in before
    assert "tenure + support tickets rules" in before  # escaped Markdown shows as typed
    assert "looped back" not in before
    screenshot(page, shots(tmp_path) / "brief-before.png")

    page.open()
    page.go("C2")
    page.type("/mlproject stage churn-predictor data")
    page.message_with("Data")
    page.type("/mlproject stage churn-predictor planning labels <b>are</b> not there")
    page.message_with("labels")
    after = page.wait(lambda d: (lambda text: text if "looped back" in text else False)(open_canvas(page, link)))
    assert "looped back from data to planning: labels <b>are</b> not there" in after  # shown as typed, not as HTML
    assert page.all("[data-testid=canvas] b") == []
    assert page.find("[data-testid=canvas-title]").text == "Brief: Churn Predictor"
    screenshot(page, shots(tmp_path) / "brief-after.png")
    assert len([c for c in sandbox.slack.calls_to("canvases.create")]) == 1
    assert page.driver.find_elements(By.CSS_SELECTOR, "script") == []
