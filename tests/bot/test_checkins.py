"""Check-ins end to end: the tick posts, people answer in Slack, a "No" loops back, nudges, silence."""

from datetime import UTC, datetime, time, timedelta

import pytest

from bot.deps import Deps
from bot.slack.metadata import CheckinAnswer, CheckinDetails
from bot.standin.records import Message
from bot.ticker import Ticker
from domain import checkin_use_cases, posting, project_queries, project_use_cases
from domain.checkins import OccurrenceKind, OccurrenceStatus
from domain.model import CheckinSchedule, Stage
from domain.project_use_cases import NewProject
from tests.builders import optimizing, scope

# Monday 2 March 2026, 09:00 UTC. Check-ins: Tuesdays 09:30 Europe/Paris (08:30 UTC in winter).
MONDAY = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
TUESDAY_DUE = datetime(2026, 3, 3, 8, 30, tzinfo=UTC)
WEEKLY = CheckinSchedule(weekday=1, local_time=time(9, 30), timezone="Europe/Paris")


class ManualClock:
    """Seconds for the fake Slack's rate limiter and the ticker's waits: sleeping advances it."""

    def __init__(self):
        self.t = 1_000_000.0
        self.slept = 0.0

    def time(self):
        return self.t

    def sleep(self, seconds):
        self.t += seconds
        self.slept += seconds


def make_project(database, ref="churn", *, channel="C2", owner="U1", schedule=WEEKLY, team="T1", stage=None):
    project = project_use_cases.create_project(
        database.uow(),
        NewProject(
            team_id=team,
            name=ref.title(),
            ref=ref,
            owner_id=owner,
            creator_id=owner,
            channel_id=channel,
            scope=scope(metrics=[optimizing()]),
            checkin=schedule,
        ),
        now=MONDAY,
    )
    moves = {
        Stage.DATA: [Stage.DATA],
        Stage.TRAINING: [Stage.DATA, Stage.TRAINING],
        Stage.DEPLOYMENT: [Stage.DATA, Stage.TRAINING, Stage.DEPLOYMENT],
    }
    for target in moves.get(stage, []):
        project_use_cases.move_stage(database.uow(), team, ref, target, reason="", actor=owner, now=MONDAY)
    return project


@pytest.fixture
def ticker(bot):
    deps = bot.app.deps
    return Ticker(deps, deps.client_for, holder="test-ticker", sleep=lambda s: None)


def checkin_posts(fake, channel="C2"):
    return [m for m in fake.messages_in(channel) if m.thread_ts is None and m.metadata]


def test_nothing_is_posted_before_the_due_time_and_once_at_it(ticker, fake, database):
    make_project(database)
    assert ticker.run(now=TUESDAY_DUE - timedelta(minutes=1)).posted == 0
    report = ticker.run(now=TUESDAY_DUE)
    assert (report.planned, report.posted) == (1, 1)
    assert ticker.run(now=TUESDAY_DUE + timedelta(minutes=1)).posted == 0
    [post] = checkin_posts(fake)
    assert "<@U1>" in str(post.blocks) and "Does the metric still capture" in str(post.blocks)
    assert post.metadata["event_type"] == "mlscope_occurrence"


def test_after_downtime_a_project_gets_one_catch_up_not_one_per_missed_week(ticker, fake, database):
    make_project(database)
    report = ticker.run(now=TUESDAY_DUE + timedelta(weeks=5, hours=3))
    assert (report.planned, report.posted) == (1, 1)
    assert ticker.run(now=TUESDAY_DUE + timedelta(weeks=5, hours=4)).posted == 0
    assert len(checkin_posts(fake)) == 1


def test_archived_and_paused_projects_get_nothing(ticker, fake, database):
    make_project(database, "archived")
    project_use_cases.archive_project(database.uow(), "T1", "archived", actor="U1", now=MONDAY)
    make_project(database, "paused")
    checkin_use_cases.set_paused(database.uow(), "T1", "paused", paused=True, actor="U1", now=MONDAY)
    assert ticker.run(now=TUESDAY_DUE).posted == 0
    assert checkin_posts(fake) == []


