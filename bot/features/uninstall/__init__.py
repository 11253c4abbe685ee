"""Uninstall and revoked tokens: a workspace's scheduled posts stop, its tokens go, its data is kept or purged."""
