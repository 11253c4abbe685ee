"""The stand-in shows an uploaded file in an image block only as Slack does (``slack_file``): a
processed png/jpg/jpeg/gif of this workspace, by id or url and not both, wherever blocks go
(chat.postMessage, chat.postEphemeral, chat.update, a response_url, views).
https://docs.slack.dev/reference/block-kit/composition-objects/slack-file-object
"""

import json
import urllib.error
import urllib.request

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.standin import contract
from bot.standin.fake_slack import FakeSlack
from bot.standin.web_api.files import url_private

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 16


class Clock:
    t = 1_000_000.0

    def __call__(self):
        return self.t


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def slack(clock):
    fake = FakeSlack(clock=clock).start()
    yield fake
    fake.stop()


@pytest.fixture
def client(slack):
    return WebClient(token="xoxb-contract", base_url=slack.api_url)


def image(**slack_file):
    return [{"type": "image", "slack_file": slack_file, "alt_text": "chart"}]


def refusal(call) -> dict:
    with pytest.raises(SlackApiError) as failed:
        call()
    return dict(failed.value.response.data)


def uploaded(client, content=PNG, filename="chart.png") -> str:
    return str(client.files_upload_v2(content=content, filename=filename)["file"]["id"])


def respond(url: str, body: dict) -> tuple[int, dict]:
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST")
    request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=5) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read())


def test_an_upload_is_shown_only_once_slack_has_processed_it(slack, client, clock):
    file_id = uploaded(client)
    post = lambda: client.chat_postMessage(channel="C1", text="c", blocks=image(id=file_id))  # noqa: E731
    early = refusal(post)
    assert early["error"] == "invalid_blocks" and "still being processed" in early["errors"][0]
    assert slack.violations == [], "a file still processing is not the app's mistake"
    clock.t += contract.FILE_PROCESSING_SECONDS
    assert post()["ok"]


def test_a_file_that_is_not_there_not_an_image_or_another_workspaces_is_refused(slack, client, clock):
    text_file = uploaded(client, content=b"hello", filename="notes.txt")
    slack.add_file("FOTHER", PNG, "theirs.png", team_id="T2")
    clock.t += contract.FILE_PROCESSING_SECONDS
    for file_id, why in (("F-nothing", "no such uploaded file"), ("FOTHER", "no such uploaded file"), (text_file, "not a png")):
        refused = refusal(lambda f=file_id: client.chat_postMessage(channel="C1", text="c", blocks=image(id=f)))
        assert refused["error"] == "invalid_blocks" and why in refused["errors"][0], file_id
    assert len(slack.violations) == 3


def test_a_slack_file_names_its_file_by_id_or_by_url_never_both(slack, client, clock):
    file_id = uploaded(client)
    clock.t += contract.FILE_PROCESSING_SECONDS
    url = url_private(slack.state.files[file_id])
    assert client.chat_postMessage(channel="C1", text="c", blocks=image(url=url))["ok"]
    both = refusal(lambda: client.chat_postMessage(channel="C1", text="c", blocks=image(id=file_id, url=url)))
    assert "exactly one of id and url" in both["errors"][0]


def test_ephemerals_updates_and_views_are_held_to_the_same_rule(slack, client, clock):
    ts = client.chat_postMessage(channel="C1", text="c")["ts"]
    nothing = image(id="F-nothing")
    assert refusal(lambda: client.chat_postEphemeral(channel="C1", user="U1", text="c", blocks=nothing))["error"] == "invalid_blocks"
    assert refusal(lambda: client.chat_update(channel="C1", ts=ts, text="c", blocks=nothing))["error"] == "invalid_blocks"
    view = {"type": "home", "blocks": nothing}
    assert refusal(lambda: client.views_publish(user_id="U1", view=view))["error"] == "invalid_arguments"


def test_a_response_url_refuses_an_image_it_cannot_show_with_a_404(slack, client, clock):
    file_id = uploaded(client)
    url = slack.response_url()
    status, body = respond(url, {"text": "chart", "blocks": image(id=file_id)})
    assert status == 404 and body["error"] == "invalid_blocks" and slack.responses == []
    clock.t += contract.FILE_PROCESSING_SECONDS
    assert respond(url, {"text": "chart", "blocks": image(id=file_id)}) == (200, {"ok": True})
    assert slack.responses[-1]["blocks"][0]["slack_file"] == {"id": file_id}


def test_files_info_shows_a_mimetype_only_once_the_file_is_processed(slack, clock):
    slack.grant(contract.GRANTED_SCOPES | {"files:read"})
    client = WebClient(token="xoxb-contract", base_url=slack.api_url)
    file_id = uploaded(client)
    assert client.files_info(file=file_id)["file"]["mimetype"] == ""
    clock.t += contract.FILE_PROCESSING_SECONDS
    assert client.files_info(file=file_id)["file"]["mimetype"] == "image/png"