def test_a_kind_with_no_poster_is_kept_for_a_later_tick_and_logged_never_skipped(bot, fake, database, caplog):
    make_project(database)
    deps = bot.app.deps
    unwired = Ticker(deps, deps.client_for, holder="test-ticker", sleep=lambda s: None, posters={})
    with caplog.at_level("ERROR", logger="mlscope.tick"):
        report = unwired.run(now=TUESDAY_DUE)
    assert (report.posted, report.skipped, report.retried) == (0, 0, 1)
    assert "no poster for checkin" in caplog.text
    with database.uow() as uow:
        [occ] = uow.occurrences.get_many(uow.occurrences.claimable_ids(TUESDAY_DUE + timedelta(hours=1), 10))
    assert occ.status is OccurrenceStatus.PENDING and occ.last_error == "no poster for checkin"

    wired = Ticker(deps, deps.client_for, holder="test-ticker", sleep=lambda s: None)
    assert wired.run(now=TUESDAY_DUE + timedelta(hours=1)).posted == 1
    assert len(checkin_posts(fake)) == 1


def test_deps_cannot_be_built_without_the_features_posters():
    with pytest.raises(TypeError, match="posters"):
        Deps(database=None, background=None)


def post_checkin(ticker, fake):
    ticker.run(now=TUESDAY_DUE)
    [post] = checkin_posts(fake)
    return {"ts": post.ts, "blocks": post.blocks, "text": post.text}


def answer(user, message, action, question):
    value = next(e["value"] for b in message["blocks"] if b.get("block_id") == f"q:{question}" for e in b["elements"])
    assert CheckinAnswer.load(value).question == question
    return user.click(action, value=value, block_id=f"q:{question}", channel="C2", message=message)


def test_answers_are_recorded_per_person_editable_and_shown_on_the_parent(ticker, fake, database, ada, grace, clock):
    make_project(database)
    message = post_checkin(ticker, fake)
    clock.now = TUESDAY_DUE + timedelta(hours=1)
    answer(ada, message, "checkin_yes", "metric")
    answer(grace, message, "checkin_unsure", "metric")
    answer(ada, message, "checkin_no", "metric")
    parent = fake.message("C2", message["ts"])
    metric_section = next(b for b in parent.blocks if b["type"] == "section" and "Does the metric" in b["text"]["text"])
    assert "❌ <@U1>" in metric_section["text"]["text"] and "🤔 <@U2>" in metric_section["text"]["text"]
    assert "✅" not in metric_section["text"]["text"]


def test_a_no_on_the_metric_offers_the_loop_back_to_planning_and_one_click_moves_it(ticker, fake, database, ada):
    make_project(database, stage=Stage.TRAINING)
    message = post_checkin(ticker, fake)
    answer(ada, message, "checkin_no", "metric")
    [offer] = [m for m in fake.messages_in("C2") if m.thread_ts == message["ts"]]
    button = next(e for b in offer.blocks if b["type"] == "actions" for e in b["elements"])
    assert button["text"]["text"] == "Loop back to planning"
    ada.click(
        "checkin_loop_back",
        value=button["value"],
        block_id="offer",
        channel="C2",
        message={"ts": offer.ts, "blocks": offer.blocks},
    )
    ada.submit(fake.last_view(), {})  # "What changed?" is optional
    project = project_queries.get_project(database.uow(), "T1", "churn")
    assert project.stage is Stage.PLANNING
    assert project.transitions[-1].loop_back and "was answered No" in project.transitions[-1].reason
    assert "moved *Churn* back to Planning" in fake.message("C2", offer.ts).text


