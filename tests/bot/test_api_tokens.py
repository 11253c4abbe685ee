"""``/mlproject token``: admins and leads create (shown once), list and revoke the readings API's
tokens; everyone else is refused; no token is ever stored in clear."""

from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import select

from storage.orm import ApiTokenRow, Base
from tests.bot.harness import SlackUser
from tests.bot.readings import create_token, push, token_from


@pytest.fixture
def admin(bot, fake) -> SlackUser:
    fake.add_user("U3", "hopper", admin=True)
    return SlackUser(bot, "U3")


def every_stored_value(database) -> str:
    """Every row of every table, as text: where a token in clear would show."""
    with database.engine.connect() as conn:
        return "\n".join(str(list(conn.execute(select(table)))) for table in Base.metadata.sorted_tables)


def test_an_admin_creates_a_token_shown_once_ephemerally_and_stored_only_as_its_hash(admin, fake, database):
    reply = admin.command("token create CI-Churn")
    token = token_from(reply)
    assert reply.body["response_type"] == "ephemeral" and "shown only this once" in reply.body["text"]
    with database.engine.connect() as conn:
        [row] = conn.execute(select(ApiTokenRow)).all()
    assert (row.name, row.created_by, row.token_hash) == ("ci-churn", "U3", hashlib.sha256(token.encode()).hexdigest())
    assert token not in every_stored_value(database) and token.removeprefix("mls_") not in every_stored_value(database)
    assert token not in str(fake.calls) and token not in admin.command("token list").raw.decode()


def test_tokens_are_high_entropy_and_never_the_same(admin):
    tokens = {create_token(admin, f"t{i}") for i in range(5)}
    assert len(tokens) == 5 and all(len(t) >= 4 + 43 for t in tokens)


def test_the_list_gives_names_creator_created_and_last_use_never_the_token(admin, ada, database):
    token = create_token(admin, "ci")
    create_token(admin, "mlflow")
    assert "last used never" in admin.command("token list").body["text"]
    push(admin.bot, {"project": "nope", "value": 1.0}, token)  # 404, but the token was used
    listing = admin.command("token list").body["text"]
    assert "*ci* · created by <@U3> 2026-03-02 09:00 UTC · last used 2026-03-02 09:00 UTC" in listing
    assert "*mlflow* · created by <@U3> 2026-03-02 09:00 UTC · last used never" in listing
    assert "mls_" not in listing


def test_revoking_removes_the_token_and_its_name_can_be_used_again(admin, database):
    first = create_token(admin, "ci")
    assert "revoked" in admin.command("token revoke ci").body["text"]
    assert "No API tokens" in admin.command("token list").body["text"]
    assert push(admin.bot, {"project": "x", "value": 1.0}, first).status == 401
    assert create_token(admin, "ci") != first
    assert "No API token named `gone`" in admin.command("token revoke gone").body["text"]


@pytest.mark.parametrize("text", ["token create ci", "token list", "token revoke ci"])
def test_anyone_but_admins_and_leads_is_refused_with_a_clear_message(admin, grace, database, text):
    create_token(admin, "ci")
    reply = grace.command(text)
    assert "Only workspace admins and MLScope leads can create, list or revoke API tokens" in reply.body["text"]
    assert "mls_" not in reply.body["text"]
    with database.engine.connect() as conn:
        assert [r.name for r in conn.execute(select(ApiTokenRow))] == ["ci"]


def test_a_lead_may_manage_tokens(admin, grace):
    admin.command("leads add <@U2|grace>")
    assert create_token(grace, "grace-ci").startswith("mls_")
    assert "*grace-ci* · created by <@U2>" in grace.command("token list").body["text"]


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("token create", "Use `token list`, `token create NAME`"),
        ("token frob ci", "Use `token list`, `token create NAME`"),
        ("token create two words", "Use `token list`, `token create NAME`"),
        ("token create no/slash", "lower-case letters, digits"),
        ("token create " + "n" * 41, "1-40 lower-case letters"),
    ],
)
def test_bad_token_commands_explain_and_create_nothing(admin, database, text, says):
    assert says in admin.command(text).body["text"]
    with database.engine.connect() as conn:
        assert conn.execute(select(ApiTokenRow)).all() == []


def test_a_name_already_used_is_refused(admin):
    create_token(admin, "ci")
    reply = admin.command("token create ci")
    assert "A token named `ci` exists" in reply.body["text"] and "mls_" not in reply.body["text"]


def test_help_lists_the_token_command(ada):
    assert "token create <name> · token list · token revoke <name>" in ada.command("help").body["text"]
