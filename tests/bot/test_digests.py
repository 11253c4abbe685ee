"""/mlproject digest: the ranking with its chart, subscriptions through the tick, limits at scale."""

from datetime import UTC, datetime, timedelta

import pytest

from bot.ticker import Ticker
from domain import project_queries, project_use_cases, reading_use_cases
from domain.model import Stage
from domain.project_use_cases import NewProject
from tests.builders import EASY, HARD, rated

PNG = b"\x89PNG\r\n\x1a\n"
MONDAY_0900_PARIS = datetime(2026, 3, 9, 8, 0, tzinfo=UTC)


def seed(database, *specs, now):
    for ref, impact, feasibility, owner in specs:
        project_use_cases.create_project(
            database.uow(),
            NewProject(
                team_id="T1",
                name=ref.title(),
                ref=ref,
                owner_id=owner,
                creator_id=owner,
                channel_id="C2",
                scope=rated(impact, feasibility),
            ),
            now=now,
        )


def digests(fake, channel="C2"):
    return [m for m in fake.messages_in(channel) if m.thread_ts is None and "ML portfolio digest" in m.text]


def text_of(message):
    return str(message.blocks)


def cell_text(cell):
    """A table cell as a reader sees it: its text, a mention as ``<@U…>``."""
    if cell["type"] in ("raw_text", "raw_number"):
        return str(cell.get("text") or cell.get("value"))
    leaves = [leaf for part in cell["elements"] for leaf in part["elements"]]
    return "".join(f"<@{e['user_id']}>" if e["type"] == "user" else e.get("text") or e.get("url", "") for e in leaves)


def ranking(message):
    """The digest's ranked portfolio, a row each (its cells joined by " | "), the heading row left out."""
    [table] = [b for b in message.blocks if b["type"] == "table"]
    return [" | ".join(cell_text(c) for c in row) for row in table["rows"][1:]]


def table_leaves(message):
    """Every rich text element of the ranking's cells (mentions, links, styled text)."""
    [table] = [b for b in message.blocks if b["type"] == "table"]
    cells = [c for row in table["rows"] for c in row if c["type"] == "rich_text"]
    return [leaf for c in cells for part in c["elements"] for leaf in part["elements"]]


def ranked_names(message):
    return [row.split(" | ")[1].rsplit(" ", 1)[0] for row in ranking(message)]


def test_digest_posts_the_ranking_here_with_the_chart_in_its_thread(ada, fake, database, clock):
    seed(database, ("weak", 2, HARD, "U2"), ("strong", 5, EASY, "U1"), now=clock.now)
    reply = ada.command("digest", channel="C2")
    assert "Posting the portfolio digest" in reply.body["text"]
    [digest] = digests(fake)
    body = text_of(digest)
    assert ranked_names(digest) == ["Strong", "Weak"]
    assert ranking(digest)[0].startswith("1 | Strong strong | <@U1> | ") and "Do now" in ranking(digest)[0]
    assert "What changed" in body and "Needs attention" in body
    [chart] = fake.files_in("C2")
    assert chart.thread_ts == digest.ts and chart.data.startswith(PNG) and chart.filename == "portfolio.png"


def test_an_empty_workspace_gets_a_helpful_digest(ada, fake):
    ada.command("digest", channel="C2")
    [digest] = digests(fake)
    assert "Scope the first one with `/mlproject new`" in text_of(digest)
    assert fake.files_in("C2") == [] and "chart is in this thread" not in text_of(digest), "no chart, none promised"


def test_a_digest_can_be_scoped(ada, fake, database, clock):
    seed(database, ("alpha", 5, EASY, "U1"), ("beta", 2, HARD, "U2"), now=clock.now)
    project_use_cases.move_stage(database.uow(), "T1", "beta", Stage.DATA, reason="", actor="U2", now=clock.now)
    ada.command("digest data", channel="C2")
    ada.command("digest <@U1|ada>", channel="C1")
    assert "beta" in text_of(digests(fake, "C2")[0]) and "alpha" not in text_of(digests(fake, "C2")[0])
    assert "alpha" in text_of(digests(fake, "C1")[0]) and "beta" not in text_of(digests(fake, "C1")[0])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("digest funday", "not a digest filter"),
        ("digest subscribe 25:00", "“25:00” is not a time"),
        ("digest subscribe funday", "“funday” is not a cadence"),
        ("digest subscribe weekly Mars/Base", "not an IANA timezone"),
        ("digest unsubscribe", "no digest subscription"),
    ],
)
def test_bad_digest_options_answer_with_usage_and_change_nothing(ada, fake, text, expected):
    reply = ada.command(text, channel="C2")
    assert expected in reply.body["text"]
    assert digests(fake) == []
    assert "has no scheduled digest" in ada.command("digest settings", channel="C2").body["text"]


