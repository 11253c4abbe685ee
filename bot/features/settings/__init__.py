"""The workspace's MLScope settings: its leads and who may read the portfolio (``/mlproject leads``,
``settings``)."""
