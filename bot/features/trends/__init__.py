"""Trends: the optimizing metric over time, as a chart (``show``) and as text (card, ``show``, digest)."""
