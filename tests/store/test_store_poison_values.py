"""One profile the store cannot keep is dead-lettered with its reason; the rest of its batch is stored.

On SQLite (OverflowError past 2^63) and PostgreSQL (NUL refused in text and JSONB), with the exact
payloads that used to abort a run: followers_count = 10^30 and a NUL in a name or bio.
"""

from __future__ import annotations

import pytest

from scout_core.process import UNSTORABLE, process_outcomes
from scout_core.schema import Candidate, EnrichmentOutcome, InternalProfile, RawPayload
from scout_core.settings import Settings
from scout_core.sources import get_source

from .conftest import T0


@pytest.fixture
def run_settings(tmp_path, db):
    return Settings(data_dir=tmp_path / "data", database_url=db.url, _env_file=None)


def _outcome(profile: InternalProfile, body=None) -> EnrichmentOutcome:
    raw = [RawPayload(source="github", body=body)] if body is not None else []
    return EnrichmentOutcome(candidate=Candidate(platform=profile.source_platform, handle=profile.handle),
                             profiles=[profile], raw=raw, source="github")


def _profile(i: int, **fields) -> InternalProfile:
    return InternalProfile(source_platform="github", handle=f"builder-{i}", source_id=str(1000 + i),
                           display_name=f"Builder {i}", bio="ships agents", followers_count=100 + i,
                           last_enriched_at=T0, enriched_by="github", **fields)


def test_a_batch_with_one_unstorable_profile_stores_the_other_24(repo, run_settings):
    # Built past validation, as a buggy or future normalizer could: the store is the last line.
    poison = _profile(99).model_copy(update={"followers_count": 10**30, "display_name": "Mal\x00lory"})
    outcomes = [_outcome(_profile(i)) for i in range(24)] + [_outcome(poison)]

    report = process_outcomes(run_settings, repo, outcomes, "run-poison")

    assert report.stored == 24 and report.dead_letters == 1
    assert repo.count_profiles() == 24
    [letter] = repo.list_dead_letters()
    assert letter.candidate_key == "github:builder-99" and letter.error_kind == UNSTORABLE
    assert "builder-99" in letter.error and "could not be stored" in letter.error
    assert letter.suggested_action and "normalizer" in letter.suggested_action


def test_the_same_batch_again_is_stored_idempotently_and_the_letter_stays(repo, run_settings):
    poison = _profile(99).model_copy(update={"followers_count": 10**30})
    outcomes = [_outcome(_profile(1)), _outcome(poison)]
    process_outcomes(run_settings, repo, outcomes, "run-1")
    report = process_outcomes(run_settings, repo, outcomes, "run-2")
    assert report.stored == 1 and repo.count_profiles() == 1
    [letter] = repo.list_dead_letters()
    assert letter.attempts == 2


def test_a_github_payload_with_nul_in_name_and_bio_is_stored_whole(repo, run_settings):
    body = {"user": {"login": "nul-ada", "id": 4242, "name": "Ada\x00 Lovelace", "bio": "agents\x00 and evals",
                     "followers": 12, "following": 1, "public_repos": 3, "created_at": "2020-01-01T00:00:00Z"},
            "repos": [], "events": []}
    [profile] = get_source("github", run_settings).normalize(RawPayload(source="github", body=body))
    profile = profile.model_copy(update={"last_enriched_at": T0})

    report = process_outcomes(run_settings, repo, [_outcome(profile, body)], "run-nul")

    assert report.stored == 1 and report.dead_letters == 0
    stored = repo.get_profile("github", "nul-ada")
    assert stored is not None and stored.display_name == "Ada Lovelace" and stored.bio == "agents and evals"


def test_a_raw_document_with_nul_and_lone_surrogates_is_storable(repo):
    raw = {"source": "github", "body": {"name\x00": "A\x00da", "bio": "x\ud800y", "list": ["\x00"]}}
    row_id = repo.upsert_profile(_profile(5), raw)
    assert row_id > 0
    assert repo.raw_payloads("github")[row_id]["body"] == {"name": "Ada", "bio": "x\ufffdy", "list": [""]}


def test_an_unreachable_database_stops_the_batch_instead_of_dead_lettering_it(tmp_path):
    from sqlalchemy.exc import OperationalError

    from scout_core.errors import DatabaseUnavailableError
    from scout_core.process import belongs_to_profile
    from scout_core.store.repository import Repository

    settings = Settings(data_dir=tmp_path / "data", _env_file=None,
                        database_url="postgresql+psycopg2://postgres@127.0.0.1:1/none")
    gone = Repository(settings.resolved_database_url)
    with pytest.raises((DatabaseUnavailableError, OperationalError)):
        process_outcomes(settings, gone, [_outcome(_profile(1))], "run-down")
    assert not belongs_to_profile(DatabaseUnavailableError("down"))
