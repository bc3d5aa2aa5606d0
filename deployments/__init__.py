"""Deployment scaffolding: offline validators for prefect.yaml, ray_cluster.yaml and docker/compose.yaml,
the work-pool helper, and per-environment settings examples (``deployments/envs/``).

Run ``python -m deployments.validate`` before committing changes to any of them.
"""
