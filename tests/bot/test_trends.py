"""Trends (issue 18) through Slack: `show` follows its card with the chart of the current metric,
uploaded privately and shown by its file id, or says the chart is unavailable; the card carries
the text trend only; the digest gives each metric's direction since the last digest."""

from datetime import timedelta

import pytest
from slack_sdk import WebClient

from bot.features.trends.follow_up import reader_zone
from domain import project_queries
from tests.bot.flows import walk

PNG = b"\x89PNG\r\n\x1a\n"
SPARK = "📈 ▃▄ 0.61 → 0.67 (2 readings) · target 0.8 · best baseline 0.55"


@pytest.fixture
def readings(ada):
    walk(ada)  # churn-predictor: recall@10, target 0.8, a rule-based baseline at 0.55, card in C2
    ada.command("metric churn-predictor 0.61")
    ada.command("metric churn-predictor 0.67")


def charts(fake):
    return [r for r in fake.responses if any(b.get("type") == "image" for b in r.get("blocks", []))]


def test_show_follows_the_card_with_the_chart_shown_by_the_id_of_a_private_upload(ada, fake, readings):
    reply = ada.command("show churn-predictor")
    card = str(reply.body["blocks"])
    assert SPARK in card and "The chart of the current metric follows." in card
    [chart] = charts(fake)
    [image] = [b for b in chart["blocks"] if b["type"] == "image"]
    uploaded = fake.state.files[image["slack_file"]["id"]]
    assert uploaded.data.startswith(PNG) and uploaded.filename == "trend-churn-predictor.png"
    assert uploaded.channel is None, "uploaded privately: show answers one person"
    [complete] = fake.calls_to("files.completeUploadExternal")
    assert not complete.args.get("channel_id") and not complete.args.get("channels")
    assert image["alt_text"].startswith("recall@10 (higher is better) over time: 2 readings, 0.61 on ")
    assert "target 0.8; best baseline 0.55 (rule-based); dates in Europe/Paris." in image["alt_text"]
    assert SPARK.removeprefix("📈 ") in chart["text"], "a text fallback for notifications"


def test_one_reading_draws_no_chart(ada, fake):
    walk(ada)
    ada.command("metric churn-predictor 0.61")
    reply = ada.command("show churn-predictor")
    assert "chart" not in str(reply.body["blocks"]) and "📈" not in str(reply.body["blocks"])
    assert fake.calls_to("files.getUploadURLExternal") == [] and charts(fake) == []


@pytest.mark.parametrize("status", [429, 500])
def test_a_failed_upload_leaves_the_card_and_says_the_chart_is_unavailable(ada, fake, readings, status):
    fake.fail_next("files.getUploadURLExternal", status=status, retry_after=0 if status == 429 else None, times=3)
    reply = ada.command("show churn-predictor")
    assert reply.status == 200 and SPARK in str(reply.body["blocks"])
    assert charts(fake) == []
    [said] = fake.responses
    assert "The trend chart is unavailable right now" in said["text"] and "▃▄ 0.61 → 0.67" in said["text"]


def test_a_chart_slack_is_still_processing_gives_way_to_the_text(ada, fake, readings):
    fake.state.file_processing = 3600.0
    ada.command("show churn-predictor")
    assert charts(fake) == []
    assert "The trend chart is unavailable right now" in fake.responses[-1]["text"]
    assert len(fake.calls_to("files.getUploadURLExternal")) == 1, "uploaded once, tried to show three times"


def test_show_again_with_no_new_reading_shows_the_same_file(ada, fake, readings):
    ada.command("show churn-predictor")
    ada.command("show churn-predictor")
    first, second = ([b for b in c["blocks"] if b["type"] == "image"][0]["slack_file"] for c in charts(fake))
    assert first == second and len(fake.calls_to("files.getUploadURLExternal")) == 1
    ada.command("metric churn-predictor 0.7")
    ada.command("show churn-predictor")
    assert len(fake.calls_to("files.getUploadURLExternal")) == 2, "a new reading, a new chart"


def test_the_card_carries_the_text_trend_and_no_image(ada, fake, database, readings):
    project = project_queries.get_project(database.uow(), "T1", "churn-predictor")
    card = fake.message(project.card_channel, project.card_ts)
    assert SPARK in str(card.blocks) and not any(b["type"] == "image" for b in card.blocks)
    assert fake.calls_to("files.getUploadURLExternal") == [], "recording a reading uploads nothing"


def test_the_digest_gives_each_metric_s_direction_since_the_last_digest(ada, fake, readings):
    ada.command("digest", channel="C2")
    digest = next(m for m in fake.messages_in("C2") if "ML portfolio digest" in m.text)
    assert "recall@10 0.67 (target 0.8, baseline 0.55) ↗ 0.61 → 0.67 (better)" in str(digest.blocks)


def test_the_chart_is_drawn_in_the_timezone_of_whoever_asked(ada, grace, fake, clock):
    walk(ada)
    ada.command("metric churn-predictor 0.61")  # 2026-03-02 09:00 UTC
    clock.now += timedelta(hours=16)
    ada.command("metric churn-predictor 0.67")  # 2026-03-03 01:00 UTC: 02:00 in Paris, still March 2 in New York
    grace.command("show churn-predictor")
    ada.command("show churn-predictor")
    in_new_york, in_paris = ([b for b in c["blocks"] if b["type"] == "image"][0] for c in charts(fake))
    assert "0.67 on 2026-03-02; target 0.8" in in_new_york["alt_text"] and in_new_york["alt_text"].endswith("; dates in America/New_York.")
    assert "0.67 on 2026-03-03; target 0.8" in in_paris["alt_text"] and in_paris["alt_text"].endswith("; dates in Europe/Paris.")
    assert in_new_york["slack_file"] != in_paris["slack_file"], "one chart per timezone"


@pytest.mark.parametrize(("user", "error", "zone"), [("U2", None, "America/New_York"), ("U2", "user_not_found", "UTC"), ("U404", None, "UTC")])
def test_the_reader_s_timezone_is_utc_when_slack_cannot_say_it(fake, user, error, zone):
    if error:
        fake.fail_next("users.info", error=error)
    assert reader_zone(WebClient(token="xoxb-test-token", base_url=fake.api_url), user) == zone


def test_the_card_s_sparkline_shows_noise_around_a_value_as_flat_against_target_and_baseline(ada, fake, database):
    walk(ada)  # target 0.8, best baseline 0.55
    for value in ("0.61", "0.612", "0.609"):
        ada.command(f"metric churn-predictor {value}")
    project = project_queries.get_project(database.uow(), "T1", "churn-predictor")
    card = str(fake.message(project.card_channel, project.card_ts).blocks)
    assert "📈 ▃▃▃ 0.61 → 0.609 (3 readings) · target 0.8 · best baseline 0.55" in card
