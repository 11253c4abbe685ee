"""The sandbox's Pipeline panel: a reading pushed to the running bot's readings API as a CI job pushes it.

In the browser: a token made with ``/mlproject token create``, pasted (or created by the panel), a
reading pushed, the API's status and body shown, the card updated with the run's link. Without a
browser: the push is an action like any other (only the page may ask), and the bot's answer comes
back unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from selenium.webdriver.common.by import By

from bot.sandbox.run import Sandbox
from tests.sandbox.conftest import keep_evidence
from tests.sandbox.page import Page
from tests.sandbox.test_browser import scope_churn_predictor
from tests.sandbox.test_sandbox import as_the_page, post, scope, seen_by

RUN = "https://ci.example/churn/runs/4711"
TOKEN = re.compile(r"mls_[A-Za-z0-9_-]+")


@pytest.fixture
def page(sandbox, chromium, request, tmp_path) -> Iterator[Page]:
    yield Page(chromium, sandbox.url).open()
    keep_evidence(request, chromium, tmp_path / "evidence")


def push(page: Page, token: str | None, **reading: str) -> str:
    """Fill the panel (the token only if given) and push; the result shown, once the bot answered."""
    panel = page.find("[data-testid=pipeline]")
    if not panel.is_displayed():
        page.find("[data-testid=pipeline-toggle]").click()
    fields = {"token": token, **reading}
    for name, value in fields.items():
        if value is not None:
            box = panel.find_element(By.CSS_SELECTOR, f'[name="{name}"]')
            box.clear()
            box.send_keys(value)
    page.driver.execute_script("document.getElementById('pipeline-result').textContent = ''")
    page.find("[data-testid=pipeline-push]").click()
    return page.wait(lambda d: d.find_element(By.ID, "pipeline-result").text)  # type: ignore[no-any-return]


def card_link(page: Page) -> str | None:
    links = page.message_with("Churn Predictor").find_elements(By.CSS_SELECTOR, f'a[href="{RUN}"]')
    return links[0].text if links else None


def test_a_reading_pushed_with_a_token_from_the_command_updates_the_card_with_the_runs_link(page):
    scope_churn_predictor(page)
    page.go("C2")
    page.type("/mlproject token create ci")
    token = TOKEN.search(page.message_text("mls_")).group(0)  # type: ignore[union-attr]
    shown = push(page, token, project="churn-predictor", value="0.72", note="gbm v3", source_url=RUN, run_id="4711")
    assert shown.startswith("HTTP 201 Created")
    assert '"created": true' in shown and '"value": 0.72' in shown
    page.wait(lambda d: card_link(page))
    assert "0.72" in page.message_text("Churn Predictor")
    assert card_link(page) == "run 4711"
    again = push(page, None)
    assert again.startswith("HTTP 200 OK") and '"created": false' in again


def test_the_panel_shows_the_apis_refusals_as_a_pipeline_would_see_them(page):
    scope_churn_predictor(page)
    assert push(page, "mls_not-a-real-token", project="churn-predictor", value="0.7").startswith("HTTP 401")
    page.go("C2")
    page.type("/mlproject token create ci")
    token = TOKEN.search(page.message_text("mls_")).group(0)  # type: ignore[union-attr]
    wrong = push(page, token, project="churn-predictor", value="seventy")
    assert wrong.startswith("HTTP 422") and "must be a number" in wrong
    assert push(page, None, project="no-such-project", value="0.7").startswith("HTTP 404")
    assert card_link(page) is None


def test_the_panel_creates_a_token_for_an_admin_and_says_why_not_for_anyone_else(page):
    scope_churn_predictor(page)
    page.find("[data-testid=pipeline-toggle]").click()
    page.act_as("U2")
    page.find("[data-testid=pipeline-new-token]").click()
    refused = page.wait(lambda d: d.find_element(By.ID, "pipeline-result").text)
    assert "The bot answered" in refused
    assert not page.find("[data-testid=pipeline-token]").get_attribute("value")
    page.act_as("U1")
    page.find("[data-testid=pipeline-new-token]").click()
    page.wait(lambda d: d.find_element(By.CSS_SELECTOR, "[data-testid=pipeline-token]").get_attribute("value"))
    page.go("C2")
    assert push(page, None, project="churn-predictor", value="0.7", source_url=RUN).startswith("HTTP 201 Created")
    page.wait(lambda d: card_link(page))


def test_a_push_is_an_action_only_the_page_may_ask_for(sandbox: Sandbox):
    body = {"user": "U1", "token": "mls_x", "reading": {"project": "churn-predictor", "value": 0.7}}
    status, answer = post(sandbox, "push", body, headers=as_the_page(sandbox, X_Sandbox_Token="stolen"))
    assert status == 403 and not answer["ok"]
    status, answer = post(sandbox, "push", body, headers={"Content-Type": "application/json"})
    assert status == 403


def test_the_bots_answer_comes_back_unchanged_and_a_bad_token_records_nothing(sandbox: Sandbox):
    scope(sandbox)
    body = {"user": "U1", "token": "mls_x", "reading": {"project": "churn-predictor", "value": 0.7}}
    status, answer = post(sandbox, "push", body)
    assert status == 200
    assert answer["status"] == 401 and answer["body"]["error"] == "unauthorized"
    assert not any("0.7" in (m["text"] or "") for m in seen_by(sandbox)["messages"] if m["channel"] == "C2")
    status, answer = post(sandbox, "push", {**body, "user": "U99"})
    assert status == 400 and "no user U99" in answer["error"]
