"""The digest's ranked portfolio is a Slack table block; today's layout where a table cannot be used.

Slack's table block: at most 100 rows of at most 20 cells, 10,000 characters across the cells
(bot/features/digests/table.py). Beyond them, or when Slack refuses the table, the digest is the
sections it always was, posted once.
"""

from bot.features.digests.table import HEADINGS
from tests.bot.test_digests import digests, ranked_names, ranking, seed, text_of
from tests.builders import EASY, HARD, project, rated


def tables(message):
    return [b for b in message.blocks if b["type"] == "table"]


def seed_many(database, n, clock, *, name=None):
    with database.uow() as uow:
        for i in range(n):
            p = project(f"p{i:03d}", the_scope=rated(1 + i % 5, EASY if i % 3 else HARD), created_at=clock.now)
            if name:
                p.problem = p.problem.model_copy(update={"name": name(i)})
            uow.projects.add(p)
        uow.commit()


def test_the_digest_ranks_the_portfolio_in_one_table_a_row_a_project(ada, fake, database, clock):
    seed(database, ("weak", 2, HARD, "U2"), ("strong", 5, EASY, "U1"), now=clock.now)
    ada.command("digest", channel="C2")
    [digest] = digests(fake)
    [table] = tables(digest)
    assert [cell["text"] for cell in table["rows"][0]] == [h for h in HEADINGS if h not in ("Worth at target", "Said")], (
        "no worth column when nobody stated what a model is worth, no said column when nobody said anything"
    )
    assert ranking(digest)[0].split(" | ")[:3] == ["1", "Strong strong", "<@U1>"]
    assert ranking(digest)[1].split(" | ")[:3] == ["2", "Weak weak", "<@U2>"]
    owner = table["rows"][1][2]["elements"][0]["elements"][0]
    assert owner == {"type": "user", "user_id": "U1"}, "the owner is a mention Slack renders, as in the sections"
    assert "Ranked portfolio" in text_of(digest) and "*1.* *Strong*" not in text_of(digest)
    assert digest.text == "ML portfolio digest (all projects): 2 projects (top: Strong), 2 need attention"
    assert fake.violations == []


def test_names_are_shown_as_typed_in_the_table_and_cannot_ping(ada, fake, database, clock):
    seed(database, ("loud", 5, EASY, "U1"), now=clock.now)
    with database.uow() as uow:
        loud = uow.projects.get("T1", "loud")
        loud.problem = loud.problem.model_copy(update={"name": "<!channel> & *Ops*"})
        uow.projects.save(loud)
        uow.commit()
    ada.command("digest", channel="C2")
    [digest] = digests(fake)
    assert ranked_names(digest) == ["<!channel> & *Ops*"], "a table cell is not mrkdwn: nothing to escape, no ping"
    assert "(top: &lt;!channel&gt; &amp; *Ops*)" in digest.text, "the notification text is mrkdwn: escaped"


def test_ninety_nine_projects_fill_the_table_to_its_hundred_rows(ada, fake, database, clock):
    seed_many(database, 99, clock)
    ada.command("digest", channel="C2")
    [digest] = digests(fake)
    [table] = tables(digest)
    assert len(table["rows"]) == 100 and len(ranking(digest)) == 99 and "more (" not in text_of(digest)


def test_a_hundred_projects_are_beyond_the_table_and_get_the_sections(ada, fake, database, clock):
    seed_many(database, 100, clock)
    ada.command("digest", channel="C2")
    [digest] = digests(fake)
    assert tables(digest) == [] and "*1.* *P" in text_of(digest) and "…and 85 more" in text_of(digest)
    assert fake.violations == []


def test_more_than_ten_thousand_characters_of_cells_get_the_sections(ada, fake, database, clock):
    seed_many(database, 70, clock, name=lambda i: f"Project {i:02d} " + "with a long name " * 4)  # 80: the longest name
    ada.command("digest", channel="C2")
    [digest] = digests(fake)
    assert tables(digest) == [] and "…and 55 more" in text_of(digest)
    assert fake.violations == []


def test_a_table_slack_refuses_is_posted_once_more_without_it_and_its_chart_follows(ada, fake, database, clock):
    seed(database, ("weak", 2, HARD, "U2"), ("strong", 5, EASY, "U1"), now=clock.now)
    fake.fail_next("chat.postMessage", error="invalid_blocks")  # a workspace where Slack will not take the table
    ada.command("digest", channel="C2")
    [digest] = digests(fake)
    assert tables(digest) == [] and text_of(digest).index("*1.* *Strong*") < text_of(digest).index("*2.* *Weak*")
    tried = [c.args for c in fake.calls_to("chat.postMessage") if c.args.get("channel") == "C2"]
    assert [any(b["type"] == "table" for b in a["blocks"]) for a in tried] == [True, False]
    [chart] = fake.files_in("C2")
    assert chart.thread_ts == digest.ts


def test_the_fallback_is_tried_once_and_a_second_refusal_is_told_to_whoever_asked(ada, fake, database, clock):
    seed(database, ("strong", 5, EASY, "U1"), now=clock.now)
    fake.fail_next("chat.postMessage", error="invalid_blocks", times=2)
    ada.command("digest", channel="C2")
    assert digests(fake) == []
    assert len([c for c in fake.calls_to("chat.postMessage") if c.args.get("channel") == "C2"]) == 2
    [told] = [c.args["text"] for c in fake.calls_to("chat.postMessage") if c.args.get("channel") == "U1"]
    assert told.startswith("I could not post the digest you asked for")


def test_an_answer_lost_is_never_answered_with_the_fallback_so_nothing_is_posted_twice(ada, fake, database, clock):
    seed(database, ("strong", 5, EASY, "U1"), now=clock.now)
    fake.fail_next("chat.postMessage", status=503, lost=True)  # posted, but Slack's answer never came
    ada.command("digest", channel="C2")
    [digest] = digests(fake)
    assert len(tables(digest)) == 1
    assert len([c for c in fake.calls_to("chat.postMessage") if c.args.get("channel") == "C2"]) == 1