def test_a_no_on_the_data_offers_the_loop_back_to_data_collection(ticker, fake, database, ada):
    make_project(database, stage=Stage.DEPLOYMENT)
    message = post_checkin(ticker, fake)
    answer(ada, message, "checkin_no", "data")
    [offer] = [m for m in fake.messages_in("C2") if m.thread_ts == message["ts"]]
    assert "Loop back to data" in str(offer.blocks)


def test_a_no_on_the_data_while_planning_offers_no_loop_back_but_a_data_plan(ticker, fake, database, ada):
    make_project(database)
    message = post_checkin(ticker, fake)
    answer(ada, message, "checkin_no", "data")
    [offer] = [m for m in fake.messages_in("C2") if m.thread_ts == message["ts"]]
    assert "checkin_loop_back" not in str(offer.blocks) and "Add a data plan" in str(offer.blocks)


def test_a_duplicate_click_records_once_and_offers_once(ticker, fake, database, ada):
    make_project(database, stage=Stage.TRAINING)
    message = post_checkin(ticker, fake)
    answer(ada, message, "checkin_no", "metric")
    answer(ada, message, "checkin_no", "metric")
    offers = [m for m in fake.messages_in("C2") if m.thread_ts == message["ts"]]
    assert len(offers) == 1
    with database.uow() as uow:
        occ_id = CheckinAnswer.load(offers[0].blocks[1]["elements"][0]["value"]).occurrence
        assert len(uow.responses.for_occurrence(occ_id)) == 1


def test_one_nudge_goes_to_the_owner_when_nobody_answers(ticker, fake, database):
    make_project(database, owner="U2")
    message = post_checkin(ticker, fake)
    assert ticker.run(now=TUESDAY_DUE + timedelta(hours=23)).posted == 0
    assert ticker.run(now=TUESDAY_DUE + timedelta(hours=24, minutes=1)).posted == 1
    assert ticker.run(now=TUESDAY_DUE + timedelta(hours=26)).posted == 0
    [nudge] = [m for m in fake.messages_in("C2") if m.thread_ts == message["ts"]]
    assert "<@U2>" in nudge.text and "<!" not in nudge.text


def test_no_nudge_once_someone_answered(ticker, fake, database, ada):
    make_project(database)
    message = post_checkin(ticker, fake)
    answer(ada, message, "checkin_yes", "data")
    report = ticker.run(now=TUESDAY_DUE + timedelta(hours=25))
    assert (report.posted, report.skipped) == (0, 1)


def test_still_no_answer_by_the_next_check_in_marks_the_project_silent(ticker, fake, database, ada):
    make_project(database)
    post_checkin(ticker, fake)
    ticker.run(now=TUESDAY_DUE + timedelta(weeks=1))
    project = project_queries.get_project(database.uow(), "T1", "churn")
    assert project.silent_since == TUESDAY_DUE + timedelta(weeks=1)
    latest = {"ts": checkin_posts(fake)[-1].ts, "blocks": checkin_posts(fake)[-1].blocks}
    answer(ada, latest, "checkin_yes", "metric")
    assert project_queries.get_project(database.uow(), "T1", "churn").silent_since is None


def test_answering_a_superseded_check_in_is_refused(ticker, fake, database, ada):
    make_project(database)
    old = post_checkin(ticker, fake)
    ticker.run(now=TUESDAY_DUE + timedelta(weeks=1))
    answer(ada, old, "checkin_yes", "metric")
    assert any("closed" in c.args["text"] for c in fake.calls_to("chat.postEphemeral"))


def test_a_user_of_another_workspace_cannot_answer(ticker, fake, database, bot):
    from tests.bot.harness import SlackUser

    make_project(database)
    message = post_checkin(ticker, fake)
    answer(SlackUser(bot, "U9", team="T2"), message, "checkin_no", "metric")
    assert any("does not exist in this workspace" in c.args["text"] for c in fake.calls_to("chat.postEphemeral"))
    with database.uow() as uow:
        assert uow.responses.count(CheckinAnswer.load(message["blocks"][3]["elements"][0]["value"]).occurrence) == 0


