"""Slack plumbing, no feature in it: the Bolt app and its one middleware and error handler, the HTTP
server, deduplicated deliveries, clients, Block Kit helpers, ids, payload models, modals, replies."""
