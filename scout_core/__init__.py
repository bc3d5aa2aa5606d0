"""Scout: a continuous discovery engine for AI builders. The domain library (no Prefect in here)."""

__version__ = "0.1.0"
