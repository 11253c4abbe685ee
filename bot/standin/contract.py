"""Slack's documented contract, as the stand-in enforces it: scopes, membership, triggers, limits.

Every rule names the page of Slack's documentation it follows; docs/slack-contract.md lists them
all. The stand-in must never be kinder than Slack: a test that passes only because the stand-in is
lenient hides a bug that a real workspace would show.
"""

from __future__ import annotations

from bot.slack.ids import BOT_SCOPES

# What manifest.yml grants the bot token (tests/bot/test_manifest.py checks the two agree).
GRANTED_SCOPES = frozenset(BOT_SCOPES)

# Bot-token scopes each Web API method needs: "public"/"private" where it depends on the channel.
# https://docs.slack.dev/reference/methods/<method> ("Required scopes"), e.g.
# https://docs.slack.dev/reference/methods/conversations.info
SCOPES: dict[str, dict[str, str]] = {
    "chat.postMessage": {"any": "chat:write"},
    "chat.postEphemeral": {"any": "chat:write"},
    "chat.update": {"any": "chat:write"},
    "chat.delete": {"any": "chat:write"},
    "conversations.info": {"public": "channels:read", "private": "groups:read"},
    "conversations.join": {"any": "channels:join"},
    "conversations.history": {"public": "channels:history", "private": "groups:history"},
    "conversations.replies": {"public": "channels:history", "private": "groups:history"},
    "users.info": {"any": "users:read"},
    "files.getUploadURLExternal": {"any": "files:write"},
    "files.completeUploadExternal": {"any": "files:write"},
    "files.info": {"any": "files:read"},
    # https://docs.slack.dev/reference/methods/canvases.create (and .edit, .access.set, .access.delete,
    # conversations.canvases.create): canvases:write; .../canvases.sections.lookup: canvases:read
    "canvases.create": {"any": "canvases:write"},
    "canvases.edit": {"any": "canvases:write"},
    "canvases.access.set": {"any": "canvases:write"},
    "canvases.access.delete": {"any": "canvases:write"},
    "conversations.canvases.create": {"any": "canvases:write"},
    "canvases.sections.lookup": {"any": "canvases:read"},
    # https://docs.slack.dev/reference/methods/assistant.threads.setSuggestedPrompts (assistant:write)
    "assistant.threads.setSuggestedPrompts": {"any": "assistant:write"},
    # chat:write (assistant:write accepted "for the time being", not relied on):
    # https://docs.slack.dev/changelog/2026/03/05/set-status-scope-update
    "assistant.threads.setStatus": {"any": "chat:write"},
}
# Methods that need no scope on a bot token.
# https://docs.slack.dev/reference/methods/views.open, .../views.publish, .../auth.test
NO_SCOPE = frozenset({"auth.test", "views.open", "views.push", "views.update", "views.publish"})

# An uploaded file is processed (scanned) asynchronously after files.completeUploadExternal; until
# then an image block naming it is refused ("invalid_blocks": "invalid slack file"), and
# files.info shows an empty mimetype. Slack documents no duration: about a second is what
# developers report. The stand-in's default is shorter (tests wait for it) but never zero.
# https://docs.slack.dev/reference/methods/files.getUploadURLExternal ("Files are processed asynchronously")
# https://github.com/slackapi/java-slack-sdk/issues/1349 (a response_url post: 404 invalid_blocks)
# https://github.com/slackapi/node-slack-sdk/issues/2040 (mimetype filled once processed)
FILE_PROCESSING_SECONDS = 0.3
# An image block's slack_file: an image (png, jpg, jpeg, gif) the poster can see, by id or url, not both.
# https://docs.slack.dev/reference/block-kit/composition-objects/slack-file-object
# https://docs.slack.dev/reference/block-kit/blocks/image-block
IMAGE_TYPES = {b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg", b"GIF87a": "image/gif", b"GIF89a": "image/gif"}
IMAGE_EXTENSIONS = (".png", ".jpg", ".jpeg", ".gif")

# trigger_id: valid for 3 seconds, exchangeable once.
# https://docs.slack.dev/interactivity/handling-user-interaction/#modal_responses
# https://docs.slack.dev/reference/methods/views.open (expired_trigger_id, exchanged_trigger_id)
TRIGGER_SECONDS = 3.0

# response_url: up to 5 times within 30 minutes.
# https://docs.slack.dev/interactivity/handling-user-interaction/#message_responses
RESPONSE_URL_USES = 5
RESPONSE_URL_SECONDS = 30 * 60

# chat.update's text is limited to 4,000 characters (chat.postMessage truncates at 40,000).
# https://docs.slack.dev/reference/methods/chat.update
UPDATE_TEXT_MAX = 4000

# conversations.history / conversations.replies for commercially distributed apps not approved
# for the Marketplace (new apps and installs since 29 May 2025): 1 request a minute, at most 15
# messages a call. Internal and Marketplace apps keep Tier 3 (50+ a minute, up to 999 a call).
# MLScope may be distributed by OAuth, so the strict limits are the stand-in's default.
# https://docs.slack.dev/changelog/2025/05/29/rate-limit-changes-for-non-marketplace-apps
# https://docs.slack.dev/reference/methods/conversations.history
NON_MARKETPLACE_HISTORY = (1, 15)  # (calls a minute, messages a call)
MARKETPLACE_HISTORY = (50, 999)
