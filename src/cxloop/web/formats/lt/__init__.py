"""Date formats in Lithuanian."""