def test_details_record_the_metric_value_on_the_project(ticker, fake, database, ada):
    make_project(database)
    message = post_checkin(ticker, fake)
    occurrence_id = message["blocks"][-1]["elements"][0]["value"]
    ada.click("checkin_details", value=occurrence_id, block_id="details", channel="C2", message=message)
    view = fake.last_view()
    ada.submit(view, {"value": "0.74", "blockers": "waiting on the labeling vendor"})
    project = project_queries.get_project(database.uow(), "T1", "churn")
    assert project.current_value == 0.74
    assert "waiting on the labeling vendor" in str(fake.message("C2", message["ts"]).blocks)


def open_details(ada, fake, message):
    occurrence_id = message["blocks"][-1]["elements"][0]["value"]
    ada.click("checkin_details", value=occurrence_id, block_id="details", channel="C2", message=message)
    return fake.last_view()


def test_inputs_since_the_last_check_in_show_in_the_thread_and_in_the_digest(ticker, fake, database, ada):
    make_project(database)
    message = post_checkin(ticker, fake)
    ada.submit(open_details(ada, fake, message), {"experiments": "12", "labels": "3000"})
    assert "<@U1>: 12 experiments, 3,000 examples labelled" in str(fake.message("C2", message["ts"]).blocks)
    ada.command("digest", channel="C2")
    [digest] = [m for m in fake.messages_in("C2") if "ML portfolio digest" in m.text]
    assert "12 experiments, 3,000 examples labelled" in str(digest.blocks)


def test_inputs_that_are_not_whole_numbers_are_field_errors_and_change_nothing(ticker, fake, database, ada):
    make_project(database)
    message = post_checkin(ticker, fake)
    reply = ada.submit(open_details(ada, fake, message), {"experiments": "2.5", "labels": "-3"})
    assert reply.body["response_action"] == "errors"
    assert set(reply.body["errors"]) == {"experiments", "labels"}
    occurrence_id = CheckinDetails.load(message["blocks"][-1]["elements"][0]["value"]).occurrence
    with database.uow() as uow:
        assert uow.responses.get(occurrence_id, "U1") is None


def rate_limited(bot, *, burst):
    """Slack allows one message per second per channel after ``burst``, on a clock that sleeping advances."""
    clock = ManualClock()
    bot.fake.clock = clock.time
    bot.fake.rate_limit(per_second=1, burst=burst)
    return clock


def ticker_on(bot, clock, *, holder="t", **kw):
    return Ticker(bot.app.deps, bot.app.deps.client_for, holder=holder, sleep=clock.sleep, monotonic=clock.time, **kw)


def test_a_rate_limited_channel_does_not_hold_up_another(bot, database):
    clock, fake = rate_limited(bot, burst=2), bot.fake
    for i in range(5):
        make_project(database, f"busy-{i}", channel="C2")
    make_project(database, "quiet", channel="C1")
    report = ticker_on(bot, clock).run(now=TUESDAY_DUE)
    assert report.posted == 6
    assert len(checkin_posts(fake, "C2")) == 5 and len(checkin_posts(fake, "C1")) == 1
    assert clock.slept >= 3  # five posts, a burst of two, one per second after that
    assert [c for c in fake.calls_to("chat.postMessage") if c.args["channel"] == "C1"][0].at < 1_000_001


def test_after_one_429_the_ticker_paces_the_channel_instead_of_collecting_more(bot, database):
    clock, fake = rate_limited(bot, burst=2), bot.fake
    for i in range(6):
        make_project(database, f"busy-{i}", channel="C2")
    assert ticker_on(bot, clock).run(now=TUESDAY_DUE).posted == 6
    attempts = [c for c in fake.calls_to("chat.postMessage") if c.args["channel"] == "C2"]
    assert len(attempts) == 7  # six posts and the one 429 that revealed the limit
    assert clock.slept == 4  # the lower bound: (6 - burst of 2) / 1 per second


