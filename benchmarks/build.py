"""Full build of the bundled corpus against spaCy alone, in one run.

Prints the build's per-stage timings, the time of en_core_web_sm's ``nlp.pipe`` over the
same sentences (all components), their ratio (target ≤ 1.5×) and the peak memory of
the process (target < 1.5 GB).
Run: python benchmarks/build.py
"""

from __future__ import annotations

import resource
import tempfile
import time
from pathlib import Path

import conflict_atlas
from conflict_atlas.ingest.text import blank_citations
from conflict_atlas.nlp import load_nlp


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        began = time.perf_counter()
        report = conflict_atlas.build(db=Path(tmp) / "bench.db")
        build_seconds = time.perf_counter() - began
    texts = [
        blank_citations(r.document.text[s.start : s.end])
        for r in report.documents
        for s in r.sentences
    ]
    nlp = load_nlp()
    began = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=128):
        pass
    spacy_seconds = time.perf_counter() - began
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"corpus: {len(report.documents)} documents, {len(texts):,} units, "
        f"{len(report.events)} events"
    )
    print("build stages (s): " + ", ".join(f"{k} {v:.2f}" for k, v in report.timings.items()))
    print(f"full build:        {build_seconds:6.2f} s")
    print(f"nlp.pipe alone:    {spacy_seconds:6.2f} s")
    print(f"ratio:             {build_seconds / spacy_seconds:6.2f}x  (target <= 1.5x)")
    print(f"peak memory:       {peak_mb:6.0f} MB (target < 1500 MB)")


if __name__ == "__main__":
    main()
