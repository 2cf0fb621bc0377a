"""sim: a conversation trainer for customer-service staff."""

__version__ = "0.1.0"
