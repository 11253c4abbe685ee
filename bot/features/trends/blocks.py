"""What a trend looks like in Slack (pure builders): the chart's image block with its text
fallback, the reply when the chart cannot be had, and the card's sparkline line.

The image block shows the chart by the id of a file the app uploaded (``slack_file``): an image
(png, jpg, jpeg, gif) the poster can see; alt_text is required (up to 2,000 characters).
https://docs.slack.dev/reference/block-kit/blocks/image-block
https://docs.slack.dev/reference/block-kit/composition-objects/slack-file-object
"""

from __future__ import annotations

from typing import Any

from bot.slack import kit
from bot.slack.replies import reply
from domain.trend import Trend, alt_text, trend_line


def sparkline_line(trend: Trend | None) -> str | None:
    """The card's and show's text trend: '📈 ▁▃▅▇ 0.61 → 0.7 (4 readings) · target 0.8 · …'; None under two readings."""
    if trend is None or not trend.chartable:
        return None
    return f"📈 {kit.esc(trend_line(trend))}"


def chart_message(trend: Trend, file_id: str, *, zone: str = "UTC") -> dict[str, Any]:
    """show's follow-up: the chart (its time axis in ``zone``), and the same in text for notifications and screen readers."""
    image: kit.Block = {
        "type": "image",
        "slack_file": {"id": file_id},
        "alt_text": alt_text(trend, zone),
        "title": {"type": "plain_text", "text": kit.cut(f"{trend.metric} over time", 2000)},
    }
    line = kit.esc(trend_line(trend))
    return reply(f"Trend of {kit.esc(trend.metric)}: {line}", [image, kit.context(f"📈 {line}")])


def unavailable_message(trend: Trend) -> dict[str, Any]:
    """When Slack did not take the chart: the text trend, and that the chart is unavailable."""
    return reply(
        f"📉 The trend chart is unavailable right now (Slack did not take it; `show` again later). "
        f"{kit.esc(trend.metric)}: {kit.esc(trend_line(trend))}"
    )
