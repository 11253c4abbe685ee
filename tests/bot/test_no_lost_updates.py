"""No lost updates: work that finishes in the background never rewrites what a person saved meanwhile.

After step 1 of the scoping modal a background job asks Slack for the owner's timezone and adds it
to the draft; the person (or a script) is already submitting the next steps. Both writers add
their own fields to the draft as it is when they write (compare-and-set), on SQLite and PostgreSQL.
"""

from __future__ import annotations

import threading

from bot.slack.metadata import CardButton
from domain import draft_use_cases, project_queries
from tests.bot.flows import STEP_1, STEP_2, STEP_3, STEP_4, STEP_5, submit_steps, walk
from tests.bot.harness import SlackUser

RATED = {"business_value", "cheap_prediction", "friction_removed", "rules_replaced"}


def test_steps_submitted_while_slack_is_asked_for_the_timezone_are_kept_with_it(ada, fake, database):
    answered = fake.hold("users.info")  # Slack answers only once the next steps are in
    ada.command("new")
    with ada.bot.racing():
        replies = submit_steps(ada, [STEP_1 | {"owner": "U2"}, STEP_2, STEP_3])
        answered.set()
    step4 = replies[-1].body["view"] | {"id": fake.last_view()["id"]}
    step5 = submit_steps(ada, [STEP_4], step4)[-1].body["view"]

    draft = draft_use_cases.load_draft(database.uow(), "T1", "U1")
    assert set(draft.data["impact"]) == RATED and draft.data["feasibility"]
    assert draft.data["owner_tz"] == "America/New_York"
    tz = next(b for b in step5["blocks"] if b.get("block_id") == "timezone")
    assert tz["element"]["initial_value"] == "America/New_York"


def test_ten_projects_scoped_at_once_with_no_pause_lose_nothing(bot, fake, database):
    people = [SlackUser(bot, f"U{n}") for n in range(10, 20)]
    views = {}
    for person in people:
        fake.add_user(person.user, person.user.lower(), tz="Asia/Tokyo")
        person.command("new")
        views[person.user] = fake.last_view()

    def scope(person: SlackUser, n: int) -> None:
        first = STEP_1 | {"name": f"Churn Predictor {n}", "owner": person.user}
        submit_steps(person, [first, STEP_2, STEP_3, STEP_4, STEP_5], views[person.user])

    with bot.racing():
        threads = [threading.Thread(target=scope, args=(p, n)) for n, p in enumerate(people)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)

    projects = [r.project for r in project_queries.list_projects(database.uow(), "T1")]
    assert sorted(p.name for p in projects) == sorted(f"Churn Predictor {n}" for n in range(10))
    for project in projects:
        assert set(project.scope.impact) == RATED, project.name
        assert project.scope.feasibility and project.scope.optimizing is not None, project.name
        assert project.checkin is not None and project.checkin.timezone == "Europe/Paris", project.name


def test_step_1_of_an_edit_submitted_before_its_draft_is_written_is_kept(ada, fake, database):
    """The edit's draft is written once views.open has answered; should step 1 come in first, its
    answers are the draft, and the draft the opener meant to write is not written over them."""
    walk(ada)
    project = project_queries.get_project(database.uow(), "T1", "churn-predictor")
    message = fake.message(project.card_channel, project.card_ts)
    card = {"ts": message.ts, "blocks": message.blocks, "text": message.text}

    def click_edit():
        value = CardButton(ref="churn-predictor").dump()
        return ada.click("card_edit", value=value, block_id="card:churn-predictor", channel="C2", message=card)

    click_edit()
    step_1 = fake.last_view()  # the form the next click opens too
    draft_use_cases.discard_draft(database.uow(), "T1", "U1:edit")

    opened = fake.hold("views.open")
    with ada.bot.racing():
        click_edit()  # its background work waits on views.open
        ada.submit(step_1, {"name": "Churn Predictor v2"})
        opened.set()
    draft = draft_use_cases.load_draft(database.uow(), "T1", "U1:edit")
    assert (draft.step, draft.data["name"]) == (2, "Churn Predictor v2")