def test_pacing_that_would_overrun_the_tick_budget_leaves_the_rest_for_the_next_tick(bot, database):
    clock, fake = rate_limited(bot, burst=1), bot.fake
    for i in range(4):
        make_project(database, f"busy-{i}", channel="C2")
    report = ticker_on(bot, clock, budget_seconds=2.5).run(now=TUESDAY_DUE)
    assert (report.posted, report.retried) == (3, 1)
    assert clock.slept <= 2.5
    assert ticker_on(bot, clock, holder="t2").run(now=TUESDAY_DUE + timedelta(seconds=5)).posted == 1
    assert len(checkin_posts(fake, "C2")) == 4


def test_a_429_beyond_the_tick_budget_stays_pending_for_the_next_tick(bot, database):
    fake = bot.fake
    make_project(database)
    fake.fail_next("chat.postMessage", status=429, retry_after=120)
    ticker = Ticker(bot.app.deps, bot.app.deps.client_for, holder="t", sleep=lambda s: None, budget_seconds=30)
    assert ticker.run(now=TUESDAY_DUE).retried == 1
    assert ticker.run(now=TUESDAY_DUE + timedelta(seconds=60)).posted == 0
    assert ticker.run(now=TUESDAY_DUE + timedelta(seconds=121)).posted == 1
    assert len(checkin_posts(fake)) == 1


def test_slack_5xx_backs_off_and_loses_nothing(bot, database):
    fake = bot.fake
    make_project(database)
    fake.fail_next("chat.postMessage", status=503)
    ticker = Ticker(bot.app.deps, bot.app.deps.client_for, holder="t", sleep=lambda s: None)
    assert ticker.run(now=TUESDAY_DUE).retried == 1
    assert ticker.run(now=TUESDAY_DUE + timedelta(seconds=6)).posted == 1


def test_a_claim_whose_holder_died_is_taken_over_after_its_lease(bot, database, fake):
    make_project(database)
    checkin_use_cases.plan_checkins(database.uow(), now=TUESDAY_DUE)
    [dead] = posting.claim_due(database.uow(), "dead-process", now=TUESDAY_DUE)
    ticker = Ticker(bot.app.deps, bot.app.deps.client_for, holder="t", sleep=lambda s: None)
    assert ticker.run(now=TUESDAY_DUE + timedelta(minutes=1)).posted == 0
    assert ticker.run(now=TUESDAY_DUE + posting.LEASE + timedelta(seconds=1)).posted == 1
    assert dead.id is not None


def test_a_post_that_reached_slack_before_a_crash_is_found_not_repeated(bot, database, fake):
    make_project(database)
    checkin_use_cases.plan_checkins(database.uow(), now=TUESDAY_DUE)
    [occ] = posting.claim_due(database.uow(), "crashed", now=TUESDAY_DUE)
    posting.begin_post(database.uow(), occ, "crashed", "C2", now=TUESDAY_DUE)
    already_posted = Message(
        "C2",
        f"{TUESDAY_DUE.timestamp():.6f}",
        "check-in",
        [],
        metadata={"event_type": "mlscope_occurrence", "event_payload": {"occurrence_id": occ.id}},
    )
    fake.state.messages.append(already_posted)
    ticker = Ticker(bot.app.deps, bot.app.deps.client_for, holder="t", sleep=lambda s: None)
    report = ticker.run(now=TUESDAY_DUE + posting.LEASE + timedelta(seconds=1))
    assert (report.reconciled, report.posted) == (1, 0)
    assert fake.calls_to("chat.postMessage") == []
    with database.uow() as uow:
        assert uow.occurrences.get(occ.id).status is OccurrenceStatus.POSTED


