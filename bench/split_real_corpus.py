"""Build ``tests/corpus/real/messages.jsonl`` and assign each record's ``split`` by source.

    python bench/split_real_corpus.py              # merge tests/corpus/real/parts/*.jsonl, assign splits
    python bench/split_real_corpus.py --check      # only validate and print the counts

Every record of one ``source_group`` (a court case, a repository, a site) lands in the same split,
so a publisher's house style cannot leak from ``dev`` into ``held_out``. A group's split is a
function of its name alone (SHA-256 of the name below 0.6 → ``dev``), and a group already in the
corpus keeps the split it has: adding messages never moves a message someone has studied as
``dev`` into ``held_out`` or the other way round. Texts already present (same words, whatever
the white space) are dropped with a note.

Second labels. ``tests/corpus/real/review_*.jsonl`` hold a reviewer's blind second labels and the
adjudicated final ones (``{"id", "second", "final", "reason", "exclude"}``): the final labels
replace the collector's, the second ones are kept under ``review`` for agreement figures, and a
record marked ``exclude`` (not a collection message, not verbatim) leaves the corpus.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEV_SHARE = 0.6


def _loader() -> Any:
    path = ROOT / "tests/corpus/real/load.py"
    spec = importlib.util.spec_from_file_location("real_corpus_load", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["real_corpus_load"] = module
    spec.loader.exec_module(module)
    return module


def split_of_group(group: str) -> str:
    digest = hashlib.sha256(group.strip().lower().encode("utf-8")).digest()
    return "dev" if int.from_bytes(digest[:8], "big") / 2**64 < DEV_SHARE else "held_out"


def _words(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def merge(load: Any) -> tuple[list[dict[str, Any]], list[str]]:
    """Existing corpus records first, then new part records; returns (records, notes)."""
    notes: list[str] = []
    records: list[dict[str, Any]] = []
    if load.MESSAGES.exists():
        records = [m.raw for m in load.read_records(load.MESSAGES, need_split=False)]
    group_split = {r["source_group"].strip().lower(): r["split"] for r in records if r.get("split")}
    ids = {r["id"] for r in records}
    texts = {_words(r["text"]): r["id"] for r in records}
    for part in sorted(load.PARTS.glob("*.jsonl")) if load.PARTS.exists() else []:
        for message in load.read_records(part, need_split=False):
            raw = dict(message.raw)
            key = _words(raw["text"])
            if raw["id"] in ids:
                if texts.get(key) != raw["id"]:
                    notes.append(
                        f"{part.name}: {raw['id']}: id already used by another text; skipped"
                    )
                continue
            if key in texts:
                notes.append(f"{part.name}: {raw['id']}: same text as {texts[key]}; skipped")
                continue
            ids.add(raw["id"])
            texts[key] = raw["id"]
            records.append(raw)
    records = apply_reviews(load, records, notes)
    for raw in records:
        group = raw["source_group"].strip().lower()
        if not raw.get("split"):
            raw["split"] = group_split.get(group) or split_of_group(group)
        group_split.setdefault(group, raw["split"])
        if raw["split"] != group_split[group]:
            notes.append(f"{raw['id']}: group {group!r} is split across dev and held_out")
    return records, notes


def apply_reviews(
    load: Any, records: list[dict[str, Any]], notes: list[str]
) -> list[dict[str, Any]]:
    reviews: dict[str, dict[str, Any]] = {}
    for path in sorted(load.REAL_DIR.glob("review_*.jsonl")):
        for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
            if line.strip():
                review = json.loads(line)
                if not isinstance(review, dict) or "id" not in review:
                    raise SystemExit(f"{path.name}:{number}: a review needs an id")
                reviews[review["id"]] = review
    kept = []
    for raw in records:
        review = reviews.get(raw["id"])
        if review is None:
            kept.append(raw)
            continue
        if review.get("exclude"):
            notes.append(f"{raw['id']}: excluded by review: {review.get('reason', '')}")
            continue
        final = review.get("final") or {}
        collector = {label: raw[label] for label in load.LABELS}
        for label in load.LABELS:
            if isinstance(final.get(label), bool):
                raw[label] = final[label]
        raw["review"] = {
            "collector": collector,
            "second": review.get("second", {}),
            "reason": review.get("reason", ""),
        }
        kept.append(raw)
    return kept


def agreement(
    records: list[dict[str, Any]], labels: tuple[str, ...]
) -> dict[str, dict[str, float]]:
    """Per label: how often the collector's and the reviewer's blind labels agree, and Cohen's
    kappa (agreement beyond what the two label rates would give by chance)."""
    out: dict[str, dict[str, float]] = {}
    for label in labels:
        pairs = [
            (r["review"]["collector"][label], r["review"]["second"][label])
            for r in records
            if isinstance(r.get("review", {}).get("second", {}).get(label), bool)
        ]
        if not pairs:
            continue
        n = len(pairs)
        observed = sum(a == b for a, b in pairs) / n
        p_a = sum(a for a, _ in pairs) / n
        p_b = sum(b for _, b in pairs) / n
        chance = p_a * p_b + (1 - p_a) * (1 - p_b)
        kappa = (observed - chance) / (1 - chance) if chance < 1 else 1.0
        out[label] = {"n": n, "agreement": round(observed, 3), "kappa": round(kappa, 3)}
    return out


def summary(records: list[dict[str, Any]], labels: tuple[str, ...]) -> str:
    lines = [f"{len(records)} messages, {len({r['source_group'] for r in records})} source groups"]
    for split in ("dev", "held_out", None):
        subset = [r for r in records if split is None or r["split"] == split]
        name = split or "all"
        lines.append(f"\n[{name}] {len(subset)} messages")
        for field in ("channel", "source_kind", "jurisdiction"):
            counts = Counter(r[field] for r in subset)
            lines.append(f"  {field}: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
        lines.append(
            "  labels true: "
            + ", ".join(f"{label} {sum(r[label] for r in subset)}" for label in labels)
        )
    lines.append("\nsecond labelling (collector vs blind reviewer):")
    for label, figures in agreement(records, labels).items():
        lines.append(
            f"  {label}: n {figures['n']:.0f}, agreement {figures['agreement']:.1%}, "
            f"kappa {figures['kappa']:.2f}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--check", action="store_true", help="validate and count; write nothing")
    args = parser.parse_args(argv)
    load = _loader()
    records, notes = merge(load)
    for note in notes:
        print("note:", note)
    print(summary(records, load.LABELS))
    if not args.check:
        load.MESSAGES.write_text(
            "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8"
        )
        print(f"wrote {load.MESSAGES.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
