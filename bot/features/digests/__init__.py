"""The portfolio digest: posted now or on a schedule in a channel (``/mlproject digest …``), with its
chart in the thread; what the ticker posts for it (``post``). Digests have no buttons: nothing to wire."""
