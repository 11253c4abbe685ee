from collections.abc import Iterator

import pytest

from bot.standin.fake_slack import FakeSlack
from tests.bot.harness import RunningBot, SlackUser
from tests.conftest import T0


@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    slack = FakeSlack().start()
    slack.add_channel("C2", "ml-team")
    slack.add_channel("CPRIV", "secret-ml", member=False, private=True)
    slack.add_channel("COUT", "random", member=False)
    slack.add_user("U2", "grace", tz="America/New_York")
    yield slack
    slack.stop()


@pytest.fixture
def clock():
    class Clock:
        now = T0

        def __call__(self):
            return self.now

    return Clock()


@pytest.fixture
def bot(database, fake, clock) -> Iterator[RunningBot]:
    running = RunningBot(database, fake, clock)
    yield running
    running.stop()
    assert fake.violations == [], "the bot sent Block Kit that Slack would reject"


@pytest.fixture
def ada(bot) -> SlackUser:
    return SlackUser(bot, "U1")


@pytest.fixture
def grace(bot) -> SlackUser:
    return SlackUser(bot, "U2")
