"""Slack's Web API methods the stand-in answers, one module per family, each mixed into ``FakeSlack``."""
