"""Shared fixtures: the bundled corpus parsed once, a built knowledge base, fixture files."""

from __future__ import annotations

from pathlib import Path

import pytest

import conflict_atlas
from conflict_atlas.corpus import corpus_paths
from conflict_atlas.ingest import ingest_file
from conflict_atlas.models import DocumentResult
from conflict_atlas.resolve.actors import ActorResolver
from conflict_atlas.resolve.registry import ActorRegistry
from conflict_atlas.segment import segment

FIXTURES = Path(__file__).parent / "fixtures"
FIXTURE_CORPUS = FIXTURES / "corpus"
SEEDS = {path.name[:3]: path for path in corpus_paths()}


@pytest.fixture(scope="session")
def seed_results() -> dict[str, DocumentResult]:
    """The five bundled articles, ingested and segmented, keyed "000" … "004"."""
    results = {}
    for key, path in SEEDS.items():
        documents, problems = ingest_file(path)
        assert not problems
        results[key] = DocumentResult(documents[0], segment(documents[0]))
    return results


@pytest.fixture(scope="session")
def corpus_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A knowledge base of the bundled corpus, built once per test session."""
    db = tmp_path_factory.mktemp("kb") / "atlas.db"
    conflict_atlas.build(db=db)
    return db


@pytest.fixture(scope="session")
def registry() -> ActorRegistry:
    """The bundled actor registries, loaded once for the session."""
    return ActorRegistry.load()


@pytest.fixture(scope="session")
def resolver(registry: ActorRegistry) -> ActorResolver:
    """An actor resolver over the bundled registries (spaCy loaded once)."""
    return ActorResolver(registry)
