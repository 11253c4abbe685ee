"""Short refs (slugs) that name a project in a workspace, and finding the one a person meant."""

from __future__ import annotations

import difflib
import re
import unicodedata

from domain.values import REF_MAX


def slugify(name: str) -> str:
    """``"Churn Predictor (v2)"`` → ``"churn-predictor-v2"``; never empty."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    slug = slug[:REF_MAX].rstrip("-")
    return slug or "project"


def unique_ref(name: str, taken: set[str]) -> str:
    """The slug of ``name``, suffixed ``-2``, ``-3``… until it is free."""
    base = slugify(name)
    if base not in taken:
        return base
    n = 2
    while True:
        suffix = f"-{n}"
        candidate = base[: REF_MAX - len(suffix)].rstrip("-") + suffix
        if candidate not in taken:
            return candidate
        n += 1


def closest(ref: str, candidates: list[str], limit: int = 3) -> list[str]:
    """Refs that look like what was typed: prefix/substring matches first, then similar spellings."""
    needle = ref.strip().lower()
    contains = sorted(c for c in candidates if needle and needle in c)
    similar = difflib.get_close_matches(needle, candidates, n=limit, cutoff=0.6)
    ordered = list(dict.fromkeys(contains + similar))
    return ordered[:limit]
