"""One post, attempted until Slack accepts it, the tick's budget runs out, or Slack refuses it.

What each failure means is ``bot.ticker.outcomes``'; this loop only waits, joins, uploads and
records. A chart is uploaded once, however often Slack says wait.
"""

from __future__ import annotations

import logging
import urllib.request
from datetime import timedelta
from typing import TYPE_CHECKING, Any
from urllib.error import URLError

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.slack.errors import error_code, explain
from bot.slack.ids import OCCURRENCE_EVENT
from bot.ticker.outcomes import PERMANENT_RETRY, NotInChannel, RateLimited, Unknown, classify
from bot.ticker.pace import ChannelPace
from bot.ticker.posts import Post
from bot.ticker.reconcile import join
from bot.ticker.report import TickReport
from domain import posting

if TYPE_CHECKING:
    from bot.ticker.tick import Ticker

log = logging.getLogger("mlscope.tick")
# chat.postMessage's errors for blocks it will not take (https://docs.slack.dev/reference/methods/chat.postMessage);
# a second table is invalid_attachments (bot/standin/rich_limits.py)
BLOCKS_REFUSED = frozenset({"invalid_blocks", "invalid_blocks_format", "invalid_attachments", "msg_blocks_too_long"})


class Attempt:
    def __init__(self, ticker: Ticker, post: Post, deadline: float, report: TickReport, pace: ChannelPace):
        self.ticker, self.post, self.deadline, self.report, self.pace = ticker, post, deadline, report, pace
        self.client = ticker.client_for(post.occ.team_id)
        self.chart: str | None = None
        self.joined = False

    def run(self) -> bool:
        """Whether the post went out (and was recorded)."""
        while True:
            if not self._paced():
                return False
            try:
                response = self._send()
            except (SlackApiError, URLError, OSError) as exc:
                if self._again(exc):
                    continue
                return False
            self.pace.accepted()
            self.ticker.finished(self.post.occ, channel=str(response["channel"]), ts=str(response["ts"]))
            self.report.posted += 1
            return True

    def _paced(self) -> bool:
        """Wait for the channel's pace, or give the post back to a later tick if that would overrun."""
        wait = self.pace.wait()
        if wait and self.ticker.monotonic() + wait >= self.deadline:
            self.ticker.retry(self.post.occ, timedelta(seconds=wait), "ratelimited", self.report)
            return False
        if wait:
            self.ticker.sleep(wait)
        return True

    def _send(self) -> Any:
        post = self.post
        if post.file is None:
            metadata = {"event_type": OCCURRENCE_EVENT, "event_payload": {"occurrence_id": post.occ.id}}
            return self.client.chat_postMessage(
                channel=post.channel, thread_ts=post.thread_ts, metadata=metadata, **post.message
            )
        self.chart = self.chart or self._upload()
        self.client.files_completeUploadExternal(
            files=[{"id": self.chart, "title": post.message["title"]}], channel_id=post.channel, thread_ts=post.thread_ts
        )
        return {"channel": post.channel, "ts": self.chart}  # a shared file's message has no ts here

    def _again(self, exc: Exception) -> bool:
        """Whether to try again at once; otherwise what happened is recorded."""
        outcome, occ = classify(exc), self.post.occ
        if isinstance(outcome, RateLimited):
            self.pace.limited = True
            if self.ticker.monotonic() + outcome.wait < self.deadline:
                self.ticker.sleep(outcome.wait)
                return True
            self.ticker.retry(occ, timedelta(seconds=outcome.wait), "ratelimited", self.report)
        elif isinstance(outcome, Unknown):
            self.ticker.unknown(occ, outcome.error, self.report)
        elif isinstance(outcome, NotInChannel) and not self.joined and join(self.client, self.post.channel):
            self.joined = True  # a file is shared only where the bot is (chat:write.public covers messages)
            return True
        else:
            assert isinstance(exc, SlackApiError)
            if self._fall_back(exc):
                return True
            self._refused(exc)
        return False

    def _fall_back(self, exc: SlackApiError) -> bool:
        """Slack refused the message's blocks (a table block it would not take, say): post the
        poster's fallback instead, once. Only on a refusal, when nothing was posted; an answer lost
        (5xx, network) is looked for in Slack first (``reconcile``), so nothing is posted twice."""
        post, code = self.post, error_code(exc)
        if post.fallback is None or code not in BLOCKS_REFUSED:
            return False
        log.warning("occurrence %s in %s: Slack refused its blocks (%s); posting the fallback", post.occ.id, post.channel, code)
        post.message, post.fallback = post.fallback, None
        return True

    def _upload(self) -> str:
        """Upload the chart's bytes (not yet shared anywhere) and record the file's id before sharing
        it: a shared file's message carries no metadata, so after a crash it is found by this id."""
        post = self.post
        assert post.file is not None
        issued = self.client.files_getUploadURLExternal(filename="portfolio.png", length=len(post.file))
        upload(str(issued["upload_url"]), post.file)
        file_id = str(issued["file_id"])
        posting.note_upload(self.ticker.deps.uow(), post.occ, self.ticker.holder, file_id)
        post.occ.payload = dict(post.occ.payload) | {"file_id": file_id}
        return file_id

    def _refused(self, exc: SlackApiError) -> None:
        """Slack said no: nothing was posted. Tell whoever asked for it, or try again in an hour."""
        occ, code = self.post.occ, error_code(exc)
        log.warning("occurrence %s in %s refused by Slack: %s", occ.id, self.post.channel, code)
        requester = occ.payload.get("requested_by")
        if requester:
            _tell_requester(self.client, requester, explain(exc, channel=self.post.channel))
            posting.skip(self.ticker.deps.uow(), occ, self.ticker.holder, code)
            self.report.skipped += 1
        else:
            self.ticker.retry(occ, PERMANENT_RETRY, code, self.report)


def _tell_requester(client: WebClient, user: str, text: str) -> None:
    try:
        client.chat_postMessage(channel=user, text=f"I could not post the digest you asked for: {text}")
    except SlackApiError as exc:
        log.warning("could not tell %s why a digest failed: %s", user, error_code(exc))


def upload(url: str, data: bytes) -> None:
    """POST a file's bytes to the URL files.getUploadURLExternal issued.
    https://docs.slack.dev/messaging/working-with-files#upload"""
    request = urllib.request.Request(url, data=data, method="POST")
    with urllib.request.urlopen(request, timeout=30) as answer:
        if answer.status != 200:
            raise URLError(f"upload answered {answer.status}")