def test_subscribing_uses_the_subscribers_timezone_and_settings_show_it(ada, fake, database):
    ada.command("digest subscribe weekly monday 09:00", channel="C2")
    [confirmation] = [r for r in fake.responses if "every week" in r.get("text", "")]
    assert "Monday at 09:00 (Europe/Paris)" in confirmation["text"]
    assert "Europe/Paris" in ada.command("digest settings", channel="C2").body["text"]
    assert "no longer" in ada.command("digest unsubscribe", channel="C2").body["text"]


def test_subscribing_a_private_channel_without_the_bot_explains_how_to_invite_it(ada, fake, database):
    ada.command("digest subscribe", channel="CPRIV")
    assert any("/invite @MLScope" in r.get("text", "") for r in fake.responses)
    assert "has no scheduled digest" in ada.command("digest settings", channel="CPRIV").body["text"]


def test_a_subscribed_channel_gets_exactly_one_digest_per_period_through_tick(ada, bot, fake, database, clock):
    clock.now = MONDAY_0900_PARIS - timedelta(days=3)
    seed(database, ("alpha", 5, EASY, "U1"), now=clock.now)
    ada.command("digest subscribe weekly monday 09:00", channel="C2")
    ticker = Ticker(bot.app.deps, bot.app.deps.client_for, holder="t", sleep=lambda s: None)
    ticker.run(now=MONDAY_0900_PARIS - timedelta(minutes=1))
    assert digests(fake) == []
    ticker.run(now=MONDAY_0900_PARIS)
    ticker.run(now=MONDAY_0900_PARIS + timedelta(hours=1))
    ticker.run(now=MONDAY_0900_PARIS + timedelta(days=6))
    assert len(digests(fake)) == 1 and len(fake.files_in("C2")) == 1
    ticker.run(now=MONDAY_0900_PARIS + timedelta(weeks=1))
    assert len(digests(fake)) == 2


def test_changes_and_attention_reflect_what_happened_since_the_previous_digest(ada, bot, fake, database, clock):
    seed(database, ("alpha", 5, EASY, "U1"), now=clock.now - timedelta(days=1))
    ada.command("digest", channel="C2")
    first = text_of(digests(fake)[-1])
    assert "new project" in first
    clock.now += timedelta(hours=2)
    project_use_cases.move_stage(database.uow(), "T1", "alpha", Stage.DATA, reason="", actor="U1", now=clock.now)
    project_use_cases.move_stage(
        database.uow(), "T1", "alpha", Stage.PLANNING, reason="labels cost too much", actor="U1", now=clock.now
    )
    reading_use_cases.record_metric(database.uow(), "T1", "alpha", 0.7, note=None, actor="U1", now=clock.now)
    clock.now += timedelta(hours=1)
    ada.command("digest", channel="C2")
    second = text_of(digests(fake)[-1])
    assert "new project" not in second
    assert "moved planning → data" in second and "↩️ looped back data → planning: labels cost too much" in second
    assert "recall@10 0.7" in second


def test_a_thousand_projects_stay_within_slacks_limits(ada, fake, database, clock):
    specs = [(f"p{i:04d}", 1 + i % 5, EASY if i % 3 else HARD) for i in range(1000)]
    with database.uow() as uow:
        from tests.builders import project

        for ref, impact, feasibility in specs:
            uow.projects.add(project(ref, the_scope=rated(impact, feasibility), created_at=clock.now))
        uow.commit()
    ada.command("digest", channel="C2")
    [digest] = digests(fake)
    assert len(digest.blocks) <= 50
    assert "…and 985 more" in text_of(digest) and "mlscope export --format markdown" in text_of(digest)
    assert fake.files_in("C2")[0].data.startswith(PNG)
    assert fake.violations == []


def test_a_subscribed_channel_later_shared_with_another_organisation_gets_no_scheduled_digest(
    ada, bot, fake, database, clock
):
    """Visibility `members` (the default): the portfolio never goes to a Slack Connect channel."""
    clock.now = MONDAY_0900_PARIS - timedelta(days=3)
    seed(database, ("alpha", 5, EASY, "U1"), now=clock.now)
    ada.command("digest subscribe weekly monday 09:00", channel="C2")
    fake.state.channels["C2"].is_ext_shared = True  # connected with a partner after subscribing
    ticker = Ticker(bot.app.deps, bot.app.deps.client_for, holder="t", sleep=lambda s: None)
    assert ticker.run(now=MONDAY_0900_PARIS).skipped == 1
    assert digests(fake) == []
    fake.state.channels["C2"].is_ext_shared = False
    ticker.run(now=MONDAY_0900_PARIS + timedelta(weeks=1))
    assert len(digests(fake)) == 1, "the next period's digest goes out once the channel is internal again"


