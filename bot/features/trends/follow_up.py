"""``show``'s chart, after the ack: drawn, uploaded privately, shown by its file id through the
command's response_url; the text trend instead when Slack does not take it. It never fails the
command: the card with its sparkline is already in the ack.

- **Uploaded privately.** ``files_upload_v2`` (files.getUploadURLExternal, the bytes,
  files.completeUploadExternal) without a channel: "If not specified the file will be private"
  (https://docs.slack.dev/reference/methods/files.completeUploadExternal), i.e. the app's own, and
  "the user posting these blocks must have access to this file"
  (https://docs.slack.dev/reference/block-kit/composition-objects/slack-file-object): the app posts
  it. Sharing it into the channel would post it for everyone, while ``show`` answers one person
  (and the portfolio may be for members only).
- **Processed before shown.** Slack processes an upload asynchronously; until then an image block
  naming it is refused (invalid_blocks, "invalid slack file"; a response_url answers 404:
  https://github.com/slackapi/java-slack-sdk/issues/1349). The reply is tried again after 0.5 s
  and 1 s more (3 of the response_url's 5 uses), then the text trend is sent, saying the chart is
  unavailable. An upload refused or failing (429/5xx after the client's retries) says the same.
- **In the reader's timezone.** The time axis (and the alt text's dates) are in the Slack timezone
  of the person who asked (``users.info``'s ``user.tz``:
  https://docs.slack.dev/reference/methods/users.info), as ``show``'s dates are; UTC when Slack
  does not say or cannot be asked, and the axis names the zone it is in.
- **Uploaded once per trend.** The file id is kept per Slack API, workspace, trend and timezone (in
  this process, the newest ``KEEP``): ``show`` again with no new reading shows the same file. A kept
  file Slack no longer shows is forgotten, and the next ``show`` uploads again.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any
from urllib.error import URLError
from zoneinfo import ZoneInfo

from slack_bolt import Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from bot.features.trends.blocks import chart_message, unavailable_message
from bot.features.trends.chart import trend_chart
from bot.slack.errors import error_code
from domain.trend import Trend, alt_text

log = logging.getLogger("mlscope.trends")
WAITS = (0.0, 0.5, 1.0)  # before each try of the reply: Slack may still be processing the upload
KEEP = 256
Key = tuple[str, str, Trend, str]
_uploaded: OrderedDict[Key, str] = OrderedDict()
_lock = threading.Lock()


def send_chart(
    client: WebClient, respond: Respond, team: str, ref: str, trend: Trend, *, reader: str,
    sleep: Callable[[float], None] = time.sleep,
) -> None:  # fmt: skip
    """The chart as a follow-up to ``show``, or the text trend saying the chart is unavailable."""
    key = (client.base_url, team, trend, reader_zone(client, reader))
    try:
        file_id = _kept(key) or _upload(client, key, ref, trend)
    except (SlackClientError, URLError, OSError) as exc:  # refused, 429/5xx after retries, the upload itself
        log.warning("trend chart of %s not uploaded: %s", ref, error_code(exc) if isinstance(exc, SlackApiError) else exc)
        _say(respond, unavailable_message(trend))
        return
    for wait in WAITS:
        sleep(wait)
        answer = _say(respond, chart_message(trend, file_id, zone=key[3]))
        if answer is None or answer.status_code == 200:
            return
        if "invalid_blocks" not in str(answer.body):
            break  # the response_url itself refuses (used, expired): the file is fine
    log.warning("trend chart %s of %s not shown: %s", file_id, ref, answer.body)
    if "invalid_blocks" in str(answer.body):
        _forget(key)  # never shown: the next show uploads again
    _say(respond, unavailable_message(trend))


def reader_zone(client: WebClient, user: str) -> str:
    """The person's Slack timezone (an IANA name), or UTC when Slack does not say or cannot be asked."""
    try:
        zone = str(client.users_info(user=user)["user"].get("tz") or "UTC")
        ZoneInfo(zone)
    except (SlackClientError, URLError, OSError, KeyError, ValueError):  # ZoneInfoNotFoundError is a KeyError
        return "UTC"
    return zone


def _upload(client: WebClient, key: Key, ref: str, trend: Trend) -> str:
    zone = key[3]
    png = trend_chart(trend, zone)
    uploaded = client.files_upload_v2(
        content=png, filename=f"trend-{ref}.png", title=f"{trend.metric} over time", alt_txt=alt_text(trend, zone)
    )
    file_id = str(uploaded["file"]["id"])
    with _lock:
        _uploaded[key] = file_id
        while len(_uploaded) > KEEP:
            _uploaded.popitem(last=False)
    return file_id


def _kept(key: Key) -> str | None:
    with _lock:
        found = _uploaded.get(key)
        if found is not None:
            _uploaded.move_to_end(key)
        return found


def _forget(key: Key) -> None:
    with _lock:
        _uploaded.pop(key, None)


def _say(respond: Respond, body: dict[str, Any]) -> Any:
    """Post ``body`` to the response_url: Slack's answer, or None when it could not be reached."""
    try:
        return respond(**body)
    except (URLError, OSError) as exc:
        log.warning("response_url unreachable for a trend: %s", exc)
        return None
