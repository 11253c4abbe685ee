from collections.abc import Iterator

import pytest
from slack_sdk import WebClient

from bot.standin.fake_slack import FakeSlack
from tests.bot.harness import RunningBot, SlackUser
from tests.bot.oauth import clear_installations
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


# A bare stand-in and the real WebClient pointed at it, for the stand-in's own tests (a module with
# its own ``slack`` or ``client`` fixture uses that one instead).
@pytest.fixture
def slack() -> Iterator[FakeSlack]:
    fake = FakeSlack().start()
    yield fake
    fake.stop()


@pytest.fixture
def client(slack: FakeSlack) -> WebClient:
    return WebClient(token="xoxb-contract", base_url=slack.api_url)


@pytest.fixture
def installations(database):
    """The database with no installation before or after (the shared fixture truncates only MLScope's tables)."""
    clear_installations(database)
    yield database
    clear_installations(database)
