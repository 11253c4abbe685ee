"""The workspace's MLScope settings: its leads, who may read the portfolio, the currency, and the
scoring weights, thresholds and ranking policy (``/mlproject leads``, ``settings``, ``settings scoring``)."""
