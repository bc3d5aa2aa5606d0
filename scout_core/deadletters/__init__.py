"""The dead-letter queue (Redis with a database mirror) and its replay.

``open_dead_letters(settings, repo)`` gives the ``DeadLetterQueue`` (add, list, mark_replayed, sync);
``replay_dead_letters(settings, repo, run_id, to=..., limit=...)`` re-enriches pending letters;
``run_replay(settings, to=..., limit=...)`` does a whole replay run as ``scout dlq replay`` does.
"""

from __future__ import annotations

from scout_core.deadletters.queue import DeadLetterQueue, open_dead_letters
from scout_core.deadletters.replay import ReplayReport, check_target, forced_tier, replay_dead_letters
from scout_core.deadletters.run import run_replay

__all__ = ["DeadLetterQueue", "ReplayReport", "check_target", "forced_tier", "open_dead_letters",
           "replay_dead_letters", "run_replay"]
