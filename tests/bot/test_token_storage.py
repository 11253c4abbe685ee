"""Slack tokens at rest: encrypted with MLSCOPE_ENCRYPTION_KEY, plaintext refused where decided (issue 15, finding 5).

An OAuth install is driven as an admin does it (/slack/install, then /slack/oauth_redirect) against
the stand-in's oauth.v2.access, and the raw tables are read back.
"""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import UTC, datetime

import pytest
from cryptography.fernet import Fernet
from slack_sdk.oauth.installation_store import Installation
from sqlalchemy import text

from storage.slack_oauth import BOTS, INSTALLATIONS, installation_store, seal_stored
from storage.tokens import TokenKeyError
from tests.bot.flows import walk
from tests.bot.harness import RunningBot, SlackUser
from tests.bot.oauth import CLIENT_ID, CLIENT_SECRET, STATE_SECRET, IssuingSlack, install
from tests.processes import env_without_slack

KEY = Fernet.generate_key().decode()
OLD_KEY = Fernet.generate_key().decode()


@pytest.fixture
def slack():
    fake = IssuingSlack().start()
    fake.add_channel("C2", "ml-team")
    yield fake
    fake.stop()


def oauth_bot(database, slack, clock, **settings) -> RunningBot:
    return RunningBot(
        database,
        slack,
        clock,
        slack_bot_token=None,
        slack_client_id=CLIENT_ID,
        slack_client_secret=CLIENT_SECRET,
        slack_state_secret=STATE_SECRET,
        **settings,
    )


def raw_rows(database) -> list[dict]:
    with database.engine.connect() as conn:
        return [
            dict(row)
            for name in (BOTS, INSTALLATIONS)
            for row in conn.execute(text(f"SELECT * FROM {name}")).mappings()
        ]


def installation(team: str = "T1", token: str = "xoxb-9-plaintext-from-before", **kw) -> Installation:
    return Installation(
        app_id="A1",
        team_id=team,
        bot_token=token,
        bot_id="B1",
        bot_user_id="UBOT",
        user_id="U1",
        installed_at=datetime(2026, 1, 1, tzinfo=UTC).timestamp(),
        **kw,
    )


@pytest.mark.parametrize("rotation", [False, True], ids=["plain tokens", "token rotation"])
def test_an_install_with_a_key_stores_no_plaintext_token_and_the_bot_posts_with_the_installed_one(
    installations, slack, clock, rotation
):
    if rotation:
        slack.token_rotation_expires_in = 60  # Bolt refreshes a token expiring within 2 h at every request
    bot = oauth_bot(installations, slack, clock, mlscope_encryption_key=KEY)
    try:
        status, page = install(bot.url)
        assert status == 200 and "Thank you" in page
        walk(SlackUser(bot, "U1", team="T1"))
        assert slack.messages_in("C2"), "the card was posted"
        issued = [a["access_token"] for a in slack.issued]
        assert len(issued) > 1 if rotation else len(issued) == 1, "with rotation, Bolt refreshed the token"
        used = [c.token for c in slack.calls if c.method != "oauth.v2.access"]
        assert used and set(used) <= set(issued), "every call used a token Slack handed out"
        assert used[-1] == issued[-1], "the latest one"
        # Scheduled posts find it too (with rotation they refresh it themselves, as Bolt does: the latest one).
        assert bot.app.deps.client_for("T1").token == slack.issued[-1]["access_token"], "scheduled posts find it too"
    finally:
        bot.stop()
    rows = raw_rows(installations)
    assert rows
    stored = repr(rows)
    for secret in slack.secrets_issued():
        assert secret not in stored, "a token is stored in plaintext"
    # No token shape at all (Fernet's base64 may contain "xox" by chance: 1 run in ~50 did).
    assert not re.search(r"xox[a-z]-", stored)
    for row in rows:
        for column in ("bot_token", "bot_refresh_token") if rotation else ("bot_token",):
            assert row[column].startswith("gAAAAA"), f"{column} is a Fernet token"


def test_without_a_key_tokens_are_stored_as_slack_gave_them(installations, slack, clock):
    """Decided: allowed in-process and on SQLite (a 0600 file; serve warns); refused on PostgreSQL by the CLI."""
    bot = oauth_bot(installations, slack, clock)
    try:
        assert install(bot.url)[0] == 200
    finally:
        bot.stop()
    assert slack.issued[0]["access_token"] in repr(raw_rows(installations))