def test_a_workspace_installed_without_channels_read_skips_scheduled_digests_with_the_fix_named(
    ada, bot, fake, database, clock
):
    """Members-only portfolios need conversations.info; an older install lacks its scope: no retry loop."""
    from bot.standin.contract import GRANTED_SCOPES
    from storage.orm import OccurrenceRow

    clock.now = MONDAY_0900_PARIS - timedelta(days=3)
    seed(database, ("alpha", 5, EASY, "U1"), now=clock.now)
    ada.command("digest subscribe weekly monday 09:00", channel="C2")
    fake.grant(GRANTED_SCOPES - {"channels:read"})
    ticker = Ticker(bot.app.deps, bot.app.deps.client_for, holder="t", sleep=lambda s: None)
    report = ticker.run(now=MONDAY_0900_PARIS)
    assert (report.skipped, report.retried, digests(fake)) == (1, 0, [])
    with database.sessions() as session:
        [row] = session.query(OccurrenceRow).filter(OccurrenceRow.kind == "digest").all()
    assert row.status == "skipped" and "reinstall MLScope" in row.last_error


def test_a_digest_whose_answer_was_lost_is_looked_for_even_when_conversations_info_fails(
    ada, bot, fake, database, clock
):
    clock.now = MONDAY_0900_PARIS - timedelta(days=3)
    seed(database, ("alpha", 5, EASY, "U1"), now=clock.now)
    ada.command("digest subscribe weekly monday 09:00", channel="C2")
    fake.clock = lambda: MONDAY_0900_PARIS.timestamp()
    ticker = Ticker(bot.app.deps, bot.app.deps.client_for, holder="t", sleep=lambda s: None)
    fake.fail_next("chat.postMessage", status=503, lost=True)
    ticker.run(now=MONDAY_0900_PARIS)
    fake.fail_next("conversations.info", status=503, times=3)
    report = ticker.run(now=MONDAY_0900_PARIS + timedelta(minutes=5))
    assert report.reconciled == 1 and len(digests(fake)) == 1


def test_a_filtered_digest_never_moves_the_point_a_full_digest_measures_changes_from(ada, fake, database, clock):
    seed(database, ("alpha", 5, EASY, "U1"), now=clock.now - timedelta(days=1))
    ada.command("digest", channel="C2")
    clock.now += timedelta(hours=2)
    project_use_cases.move_stage(database.uow(), "T1", "alpha", Stage.DATA, reason="", actor="U1", now=clock.now)
    clock.now += timedelta(hours=1)
    ada.command("digest do-now", channel="C2")
    assert "moved planning → data" in text_of(digests(fake)[-1])
    clock.now += timedelta(hours=1)
    ada.command("digest", channel="C2")
    assert "moved planning → data" in text_of(digests(fake)[-1]), "the full digest still lists what changed since it"
    clock.now += timedelta(hours=1)
    ada.command("digest", channel="C2")
    assert "Nothing changed" in text_of(digests(fake)[-1])


def test_times_are_shown_in_each_readers_timezone_and_the_notification_counts_right(ada, fake, database, clock):
    seed(database, ("alpha", 5, EASY, "U1"), now=clock.now)
    ada.command("digest", channel="C2")
    [digest] = digests(fake)
    since = int((clock.now - timedelta(days=7)).timestamp())
    assert f"changes since <!date^{since}^{{date_short_pretty}} at {{time}}|" in text_of(digest)
    assert " UTC" not in text_of(digest).split("|")[0]
    assert digest.text == "ML portfolio digest (all projects): 1 project (top: Alpha), 1 needs attention"  # its gate is open


def test_what_changed_says_which_scores_and_gate_answers_an_edit_moved(ada, fake, database, clock):
    from domain.model import FeasibilityDriver, GateAnswer, GateQuestion, Rated

    seed(database, ("alpha", 3, HARD, "U1"), now=clock.now - timedelta(days=1))
    ada.command("digest", channel="C2")
    clock.now += timedelta(hours=2)
    project = project_queries.get_project(database.uow(), "T1", "alpha")
    easier = project.scope.model_copy(
        update={
            "feasibility": {d: Rated(rating=EASY[d.value]) for d in FeasibilityDriver},
            "gate": {GateQuestion.ML_NEEDED: GateAnswer.YES},
        }
    )
    project_use_cases.update_project(database.uow(), "T1", "alpha", actor="U1", now=clock.now, scope=easier)
    clock.now += timedelta(hours=1)
    ada.command("digest", channel="C2")
    second = text_of(digests(fake)[-1])
    assert "scores moved: feasibility 0 → 100 · Strategic bet → Do now" in second
    assert "gate: is ML needed unanswered → yes" in second
