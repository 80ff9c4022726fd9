"""The build pipeline: paths → ingest → segment → store, with per-stage timings."""

from __future__ import annotations

import gc
import hashlib
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from conflict_atlas import __version__
from conflict_atlas.analyze import Analysis, Analyzer, Timer, merge_places
from conflict_atlas.claims import group_claims
from conflict_atlas.corpus import corpus_paths
from conflict_atlas.errors import InputError, NoDocumentsError
from conflict_atlas.events import merge_events
from conflict_atlas.extract.dates import DateTagger
from conflict_atlas.ingest import discover, ingest_file
from conflict_atlas.models import (
    BuildReport,
    Document,
    DocumentResult,
    Findings,
    InputProblem,
    TimeMention,
)
from conflict_atlas.resolve.actors import merge_actors
from conflict_atlas.resolve.relations import (
    merge_relations,
    relations_from_events,
    relations_from_registry,
)
from conflict_atlas.segment import Segmenter
from conflict_atlas.settings import Settings
from conflict_atlas.store import RunRecord, check_target, stored_findings, write_knowledge_base

#: Called as ``progress(stage, item, done, total)``; the CLI draws a progress bar from it.
Progress = Callable[[str, str, int, int], None]

DEFAULT_DB = "atlas.db"


def build(
    paths: Iterable[str | Path] | None = None,
    *,
    db: str | Path = DEFAULT_DB,
    settings: Settings | None = None,
    append: bool = False,
    progress: Progress | None = None,
) -> BuildReport:
    """Build a knowledge base from files and directories (default: the bundled corpus).

    Files that cannot be read are reported in ``BuildReport.problems`` and skipped; with
    ``settings.strict`` the first problem raises :class:`InputError` and nothing is
    written. If no document can be stored, :class:`NoDocumentsError` is raised and the
    existing knowledge base is left as it was.

    >>> report = build(["articles/"], db="syria.db")      # doctest: +SKIP
    >>> len(report.documents), report.problems             # doctest: +SKIP
    """
    settings = settings or Settings()
    target = Path(db)
    check_target(target)
    with collector_paused():
        return _build(paths, target, settings, append, progress)


def _build(
    paths: Iterable[str | Path] | None,
    target: Path,
    settings: Settings,
    append: bool,
    progress: Progress | None,
) -> BuildReport:
    started_at = _now()
    timer = Timer()
    files, problems, skipped = discover(corpus_paths() if paths is None else paths)
    _raise_if_strict(settings, problems)
    results = _process(files, settings, problems, timer, progress)
    if not results:
        raise NoDocumentsError(f"no document could be stored; {target} was left unchanged")
    analyses = _analyze(results, settings, timer, progress)
    results = [a.result for a in analyses]
    earlier = Findings()
    if append:
        earlier = stored_findings(target, besides=[r.document.id for r in results])
    findings = _findings(analyses, earlier, timer)
    run = _run_record(results, problems, settings, timer, started_at, findings)
    began = time.perf_counter()
    write_knowledge_base(target, results, run, append=append, findings=findings)
    timer.add("store", began)
    return BuildReport(
        str(target),
        run.id,
        tuple(results),
        tuple(problems),
        timer.rounded(),
        tuple(skipped),
        actors=findings.actors,
        places=findings.places,
        events=findings.events,
        relations=findings.relations,
        claim_groups=findings.claim_groups,
    )


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for the block; its state is restored after.

    A build keeps every document's records alive until it stores them, next to the spaCy
    model and the lexicons; each automatic full collection then walks all of that again
    (about 0.3 s per build of the bundled corpus), to find almost no cycles: a few dozen
    objects over the whole bundled corpus. Reference counting frees everything else as
    usual, so memory does not grow; the collector runs again once the block ends.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _analyze(
    results: list[DocumentResult], settings: Settings, timer: Timer, progress: Progress | None
) -> list[Analysis]:
    began = time.perf_counter()
    analyzer = Analyzer(settings)
    timer.add("load_models", began)
    analyses = []
    parses = analyzer.parse_all(results, timer)
    for done, result in enumerate(results):
        if progress:
            progress("analyze", result.document.name, done, len(results))
        analyses.append(analyzer(result, timer, docs=next(parses)))
    if progress:
        progress("analyze", "", len(results), len(results))
    return analyses


