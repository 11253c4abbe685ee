"""The digest's line says what people said at check-ins (open blockers, the latest note, or the
data plan if newer), short and escaped, within Slack's limits; "no reading for N weeks" takes
the workspace's N, which admins and leads set with ``/mlproject settings stale-readings``."""

import re
from datetime import timedelta

import pytest

from bot.features.digests.said import BLOCKER_CHARS, NOTE_CHARS
from domain import data_plan, reading_use_cases, workspace_use_cases
from domain.checkins import Occurrence, OccurrenceKind, OccurrenceStatus, Response
from tests.bot.harness import SlackUser
from tests.bot.test_digests import digests, ranking, seed, text_of
from tests.builders import EASY


@pytest.fixture
def admin(bot, fake) -> SlackUser:
    fake.add_user("U3", "hopper", admin=True)
    return SlackUser(bot, "U3")


def said_at_checkin(database, ref, at, *answers):
    """A posted check-in of ``ref`` at ``at``, with (user, notes, blockers) answered an hour later."""
    with database.uow() as uow:
        project = uow.projects.get("T1", ref)
        occ = Occurrence("T1", OccurrenceKind.CHECKIN, at, project_id=project.id, status=OccurrenceStatus.POSTED,
                         channel="C2", ts=f"{at.timestamp():.6f}")  # fmt: skip
        [occ_id] = uow.occurrences.add_all_if_absent([occ])
        for user, notes, blockers in answers:
            uow.responses.put(Response(occ_id, "T1", user, notes=notes, blockers=blockers, updated_at=at + timedelta(hours=1)))
        uow.commit()


def line_of(digest, ref):
    """The project's row of the ranking table (its cells joined by " | "), or, in the layout without
    a table, its ranked line (``*3.* *Name* `ref` …``) and the line under it, if any."""
    if any(b["type"] == "table" for b in digest.blocks):
        [row] = [row for row in ranking(digest) if f" {ref} |" in row]
        return row
    text = "\n".join(b["text"]["text"] for b in digest.blocks if b["type"] == "section")
    found = re.search(rf"^\*\d+\.\* \*[^*]+\* `{ref}` .*(\n {{7}}.*)?", text, re.M)
    assert found, f"no ranked line for {ref}"
    return found.group(0)


def test_the_line_shows_open_blockers_from_every_check_in_and_the_latest_note(ada, fake, database, clock):
    seed(database, ("churn", 5, EASY, "U1"), now=clock.now - timedelta(weeks=3))
    said_at_checkin(database, "churn", clock.now - timedelta(weeks=2), ("U1", "old note", "GPU quota <ask> & wait"))
    said_at_checkin(database, "churn", clock.now - timedelta(weeks=1), ("U2", "labelling guide v2 is out", "vendor late"))
    ada.command("digest", channel="C2")
    line = line_of(digests(fake)[-1], "churn")
    assert "🚧 2 open blockers: GPU quota <ask> & wait; vendor late" in line  # a table cell shows text as typed
    assert "📝 note 6 days ago: labelling guide v2 is out" in line and "old note" not in line  # said an hour after the check-in


def test_the_data_plan_is_the_note_when_it_is_newer_and_a_newer_note_wins_again(ada, fake, database, clock):
    seed(database, ("churn", 5, EASY, "U1"), now=clock.now - timedelta(weeks=3))
    said_at_checkin(database, "churn", clock.now - timedelta(weeks=2), ("U1", "labelling guide v2 is out", ""))
    data_plan.save_data_plan(database.uow(), "T1", "churn", "Buy the vendor's churn set", actor="U1", now=clock.now - timedelta(days=3))
    ada.command("digest", channel="C2")
    line = line_of(digests(fake)[-1], "churn")
    assert "📝 data plan" in line and "Buy the vendor's churn set" in line and "labelling guide" not in line
    assert "data plan added" in text_of(digests(fake)[-1]), "what changed says it too"
    said_at_checkin(database, "churn", clock.now - timedelta(days=1), ("U2", "vendor set arrived", ""))
    clock.now += timedelta(minutes=2)
    ada.command("digest", channel="C2")
    line = line_of(digests(fake)[-1], "churn")
    assert "📝 note" in line and "vendor set arrived" in line and "Buy the vendor" not in line


