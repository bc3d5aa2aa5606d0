"""The traction model: features, training, evaluation, MLflow tracking and registry, prediction.

Filled in by the scoring-and-traction work; the foundation keeps the package in place so deployments
and images already ship it.
"""
