"""End to end in a real browser: the sandbox page, the stand-in, the real bot, SQLite."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from selenium.webdriver.common.by import By
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from tests.bot.flows import STEPS
from tests.sandbox.conftest import keep_evidence
from tests.sandbox.page import Page


@pytest.fixture
def page(sandbox, chromium, request, tmp_path) -> Iterator[Page]:
    yield Page(chromium, sandbox.url).open()
    keep_evidence(request, chromium, tmp_path / "evidence")


def bot_client(sandbox) -> WebClient:
    """The bot's own kind of client, for payloads the bot itself never sends."""
    return WebClient(token=sandbox.bot_token, base_url=sandbox.slack.api_url)


def test_the_page_says_it_is_a_sandbox_and_shows_the_workspace(page):
    assert "Sandbox" in page.find("[data-testid=banner]").text
    assert "Not Slack" in page.find("[data-testid=banner]").text
    channels = [a.text for a in page.all(".sidebar [data-channel]")]
    assert channels == ["# general", "# ml-team", "# leads"]


def scope_churn_predictor(page: Page) -> None:
    page.type("/mlproject new")
    for step, answers in enumerate(STEPS, start=1):
        assert f"step {step} of 5" in page.modal_text()
        page.fill(answers)
        page.submit()
    page.wait(lambda d: page.modal_is_closed())


def test_scoping_through_every_modal_step_posts_the_card_in_the_home_channel(page):
    scope_churn_predictor(page)
    page.go("C2")
    assert "recall@10" in page.message_text("Churn Predictor")
    assert {"Edit", "Move stage", "Record metric"} <= page.message_buttons("Churn Predictor")
    assert page.all("[data-testid=violations] .violation") == []


def test_a_missing_project_name_is_shown_under_the_field_and_nothing_is_saved(page, sandbox):
    page.type("/mlproject new")
    page.fill({"statement": "no name given"})
    page.submit()
    assert page.field_error("name")
    assert "step 1 of 5" in page.modal_text()
    page.find("[data-testid=modal-close]").click()
    page.wait(lambda d: page.modal_is_closed())
    page.type("/mlproject list")
    assert "Churn" not in page.message_text("nothing yet")


def test_a_check_in_after_a_week_answered_no_offers_the_loop_back_which_asks_what_changed_and_moves_the_project(page):
    scope_churn_predictor(page)
    page.go("C2")
    page.click("Move stage", message="Churn Predictor")
    page.fill({"stage_target": "data", "reason": "labels are ready"})
    page.submit()
    page.wait(lambda d: page.modal_is_closed())
    page.advance("week")
    page.message_with("Check-in: Churn Predictor")
    page.click("No", message="Check-in: Churn Predictor", block="q:metric")
    page.click("Loop back to planning", message="Move Churn Predictor there now?")
    assert "What changed?" in page.modal_text()
    page.fill({"what_changed": "churn is now measured at 60 days"})
    page.submit()
    page.wait(lambda d: page.modal_is_closed())
    moved = page.message_text("moved Churn Predictor back")
    assert "moved Churn Predictor back to Planning" in moved and "churn is now measured at 60 days" in moved


def test_a_digest_in_the_leads_channel_has_its_chart_in_the_thread(page):
    scope_churn_predictor(page)
    page.go("C3")
    page.type("/mlproject digest")
    assert "Churn Predictor" in page.message_text("ML portfolio digest")
    chart = "[data-testid=thread] [data-testid=file-image]"
    width = page.wait(
        lambda d: d.execute_script(
            f"const i = document.querySelector('{chart}'); return i && i.complete && i.naturalWidth"
        )
    )
    assert width > 200


def test_show_follows_the_card_with_the_metric_s_chart(page):
    scope_churn_predictor(page)
    page.go("C2")
    for value in ("0.61", "0.64", "0.7"):
        page.type(f"/mlproject metric churn-predictor {value}")
        page.message_text(f"recall@10 = {value}")
    page.type("/mlproject show churn-predictor")
    assert "▃▄▅ 0.61 → 0.7" in page.message_text("The chart of the current metric follows"), "bars against target and baseline"
    chart = "[data-testid=block-image]"
    width = page.wait(
        lambda d: d.execute_script(f"const i = document.querySelector('{chart}'); return i && i.complete && i.naturalWidth")
    )
    assert width > 200
    assert page.all("[data-testid=violations] .violation") == []


