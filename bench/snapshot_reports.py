"""Report snapshots: a fingerprint of every report tonecheck gives on its own corpus, the bundled
examples and every rule example, so a change meant to keep behaviour (a refactor, a faster matcher)
can prove it did, and a change meant to alter verdicts shows exactly which reports moved.

    python bench/snapshot_reports.py            # compare with tests/snapshots/reports.jsonl
    python bench/snapshot_reports.py --write    # record the current behaviour

Each line holds an id, the SHA-256 of the report's JSON and of its rewrite, and the scores (so a
reviewer can see how far a changed report moved without rerunning anything).
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SNAPSHOT = ROOT / "tests" / "snapshots" / "reports.jsonl"
EXAMPLES = ROOT / "examples"


def _load_corpus() -> Any:
    spec = importlib.util.spec_from_file_location("corpus_load", ROOT / "tests/corpus/load.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["corpus_load"] = module
    spec.loader.exec_module(module)
    return module


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _entry(key: str, report: Any) -> dict[str, Any]:
    scores = report.scores.model_dump(mode="json")
    return {
        "id": key,
        "report": _sha(report.model_dump_json()),
        "rewrite": _sha(report.rewrite()),
        "scores": scores,
    }


def _example_inputs() -> Iterator[tuple[str, str, str, bool]]:
    """(key, text, channel, template) for each bundled example; e-mails are read as the CLI reads
    them (the body, quotes blanked)."""
    from tonecheck.email import read_email

    for path in sorted(EXAMPLES.iterdir()):
        if path.suffix == ".eml":
            yield f"example:{path.name}", read_email(path.read_bytes()).text, "email", False
        elif path.suffix == ".txt":
            name = path.stem
            channel = "sms" if "sms" in name else "letter" if "letter" in name else "email"
            yield f"example:{path.name}", path.read_text("utf-8"), channel, "template" in name


def snapshot() -> list[dict[str, Any]]:
    import tonecheck
    from tonecheck.rulebook.selftest import example_call, example_cases

    checker = tonecheck.Checker(tonecheck.Config())
    entries: list[dict[str, Any]] = []
    corpus = _load_corpus()
    for message in corpus.load_corpus():
        entries.append(
            _entry(f"corpus:{message.id}", checker.check(message.text, **message.check_kwargs()))
        )
    for key, text, channel, template in _example_inputs():
        entries.append(_entry(key, checker.check(text, channel=channel, template=template)))
    seen: dict[str, int] = {}
    for item, example, should_fire in example_cases(checker):
        base = f"rule:{item.id}:{'fire' if should_fire else 'quiet'}"
        seen[base] = seen.get(base, 0) + 1
        key = f"{base}:{seen[base]}"
        report = checker.check(example.text, **example_call(item, example))
        entries.append(_entry(key, report))
    return entries


def read_snapshot(path: Path = SNAPSHOT) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def differences(old: list[dict[str, Any]], new: list[dict[str, Any]]) -> list[str]:
    """One line per report that is missing, new or changed."""
    before = {e["id"]: e for e in old}
    after = {e["id"]: e for e in new}
    lines = [f"missing now: {key}" for key in before if key not in after]
    lines += [f"new: {key}" for key in after if key not in before]
    for key, entry in after.items():
        was = before.get(key)
        if was is None:
            continue
        changed = [part for part in ("report", "rewrite") if was[part] != entry[part]]
        if changed:
            moved = {
                dim: f"{was['scores'].get(dim)}→{value}"
                for dim, value in entry["scores"].items()
                if was["scores"].get(dim) != value
            }
            lines.append(f"changed {'+'.join(changed)}: {key} {moved or ''}".rstrip())
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--write", action="store_true", help="record the current reports")
    args = parser.parse_args(argv)
    entries = snapshot()
    if args.write:
        SNAPSHOT.parent.mkdir(parents=True, exist_ok=True)
        SNAPSHOT.write_text("".join(json.dumps(e, sort_keys=True) + "\n" for e in entries), "utf-8")
        print(f"wrote {len(entries)} report fingerprints to {SNAPSHOT.relative_to(ROOT)}")
        return 0
    diff = differences(read_snapshot(), entries)
    for line in diff:
        print(line)
    print(f"{len(entries)} reports, {len(diff)} differences")
    return 1 if diff else 0


if __name__ == "__main__":
    raise SystemExit(main())
