"""Scoping a project: the five-step modal (new, resume, edit), its draft, and the prompt to resume
an unfinished scope."""
