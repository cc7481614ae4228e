"""Date formats in Estonian."""
