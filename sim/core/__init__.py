"""The engine: scenarios, customer, detection, scoring. Never imports the UI."""
