"""cxloop: a self-hosted, closed-loop customer-experience platform."""

__version__ = "0.1.0"
