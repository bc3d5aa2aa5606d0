"""Enrichment: the controller, its policies and the worker shells that run sources (API and browser)."""
