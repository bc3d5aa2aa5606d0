"""Offline validation of ``prefect.yaml``: what ``prefect deploy`` would reject, and what it silently ignores.

``prefect deploy`` drops unknown deployment keys (``paramters:``) without a word, because its models use
``extra="ignore"``. This checker reads the same models (``prefect.cli.deploy._models``, a private module:
the Prefect pin matters), then adds unknown-key detection at every level, loads each entrypoint as a Flow,
validates deployment and per-schedule parameters against the flow's signature, constructs every schedule
(cron, interval, rrule, timezone) and checks the work pool is one of ``definitions.work_pools``.
No Prefect server is needed.
"""

from __future__ import annotations

import contextlib
import inspect
import sys
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from pydantic import BaseModel, ValidationError

from deployments.checks import load_yaml_mapping, one_line, quiet_logger, unknown_keys
from scout_core.errors import ConfigurationError

_TOP_LEVEL_EXTRA = ("definitions",)  # free-form anchors section, ignored by the CLI
_STEP_RESERVED = ("id", "requires")  # popped by Prefect before the step function is called
_STEP_SECTIONS = ("build", "push", "pull")


def prefect_models() -> SimpleNamespace:
    """The CLI's own ``prefect.yaml`` models; a clear error if a Prefect upgrade moved them."""
    try:
        from prefect.cli.deploy._models import (
            ConcurrencyLimitSpec,
            DeploymentConfig,
            PrefectYamlModel,
            RawScheduleConfig,
            WorkPoolConfig,
        )
    except ImportError as exc:
        import prefect

        raise ConfigurationError(
            f"prefect {prefect.__version__}: prefect.cli.deploy._models no longer provides the prefect.yaml "
            f"models this validator was written against (prefect 3.9.1); update deployments/prefect_yaml.py"
        ) from exc
    return SimpleNamespace(
        top=PrefectYamlModel,
        deployment=DeploymentConfig,
        schedule=RawScheduleConfig,
        work_pool=WorkPoolConfig,
        concurrency=ConcurrencyLimitSpec,
    )


def validate_prefect_yaml(path: str | Path) -> list[str]:
    """Every problem found in a ``prefect.yaml``, one line each; an empty list means valid."""
    path = Path(path)
    doc, problems = load_yaml_mapping(path)
    if doc is None:
        return problems
    models = prefect_models()
    where = path.name
    top_keys = [f.alias or n for n, f in models.top.model_fields.items()] + list(models.top.model_fields)
    problems += unknown_keys(where, doc, [*top_keys, *_TOP_LEVEL_EXTRA])
    problems += _model_problems(where, models.top, {k: v for k, v in doc.items() if k != "deployments"})
    problems += _steps_problems(where, doc)
    deployments = doc.get("deployments")
    if not isinstance(deployments, list) or not deployments:
        return problems + [f"{where}: 'deployments' must be a non-empty list"]
    checker = _DeploymentChecker(where, path.parent.resolve(), _defined_pool_names(doc), models)
    for index, deployment in enumerate(deployments):
        problems += checker.check(index, deployment)
    return problems + _duplicate_names(where, deployments)


def deployment_entrypoints(path: str | Path) -> list[str]:
    """The entrypoints named in a ``prefect.yaml``, in file order (for smoke tests and tooling)."""
    doc, problems = load_yaml_mapping(Path(path))
    if doc is None:
        raise ConfigurationError(problems[0])
    deployments = [d for d in doc.get("deployments") or [] if isinstance(d, dict)]
    return [d["entrypoint"] for d in deployments if "entrypoint" in d]


