"""What a request says about where it comes from, and what MLScope carries in Slack payloads, read once."""

import pytest

from bot.features.scoping.meta import FlowMeta
from bot.slack.metadata import CardButton, CardForm, CheckinAnswer, CheckinDetails, DetailsForm
from bot.slack.origin import Origin
from domain.checkins import Question
from domain.errors import DomainError


def test_a_command_an_interaction_and_an_event_name_their_person_and_channel_each_their_own_way():
    command = {"team_id": "T1", "user_id": "U1", "channel_id": "C1", "trigger_id": "t1", "response_url": "r1"}
    click = {
        "type": "block_actions",
        "team": {"id": "T1"},
        "user": {"id": "U2", "team_id": "T1"},
        "container": {"channel_id": "C2"},
        "trigger_id": "t2",
    }
    event = {"team_id": "T1", "event": {"type": "app_home_opened", "user": "U3"}}
    assert Origin.of(command) == Origin(team="T1", user="U1", channel="C1", trigger_id="t1", response_url="r1")
    assert (Origin.of(click).user, Origin.of(click).channel, Origin.of(click).trigger_id) == ("U2", "C2", "t2")
    assert (Origin.of(event).user, Origin.of(event).channel, Origin.of(event).trigger_id) == ("U3", None, "")


def test_a_slack_connect_user_acts_in_the_installation_s_workspace_not_their_own():
    click = {
        "type": "block_actions",
        "team": {"id": "TOTHER"},
        "user": {"id": "U9", "team_id": "TOTHER"},
        "view": {"app_installed_team_id": "T1"},
    }
    assert Origin.of(click).team == "T1"


@pytest.mark.parametrize(
    "payload",
    [
        CardButton(ref="churn"),
        CardForm(ref="churn"),
        CheckinAnswer(occurrence=7, question=list(Question)[0]),
        CheckinDetails(occurrence=7),
        DetailsForm(occurrence=7),
        FlowMeta(mode="edit", step=3, ref="churn", origin_channel="C1"),
    ],
)
def test_every_payload_kind_reads_back_what_was_written(payload):
    assert type(payload).load(payload.dump()) == payload


def test_a_card_or_check_in_posted_by_the_previous_version_still_reads():
    assert CardButton.of_button({"actions": [{"value": "churn-2"}]}) == CardButton(ref="churn-2")
    assert CardForm.of_view({"private_metadata": "churn"}) == CardForm(ref="churn")
    assert CheckinAnswer.of_button({"actions": [{"value": "12:data"}]}) == CheckinAnswer(
        occurrence=12, question=Question.DATA
    )
    assert CheckinDetails.of_button({"actions": [{"value": "12"}]}) == CheckinDetails(occurrence=12)
    assert DetailsForm.of_view({"private_metadata": "12"}) == DetailsForm(occurrence=12)


def test_a_payload_that_is_neither_encoding_is_refused_with_its_own_words():
    with pytest.raises(DomainError, match="does not belong to a check-in"):
        CheckinAnswer.of_button({"actions": [{"value": "12:weather"}]})
    with pytest.raises(DomainError, match="does not belong to a check-in"):
        CheckinDetails.of_button({"actions": [{"value": "twelve"}]})
    with pytest.raises(DomainError, match="out of date"):
        CardForm.of_view({"private_metadata": "Churn Predictor!"})
    with pytest.raises(DomainError, match="out of date"):
        CardButton.of_button({"actions": [{}]})
    with pytest.raises(DomainError, match="start again with /mlproject new"):
        FlowMeta.of_view({"private_metadata": "not json"})