def test_app_home_lists_my_projects_and_its_new_project_button_opens_the_scoping_modal(page):
    scope_churn_predictor(page)
    page.find("[data-testid=app-mlscope]").click()
    home = page.wait(
        lambda d: "Churn Predictor" in d.find_element(By.ID, "home").text and d.find_element(By.ID, "home")
    )
    assert home.is_displayed()
    page.find("#home button[data-action-id=home_new]").click()
    assert "step 1 of 5" in page.modal_text()


def test_a_block_the_page_does_not_know_is_shown_as_a_visible_placeholder(page, sandbox):
    rich = {
        "type": "rich_text",
        "elements": [{"type": "rich_text_section", "elements": [{"type": "text", "text": "hi"}]}],
    }
    bot_client(sandbox).chat_postMessage(channel="C1", text="with a rich text block", blocks=[rich])
    placeholder = page.find("[data-testid=message] [data-testid=placeholder]")
    assert "rich_text" in placeholder.text


def test_user_text_is_shown_as_text_and_mrkdwn_as_formatting(page, sandbox):
    text = "*bold* &lt;b&gt;not bold&lt;/b&gt; &lt;img src=x onerror=alert(1)&gt; <@U2>"
    bot_client(sandbox).chat_postMessage(channel="C1", text=text)
    message = page.message_with("not bold")
    assert [b.text for b in message.find_elements(By.TAG_NAME, "b")] == ["MLScope", "bold"]  # author, then *bold*
    assert "<b>not bold</b>" in message.text and "<img src=x onerror=alert(1)>" in message.text
    assert message.find_elements(By.TAG_NAME, "img") == []
    assert "@grace" in message.text


def test_a_payload_beyond_slacks_limits_is_refused_and_reported_on_the_page(page, sandbox):
    too_long = {"type": "header", "text": {"type": "plain_text", "text": "x" * 151}}
    with pytest.raises(SlackApiError):
        bot_client(sandbox).chat_postMessage(channel="C1", text="too long", blocks=[too_long])
    violation = page.find("[data-testid=violations] .violation")
    assert "151 characters, limit 150" in violation.text
    assert page.find("#violation-count").text == "1"


def test_acting_as_someone_else_hides_my_ephemeral_replies(page):
    page.type("/mlproject help")
    page.message_with("/mlproject new")
    page.act_as("U2")
    page.wait(lambda d: not any("/mlproject help" in m.text for m in page.all("[data-testid=message]")))
    page.type("/mlproject list")
    assert page.message_with("/mlproject list")


IN_VIEW = """const t = document.getElementById('timeline').getBoundingClientRect(), m = arguments[0].getBoundingClientRect();
return m.top < t.bottom && m.bottom > t.top;"""
TO_THE_TOP = "document.getElementById('timeline').scrollTop = 0"


def test_what_i_send_and_a_channel_i_open_show_the_newest_message_as_in_slack(page):
    for _ in range(4):
        page.type("/mlproject help")  # long replies: #general is taller than the window
        page.message_with("/mlproject new")
    page.driver.execute_script(TO_THE_TOP)  # reading older messages
    page.type("/mlproject nonsense")
    page.wait(lambda d: d.execute_script(IN_VIEW, page.message_with("nonsense")))
    page.driver.execute_script(TO_THE_TOP)
    page.go("C2")
    page.go("C1")
    assert page.wait(lambda d: d.execute_script(IN_VIEW, page.message_with("nonsense")))


def test_moving_the_clock_a_day_forward_shows_the_new_time(page):
    before = datetime.fromisoformat(page.find("[data-testid=clock]").get_attribute("data-iso"))
    page.advance("day")
    after = datetime.fromisoformat(page.find("[data-testid=clock]").get_attribute("data-iso"))
    assert 24 * 3600 <= (after - before).total_seconds() < 24 * 3600 + 120