def test_checkin_command_posts_one_now_and_pause_resume_work(ada, fake, database, clock):
    make_project(database)
    clock.now = MONDAY + timedelta(hours=2)
    assert "Posting a check-in" in ada.command("checkin churn").body["text"]
    assert len(checkin_posts(fake)) == 1
    assert "paused" in ada.command("checkin churn pause").body["text"]
    assert "already paused" in ada.command("checkin churn pause").body["text"]
    assert "running again" in ada.command("checkin churn resume").body["text"]
    assert "not a check-in action" in ada.command("checkin churn sometimes").body["text"]


def test_checkin_schedule_opens_a_modal_that_changes_the_cadence(ada, fake, database, clock):
    make_project(database)
    ada.command("checkin churn schedule")
    view = fake.last_view()
    assert view["title"]["text"] == "Check-in schedule"
    ada.submit(view, {"cadence": "biweekly", "weekday": "4", "timezone": "America/New_York"})
    schedule = project_queries.get_project(database.uow(), "T1", "churn").checkin
    assert (schedule.cadence.value, schedule.weekday, schedule.timezone) == ("biweekly", 4, "America/New_York")


def test_nudges_are_occurrences_too(ticker, fake, database):
    make_project(database)
    post_checkin(ticker, fake)
    project_id = project_queries.get_project(database.uow(), "T1", "churn").id
    with database.uow() as uow:
        parent = uow.occurrences.latest_posted(project_id, OccurrenceKind.CHECKIN)
        [nudge] = uow.occurrences.children(parent.id, OccurrenceKind.NUDGE)
    assert nudge.due_at == parent.posted_at + posting.NUDGE_AFTER


def test_a_loop_back_from_a_check_in_shows_on_the_project_card(bot, fake, database, ada, clock):
    from tests.bot.flows import walk

    walk(ada)  # the card is posted in #ml-team; check-ins on Tuesdays 09:30 Europe/Paris
    for stage in ("data", "training"):
        ada.command(f"stage churn-predictor {stage}")
    project = project_queries.get_project(database.uow(), "T1", "churn-predictor")
    ticker = Ticker(bot.app.deps, bot.app.deps.client_for, holder="t", sleep=lambda s: None)
    ticker.run(now=TUESDAY_DUE + timedelta(weeks=1))
    message = {"ts": checkin_posts(fake)[-1].ts, "blocks": checkin_posts(fake)[-1].blocks}
    answer(ada, message, "checkin_no", "metric")
    offer = [m for m in fake.messages_in("C2") if m.thread_ts == message["ts"]][-1]
    ada.click(
        "checkin_loop_back",
        value=offer.blocks[1]["elements"][0]["value"],
        block_id="offer",
        channel="C2",
        message={"ts": offer.ts, "blocks": offer.blocks},
    )
    ada.submit(fake.last_view(), {})
    card = fake.message(project.card_channel, project.card_ts)
    assert "Planning & project setup" in str(card.blocks)
    assert "↩️ Looped back from training to planning" in str(card.blocks)


def test_a_check_in_posted_by_the_previous_version_still_works(ticker, fake, database, ada):
    """Before the one payload encoding, answers carried "<occurrence>:<question>", details the bare id."""
    make_project(database)
    message = post_checkin(ticker, fake)
    occurrence = CheckinDetails.load(message["blocks"][-1]["elements"][0]["value"]).occurrence
    ada.click("checkin_yes", value=f"{occurrence}:metric", block_id="q:metric", channel="C2", message=message)
    with database.uow() as uow:
        assert uow.responses.count(occurrence) == 1
    ada.click("checkin_details", value=str(occurrence), block_id="details", channel="C2", message=message)
    ada.submit(fake.last_view() | {"private_metadata": str(occurrence)}, {"value": "0.74"})
    assert project_queries.get_project(database.uow(), "T1", "churn").current_value == 0.74
