"""Prefect flows: one module per scheduled job. Flows only compose tasks."""
