"""In a real browser: scoping as a conversation in the app's Messages tab, from "scope a project"
to the project's card in its home channel; and the assistant container's suggested prompts."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By

from tests.sandbox.conftest import keep_evidence
from tests.sandbox.page import Page

NEWEST = """
const all = [...document.querySelectorAll('#timeline [data-testid=message]')];
const last = all[all.length - 1];
return last ? last.dataset.ts + ' ' + last.querySelector('.meta b').textContent : '';
"""
# What the walk does at each question, by a piece of its text: type a line, or press a button.
ANSWERS = [
    ("Project name", "type", "Churn Predictor"),
    ("Is the organisation ready", "press", "Yes"),
    ("Is ML needed", "press", "ML is needed"),
    ("Is it ethical", "press", "Considered"),
    ("Owner", "press", "Me"),
    ("Home channel", "type", "#ml-team"),
    ("What kind of ML product", "press", "Software 2.0"),
    ("Business value", "press", "5 – very large"),
    ("Why? (business value)", "type", "retention is our top KPI"),
    ("Optimizing metric", "type", "recall@10"),
    ("Direction", "press", "Higher is better"),
    ("Target", "type", "0.8"),
    ("Is it a model that flags cases", "press", "No"),
    ("How often?", "press", "Every week"),
]


@pytest.fixture
def page(sandbox, chromium, request, tmp_path) -> Iterator[Page]:
    yield Page(chromium, sandbox.url).open()
    keep_evidence(request, chromium, tmp_path / "evidence")


def newest(page: Page) -> str:
    return str(page.driver.execute_script(NEWEST))


LAST_TEXT = """
const all = [...document.querySelectorAll('#timeline [data-testid=message]')];
return all.length ? all[all.length - 1].innerText : '';
"""
SKIP_LABELS = """
const all = [...document.querySelectorAll('#timeline [data-testid=message]')];
const last = all[all.length - 1];
return last ? [...last.querySelectorAll('button[data-action-id=chat_skip]')].map(b => b.innerText) : [];
"""


def last_message(page: Page):
    return page.driver.find_elements(By.CSS_SELECTOR, "#timeline [data-testid=message]")[-1]


def last_text(page: Page) -> str:
    """The newest message's text, read in one step: the timeline may be redrawn between two (an
    answered question's buttons become its answer just after the next question arrives)."""
    return str(page.driver.execute_script(LAST_TEXT))


def press(page: Page, label: str) -> None:
    """Press ``label`` (or the button starting with it) in the newest message; wait for the app's answer."""
    before = newest(page)

    def pressed(d) -> bool:
        try:
            found = [b for b in last_message(page).find_elements(By.CSS_SELECTOR, "button[data-action-id]") if b.text.startswith(label)]
            if found:
                found[0].click()
            return bool(found)
        except StaleElementReferenceException:  # redrawn meanwhile: look again
            return False

    page.wait(pressed)
    page.wait(lambda d: newest(page) != before and newest(page).endswith("MLScope"))


def say(page: Page, text: str) -> None:
    before = newest(page)
    page.type(text)
    page.wait(lambda d: newest(page) != before and newest(page).endswith("MLScope"))


def open_messages_tab(page: Page) -> None:
    page.find("[data-testid=app-mlscope]").click()
    page.find("[data-testid=tab-messages]").click()
    page.find("[data-testid=assistant-new]")


def test_a_conversation_in_the_messages_tab_scopes_a_project_and_posts_its_card(page, sandbox, tmp_path):
    open_messages_tab(page)
    say(page, "scope a project")
    for _ in range(70):
        text = last_text(page)
        if "Create project" in text:
            break
        todo = next(((how, what) for key, how, what in ANSWERS if key in text), None)
        if todo is None:  # anything else: leave it as the form would (Skip, Keep …, Done)
            labels = page.driver.execute_script(SKIP_LABELS)
            press(page, labels[0] if labels else "Done")
        elif todo[0] == "type":
            say(page, todo[1])
        else:
            press(page, todo[1])
    summary = last_text(page)
    assert "That is every question for Churn Predictor" in summary and "Impact" in summary
    page.driver.save_screenshot(str(tmp_path / "conversation-summary.png"))
    press(page, "Create project")
    assert "Created Churn Predictor (churn-predictor): its card is in #ml-team" in last_text(page)
    page.driver.save_screenshot(str(tmp_path / "conversation-created.png"))
    print(f"\nscreenshots in {tmp_path}")
    page.go("C2")
    assert "recall@10" in page.message_text("Churn Predictor")
    assert page.all("[data-testid=violations] .violation") == []


def test_the_assistant_chat_offers_the_suggested_prompts_and_one_starts_the_scoping(page, tmp_path):
    open_messages_tab(page)
    page.find("[data-testid=assistant-new]").click()
    prompts = page.wait(lambda d: len(d.find_elements(By.CSS_SELECTOR, "[data-testid=suggested-prompt]")) == 3 and d.find_elements(By.CSS_SELECTOR, "[data-testid=suggested-prompt]"))
    assert [p.text for p in prompts] == ["Scope a new project", "What needs my attention?", "Show the portfolio"]
    prompts[0].click()
    page.wait(lambda d: "Project name" in last_text(page))
    assert last_message(page).find_element(By.XPATH, "..").get_attribute("data-testid") == "thread", "answered in the chat's thread"
    say(page, "Churn Predictor")
    assert "Problem statement" in last_text(page)
    page.driver.save_screenshot(str(tmp_path / "assistant-chat.png"))
    print(f"\nscreenshot in {tmp_path}")
