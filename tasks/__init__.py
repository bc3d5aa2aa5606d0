"""Prefect tasks: thin @task wrappers over scout_core calls, their options declared in options.py."""