def _findings(analyses: Sequence[Analysis], earlier: Findings, timer: Timer) -> Findings:
    """Merge what the documents report (with what ``earlier`` documents did) across the corpus."""
    began = time.perf_counter()
    mentions = tuple(e for a in analyses for e in a.events)
    events = merge_events([*earlier.event_mentions, *mentions])
    actors = merge_actors([a.actors for a in analyses])
    timer.add("merge", began)
    began = time.perf_counter()
    stated = tuple(r for a in analyses for r in a.relations)
    relations = merge_relations(
        [
            earlier.relation_mentions,
            stated,
            relations_from_events(events),
            relations_from_registry(actors),
        ]
    )
    timer.add("relations", began)
    began = time.perf_counter()
    claims = (*earlier.claims, *(c for a in analyses for c in a.claims))
    groups = group_claims(claims)
    timer.add("claims", began)
    return Findings(
        actors=tuple(actors),
        places=tuple(merge_places([a.places for a in analyses])),
        event_mentions=mentions,
        events=tuple(events),
        relation_mentions=stated,
        relations=tuple(relations),
        claims=claims,
        claim_groups=tuple(groups),
    )


def _raise_if_strict(settings: Settings, problems: Sequence[InputProblem]) -> None:
    if settings.strict and problems:
        first = problems[0]
        raise InputError(first.path, first.reason, line=first.line)


def _process(
    files: Sequence[Path],
    settings: Settings,
    problems: list[InputProblem],
    timer: Timer,
    progress: Progress | None,
) -> list[DocumentResult]:
    segmenter = Segmenter()
    results: list[DocumentResult] = []
    for done, path in enumerate(files):
        if progress:
            progress("ingest", path.name, done, len(files))
        began = time.perf_counter()
        try:
            documents, line_problems = ingest_file(path, settings=settings)
        except InputError as error:
            problems.append(InputProblem(error.path, error.reason, error.line))
            _raise_if_strict(settings, problems)
            continue
        finally:
            timer.add("ingest", began)
        problems.extend(line_problems)
        _raise_if_strict(settings, problems)
        began = time.perf_counter()
        results.extend(DocumentResult(d, segmenter(d)) for d in documents)
        timer.add("segment", began)
    if progress:
        progress("ingest", "", len(files), len(files))
    return results


def _run_record(
    results: Sequence[DocumentResult],
    problems: Sequence[InputProblem],
    settings: Settings,
    timer: Timer,
    started_at: str,
    findings: Findings,
) -> RunRecord:
    inputs: list[dict[str, object]] = [
        {
            "name": r.document.name,
            "source": r.document.source,
            "layout": str(r.document.layout),
            "sha256": hashlib.sha256(r.document.text.encode("utf-8")).hexdigest(),
        }
        for r in results
    ]
    counts = {
        "documents": len(results),
        "sentences": sum(len(r.sentences) for r in results),
        "time_expressions": sum(len(r.times) for r in results),
        "quantities": sum(len(r.quantities) for r in results),
        "mentions": sum(len(r.mentions) for r in results),
        "events": len(findings.events),
        "relations": len(findings.relations),
        "claims": len(findings.claims),
        "contradictions": sum(1 for g in findings.claim_groups if g.strength > 0),
        "problems": len(problems),
    }
    return RunRecord(
        id=uuid.uuid4().hex[:16],  # a run is an occurrence, not content: unique per build
        started_at=started_at,
        finished_at=_now(),
        version=__version__,
        settings=settings.as_dict(),
        inputs=inputs,
        counts=counts,
        timings=timer.rounded(),
        problems=[str(p) for p in problems],
    )


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def tag_dates(
    paths: Iterable[str | Path],
    *,
    reference_date: str | None = None,
    settings: Settings | None = None,
) -> tuple[list[tuple[Document, list[TimeMention]]], list[InputProblem]]:
    """Temporal expressions of files, without building a knowledge base.

    ``reference_date`` (YYYY-MM-DD) anchors relative expressions as a publication date
    would; a JSON Lines record's own ``"date"`` wins over it.
    """
    settings = settings or Settings()
    files, problems, _ = discover(paths)
    _raise_if_strict(settings, problems)
    tagger = DateTagger()
    found: list[tuple[Document, list[TimeMention]]] = []
    for result in _process(files, settings, problems, Timer(), None):
        document = result.document
        anchor = document.reference_date or reference_date
        found.append((document, tagger(document, result.sentences, reference_date=anchor)))
    return found, problems
