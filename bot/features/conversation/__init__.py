"""Scoping as a conversation in the app's Messages tab and Slack's assistant container: the modal's
questions one at a time, sharing its draft; and the suggested prompts' answers."""
