"""The ranked portfolio as ``/mlproject list`` and ``show`` answer it (App Home shows it too)."""