def load_entrypoint(entrypoint: str, project_dir: str | Path) -> Any:
    """Import ``path/to/file.py:flow_name`` relative to `project_dir` and return the Prefect Flow."""
    from prefect.exceptions import MissingFlowError, ScriptError
    from prefect.flows import load_flow_from_entrypoint

    if not isinstance(entrypoint, str) or ".py:" not in entrypoint:
        raise ConfigurationError(
            f"entrypoint must look like 'path/to/file.py:flow_function', got {entrypoint!r}"
        )
    file_part, func_name = entrypoint.rsplit(":", 1)
    script = Path(project_dir) / file_part
    if not script.is_file():
        raise ConfigurationError(
            f"entrypoint {entrypoint!r}: file {file_part!r} not found under {project_dir}"
        )
    try:
        with _on_sys_path(Path(project_dir)):
            # No placeholder flow: a broken import must be reported, not papered over.
            return load_flow_from_entrypoint(f"{script}:{func_name}", use_placeholder_flow=False)
    except MissingFlowError as exc:
        raise ConfigurationError(f"entrypoint {entrypoint!r}: {one_line(str(exc))}") from exc
    except ScriptError as exc:
        raise ConfigurationError(f"entrypoint {entrypoint!r}: import failed: {exc.user_exc!r}") from exc


class _DeploymentChecker:
    """Checks one deployment entry at a time; flows are loaded once per entrypoint."""

    def __init__(self, where: str, project_dir: Path, pools: set[str], models: SimpleNamespace) -> None:
        self.where = where
        self.project_dir = project_dir
        self.pools = pools
        self.models = models
        self._flows: dict[str, Any] = {}

    def check(self, index: int, deployment: Any) -> list[str]:
        if not isinstance(deployment, dict):
            return [f"{self.where}: deployments[{index}] must be a mapping"]
        label = f"{self.where}: deployment {deployment.get('name') or f'#{index + 1}'!r}"
        problems = unknown_keys(label, deployment, self.models.deployment.model_fields)
        scalar_part = {k: v for k, v in deployment.items() if k not in ("schedule", "schedules")}
        problems += _model_problems(label, self.models.deployment, scalar_part)
        problems += [f"{label}: missing {key!r}" for key in ("name", "entrypoint") if not deployment.get(key)]
        problems += self._work_pool_problems(label, deployment.get("work_pool"))
        problems += _credential_problems(label, deployment)
        problems += self._concurrency_problems(label, deployment.get("concurrency_limit"))
        problems += _steps_problems(label, deployment)
        schedules = _schedules_of(deployment)
        for number, schedule in enumerate(schedules, start=1):
            problems += self._schedule_problems(f"{label} schedule #{number}", schedule)
        if deployment.get("entrypoint"):
            problems += self._parameter_problems(label, deployment, schedules)
        return problems

    def _work_pool_problems(self, label: str, pool: Any) -> list[str]:
        if pool is None:
            return [f"{label}: no work_pool, so no worker would ever pick its runs up"]
        if not isinstance(pool, dict):
            return [f"{label}: work_pool must be a mapping"]
        problems = unknown_keys(f"{label} work_pool", pool, self.models.work_pool.model_fields)
        name = pool.get("name")
        if not name:
            problems.append(f"{label}: work_pool has no name")
        elif name not in self.pools:
            defined = sorted(self.pools)
            problems.append(f"{label}: work pool {name!r} is not defined in definitions.work_pools {defined}")
        return problems

    def _concurrency_problems(self, label: str, limit: Any) -> list[str]:
        if not isinstance(limit, dict):
            return []  # None or an int; the model check covers the type
        from prefect.client.schemas.objects import ConcurrencyLimitStrategy

        problems = unknown_keys(f"{label} concurrency_limit", limit, self.models.concurrency.model_fields)
        strategy = limit.get("collision_strategy")
        allowed = [s.value for s in ConcurrencyLimitStrategy]
        if strategy is not None and strategy not in allowed:
            problems.append(f"{label}: collision_strategy {strategy!r} is not one of {allowed}")
        if not isinstance(limit.get("limit"), int) or limit["limit"] < 1:
            problems.append(f"{label}: concurrency_limit.limit must be a positive integer")
        return problems

    def _schedule_problems(self, label: str, schedule: Any) -> list[str]:
        if not isinstance(schedule, dict):
            return [f"{label}: a schedule must be a mapping"]
        problems = unknown_keys(label, schedule, self.models.schedule.model_fields)
        known = {k: v for k, v in schedule.items() if k in self.models.schedule.model_fields}
        try:
            parsed = self.models.schedule.model_validate(known)
        except ValidationError as exc:
            return problems + _error_lines(label, exc)
        return problems + _construct_problems(label, parsed)

    def _parameter_problems(self, label: str, deployment: dict[str, Any], schedules: list[Any]) -> list[str]:
        flow = self._flow(deployment["entrypoint"])
        if isinstance(flow, str):
            return [f"{label}: {flow}"]
        base = deployment.get("parameters") or {}
        if not isinstance(base, dict):
            return [f"{label}: parameters must be a mapping"]
        problems = _undescribed_parameters(label, flow) + _flow_parameter_problems(f"{label} parameters", flow, base)
        for number, schedule in enumerate(schedules, start=1):
            extra = schedule.get("parameters") if isinstance(schedule, dict) else None
            if extra:
                merged = {**base, **extra}
                problems += _flow_parameter_problems(f"{label} schedule #{number} parameters", flow, merged)
        return problems

    def _flow(self, entrypoint: str) -> Any:
        """The Flow, or the one-line reason it did not load (cached per entrypoint)."""
        if entrypoint not in self._flows:
            try:
                self._flows[entrypoint] = load_entrypoint(entrypoint, self.project_dir)
            except ConfigurationError as exc:
                self._flows[entrypoint] = str(exc)
        return self._flows[entrypoint]


