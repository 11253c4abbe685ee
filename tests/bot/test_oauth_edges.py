"""OAuth edge cases (issue 15, findings 8 and 9, and SLACK_STATE_SECRET).

Installs are driven as an admin does them (/slack/install, then /slack/oauth_redirect) against the
stand-in's oauth.v2.access; scheduled posts go through the real tick and the stand-in over HTTP.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
import urllib.error
import urllib.request
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select, text

from bot.ticker import Ticker
from storage.slack_oauth import MAX_PENDING_STATES, OAUTH_METADATA, STATES, installation_store
from storage.workspace_status import inactive
from tests.bot.oauth import CLIENT_ID, STATE_SECRET, IssuingSlack, clear_installations, install
from tests.bot.test_checkins import TUESDAY_DUE, checkin_posts, make_project
from tests.bot.test_token_storage import oauth_bot

WEEK = timedelta(weeks=1)
CODES = iter(f"4444444444.5555555555.c0de{n}" for n in range(1000))


class GridSlack(IssuingSlack):
    """The stand-in, as a workspace in an Enterprise Grid org (``enterprise`` set, not an org-wide install)."""

    def api_oauth_v2_access(self, args: dict[str, Any]) -> dict[str, Any]:
        answer = super().api_oauth_v2_access(args)
        if answer["ok"]:
            answer["enterprise"] = {"id": "E1", "name": "Grid"}
        return answer


def clear_states(database) -> None:
    with database.engine.begin() as conn:
        conn.execute(OAUTH_METADATA.tables[STATES].delete())


@pytest.fixture
def installations(database):
    clear_installations(database)
    clear_states(database)
    yield database
    clear_installations(database)
    clear_states(database)


def make_slack(kind=IssuingSlack):
    fake = kind().start()
    fake.add_channel("C2", "ml-team")
    return fake


@pytest.fixture
def slack():
    fake = make_slack()
    yield fake
    fake.stop()


@pytest.fixture
def grid():
    fake = make_slack(GridSlack)
    yield fake
    fake.stop()


def ticker(bot) -> Ticker:
    return Ticker(bot.app.deps, bot.app.deps.client_for, holder="t", sleep=lambda s: None)


def installed(bot) -> str:
    """Install (or reinstall) MLScope: the bot token Slack handed out."""
    status, page = install(bot.url, next(CODES))
    assert status == 200 and "Thank you" in page
    return bot.fake.issued[-1]["access_token"]


def post_tokens(slack) -> list[str | None]:
    return [c.token for c in slack.calls_to("chat.postMessage")]


# --- finding 8: Enterprise Grid, reinstalls, rotation, revoked tokens -------------------------------


def test_a_workspace_in_an_enterprise_grid_org_gets_its_scheduled_check_in(installations, grid, clock):
    bot = oauth_bot(installations, grid, clock)
    try:
        token = installed(bot)
        with installations.engine.connect() as conn:
            assert conn.execute(text("SELECT enterprise_id, team_id FROM slack_bots")).all() == [("E1", "T1")]
        make_project(installations)
        report = ticker(bot).run(now=TUESDAY_DUE)
    finally:
        bot.stop()
    assert report.posted == 1 and len(checkin_posts(grid)) == 1
    assert post_tokens(grid) == [token]


def test_a_reinstall_makes_the_next_scheduled_post_use_the_new_token(installations, slack, clock):
    bot = oauth_bot(installations, slack, clock)
    try:
        first = installed(bot)
        make_project(installations)
        assert ticker(bot).run(now=TUESDAY_DUE).posted == 1
        second = installed(bot)
        assert second != first
        assert ticker(bot).run(now=TUESDAY_DUE + WEEK).posted >= 1  # the check-in (and the first one's nudge)
    finally:
        bot.stop()
    tokens = post_tokens(slack)
    assert tokens[0] == first and set(tokens[1:]) == {second}
    assert len(checkin_posts(slack)) == 2


def test_scheduled_posts_rotate_an_expiring_token_and_save_it(installations, slack, clock):
    slack.token_rotation_expires_in = 60  # within Bolt's two hours: refreshed before every use
    bot = oauth_bot(installations, slack, clock)
    try:
        installed(bot)
        make_project(installations)
        assert ticker(bot).run(now=TUESDAY_DUE).posted == 1
        [used] = post_tokens(slack)
        assert slack.calls_to("oauth.v2.access")[-1].args.get("grant_type") == "refresh_token"
        assert used == slack.issued[-1]["access_token"], "the refreshed token, not the installed one"
        store = installation_store(CLIENT_ID, installations.engine)
        assert store.find_bot(enterprise_id=None, team_id="T1").bot_token == used, "saved for the next use"
        # token_expired: the token is refreshed at once and the post tried again with the new one.
        slack.token_rotation_expires_in = 12 * 3600
        bot.app.deps.client_for("T1")  # a token good for 12 hours, cached
        slack.fail_next("chat.postMessage", error="token_expired")
        assert ticker(bot).run(now=TUESDAY_DUE + WEEK).posted >= 1  # the check-in (and the first one's nudge)
    finally:
        bot.stop()
    tokens = post_tokens(slack)
    assert set(tokens[2:]) == {slack.issued[-1]["access_token"]} and tokens[1] not in tokens[2:]
    assert len(checkin_posts(slack)) == 2


def test_an_invalid_auth_re_reads_the_installation_once_and_retries_with_the_new_token(installations, slack, clock):
    bot = oauth_bot(installations, slack, clock)
    try:
        first = installed(bot)
        stale = bot.app.deps.client_for("T1")  # held across a reinstall, as a tick in flight does
        second = installed(bot)
        slack.fail_next("chat.postMessage", error="invalid_auth")
        assert stale.chat_postMessage(channel="C2", text="hello")["ok"]
    finally:
        bot.stop()
    assert post_tokens(slack) == [first, second]
    assert inactive(installations.engine) == {}


def test_a_revoked_token_stops_the_workspaces_posts_until_it_is_reinstalled(installations, slack, clock, caplog):
    bot = oauth_bot(installations, slack, clock)
    try:
        installed(bot)
        make_project(installations)
        slack.fail_next("chat.postMessage", error="token_revoked")
        with caplog.at_level(logging.WARNING):
            assert ticker(bot).run(now=TUESDAY_DUE).posted == 0
            for later in (timedelta(hours=1), timedelta(hours=2), timedelta(hours=5), WEEK, 2 * WEEK):
                report = ticker(bot).run(now=TUESDAY_DUE + later)
                assert (report.planned, report.claimed, report.posted) == (0, 0, 0)
        assert len(post_tokens(slack)) == 1, "no call after Slack's refusal"
        assert inactive(installations.engine) == {"T1": "token_revoked"}
        assert len([r for r in caplog.records if "until MLScope is reinstalled" in r.getMessage()]) == 1
        token = installed(bot)
        assert inactive(installations.engine) == {}
        report = ticker(bot).run(now=TUESDAY_DUE + 2 * WEEK + timedelta(minutes=1))
    finally:
        bot.stop()
    # The check-in Slack refused and this week's: none planned for the week the workspace was inactive.
    assert report.posted == 2 and len(checkin_posts(slack)) == 2
    assert post_tokens(slack)[1:] == [token, token]


# --- finding 9: OAuth states ---------------------------------------------------------------------


def state_rows(database) -> int:
    with database.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(OAUTH_METADATA.tables[STATES])).scalar_one()


def test_expired_oauth_states_are_purged_by_the_tick(installations, slack, clock):
    bot = oauth_bot(installations, slack, clock)
    try:
        for _ in range(5):
            assert bot.get("/slack/install").status == 200
        assert state_rows(installations) == 5
        now = datetime.now(UTC)
        ticker(bot).run(now=now)
        assert state_rows(installations) == 5, "installs under way keep theirs"
        ticker(bot).run(now=now + timedelta(minutes=11))
        assert state_rows(installations) == 0
    finally:
        bot.stop()


def test_the_install_page_stops_issuing_states_while_too_many_are_pending(installations, slack, clock):
    table = OAUTH_METADATA.tables[STATES]
    later = (datetime.now(UTC) + timedelta(minutes=5)).replace(tzinfo=None)
    with installations.engine.begin() as conn:
        conn.execute(table.insert(), [{"state": f"s{n}", "expire_at": later} for n in range(MAX_PENDING_STATES)])
    bot = oauth_bot(installations, slack, clock)
    try:
        reply = bot.get("/slack/install")
        assert reply.status == 503 and b"try again" in reply.raw
        assert state_rows(installations) == MAX_PENDING_STATES
    finally:
        bot.stop()


# --- SLACK_STATE_SECRET --------------------------------------------------------------------------


def redirect(bot, state: str) -> int:
    request = urllib.request.Request(
        f"{bot.url}/slack/oauth_redirect?code=4444444444.5555555555.c0de&state={state}",
        headers={"Cookie": f"slack-app-oauth-state={state}"},
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status
    except urllib.error.HTTPError as err:
        return err.code


def test_oauth_states_are_signed_with_the_state_secret_and_unsigned_ones_refused(installations, slack, clock):
    bot = oauth_bot(installations, slack, clock)
    try:
        page = bot.get("/slack/install").raw.decode()
        state = re.search(r"state=([\w-]+)", page).group(1)
        nonce, _, mac = state.rpartition("-")
        assert mac == hmac.new(STATE_SECRET.encode(), nonce.encode(), hashlib.sha256).hexdigest()
        # A state this deployment did not sign is refused, even with a row in the table and the cookie.
        forged = "0" * 32 + "-" + "0" * 64
        later = (datetime.now(UTC) + timedelta(minutes=5)).replace(tzinfo=None)
        with installations.engine.begin() as conn:
            conn.execute(OAUTH_METADATA.tables[STATES].insert(), {"state": forged, "expire_at": later})
        assert redirect(bot, forged) != 200
        assert slack.calls_to("oauth.v2.access") == []
        assert redirect(bot, state) == 200 and len(slack.calls_to("oauth.v2.access")) == 1
    finally:
        bot.stop()
