"""One stored builder as a person reads it: profiles and merges, components, the overall, class, kind, traction.

``explain_builder(members, merges)`` builds the explanation from the builder's stored profile records
(``store.builders.builder_record``) and the identity merges that joined them; ``render`` writes it as
text for ``scout explain``, and the JSON export carries the same object under ``explanation``. The
primary profile (best scored) carries the score and the class; the others are listed with theirs.
"""

from __future__ import annotations

from typing import Any

COMPONENT_ORDER = ("llm_evaluation", "semantic_fit", "technical_depth", "engagement", "links", "completeness")


def _rank(record: dict[str, Any]) -> tuple[float, str]:
    score = record.get("overall_score")
    return (-(score if score is not None else -1.0), str(record.get("source_platform")))


def explain_builder(members: list[dict[str, Any]], merges: list[dict[str, Any]]) -> dict[str, Any]:
    """The explanation of one canonical builder (``members``: every stored profile of it)."""
    members = sorted(members, key=_rank)
    primary = members[0]
    components = _components(primary.get("score_components") or {})
    known = [c for c in components if c["points"] is not None]
    return {
        "canonical_id": primary.get("canonical_id"),
        "account_kind": primary.get("account_kind") or "unknown",
        "account_evidence": list(primary.get("account_evidence") or []),
        "profiles": [_profile(m) for m in members],
        "merges": merges,
        "components": components,
        "overall": {
            "score": primary.get("overall_score"),
            "known_points": round(sum(c["points"] for c in known), 2),
            "known_max": sum(c["max"] for c in known),
            "unknown": [c["name"] for c in components if c["points"] is None],
            "rescaled_from": list(primary.get("score_rescaled_from") or []),
            "note": primary.get("score_note"),
        },
        "classification": {"label": primary.get("classification"),
                           "confidence": primary.get("classification_confidence"),
                           "reasons": list(primary.get("classification_reasons") or [])},
        "traction": {"probability": primary.get("traction_probability"),
                     "model_version": primary.get("model_version")},
    }


def _profile(record: dict[str, Any]) -> dict[str, Any]:
    return {"platform": record.get("source_platform"), "handle": record.get("handle"),
            "followers": record.get("followers_count"), "stage": record.get("pipeline_stage"),
            "enrichment_quality": record.get("enrichment_quality"), "score": record.get("overall_score"),
            "classification": record.get("classification")}


def _components(stored: dict[str, Any]) -> list[dict[str, Any]]:
    names = [n for n in COMPONENT_ORDER if n in stored] + sorted(n for n in stored if n not in COMPONENT_ORDER)
    return [{"name": n, "points": stored[n].get("points"), "max": stored[n].get("max_points"),
             "evidence": list(stored[n].get("evidence") or [])} for n in names]


def render(explanation: dict[str, Any]) -> str:
    """The explanation as plain text, one fact a line (the caller escapes it for the terminal)."""
    lines = [f"builder {explanation['canonical_id']}  ({explanation['account_kind']})"]
    lines += [f"  kind evidence: {e}" for e in explanation["account_evidence"]]
    lines.append("profiles:")
    for p in explanation["profiles"]:
        score = "unscored" if p["score"] is None else f"score {p['score']:.2f}"
        lines.append(f"  {p['platform']}:{p['handle']}  {score}  {p['stage']}  {p['enrichment_quality']}")
    lines.append("merged because:" if explanation["merges"] else "merged because: (one profile, no merge)")
    for m in explanation["merges"]:
        lines.append(f"  {m['left']} = {m['right']}  level {m['level']} {m['kind']} "
                     f"(confidence {m['confidence']:.2f}): {m['evidence']}")
    lines.append("score components:")
    for c in explanation["components"]:
        points = "unknown" if c["points"] is None else f"{c['points']:g}/{c['max']:g}"
        lines.append(f"  {c['name']}: {points}")
        lines += [f"    - {e}" for e in c["evidence"]]
    lines.append(_overall_line(explanation["overall"]))
    label = explanation["classification"]
    if label["label"] is not None:
        lines.append(f"class: {label['label']} (confidence {label['confidence']:.2f})")
        lines += [f"  - {r}" for r in label["reasons"]]
    else:
        lines.append("class: none (the filter dropped this builder before scoring)")
    traction = explanation["traction"]
    lines.append("traction: not predicted yet" if traction["probability"] is None else
                 f"traction: {traction['probability']:.2f} (model {traction['model_version']})")
    return "\n".join(lines)


def _overall_line(overall: dict[str, Any]) -> str:
    if overall["score"] is None:
        return "overall: not scored"
    if overall["unknown"]:
        return (f"overall: {overall['score']:.2f} = {overall['known_points']:g} of the {overall['known_max']:g} "
                f"known points rescaled to 100 (unknown: {', '.join(overall['unknown'])})")
    return f"overall: {overall['score']:.2f} = the sum of the components"
