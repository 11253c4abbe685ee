"""``POST /api/v1/readings`` through the bot's own HTTP server: what a pipeline gets for each kind
of call, and what the card and the digest show afterwards (SQLite and PostgreSQL)."""

from __future__ import annotations

import threading

import pytest

from domain import api_token_use_cases, project_queries, reading_use_cases
from tests import builders
from tests.bot.flows import archive, walk
from tests.bot.harness import RunningBot, SlackUser
from tests.bot.readings import call, create_token, push
from tests.bot.test_digests import digests, ranking, table_leaves

REF = "churn-predictor"


@pytest.fixture
def admin(bot, fake) -> SlackUser:
    fake.add_user("U3", "hopper", admin=True)
    return SlackUser(bot, "U3")


@pytest.fixture
def churn(ada, database):
    walk(ada)  # recall@10, target 0.8; its card in #ml-team
    return project_queries.get_project(database.uow(), "T1", REF)


@pytest.fixture
def token(admin) -> str:
    return create_token(admin)


def readings(database, ref=REF):
    return project_queries.get_project(database.uow(), "T1", ref).readings


def card_text(fake, project) -> str:
    return str(fake.message(project.card_channel, project.card_ts).blocks)


def test_a_reading_is_recorded_with_its_source_and_the_card_shows_the_link(bot, fake, churn, token, database):
    reply = push(bot, {"project": REF, "value": 0.83, "note": "gbm v3", "source_url": "https://ci.example/r/7?a=1&b=2",
                       "run_id": "run-7"}, token)  # fmt: skip
    assert reply.status == 201
    assert reply.body["reading"] | {"recorded_at": None} == {
        "project": REF, "value": 0.83, "note": "gbm v3", "source_url": "https://ci.example/r/7?a=1&b=2",
        "run_id": "run-7", "recorded_at": None,
    }  # fmt: skip
    [stored] = readings(database)
    assert (stored.value, stored.run_id, stored.source_url, stored.actor) == (0.83, "run-7", "https://ci.example/r/7?a=1&b=2", "U3")
    card = card_text(fake, churn)
    assert "current 0.83 (from <https://ci.example/r/7?a=1&amp;b=2|run run-7>)" in card
    [change] = [c for c in project_queries.history(database.uow(), "T1", REF) if c.action == "metric_recorded"]
    assert change.detail["via"] == "api:ci" and change.detail["run_id"] == "run-7"


def test_the_digest_shows_the_source_link_next_to_the_current_value(bot, fake, ada, churn, token):
    push(bot, {"project": REF, "value": 0.7, "source_url": "https://mlflow.example/runs/abc", "run_id": "abc"}, token)
    ada.command("digest", channel="C2")
    [digest] = digests(fake)
    [row] = ranking(digest)  # the table's Metric cell: the run is a link
    assert " | recall@10 0.7 (from run abc) (target 0.8, baseline 0.55)" in row
    assert {"type": "link", "url": "https://mlflow.example/runs/abc", "text": "run abc"} in table_leaves(digest)


def test_a_reading_typed_in_slack_shows_no_link(bot, fake, ada, churn):
    ada.command("metric churn-predictor 0.81")
    assert "current 0.81 · target" in card_text(fake, churn)


def test_a_retried_call_with_the_same_run_id_answers_the_first_reading_and_records_once(bot, churn, token, database, clock):
    first = push(bot, {"project": REF, "value": 0.8, "run_id": "build-41"}, token)
    clock.now = clock.now.replace(minute=30)
    again = push(bot, {"project": REF, "value": 0.9, "run_id": "build-41"}, token)
    assert (first.status, again.status) == (201, 200)
    assert again.body["reading"] == first.body["reading"] and again.body["created"] is False
    assert [r.value for r in readings(database)] == [0.8]
    assert push(bot, {"project": REF, "value": 0.85, "run_id": "build-42"}, token).status == 201


