"""The stand-in's canvases follow Slack's documented contract, driven by the real slack_sdk WebClient:
scopes, one change a call, lookup by section type and text, every edit operation, access, channel
canvases and the errors of a plan or workspace without canvases (bot/standin/web_api/canvases.py)."""

import pytest
from slack_sdk import WebClient

from bot.standin import contract
from bot.standin.fake_slack import FakeSlack
from tests.bot.standin_client import error_of

DOC = "# Brief\n\n## Metric\n\nrecall@10 at 0.8\n\n## Baselines\n\n- rules 0.55\n- humans 0.7\n\n| a | b |\n|---|---|\n| 1 | 2 |"


@pytest.fixture
def fake():
    slack = FakeSlack().start()
    slack.add_channel("C2", "ml-team")
    slack.add_channel("CPRIV", "secret", member=False, private=True)
    yield slack
    slack.stop()


@pytest.fixture
def client(fake):
    return WebClient(token="xoxb-test", base_url=fake.api_url)


def md(text):
    return {"type": "markdown", "markdown": text}


def created(client, markdown=DOC):
    return client.canvases_create(title="Brief", document_content=md(markdown))["canvas_id"]


def lookup(client, canvas_id, **criteria):
    return [s["id"] for s in client.canvases_sections_lookup(canvas_id=canvas_id, criteria=criteria)["sections"]]


def test_markdown_becomes_one_section_per_block(fake, client):
    canvas = fake.canvas(created(client))
    assert [s.type for s in canvas.sections] == ["h1", "h2", "paragraph", "h2", "list_item", "list_item", "table"]


def test_lookup_by_section_type_and_text(fake, client):
    canvas_id = created(client)
    sections = fake.canvas(canvas_id).sections
    assert lookup(client, canvas_id, section_types=["h2"]) == [sections[1].id, sections[3].id]
    assert lookup(client, canvas_id, section_types=["any_header"], contains_text="Metric") == [sections[1].id]
    assert lookup(client, canvas_id, contains_text="recall@10") == [sections[2].id]  # any kind of section
    assert lookup(client, canvas_id, section_types=["h3"]) == []


@pytest.mark.parametrize(
    "criteria", [{}, {"section_types": []}, {"section_types": ["h1", "h2", "h3", "any_header"]}, {"section_types": ["h4"]}]
)
def test_criteria_slack_would_not_take_are_refused(client, criteria):
    canvas_id = created(client)
    assert error_of(lambda: client.canvases_sections_lookup(canvas_id=canvas_id, criteria=criteria)) == "invalid_arguments"


def test_every_edit_operation(fake, client):
    canvas_id = created(client, "## A\n\nalpha\n\n## B\n\nbeta")
    a, alpha, b, beta = [s.id for s in fake.canvas(canvas_id).sections]
    edit = lambda change: client.canvases_edit(canvas_id=canvas_id, changes=[change])  # noqa: E731
    edit({"operation": "replace", "section_id": alpha, "document_content": md("ALPHA")})
    edit({"operation": "insert_after", "section_id": b, "document_content": md("after b")})
    edit({"operation": "insert_before", "section_id": a, "document_content": md("before a")})
    edit({"operation": "delete", "section_id": beta})
    edit({"operation": "insert_at_start", "document_content": md("# Top")})
    edit({"operation": "insert_at_end", "document_content": md("the end")})
    edit({"operation": "rename", "title_content": md("Renamed")})
    canvas = fake.canvas(canvas_id)
    assert [s.markdown for s in canvas.sections] == ["# Top", "before a", "## A", "ALPHA", "## B", "after b", "the end"]
    assert canvas.title == "Renamed"
    edit({"operation": "replace", "document_content": md("all new")})  # no section: the whole canvas
    assert fake.canvas(canvas_id).markdown == "all new"


def test_one_change_a_call_and_a_known_section(client):
    canvas_id = created(client)
    two = [{"operation": "insert_at_end", "document_content": md("x")}] * 2
    assert error_of(lambda: client.canvases_edit(canvas_id=canvas_id, changes=two)) == "invalid_arguments"
    no_section = [{"operation": "delete"}]
    assert error_of(lambda: client.canvases_edit(canvas_id=canvas_id, changes=no_section)) == "invalid_arguments"
    gone = [{"operation": "delete", "section_id": "temp:C:nope"}]
    assert error_of(lambda: client.canvases_edit(canvas_id=canvas_id, changes=gone)) == "canvas_editing_failed"
    unknown = [{"operation": "insert_at_end", "document_content": md("x")}]
    assert error_of(lambda: client.canvases_edit(canvas_id="F404", changes=unknown)) == "canvas_not_found"


