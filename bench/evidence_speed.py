"""Microseconds per message of `collect_evidence` on the labelled corpus (the Doc is built
first and not timed: the checker builds it anyway).

Usage:
    python bench/evidence_speed.py [--repeat 20]
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def corpus_texts() -> list[str]:
    spec = importlib.util.spec_from_file_location(
        "corpus_load", ROOT / "tests" / "corpus" / "load.py"
    )
    assert spec and spec.loader
    module: Any = importlib.util.module_from_spec(spec)
    sys.modules["corpus_load"] = module  # dataclasses look their module up while it loads
    spec.loader.exec_module(module)
    return [m.text for m in module.load_corpus()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args(argv)
    from tonecheck.evidence import collect_evidence, default_evidence
    from tonecheck.text.nlp import build_pipeline

    nlp, _ = build_pipeline()
    texts = corpus_texts()
    docs = [nlp(t) for t in texts]
    pairs = list(zip(docs, texts, strict=True))
    evidence = default_evidence()
    for doc, text in pairs:  # warm caches
        collect_evidence(doc, evidence, text=text)
    runs = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        for doc, text in pairs:
            collect_evidence(doc, evidence, text=text)
        runs.append((time.perf_counter() - started) / len(docs) * 1e6)
    tokens = statistics.mean(len(d) for d in docs)
    print(
        f"{len(docs)} messages, {tokens:.0f} tokens on average: "
        f"median {statistics.median(runs):.0f} µs per message (best {min(runs):.0f})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
