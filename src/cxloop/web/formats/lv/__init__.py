"""Date formats in Latvian."""