_CREDENTIAL_WORDS = ("TOKEN", "PASSWORD", "SECRET", "API_KEY", "APIKEY", "COOKIE", "CREDENTIAL")


def _looks_secret(name: str) -> bool:
    from scout_core.settings_secrets import SECRET_PATHS, env_name

    upper = name.upper()
    return upper in {env_name(p) for p in SECRET_PATHS} or any(word in upper for word in _CREDENTIAL_WORDS)


def _credential_problems(label: str, deployment: dict[str, Any]) -> list[str]:
    """Job variables and parameters are shown in plain text by the flow-run API: no credential belongs there.

    A ``{{ prefect.blocks.secret.* }}`` reference does not help: ``prefect deploy`` resolves it into the
    stored job variables. Credentials go in Secret blocks (``scout blocks register``), read at run start.
    """
    hint = "the flow-run API shows it in plain text; keep it in a Secret block (`scout blocks register`)"
    pool = deployment.get("work_pool")
    job_variables = pool.get("job_variables") if isinstance(pool, dict) else None
    env = job_variables.get("env") if isinstance(job_variables, dict) else None
    problems = [f"{label}: job_variables.env {key!r} carries a credential: {hint}"
                for key in (env if isinstance(env, dict) else {}) if _looks_secret(str(key))]
    parameters = deployment.get("parameters")
    problems += [f"{label}: parameter {key!r} carries a credential: {hint}"
                 for key in (parameters if isinstance(parameters, dict) else {}) if _looks_secret(str(key))]
    return problems


def _undescribed_parameters(label: str, flow: Any) -> list[str]:
    """Every flow parameter needs a description: it is what an operator reads in the run form of the UI.

    Prefect takes the descriptions from the flow docstring's ``Args:`` section.
    """
    from prefect.utilities.callables import parameter_schema

    properties = parameter_schema(flow.fn).properties
    missing = sorted(name for name, spec in properties.items() if not spec.get("description"))
    if not missing:
        return []
    return [f"{label}: flow {flow.name!r} parameters {missing} have no description "
            "(document them under 'Args:' in the flow's docstring)"]


def _flow_parameter_problems(label: str, flow: Any, parameters: dict[str, Any]) -> list[str]:
    from prefect.exceptions import ParameterTypeError, SignatureMismatchError

    # Jinja-templated values are filled in at deploy time; only their names can be checked here.
    concrete = {k: v for k, v in parameters.items() if not (isinstance(v, str) and "{{" in v)}
    signature = inspect.signature(flow.fn).parameters
    takes_any = any(p.kind is inspect.Parameter.VAR_KEYWORD for p in signature.values())
    unknown = [] if takes_any else sorted(set(parameters) - set(signature))
    if unknown:
        return [f"{label}: {unknown} not in the signature of flow {flow.name!r}"]
    try:
        with quiet_logger("prefect.flows"):  # Prefect logs the same failure at ERROR; we report it instead
            flow.validate_parameters(concrete)
    except (ParameterTypeError, SignatureMismatchError) as exc:
        return [f"{label}: {one_line(str(exc))}"]
    return []


