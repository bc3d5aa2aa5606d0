"""A deterministic OpenAI-compatible judge: ``POST <sandbox>/llm/v1/chat/completions``.

It lets the LLM path run end to end with no model and no network (tests, ``make run`` with
``SCOUT_SANDBOX__LLM=true``). It reads only the prompt Scout sends (scoring/llm.py's ``profile_prompt``),
never the world's truth, with plain rules a reader can predict: the bio says who is behind the account
and what they do; first-person posts about shipping, papers or investing are the evidence; a class
without such a post is noise. Same prompt, same answer, with token usage counted by characters.
"""

from __future__ import annotations

import json
import re
from typing import Any

from fastapi import APIRouter, HTTPException, Request

MODEL = "sandbox-judge"
_BOT = re.compile(r"\b(?:run by an? (?:ai|bot)|i(?:'m| am) an? (?:ai|bot)|automated|autonomous ai|ai companion)\b",
                  re.IGNORECASE)
_ORG = re.compile(r"\b(?:official|news|makers of|we are an?|community|framework|magazine|newsletter|edited by)\b",
                  re.IGNORECASE)
_FIRST = re.compile(r"\b(?:i|i'm|we|we're|our|my)\b", re.IGNORECASE)
_WORK = re.compile(r"\b(?:shipped|launched|released|built|open[- ]sourced|paper|arxiv|deployed|invested|"
                   r"backed|checks?|accepted at)\b", re.IGNORECASE)
# bio word -> label, first match wins (the order is the judge's priority)
_LABELS = (
    (re.compile(r"\b(?:angel|investor|vc|partner at)\b", re.IGNORECASE), "angel_investor"),
    (re.compile(r"\b(?:phd|postdoc|researcher|research scientist|professor)\b", re.IGNORECASE), "ai_researcher"),
    (re.compile(r"\b(?:founder|co-?founder|ceo|building|indie hacker)\b", re.IGNORECASE), "early_founder"),
    (re.compile(r"\b(?:engineer|mlops|infra|platform|sre)\b", re.IGNORECASE), "ai_operator"),
)


def verdict(prompt: str) -> dict[str, Any]:
    """The judge's answer for one profile prompt."""
    fields = dict(re.findall(r"^(bio|handle): ?(.*)$", prompt, re.MULTILINE))
    bio = fields.get("bio", "")
    posts = [line[2:] for line in prompt.partition("recent posts:")[2].splitlines() if line.startswith("- ")]
    kind = "bot" if _BOT.search(bio) else "organization" if _ORG.search(bio) else "person"
    evidence = [p[:200] for p in posts if _FIRST.search(p) and _WORK.search(p)][:3]
    label = next((name for pattern, name in _LABELS if pattern.search(bio)), "noise")
    if kind != "person" or not evidence:
        label = "noise"
    points = 0.0 if label == "noise" else min(35.0, 14.0 + 7.0 * len(evidence))
    rationale = (f"{kind}; {label}" + (f", {len(evidence)} first-person posts about their own work" if evidence
                                        else ", nothing they say they built"))
    return {"points": points, "rationale": rationale, "evidence": evidence, "label": label,
            "account_kind": kind, "first_person_evidence": evidence}


def build_router() -> APIRouter:
    router = APIRouter()

    @router.post("/chat/completions")
    async def chat_completions(request: Request) -> dict[str, Any]:
        try:
            body = await request.json()
            messages = body["messages"]
            prompt = next(m["content"] for m in reversed(messages) if m.get("role") == "user")
        except (ValueError, KeyError, TypeError, StopIteration):
            raise HTTPException(status_code=400, detail="expected {'messages': [..., {'role': 'user', ...}]}") \
                from None
        content = json.dumps(verdict(str(prompt)))
        prompt_chars = sum(len(str(m.get("content", ""))) for m in messages if isinstance(m, dict))
        return {"id": "sandbox-judge", "object": "chat.completion", "model": body.get("model") or MODEL,
                "choices": [{"index": 0, "finish_reason": "stop",
                             "message": {"role": "assistant", "content": content}}],
                "usage": {"prompt_tokens": prompt_chars // 4, "completion_tokens": len(content) // 4,
                          "total_tokens": (prompt_chars + len(content)) // 4}}

    return router