def test_rows_stored_before_a_key_was_set_are_read_then_sealed(installations):
    before = installation_store(CLIENT_ID, installations.engine)
    before.save(installation("T1", "xoxb-1-plaintext-one"))
    before.save(installation("T2", "xoxb-2-plaintext-two"))
    keyed = installation_store(CLIENT_ID, installations.engine, KEY)
    assert keyed.find_bot(enterprise_id=None, team_id="T1").bot_token == "xoxb-1-plaintext-one"
    keyed.save(keyed.find_installation(enterprise_id=None, team_id="T1"))  # sealed on its next save
    assert "plaintext-one" not in repr(raw_rows(installations)) and "plaintext-two" in repr(raw_rows(installations))
    assert seal_stored(installations.engine, KEY) == 2, "T2's bot and installation rows"
    assert "plaintext" not in repr(raw_rows(installations))
    assert seal_stored(installations.engine, KEY) == 0
    assert keyed.find_installation(enterprise_id=None, team_id="T2").bot_token == "xoxb-2-plaintext-two"


def test_a_new_key_listed_first_reseals_what_the_old_one_sealed(installations):
    installation_store(CLIENT_ID, installations.engine, OLD_KEY).save(installation(token="xoxb-3-rotated-key"))
    both = f"{KEY}, {OLD_KEY}"
    assert installation_store(CLIENT_ID, installations.engine, both).find_bot(enterprise_id=None, team_id="T1")
    assert seal_stored(installations.engine, both) == 2
    only_new = installation_store(CLIENT_ID, installations.engine, KEY)
    assert only_new.find_bot(enterprise_id=None, team_id="T1").bot_token == "xoxb-3-rotated-key"


def test_sealed_tokens_without_their_key_fail_with_a_message_naming_the_setting(installations):
    installation_store(CLIENT_ID, installations.engine, KEY).save(installation(user_token="xoxp-4-user"))
    for key in (None, OLD_KEY):
        with pytest.raises(TokenKeyError, match="MLSCOPE_ENCRYPTION_KEY"):
            installation_store(CLIENT_ID, installations.engine, key).find_bot(enterprise_id=None, team_id="T1")
        with pytest.raises(TokenKeyError, match="MLSCOPE_ENCRYPTION_KEY"):
            seal_stored(installations.engine, key)


def mlscope(*args, **settings):
    env = env_without_slack(**settings)
    return subprocess.run([sys.executable, "-m", "bot.cli", *args], capture_output=True, text=True, env=env, timeout=60)


OAUTH_ENV = {"SLACK_CLIENT_ID": CLIENT_ID, "SLACK_CLIENT_SECRET": CLIENT_SECRET, "SLACK_STATE_SECRET": STATE_SECRET}


def test_oauth_on_postgresql_without_a_key_refuses_to_start():
    """A PostgreSQL server's backups, replicas and readers would see every workspace's bot token."""
    env = OAUTH_ENV | {
        "SLACK_SIGNING_SECRET": "signing-0123",
        "DATABASE_URL": "postgresql+psycopg://u:pw@127.0.0.1:9/x",
    }
    for command in (["serve"], ["tick"]):
        out = mlscope(*command, **env)
        assert out.returncode == 2, out.stderr
        assert "MLSCOPE_ENCRYPTION_KEY" in out.stderr and "Fernet.generate_key()" in out.stderr
        assert "Traceback" not in out.stderr


def test_a_malformed_key_is_named_without_being_echoed(tmp_path):
    out = mlscope("tick", **OAUTH_ENV, DATABASE_URL=f"sqlite:///{tmp_path}/x.db", MLSCOPE_ENCRYPTION_KEY="not-a-key-x1")
    assert out.returncode == 2 and "MLSCOPE_ENCRYPTION_KEY" in out.stderr and "not-a-key-x1" not in out.stderr


def test_serve_will_not_start_on_tokens_no_given_key_opens(tmp_path):
    from storage import migrate
    from storage.db import Database

    url = f"sqlite:///{tmp_path / 'sealed.db'}"
    migrate.upgrade(url)
    database = Database(url, watch_revisions=False)
    installation_store(CLIENT_ID, database.engine, KEY).save(installation())
    database.dispose()
    env = OAUTH_ENV | {"SLACK_SIGNING_SECRET": "signing-0123", "DATABASE_URL": url}
    for key in ({}, {"MLSCOPE_ENCRYPTION_KEY": OLD_KEY}):
        out = mlscope("serve", "--port", "1", "--no-scheduler", **env, **key)
        assert out.returncode == 1, out.stderr
        assert "cannot read the Slack tokens" in out.stderr and "MLSCOPE_ENCRYPTION_KEY" in out.stderr
        assert "Traceback" not in out.stderr
