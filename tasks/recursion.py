"""Topic choice and recursive discovery tasks."""

from __future__ import annotations

import asyncio

from prefect import get_run_logger, task

from scout_core.discovery import Expansion, SeenSet, choose_topics, expand_with_contributors, parents_from_outcomes
from scout_core.runtime import RunContext, open_repository
from scout_core.schema import EnrichmentOutcome
from tasks.options import OPTIONS


@task(name="choose-topics", **OPTIONS["choose_topics"])
def choose_topics_task(ctx: RunContext, n: int | None = None) -> list[str]:
    """The topics this cycle mines: seeds, recommended (ROI + exploration) and trending ones."""
    count = n or ctx.settings.discovery.topics_per_cycle
    topics = choose_topics(ctx.settings, open_repository(ctx.settings, migrate=False), count)
    get_run_logger().info("topics this cycle: %s", ", ".join(topics))
    return topics


@task(name="expand-candidates", task_run_name="expand-batch-{batch_no}", **OPTIONS["expand"])
def expand_task(ctx: RunContext, outcomes: list[EnrichmentOutcome], budget: int | None = None,
                batch_no: int = 0) -> Expansion:
    """After a batch is stored: mark its profiles seen, then the people they point at, best first."""
    repo = open_repository(ctx.settings, migrate=False)
    SeenSet(ctx.settings, repo).mark_profiles(p for o in outcomes if o.ok for p in o.profiles)
    parents = parents_from_outcomes(repo, outcomes)
    result = asyncio.run(expand_with_contributors(parents, ctx.settings, repo, budget=budget))
    get_run_logger().info("recursion: %d new candidates from %d profiles (%d edges, %d seen, %d over budget)",
                          len(result.candidates), len(parents), result.edges_recorded, result.already_seen,
                          result.over_budget)
    return result