def test_headings_deeper_than_h3_are_refused(client):
    assert error_of(lambda: created(client, "#### too deep")) == "canvas_creation_failed"


def test_scopes_read_and_write(fake, client):
    canvas_id = created(client)
    fake.grant(contract.GRANTED_SCOPES - {"canvases:read"})
    refused = error_of(lambda: client.canvases_sections_lookup(canvas_id=canvas_id, criteria={"contains_text": "x"}))
    assert refused == "missing_scope"
    fake.grant(contract.GRANTED_SCOPES - {"canvases:write"})
    for call in (lambda: created(client), lambda: client.conversations_canvases_create(channel_id="C2", document_content=md("x")),
                 lambda: client.canvases_access_set(canvas_id=canvas_id, access_level="read", channel_ids=["C2"])):  # fmt: skip
        assert error_of(call) == "missing_scope"


def test_access_takes_channels_or_users_never_both(fake, client):
    canvas_id = created(client)
    both = lambda: client.canvases_access_set(canvas_id=canvas_id, access_level="read", channel_ids=["C2"], user_ids=["U1"])  # noqa: E731
    assert error_of(both) == "invalid_parameters"
    assert error_of(lambda: client.canvases_access_set(canvas_id=canvas_id, access_level="read")) == "invalid_parameters"
    hidden = lambda: client.canvases_access_set(canvas_id=canvas_id, access_level="read", channel_ids=["CPRIV"])  # noqa: E731
    assert error_of(hidden) == "channel_not_found"
    assert error_of(lambda: client.canvases_access_set(canvas_id=canvas_id, access_level="read", user_ids=["U9"])) == "user_not_found"
    client.canvases_access_set(canvas_id=canvas_id, access_level="write", channel_ids=["C2"])
    assert fake.canvas(canvas_id).access == {"C2": "write"}


def test_access_is_removed_for_channels_or_users_with_canvases_write(fake, client):
    canvas_id = created(client)
    client.canvases_access_set(canvas_id=canvas_id, access_level="read", channel_ids=["C2"])
    assert error_of(lambda: client.canvases_access_delete(canvas_id=canvas_id)) == "invalid_parameters"
    assert error_of(lambda: client.canvases_access_delete(canvas_id=canvas_id, channel_ids=["CPRIV"])) == "channel_not_found"
    assert error_of(lambda: client.canvases_access_delete(canvas_id="F0NOPE", channel_ids=["C2"])) == "canvas_not_found"
    fake.grant(contract.GRANTED_SCOPES - {"canvases:write"})
    assert error_of(lambda: client.canvases_access_delete(canvas_id=canvas_id, channel_ids=["C2"])) == "missing_scope"
    fake.grant(contract.GRANTED_SCOPES)
    client.canvases_access_delete(canvas_id=canvas_id, channel_ids=["C2"])
    assert fake.canvas(canvas_id).access == {}


def test_a_channel_has_one_channel_canvas_which_conversations_info_names(client):
    assert "properties" not in client.conversations_info(channel="C2")["channel"]
    canvas_id = client.conversations_canvases_create(channel_id="C2", document_content=md("ours"))["canvas_id"]
    assert error_of(lambda: client.conversations_canvases_create(channel_id="C2", document_content=md("x"))) == "channel_canvas_already_exists"
    assert client.conversations_info(channel="C2")["channel"]["properties"]["canvas"] == {"file_id": canvas_id, "is_empty": False}


def test_plans_without_canvases(fake, client):
    fake.canvas_plan("free")
    assert error_of(lambda: created(client)) == "free_teams_cannot_create_non_tabbed_canvases"
    assert client.canvases_create(title="tab", channel_id="C2")["ok"]  # "a required field for free teams"
    assert error_of(lambda: client.conversations_canvases_create(channel_id="C2", document_content=md("x"))) == "team_tier_cannot_create_channel_canvases"
    fake.canvas_plan("disabled")
    assert error_of(lambda: created(client)) == "canvas_disabled_user_team"
