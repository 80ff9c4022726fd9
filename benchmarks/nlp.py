"""Sentences per second of the NLP pipeline (spaCy + actor resolution) on the corpus.

Run: ``PYTHONPATH=src python benchmarks/nlp.py [PATHS...]`` (default: the bundled corpus).
Prints the time to load the model, sentences/s of bare spaCy NER (``nlp.pipe`` with the
components the actor stage does not need disabled) and of the full actor stage, and
their ratio, all measured in one run.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from conflict_atlas.ingest import ingest_file
from conflict_atlas.models import Document, Sentence
from conflict_atlas.nlp import blank_citations, load_nlp, pipe_texts
from conflict_atlas.resolve.actors import ActorResolver
from conflict_atlas.segment import segment

CORPUS = Path(__file__).resolve().parents[1] / "src" / "conflict_atlas" / "data" / "corpus"


def load(paths: list[Path]) -> list[tuple[Document, tuple[Sentence, ...]]]:
    docs = [d for p in paths for d in ingest_file(p)[0]]
    return [(d, segment(d)) for d in docs]


def main(argv: list[str]) -> None:
    paths = [Path(a) for a in argv] or sorted(CORPUS.glob("*.txt"))
    corpus = load(paths)
    n = sum(len(s) for _, s in corpus)
    t0 = time.perf_counter()
    nlp = load_nlp()
    resolver = ActorResolver(nlp=nlp)
    t1 = time.perf_counter()
    texts = [blank_citations(d.text[s.start : s.end]) for d, ss in corpus for s in ss]
    for _ in pipe_texts(nlp, texts, disable=resolver.disable):
        pass
    t2 = time.perf_counter()
    mentions = sum(len(resolver(d, ss)[0]) for d, ss in corpus)
    t3 = time.perf_counter()
    print(f"documents {len(corpus)}  sentences {n}  actor mentions {mentions}")
    print(f"load model + registry      {t1 - t0:6.2f} s")
    print(f"spaCy NER only             {n / (t2 - t1):8.1f} sentences/s")
    print(f"actor stage (NER+resolve)  {n / (t3 - t2):8.1f} sentences/s")
    print(f"resolve overhead           {(t3 - t2) / (t2 - t1):8.2f}x of NER time")


if __name__ == "__main__":
    main(sys.argv[1:])