def test_two_concurrent_calls_with_the_same_run_id_record_one_reading(bot, churn, token, database):
    start, answers = threading.Barrier(4), []

    def send(value):
        start.wait()
        answers.append(call(bot.url, {"project": REF, "value": value, "run_id": "same"}, token)[0])

    threads = [threading.Thread(target=send, args=(0.5 + i / 10,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    bot.background.wait_idle()
    assert sorted(a.status for a in answers) == [200, 200, 200, 201]
    assert len({str(a.body["reading"]) for a in answers}) == 1, "every caller hears the one reading recorded"
    assert len(readings(database)) == 1


def test_the_unique_run_id_holds_in_storage_even_without_the_domains_check(database, now):
    """The database, not a read-then-write, is what refuses a second reading with a run id."""
    with database.uow() as uow:
        uow.projects.add(builders.project("p"))
        uow.commit()
    reading_use_cases.record_reading(database.uow(), "T1", "p", 0.5, note=None, actor="U1", now=now, run_id="r")
    with database.uow() as uow:
        project = uow.projects.get("T1", "p")
        project.record_reading(project.readings[0].model_copy(update={"value": 0.9}))  # the same run id again
        with pytest.raises(Exception, match="changed at the same moment"):
            uow.projects.save(project)


@pytest.mark.parametrize(
    "authorization",
    [None, "Bearer", "Basic bWxzOng=", "Bearer mls_not-a-token-of-this-workspace", "Bearer xoxb-123", "Bearer " + "mls_" + "x" * 300],
    ids=["missing", "empty", "basic", "unknown", "slack-token", "too-long"],
)
def test_a_missing_or_bad_token_gets_401_and_records_nothing(bot, churn, database, authorization):
    headers = {"Authorization": authorization} if authorization else {}
    reply, got = call(bot.url, {"project": REF, "value": 0.9}, headers=headers)
    assert reply.status == 401 and got["WWW-Authenticate"].startswith("Bearer")
    assert reply.body == {"error": "unauthorized", "message": "A valid API token is required: Authorization: Bearer mls_…"}
    assert readings(database) == []


def test_a_revoked_token_gets_the_same_401_as_an_unknown_one(bot, admin, churn, token, database):
    assert push(bot, {"project": REF, "value": 0.5}, token).status == 201
    assert "revoked" in admin.command("token revoke ci").body["text"]
    revoked = push(bot, {"project": REF, "value": 0.6}, token)
    unknown = push(bot, {"project": REF, "value": 0.6}, "mls_" + "A" * 43)
    assert revoked.status == unknown.status == 401 and revoked.raw == unknown.raw
    assert [r.value for r in readings(database)] == [0.5]


def test_another_workspaces_project_is_404_and_unchanged(bot, churn, database, now):
    _, theirs = api_token_use_cases.create_token(database.uow(), "T2", "other", actor="U9", now=now, is_admin=lambda: True)
    reply = push(bot, {"project": REF, "value": 0.99}, theirs)
    assert reply.status == 404 and reply.body["error"] == "not_found"
    assert REF not in reply.body["message"].replace(f"`{REF}`", "", 1), "no hint of the other workspace's refs"
    assert readings(database) == []


def test_an_archived_project_is_404_and_says_it_is_archived(bot, ada, churn, token, database):
    archive(ada, REF)
    reply = push(bot, {"project": REF, "value": 0.9}, token)
    assert reply.status == 404 and reply.body["error"] == "archived" and "archived" in reply.body["message"]


def test_a_project_without_an_optimizing_metric_is_a_field_error_on_the_value(bot, token, database):
    with database.uow() as uow:
        uow.projects.add(builders.project("bare", the_scope=builders.scope(metrics=[])))
        uow.commit()
    reply = push(bot, {"project": "bare", "value": 0.9}, token)
    assert reply.status == 422 and "no optimizing metric yet" in reply.body["errors"]["value"]


LONG = "x" * 501


@pytest.mark.parametrize(
    ("body", "field", "says"),
    [
        (b'{"project": "churn-predictor", "value": NaN}', "value", "finite"),
        (b'{"project": "churn-predictor", "value": Infinity}', "value", "finite"),
        (b'{"project": "churn-predictor", "value": 1e999}', "value", "finite"),
        (b'{"project": "churn-predictor", "value": "0.8"}', "value", "must be a number"),
        (b'{"project": "churn-predictor", "value": true}', "value", "must be a number"),
        (b'{"project": "churn-predictor"}', "value", "required"),
        (b'{"value": 0.8}', "project", "required"),
        (b'{"project": "churn-predictor", "value": 0.8, "owner": "U2"}', "owner", "not a field"),
        (b'{"project": "churn-predictor", "value": 0.8, "note": "' + LONG.encode() + b'"}', "note", "at most 500"),
        (b'{"project": "churn-predictor", "value": 0.8, "source_url": "ftp://files/run"}', "source_url", "http"),
        (b'{"project": "churn-predictor", "value": 0.8, "source_url": "javascript:alert(1)"}', "source_url", "http"),
        (b'{"project": "churn-predictor", "value": 0.8, "source_url": "https://x/a|b"}', "source_url", "|"),
        (b'{"project": "churn-predictor", "value": 0.8, "run_id": "' + b"r" * 101 + b'"}', "run_id", "at most 100"),
        (b'{"project": "' + b"p" * 41 + b'", "value": 0.8}', "project", "at most 40"),
        (b'[0.8]', "body", "JSON object"),
        (b'{"project": "churn-predictor", "value": 0.8', "body", "JSON object"),
        (b"\xff\xfe", "body", "JSON object"),
    ],
    ids=["nan", "infinity", "overflow", "string", "bool", "no-value", "no-project", "unknown-field", "long-note",
         "ftp", "javascript", "pipe", "long-run-id", "long-project", "array", "truncated", "not-utf8"],
)  # fmt: skip
def test_bad_input_gets_field_errors_and_records_nothing(bot, churn, token, database, body, field, says):
    reply = push(bot, body, token)
    assert reply.status == 422, reply.body
    assert says in reply.body["errors"][field]
    assert readings(database) == []


def test_a_body_too_large_is_refused_unread(bot, churn, token, database):
    reply = push(bot, b'{"project": "churn-predictor", "value": 0.8, "note": "' + b"x" * 5000 + b'"}', token)
    assert reply.status == 413 and "at most 4096 bytes" in reply.body["errors"]["body"]
    assert readings(database) == []


def test_other_methods_and_paths_are_refused(bot, token):
    assert call(bot.url, None, token, method="GET")[0].status == 405
    assert call(bot.url, {}, token, path="/api/v2/readings")[0].status == 404


@pytest.fixture
def slow_bot(database, fake, clock):
    running = RunningBot(database, fake, clock, api_readings_burst=2, api_readings_per_minute=6)
    yield running
    running.stop()


def test_beyond_the_tokens_rate_a_429_says_when_to_retry(slow_bot, fake, database):
    fake.add_user("U3", "hopper", admin=True)
    walk(SlackUser(slow_bot, "U1"))
    token = create_token(SlackUser(slow_bot, "U3"))
    statuses = [push(slow_bot, {"project": REF, "value": 0.5 + i / 10}, token).status for i in range(2)]
    reply, headers = call(slow_bot.url, {"project": REF, "value": 0.9}, token)
    assert statuses == [201, 201] and reply.status == 429
    assert 1 <= int(headers["Retry-After"]) <= 10 and reply.body["retry_after"] == int(headers["Retry-After"])
    assert len(readings(database)) == 2


def test_a_burst_of_readings_updates_the_card_twice_not_once_each_and_ends_on_the_last(bot, fake, churn, token):
    """Slack rate-limits chat.update per channel: readings arriving while the card is being
    updated mark it stale, and it is updated once more when that update ends."""
    before = len(fake.calls_to("chat.update"))
    answered = fake.hold("chat.update")
    with bot.racing():
        for i in range(1, 6):
            assert call(bot.url, {"project": REF, "value": i / 10}, token)[0].status == 201
        answered.set()
    assert len(fake.calls_to("chat.update")) - before == 2
    assert "current 0.5" in card_text(fake, churn)


def test_a_value_far_from_the_series_is_refused_until_the_pipeline_confirms_it(bot, churn, token, database):
    """0.05 after 0.61 is more than ten times off (a fraction sent to a % metric, a wrong column): a 422 names it."""
    assert push(bot, {"project": REF, "value": 0.61, "run_id": "r1"}, token).status == 201
    far = push(bot, {"project": REF, "value": 0.05, "run_id": "r2"}, token)
    assert far.status == 422 and 'send it again with "confirm": true' in far.body["errors"]["value"]
    assert push(bot, {"project": REF, "value": 0.05, "run_id": "r2", "confirm": True}, token).status == 201
    assert [r.value for r in project_queries.get_project(database.uow(), "T1", REF).readings][-2:] == [0.61, 0.05]
