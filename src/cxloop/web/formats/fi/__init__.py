"""Date formats in Finnish."""