def _construct_problems(label: str, schedule: BaseModel) -> list[str]:
    """Build the schedule the way the server will: bad crons, rrules and timezones fail here."""
    from prefect.client.schemas.schedules import construct_schedule

    try:
        construct_schedule(
            interval=schedule.interval,  # type: ignore[attr-defined]
            anchor_date=schedule.anchor_date,  # type: ignore[attr-defined]
            cron=schedule.cron,  # type: ignore[attr-defined]
            rrule=schedule.rrule,  # type: ignore[attr-defined]
            timezone=schedule.timezone,  # type: ignore[attr-defined]
        )
    except ValidationError as exc:
        return _error_lines(label, exc)
    except ValueError as exc:
        return [f"{label}: {one_line(str(exc))}"]
    return []


def _steps_problems(label: str, holder: dict[str, Any]) -> list[str]:
    problems: list[str] = []
    for section in _STEP_SECTIONS:
        steps = holder.get(section)
        if isinstance(steps, dict):
            steps = [steps] if steps else []
        if steps is None:
            continue
        if not isinstance(steps, list):
            problems.append(f"{label}: {section} must be a list of steps")
            continue
        for number, step in enumerate(steps, start=1):
            problems += _step_problems(f"{label}: {section} step #{number}", step)
    return problems


def _step_problems(where: str, step: Any) -> list[str]:
    """A step imports and its keyword arguments fit the step function (``directroy:`` is caught)."""
    from prefect.utilities.importtools import import_object

    if not isinstance(step, dict) or len(step) != 1:
        return [f"{where}: a step is a mapping with one key, the step function's import path"]
    fqn, inputs = next(iter(step.items()))
    inputs = dict(inputs or {})
    if inputs.get("requires"):
        return []  # its package is installed when the step runs, so it cannot be imported here
    try:
        func = import_object(fqn)
    except (ImportError, AttributeError, ValueError) as exc:
        return [f"{where}: step {fqn!r} does not import: {exc}"]
    arguments = {k: v for k, v in inputs.items() if k not in _STEP_RESERVED}
    signature = inspect.signature(func)
    if not any(p.kind is inspect.Parameter.VAR_KEYWORD for p in signature.parameters.values()):
        unknown = unknown_keys(f"{where}: step {fqn!r}", arguments, signature.parameters)
        if unknown:
            return unknown
    try:
        signature.bind(**arguments)
    except TypeError as exc:
        return [f"{where}: step {fqn!r}: {exc}"]
    return []


def _schedules_of(deployment: dict[str, Any]) -> list[Any]:
    schedules = deployment.get("schedules") or []
    if not isinstance(schedules, list):
        schedules = [schedules]
    single = deployment.get("schedule")
    return ([single] if single else []) + schedules


def _defined_pool_names(doc: dict[str, Any]) -> set[str]:
    pools = ((doc.get("definitions") or {}).get("work_pools")) or {}
    if not isinstance(pools, dict):
        return set()
    return {p["name"] for p in pools.values() if isinstance(p, dict) and p.get("name")}


def _duplicate_names(where: str, deployments: list[Any]) -> list[str]:
    names = [d.get("name") for d in deployments if isinstance(d, dict) and d.get("name")]
    repeated = sorted(n for n in set(names) if names.count(n) > 1)
    return [f"{where}: deployment name {n!r} is used more than once" for n in repeated]


def _model_problems(label: str, model: type[BaseModel], data: dict[str, Any]) -> list[str]:
    try:
        model.model_validate(data)
    except ValidationError as exc:
        return _error_lines(label, exc)
    return []


def _error_lines(label: str, exc: ValidationError) -> list[str]:
    lines = []
    for error in exc.errors():
        loc = ".".join(str(part) for part in error["loc"])
        message = error["msg"].removeprefix("Value error, ")
        lines.append(f"{label}: {loc + ': ' if loc else ''}{message}")
    return lines


@contextlib.contextmanager
def _on_sys_path(directory: Path) -> Iterator[None]:
    """Let an entrypoint script import the project's packages, as the worker's working directory would."""
    entry = str(directory.resolve())
    sys.path.insert(0, entry)
    try:
        yield
    finally:
        with contextlib.suppress(ValueError):
            sys.path.remove(entry)
