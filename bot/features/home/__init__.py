"""App Home: the person's projects, the open advice on them, the ranked portfolio."""
