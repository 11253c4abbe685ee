"""People and channels as Slack sends them with should_escape: true, and what a person typed instead."""

import pytest

from domain import mentions
from domain.mentions import Channel, MentionError, Person


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("<@U2>", Person("U2")),  # the documented form today: no name
        ("<@U012ABCDEF>", Person("U012ABCDEF")),
        ("<@U2|grace>", Person("U2", "grace")),  # older clients add the name
        ("<@W012ABCDEF>", Person("W012ABCDEF")),  # Enterprise Grid
        ("<@W012ABCDEF|grace.hopper>", Person("W012ABCDEF", "grace.hopper")),
        ("<@U2|o&amp;brien>", Person("U2", "o&brien")),
        ("U012ABCDEF", Person("U012ABCDEF")),  # "Copy member ID"
        ("W012ABCDEF", Person("W012ABCDEF")),
        ("  <@U2|grace>  ", Person("U2", "grace")),
    ],
)
def test_a_person_in_each_form_slack_sends(word, expected):
    assert mentions.person(word) == expected
    assert str(mentions.person(word)) == f"<@{expected.id}>"


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("<#C2|ml-team>", Channel("C2", "ml-team")),
        ("<#C012ABCDE|general>", Channel("C012ABCDE", "general")),
        ("<#C012ABCDE|>", Channel("C012ABCDE")),  # a private channel comes without its name
        ("<#C012ABCDE>", Channel("C012ABCDE")),
        ("<#G012ABCDE|old-private>", Channel("G012ABCDE", "old-private")),
        ("C012ABCDE9", Channel("C012ABCDE9")),
    ],
)
def test_a_channel_in_each_form_slack_sends(word, expected):
    assert mentions.channel(word) == expected
    assert str(mentions.channel(word)) == f"<#{expected.id}>"


def test_bare_ids_can_be_refused_where_a_command_does_not_take_them():
    with pytest.raises(MentionError):
        mentions.person("U012ABCDEF", bare_ids=False)
    with pytest.raises(MentionError):
        mentions.channel("C012ABCDE9", bare_ids=False)


def test_a_plain_name_gets_the_autocomplete_hint_and_names_nobody():
    with pytest.raises(MentionError) as person:
        mentions.person("@grace")
    assert person.value.rule == "mention_plain"
    assert "“@grace” is plain text" in person.value.message
    assert "pick the person from Slack's autocomplete list" in person.value.message
    with pytest.raises(MentionError) as channel:
        mentions.channel("#general")
    assert channel.value.rule == "mention_plain"
    assert "“#general” is plain text" in channel.value.message
    assert "pick the channel from Slack's autocomplete list" in channel.value.message


@pytest.mark.parametrize(
    ("word", "says"),
    [
        ("grace", "“grace” is not a person"),
        ("@", "“@” is not a person"),
        ("", "“” is not a person"),
        ("<@u2>", "is not a person"),  # ids are upper case
        ("<@B012ABCDEF>", "is not a person"),  # a bot id
        ("<@U2|a|b>", "is not a person"),
        ("<@U2", "is not a person"),
        ("<@U2> <@U3>", "is not a person"),
        ("&lt;@U2&gt;", "“<@U2>” is not a person"),  # typed literally: Slack escapes it
        ("<#C2|ml-team>", "<#C2> is a channel, not a person"),
        ("<!here>", "“@here” is everyone in a channel; name one person"),
        ("<!channel>", "“@channel” is everyone"),
        ("<!subteam^S012AB|@ml-team>", "“@ml-team” is a user group; name one person"),
        ("<https://example.com>", "is not a person"),
        ("UTC", "is not a person"),  # too short, no digit: not a bare id
        ("UNDERSTAND", "is not a person"),
        ("u012abcdef", "is not a person"),
    ],
)
def test_what_is_not_a_person_says_why(word, says):
    with pytest.raises(MentionError) as err:
        mentions.person(word)
    assert says in err.value.message


@pytest.mark.parametrize(
    ("word", "says"),
    [
        ("general", "“general” is not a channel"),
        ("<#c2|x>", "is not a channel"),
        ("<#D012ABCDE>", "is not a channel"),  # a DM is not a channel one can name
        ("<@U2|grace>", "<@U2> is a person, not a channel"),
        ("<!everyone>", "“@everyone” is everyone in a channel; name one channel"),
        ("CET", "is not a channel"),
    ],
)
def test_what_is_not_a_channel_says_why(word, says):
    with pytest.raises(MentionError) as err:
        mentions.channel(word)
    assert says in err.value.message


@pytest.mark.parametrize(
    "word",
    [
        "<@U" + "A" * 5000 + ">",
        "<@U2|" + "g" * 200 + ">",
        "<#C2|" + "x" * 200 + ">",
        "@" + "g" * 10_000,
        "U" + "1" * 100,
    ],
)
def test_over_long_input_is_refused_quickly_and_quoted_short(word):
    for parse in (mentions.person, mentions.channel):
        with pytest.raises(MentionError) as err:
            parse(word)
        assert len(err.value.message) < 200 and "…”" in err.value.message


def test_the_longest_id_and_name_slack_could_send_still_parse():
    longest = "U" + "A1" * 15 + "B"
    assert len(longest) == mentions.ID_MAX
    assert mentions.person(f"<@{longest}|{'g' * mentions.LABEL_MAX}>").id == longest
    with pytest.raises(MentionError):
        mentions.person(f"<@{longest}C>")


def test_what_a_command_means_to_name():
    assert mentions.is_person_like("@grace") and mentions.is_person_like("<@U2>")
    assert mentions.is_person_like("<!here>") and mentions.is_person_like("U012ABCDEF")
    assert not mentions.is_person_like("training") and not mentions.is_person_like("UTC")
    assert mentions.is_channel_like("#general") and mentions.is_channel_like("<#C2|>")
    assert mentions.is_channel_like("C012ABCDE9")
    assert not mentions.is_channel_like("CET") and not mentions.is_channel_like("weekly")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("blocked on <@U2|grace>", "blocked on @grace"),
        ("blocked on <@U012ABCDEF>", "blocked on @U012ABCDEF"),
        ("see <#C2|ml-team> and <#C3|>", "see #ml-team and #C3"),
        ("<https://example.com/a?b=1&amp;c=2>", "https://example.com/a?b=1&c=2"),
        ("<https://example.com|the doc>", "the doc (https://example.com)"),
        ("<mailto:a@example.com|a@example.com>", "a@example.com"),
        ("ping <!here> and <!subteam^S1|@ml-team>", "ping @here and @ml-team"),
        ("<!date^1392734382^{date}|Feb 18>", "Feb 18"),
        ("R&amp;D &lt;3 &amp;lt;", "R&D <3 &lt;"),
        ("plain words", "plain words"),
    ],
)
def test_free_text_reads_as_typed_and_never_carries_a_mention(text, expected):
    assert mentions.readable(text) == expected
    assert "<@" not in mentions.readable(text) and "<!" not in mentions.readable(text)
