"""Ingest + segment + store throughput: the bundled corpus repeated 50 times.

Prints MB/s and sentences/s for parsing alone and for parsing plus writing the
knowledge base (documents, structure, sentences, FTS index). The NLP stages are
measured by benchmarks/nlp.py and benchmarks/dates.py.
Run: python benchmarks/ingest.py [--repeat 50]
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

import conflict_atlas
from conflict_atlas.corpus import corpus_paths
from conflict_atlas.ingest import ingest_file
from conflict_atlas.models import DocumentResult
from conflict_atlas.segment import Segmenter
from conflict_atlas.store import RunRecord, write_knowledge_base


def make_corpus(folder: Path, repeat: int) -> list[Path]:
    """Copies of the bundled articles (distinct names, so distinct documents)."""
    copies = []
    for round_ in range(repeat):
        for path in corpus_paths():
            copy = folder / f"r{round_:03d}_{path.name}"
            shutil.copyfile(path, copy)
            copies.append(copy)
    return copies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        files = make_corpus(folder, args.repeat)
        megabytes = sum(f.stat().st_size for f in files) / 1e6
        segmenter = Segmenter()
        began = time.perf_counter()
        sentences = 0
        results: list[DocumentResult] = []
        for path in files:
            for document in ingest_file(path)[0]:
                result = DocumentResult(document, segmenter(document))
                sentences += len(result.sentences)
                results.append(result)
        parse = time.perf_counter() - began
        began = time.perf_counter()
        run = RunRecord("bench", "", "", conflict_atlas.__version__, {}, [], {}, {}, [])
        write_knowledge_base(folder / "bench.db", results, run)
        full = parse + time.perf_counter() - began
    print(f"corpus: {len(files)} files, {megabytes:.1f} MB, {sentences:,} sentences")
    for label, seconds in (("ingest+segment", parse), ("+ store", full)):
        print(
            f"{label:15} {seconds:6.2f} s  {megabytes / seconds:5.1f} MB/s  "
            f"{sentences / seconds:8,.0f} sentences/s"
        )


if __name__ == "__main__":
    main()
