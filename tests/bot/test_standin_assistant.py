"""The stand-in's assistant threads answer as Slack documents: the thread must exist in a person's
DM with the app, at most four prompts each with a title and a message, a status with at most ten
loading messages; the app's reply in the thread clears its status. Driven by the real WebClient."""

import pytest

from tests.bot.standin_client import error_of

PROMPT = {"title": "Scope a new project", "message": "Scope a new project"}


@pytest.fixture
def thread(slack):
    return slack.open_assistant_thread("U1", viewing="C1")["assistant_thread"]


def test_opening_the_container_starts_a_thread_in_the_persons_dm_with_the_channel_they_view(slack, thread):
    assert thread["channel_id"] == "DU1" and thread["user_id"] == "U1" and thread["context"]["channel_id"] == "C1"
    assert [m.ts for m in slack.messages_in("DU1")] == [thread["thread_ts"]]


def test_suggested_prompts_are_set_on_an_existing_thread_only(slack, client, thread):
    client.assistant_threads_setSuggestedPrompts(channel_id="DU1", thread_ts=thread["thread_ts"], prompts=[PROMPT], title="Try")
    assert slack.assistant_threads[("DU1", thread["thread_ts"])].prompts == [PROMPT]
    assert error_of(lambda: client.assistant_threads_setSuggestedPrompts(channel_id="DU1", thread_ts="9.9", prompts=[PROMPT])) == "invalid_thread_ts"
    assert error_of(lambda: client.assistant_threads_setSuggestedPrompts(channel_id="C1", thread_ts=thread["thread_ts"], prompts=[PROMPT])) == "channel_not_found"


def test_more_than_four_prompts_or_one_without_a_message_is_refused(slack, client, thread):
    for prompts in ([PROMPT] * 5, [{"title": "no message"}], []):
        refused = lambda p=prompts: client.assistant_threads_setSuggestedPrompts(channel_id="DU1", thread_ts=thread["thread_ts"], prompts=p)  # noqa: E731
        assert error_of(refused) == "invalid_arguments"
    slack.state.violations.clear()


def test_a_status_is_shown_until_the_app_replies_in_the_thread(slack, client, thread):
    ts = thread["thread_ts"]
    client.assistant_threads_setStatus(channel_id="DU1", thread_ts=ts, status="is reading your answer…")
    assert slack.assistant_threads[("DU1", ts)].status == "is reading your answer…"
    client.chat_postMessage(channel="DU1", thread_ts=ts, text="Project name?")
    assert slack.assistant_threads[("DU1", ts)].status == ""
    assert error_of(lambda: client.assistant_threads_setStatus(channel_id="DU1", thread_ts=ts, status="x", loading_messages=["."] * 11)) == "invalid_arguments"
    assert error_of(lambda: client.assistant_threads_setStatus(channel_id="DU1", thread_ts="1.1", status="x")) == "invalid_thread_ts"


def test_a_line_typed_in_the_dm_is_kept_and_becomes_the_message_im_event_slack_sends(slack):
    event = slack.typed_in_dm("U1", "scope a project")
    assert event["type"] == "message" and event["channel_type"] == "im" and event["channel"] == "DU1"
    assert slack.messages_in("DU1")[-1].text == "scope a project" and slack.messages_in("DU1")[-1].user == "U1"
