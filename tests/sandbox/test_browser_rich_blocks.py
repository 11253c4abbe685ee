"""In a real browser: the digest's ranking drawn as a table, show's advice as rendered Markdown."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from selenium.webdriver.common.by import By

from bot.sandbox.workspace import TEAM_ID
from domain import project_use_cases
from domain.project_use_cases import NewProject
from tests.builders import EASY, HARD, rated
from tests.sandbox.conftest import keep_evidence
from tests.sandbox.page import Page
from tests.sandbox.test_browser import bot_client, scope_churn_predictor

READ_DIGEST_TABLE = """
const m = [...document.querySelectorAll('[data-testid=message]')].filter((x) => x.textContent.includes('ML portfolio digest')).pop();
const t = m && m.querySelector('[data-testid=table-block] table');
if (!t) return null;
return {headings: [...t.querySelectorAll('thead th')].map((x) => x.innerText),
        rows: [...t.querySelectorAll('tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.innerText.replace(/\\n/g, ''))),
        bold: t.querySelector('tbody td b')?.innerText, placeholders: m.querySelectorAll('[data-testid=placeholder]').length};
"""


@pytest.fixture
def page(sandbox, chromium, request, tmp_path) -> Iterator[Page]:
    yield Page(chromium, sandbox.url).open()
    keep_evidence(request, chromium, tmp_path / "evidence")


def seed(sandbox, ref, name, owner, impact, feasibility):
    project_use_cases.create_project(
        sandbox.database.uow(),
        NewProject(
            team_id=TEAM_ID, name=name, ref=ref, owner_id=owner, creator_id=owner, channel_id="C2",
            scope=rated(impact, feasibility),
        ),
        now=sandbox.clock.now(),
    )  # fmt: skip


def test_the_digest_draws_its_ranking_as_a_table(page, sandbox, chromium, tmp_path):
    scope_churn_predictor(page)
    seed(sandbox, "invoice-fraud", "Invoice Fraud", "U2", 5, EASY)
    seed(sandbox, "ticket-router", "Ticket <Router> & *Co*", "U3", 2, HARD)
    page.go("C3")
    page.type("/mlproject digest")
    seen = page.wait(lambda d: d.execute_script(READ_DIGEST_TABLE))  # read in one go: the timeline is redrawn
    assert seen["headings"][:4] == ["#", "Project", "Owner", "Verdict"] and "Check-in" in seen["headings"]
    rows = seen["rows"]
    assert [r[0] for r in rows] == ["1", "2", "3"]
    assert rows[0][1] == "Invoice Fraud invoice-fraud" and rows[0][2] == "@grace"
    assert "Ticket <Router> & *Co* ticket-router" in [r[1] for r in rows], "a name is shown as typed"
    assert seen["bold"] == "Invoice Fraud" and seen["placeholders"] == 0
    assert page.all("[data-testid=violations] .violation") == []
    chromium.execute_script("document.querySelector('[data-testid=table-block]').scrollIntoView()")
    chromium.save_screenshot(str(tmp_path / "digest-table.png"))
    print(f"\nscreenshot: {tmp_path / 'digest-table.png'}")


def test_show_renders_its_advice_markdown(page, sandbox):
    scope_churn_predictor(page)
    page.go("C2")
    page.type("/mlproject show churn-predictor")
    advice = "[data-testid=markdown-block]"
    shown = page.wait(lambda d: page.message_with("No stage move yet").find_element(By.CSS_SELECTOR, advice).text)
    items = page.wait(
        lambda d: [li.text for li in page.message_with("No stage move yet").find_elements(By.CSS_SELECTOR, f"{advice} ul li")]
    )
    assert items and all(i.startswith(("⚠️", "💡")) for i in items)
    assert "\\" not in shown and "- " not in shown, "the Markdown is rendered, not shown"


def test_a_markdown_block_is_rendered_and_what_it_says_is_escaped(page, sandbox):
    text = "# Heads\n**bold** _it_ ~~gone~~ `code` [link](https://example.com) \\*literal\\* &lt;b&gt;\n\n- [x] done\n1. one"
    bot_client(sandbox).chat_postMessage(channel="C1", text="markdown", blocks=[{"type": "markdown", "text": text}])
    block = "[data-testid=markdown-block]"
    html = page.wait(lambda d: page.message_with("Heads").find_element(By.CSS_SELECTOR, block).get_attribute("innerHTML"))
    shown = page.wait(lambda d: page.message_with("Heads").find_element(By.CSS_SELECTOR, block).text)
    assert "<b>bold</b>" in html and "<i>it</i>" in html and "<s>gone</s>" in html and "<code>code</code>" in html
    assert 'href="https://example.com"' in html and "*literal*" in shown and "<b>" in shown
    assert 'class="task"><input type="checkbox" disabled="" checked="">' in html and "<ol><li>one</li></ol>" in html