def test_a_resolved_blocker_leaves_the_line_and_a_project_with_nothing_said_has_no_second_line(ada, fake, database, clock):
    seed(database, ("churn", 5, EASY, "U1"), ("fraud", 4, EASY, "U1"), now=clock.now - timedelta(weeks=3))
    said_at_checkin(database, "churn", clock.now - timedelta(weeks=1), ("U1", "", "vendor late"))
    with database.uow() as uow:
        [blocker] = uow.responses.open_blockers([uow.projects.get("T1", "churn").id])[uow.projects.get("T1", "churn").id]
        uow.responses.resolve_blocker(blocker.occurrence_id, "U1", by="U1", now=clock.now)
        uow.commit()
    ada.command("digest", channel="C2")
    body = text_of(digests(fake)[-1])
    assert "vendor late" not in body and "🚧" not in body and "📝" not in body


def test_long_notes_and_blockers_are_cut_short_and_a_big_portfolio_stays_within_limits(ada, fake, database, clock):
    specs = [(f"p{i:02d}", 1 + i % 5, EASY, "U1") for i in range(30)]
    seed(database, *specs, now=clock.now - timedelta(weeks=3))
    for ref, *_ in specs:
        for week in (3, 2, 1):
            said_at_checkin(database, ref, clock.now - timedelta(weeks=week), ("U1", "n<&>" * 250, "b&<>" * 250))
        data_plan.save_data_plan(database.uow(), "T1", ref, "p&<" * 1000, actor="U1", now=clock.now - timedelta(weeks=4))
    ada.command("digest", channel="C2")
    [digest] = digests(fake)
    assert fake.violations == [] and len(digest.blocks) <= 50
    line = line_of(digest, "p04")  # impact 5: in the top 15
    assert "🚧 3 open blockers" in line and "(+1 older)" in line
    note = line.split("📝 note")[1]
    assert len(note) < NOTE_CHARS * 5 + 40 and "…" in note
    assert all(len(b.split(":", 1)[-1]) < BLOCKER_CHARS * 5 for b in line.split("🚧")[1].split("📝")[0].split(";"))


def test_no_reading_for_the_workspaces_n_weeks_needs_attention(ada, admin, fake, database, clock):
    seed(database, ("churn", 5, EASY, "U1"), now=clock.now - timedelta(weeks=10))
    reading_use_cases.record_metric(database.uow(), "T1", "churn", 0.7, note=None, actor="U1", now=clock.now - timedelta(weeks=3))
    ada.command("digest", channel="C2")
    assert "no reading for" not in text_of(digests(fake)[-1]), "3 weeks is within the default 4"
    assert "Stale readings are now *2 weeks*" in admin.command("settings stale-readings 2").body["text"]
    clock.now += timedelta(minutes=2)
    ada.command("digest", channel="C2")
    assert "no reading for 3 weeks" in text_of(digests(fake)[-1])


def test_settings_show_the_stale_weeks_and_only_admins_and_leads_change_them(ada, grace, admin, database):
    assert "*Stale readings: 4 weeks*" in ada.command("settings").body["text"]
    assert "*Stale readings: 4 weeks*" in ada.command("settings stale-readings").body["text"]
    assert "Only workspace admins and MLScope leads" in grace.command("settings stale-readings 8").body["text"]
    assert workspace_use_cases.stale_weeks(database.uow(), "T1") == 4
    admin.command("leads add <@U2>")
    assert "now *8 weeks*" in grace.command("settings stale-readings 8 weeks").body["text"]
    assert "already *8 weeks*" in grace.command("settings stale-readings 8").body["text"]
    assert "*Stale readings: 8 weeks*" in ada.command("settings").body["text"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("settings stale-readings 0", "out of bounds: no reading for 1 to 26 weeks"),
        ("settings stale-readings 27", "out of bounds: no reading for 1 to 26 weeks"),
        ("settings stale-readings four", "“four” is not a number of weeks"),
        ("settings stale-readings -3", "“-3” is not a number of weeks"),
        ("settings stale-readings 6 days", "settings stale-readings 6"),
    ],
)
def test_bad_stale_weeks_answer_with_a_clear_message_and_change_nothing(admin, database, text, expected):
    assert expected in admin.command(text).body["text"]
    assert workspace_use_cases.stale_weeks(database.uow(), "T1") == 4


def test_help_lists_the_stale_readings_setting(ada):
    assert "settings stale-readings <weeks>" in ada.command("help").body["text"]
