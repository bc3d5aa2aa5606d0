"""Markdown an operator reads in the Prefect UI, from the plain figures the core returns.

No Prefect here, so it is tested as plain functions; ``tasks/artifacts.py`` publishes what it renders.
Values that come from the outside world (handles, topics, error messages) are escaped: the UI renders
markdown, and a handle like ``a|b`` or ``<img …>`` must show as text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from scout_core.summary import cost_text

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+!|~])")
STAGES = ("candidates", "enriched", "stored", "scored", "filtered_out", "duplicates_merged", "dead_letters")


def escape(value: object) -> str:
    """Text shown as itself in markdown (one line: newlines become spaces)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(str(value).split()))


def table(header: Iterable[str], rows: Iterable[Iterable[object]]) -> str:
    head = list(header)
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(escape(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def counts(mapping: Mapping[str, object], empty: str = "none", keep_order: bool = False) -> str:
    """``search 8 · recursive 2``, largest first (or in the mapping's own order)."""
    items = list(mapping.items()) if keep_order else sorted(mapping.items(), key=lambda kv: (-_number(kv[1]), kv[0]))
    return " · ".join(f"{escape(k)} {escape(v)}" for k, v in items) or empty


def _number(value: object) -> float:
    return float(value) if isinstance(value, int | float) else 0.0


def pipeline_summary(result: Mapping[str, Any], errors_by_kind: Mapping[str, int]) -> str:
    """The run's figures: counts by stage and by origin, dead letters, cost, timings, model, export."""
    stored = int(result.get("stored") or 0)
    cost = float(result.get("cost_usd") or 0.0)
    per_builder = f" (${cost / stored:.5f} per stored profile)" if stored else ""
    traction = result.get("traction_model")
    model = (f"{escape(traction.get('registered_model'))} v{escape(traction.get('version'))} scored "
             f"{escape(traction.get('scored'))} builders" if isinstance(traction, Mapping)
             else "no champion model yet (`scout ml train`)")
    lines = [
        f"# Scout pipeline run `{escape(result.get('run_id'))}`",
        "",
        "## Counts by stage",
        "",
        table(("stage", "count"), ((stage.replace("_", " "), result.get(stage, 0)) for stage in STAGES)),
        "",
        f"**By origin:** {counts(result.get('by_origin') or {})} "
        f"({escape(result.get('recursive_found', 0))} queued by recursion, "
        f"{escape(result.get('resumed', 0))} resumed from a killed run)",
        "",
        f"**Filtered out, by reason:** {counts(result.get('filter_reasons') or {})}",
        "",
        f"**Dead letters this run:** {escape(result.get('dead_letters', 0))} — by error kind: "
        f"{counts(errors_by_kind)} (`scout dlq list` shows each with its suggested action)",
        "",
        f"**Markup drift:** {escape(result.get('drifted', 0))} profiles kept partial because part of their page "
        "could not be read (pipeline errors of stage parse-drift, kind MarkupDrift)",
        "",
        f"**Profiles and builders:** {escape(stored)} profiles stored this run, "
        f"{escape(result.get('builders_this_run', '?'))} builders; the store holds "
        f"{escape(result.get('store_profiles', '?'))} profiles, {escape(result.get('store_builders', '?'))} builders",
        "",
        f"**Why it stopped:** {escape(result.get('stop_reason') or 'not recorded')}",
        "",
        f"**Cost:** {escape(cost_text(cost, bool(result.get('sandbox'))))}{per_builder}",
        "",
        f"**Timings (s):** {counts(result.get('timings') or {}, 'not measured', keep_order=True)}",
        "",
        f"**Traction model:** {model}",
        "",
        f"**Export:** `{escape(result.get('export'))}`",
    ]
    return "\n".join(lines) + "\n"


TOP_COLUMNS = (("handle", "handle"), ("platform", "source_platform"), ("score", "overall_score"),
               ("class", "classification"), ("followers", "followers_count"), ("quality", "enrichment_quality"),
               ("canonical id", "canonical_id"))


def top_builders_rows(top: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The table artifact's rows: one per builder, best first, with score and class."""
    rows = []
    for builder in top:
        row = {label: builder.get(key) for label, key in TOP_COLUMNS}
        if isinstance(row["score"], float):
            row["score"] = round(row["score"], 1)
        rows.append(row)
    return rows


def retrain_report(trained: Mapping[str, Any], predicted: Mapping[str, Any] | None) -> str:
    """What a retrain did: skipped (how many labels, how many needed), or the model, its alias and why."""
    if trained.get("skipped"):
        return "\n".join([
            f"# Retrain skipped: {escape(trained.get('labelled'))} labels, need {escape(trained.get('needed'))}",
            "",
            f"Label source: {escape(trained.get('labels'))}; labelled profiles with features: "
            f"{escape(trained.get('labelled'))}, of which with traction: {escape(trained.get('with_traction'))}.",
            "",
            f"{escape(trained.get('reason'))}",
            "",
            "Nothing was trained or registered, and predictions keep the current champion (if any). "
            "Label more builders with `scout label`, then the next weekly run trains.",
        ]) + "\n"
    scored = (f"scored {escape(predicted.get('scored'))} builders with {escape(predicted.get('registered_model'))} "
              f"v{escape(predicted.get('version'))}" if predicted else "no champion yet: nothing was scored")
    rows = [("version", trained.get("version")), ("alias", trained.get("alias") or "none"),
            ("new version", trained.get("new_version")), ("held-out AUC", trained.get("auc")),
            ("baseline AUC", trained.get("baseline_auc")), ("PR AUC", trained.get("pr_auc")),
            ("precision at 50", trained.get("precision_at_50")), ("train / test rows",
             f"{trained.get('n_train')} / {trained.get('n_test')}"), ("labels", trained.get("labels"))]
    return "\n".join([
        f"# Retrain: {escape(trained.get('registered_model'))} v{escape(trained.get('version'))}",
        "", table(("", "value"), rows), "",
        f"**Why this alias:** {escape(trained.get('reason'))}", "",
        f"**Predictions:** {scored}",
    ]) + "\n"


def dlq_replay_report(run_id: str, report: Mapping[str, Any]) -> str:
    """What a replay did: closed (and why), replayed, still failing, skipped."""
    rows = [("closed: no replay can help", report.get("closed", 0)), ("selected for replay", report.get("selected", 0)),
            ("replayed and stored", report.get("replayed", 0)), ("still failing", report.get("still_failing", 0)),
            ("skipped (platform not served by the forced tier)", report.get("skipped", 0))]
    failing = list((report.get("errors") or {}).items())[:20]
    lines = [f"# Dead-letter replay `{escape(run_id)}`" + (f" through {escape(report['to'])}" if report.get("to")
                                                             else ""),
             "", table(("letters", "count"), rows), "",
             f"**Closed, by reason:** {counts(report.get('closed_by_reason') or {})}", "",
             f"**Replayed, by tier:** {counts(report.get('by_source') or {})}"]
    if failing:
        lines += ["", "## Still failing", "", table(("candidate", "last error"), ((k, e[:200]) for k, e in failing))]
    return "\n".join(lines) + "\n"


def topics_report(refresh: Mapping[str, Any]) -> str:
    """The daily topic refresh: trending keywords, what the next cycle mines, every tried topic ranked."""
    trending = [(t["keyword"], t["slope"], t["posts"]) for t in refresh.get("trending") or []]
    ranked = [(r["topic"], r["ucb_score"], r["roi"], r["runs"], r["candidates_found"], r["profiles_stored"],
               r["high_scorers"], "yes" if r["next_cycle"] else "") for r in refresh.get("ranked") or []]
    lines = ["# Topic refresh", "",
             f"**Next cycle mines:** {', '.join(escape(t) for t in refresh.get('next_cycle') or []) or 'nothing'}",
             "", f"**Known topics:** {escape(refresh.get('known', 0))}", "", "## Trending in stored posts", ""]
    lines.append(table(("keyword", "slope (per 1,000 phrases a week)", "posts"), trending) if trending
                 else "No keyword is trending yet (too few stored posts over the trending window).")
    lines += ["", "## Tried topics, best first", ""]
    lines.append(table(("topic", "UCB score", "ROI", "runs", "found", "stored", "high scorers", "next cycle"), ranked)
                 if ranked else "No topic has been mined yet: the first cycles explore the seed topics.")
    return "\n".join(lines) + "\n"


def health_report(health: Mapping[str, Any]) -> str:
    """The canary's findings: each source's probe and breaker, the dead letters, and what is wrong."""
    breakers = health.get("breakers") or {}
    rows = [(p["source"], "yes" if p["reachable"] else "NO", p["status"] if p["status"] is not None else "-",
             p["seconds"], breakers.get(p["source"], "-"), p["error"] or "") for p in health.get("sources") or []]
    problems = health.get("problems") or []
    where = "shared through Redis" if health.get("breakers_shared") else "this process only (no SCOUT_REDIS_URL)"
    lines = [f"# Scout health: {'healthy' if not problems else 'UNHEALTHY'}", ""]
    lines += [f"- {escape(p)}" for p in problems] + ([""] if problems else [])
    lines += ["## Sources", "", table(("source", "reachable", "HTTP", "seconds", "breaker", "error"), rows), "",
              f"Breaker states: {where}.", "",
              f"**Dead letters:** {counts(health.get('dead_letters') or {}, keep_order=True)} "
              "(`scout dlq list`; the replay closes those no replay can help)"]
    return "\n".join(lines) + "\n"


def analytics_report(report: Mapping[str, Any]) -> str:
    """The analytics refresh: what was recomputed, and the time each part took."""
    graph = (f"recomputed: {escape(report.get('graph_nodes', 0))} builders in "
             f"{escape(report.get('communities', 0))} communities" if report.get("graph_recomputed")
             else "unchanged (no new interaction or identity decision)")
    seconds = [(part, value) for part, value in (report.get("seconds") or {}).items()]
    lines = ["# Analytics refresh", "", f"**Builders updated:** {escape(report.get('builders_updated', 0))} "
             f"(removed: {escape(report.get('builders_removed', 0))}; full refresh: "
             f"{'yes' if report.get('full') else 'no'})", "", f"**Interaction graph:** {graph}", "",
             f"**Posts counted into topic momentum:** {escape(report.get('posts_counted', 0))} "
             f"({escape(report.get('topics', 0))} topics)", "", "## Seconds per part", "",
             table(("part", "seconds"), seconds)]
    return "\n".join(lines) + "\n"
