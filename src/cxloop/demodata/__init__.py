"""Demo data for `cxloop demo`: the demo shop's customers and their feedback."""