# --- only the sandbox's own page may drive it (issue 15, finding 3) ---------------------------------
HOSTILE = """<!doctype html><title>a page on the web</title><script>
// What the review's page did: JSON sent as text/plain (no preflight), as ada, with no-cors fetches.
const target = "%(target)s";
const send = (act, body) => fetch(`${target}/sandbox/${act}`, { method: "POST", mode: "no-cors",
  headers: { "Content-Type": "text/plain" }, body: JSON.stringify(body) }).catch(() => null);
const acts = location.hash === "#reset" ? [["reset", {}]] : [
  ["command", { user: "U1", channel: "C1", text: "/mlproject leads add @grace" }],
  ["advance", { hours: 744 }],
];
(async () => {
  for (const [act, body] of acts) await send(act, body);
  // and a plain form, whose text/plain body is name=value: JSON with the "=" inside a string
  const form = Object.assign(document.createElement("form"), { method: "POST", action: `${target}/sandbox/command`,
    enctype: "text/plain", target: "sink" });
  form.innerHTML = `<input name='{"user": "U1", "channel": "C1", "text": "posted by a foreign form' value='"}'>`;
  document.body.append(Object.assign(document.createElement("iframe"), { name: "sink" }), form);
  form.submit();
  setTimeout(() => { document.body.dataset.done = "1"; }, 1500);
})();
</script>"""


@pytest.fixture
def hostile(sandbox) -> Iterator[str]:
    """A page on another origin (another port, another name for this computer) aiming at the sandbox."""
    page = (HOSTILE % {"target": sandbox.url.rstrip("/")}).encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(page)))
            self.end_headers()
            self.wfile.write(page)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - http.server's name
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://localhost:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def test_a_foreign_page_in_the_browser_cannot_drive_the_sandbox(page, sandbox, hostile):
    page.type("hello from ada")
    page.message_with("hello from ada")
    messages = len(sandbox.slack.state.messages)
    for visit in ("#drive", "#reset"):
        page.driver.get(hostile + visit)
        page.wait(lambda d: d.execute_script("return document.body.dataset.done"))
        sandbox.app.deps.background.wait_idle()
        assert sandbox.clock.offset == timedelta(), visit
        assert len(sandbox.slack.state.messages) == messages, visit  # no lead added, nothing reset
    page.driver.get(sandbox.url)
    assert page.message_with("hello from ada")
    page.type("/mlproject leads list")
    assert page.message_text("MLScope leads (may change").endswith("nobody yet.")


def test_a_page_from_before_a_restart_says_to_reload(page, sandbox):
    """The token is per run: a page left open across a restart is told what to do."""
    page.type("/mlproject help")
    page.message_with("/mlproject new")
    sandbox.slack.guard = replace(sandbox.slack.guard, page_token="the next run's")
    page.type("/mlproject list")
    notice = page.wait(lambda d: d.find_element(By.ID, "notice").is_displayed() and d.find_element(By.ID, "notice"))
    assert "reload the page" in notice.text


def test_an_admin_previews_new_scoring_settings_goes_back_and_saves_them(page):
    scope_churn_predictor(page)  # ada, an admin in the sandbox: impact 88, feasibility 64, do now
    page.type("/mlproject settings")
    page.click("Change scoring and ranking…", message="Ranking within a quadrant")
    page.wait(lambda d: "Impact drivers" in page.modal_text())  # after "Checking with Slack…" when uncached
    page.fill({"impact_threshold": "95"})
    page.submit()
    page.wait(lambda d: "How the ranking would change" in page.modal_text())
    assert "Impact threshold 50 → 95" in page.modal_text()
    assert "Churn Predictor (churn-predictor): still 1 · Do now → Quick win" in page.modal_text()
    page.modal().find_element(By.CSS_SELECTOR, '[data-action-id="scoring_back"]').click()
    page.wait(lambda d: "Impact drivers" in page.modal_text())
    assert page.modal().find_element(By.CSS_SELECTOR, '[name="impact_threshold"]').get_attribute("value") == "95"
    page.submit()
    page.wait(lambda d: "How the ranking would change" in page.modal_text())
    page.submit()
    page.wait(lambda d: "Saved the scoring settings" in page.modal_text())
    page.find("[data-testid=modal-close]").click()
    page.type("/mlproject list")
    assert "Quick win" in page.message_text("Portfolio, ranked")
    assert page.all("[data-testid=violations] .violation") == []
