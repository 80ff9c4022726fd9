"""Full build of the bundled corpus against spaCy alone, in one run.

Prints the build's per-stage timings, the time of en_core_web_sm's ``nlp.pipe`` over the
same sentences, their ratio (target ≤ 1.5×) and the peak memory of the process (target
< 1.5 GB).

The baseline is the stock en_core_web_sm, loaded on its own and given one untimed pass
over the sentences first, so it runs warm (tokenizer, lexeme and lemma caches filled) as
it would after a build: all its components, none of Conflict Atlas's changes (the entity
ruler, the faster lemma index and attribute-rule matching of ``conflict_atlas.nlp_fast``).
The time of the build's own pipeline over the same sentences is printed for reference.
Wall-clock time is the measure; the ratio of CPU times is printed too, since other
processes on a shared machine stretch wall-clock time unevenly.
Run: python benchmarks/build.py
"""

from __future__ import annotations

import resource
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import spacy
from spacy.language import Language

import conflict_atlas
from conflict_atlas.ingest.text import blank_citations
from conflict_atlas.nlp import ACTOR_RULER, MODEL_NAMES, load_nlp


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        began, began_cpu = time.perf_counter(), time.process_time()
        report = conflict_atlas.build(db=Path(tmp) / "bench.db")
        build_seconds = time.perf_counter() - began
        build_cpu = time.process_time() - began_cpu
    texts = [
        blank_citations(r.document.text[s.start : s.end])
        for r in report.documents
        for s in r.sentences
    ]
    stock = _stock_model()
    _parse(stock, texts)  # warm-up pass, untimed
    spacy_seconds, spacy_cpu = _parse(stock, texts)
    ours = load_nlp()
    own_seconds, _ = _parse(ours, texts, [n for n in ours.pipe_names if n.startswith(ACTOR_RULER)])
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"corpus: {len(report.documents)} documents, {len(texts):,} units, "
        f"{len(report.events)} events"
    )
    print("build stages (s): " + ", ".join(f"{k} {v:.2f}" for k, v in report.timings.items()))
    print(f"full build:        {build_seconds:6.2f} s  (CPU {build_cpu:.2f} s)")
    print(f"nlp.pipe alone:    {spacy_seconds:6.2f} s  (CPU {spacy_cpu:.2f} s; stock, warm)")
    print(f"  build's spaCy:   {own_seconds:6.2f} s  (its pipeline, rules off, warm)")
    print(f"ratio:             {build_seconds / spacy_seconds:6.2f}x  (target <= 1.5x)")
    print(f"CPU-time ratio:    {build_cpu / spacy_cpu:6.2f}x")
    print(f"peak memory:       {peak_mb:6.0f} MB (target < 1500 MB)")


def _stock_model() -> Language:
    """en_core_web_sm as spaCy loads it (the first installed of ``MODEL_NAMES``)."""
    for name in MODEL_NAMES:
        try:
            return spacy.load(name)
        except OSError:
            continue
    raise SystemExit(f"none of {', '.join(MODEL_NAMES)} is installed")


def _parse(nlp: Language, texts: Sequence[str], disable: Sequence[str] = ()) -> tuple[float, float]:
    """Wall-clock and CPU seconds of ``nlp.pipe`` over ``texts`` (batches of 128)."""
    began, began_cpu = time.perf_counter(), time.process_time()
    for _ in nlp.pipe(texts, batch_size=128, disable=list(disable)):
        pass
    return time.perf_counter() - began, time.process_time() - began_cpu


if __name__ == "__main__":
    main()
