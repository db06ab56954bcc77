"""The real-message corpus is well formed and split by source (``docs/labelling.md``)."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _module(name: str, path: Path):  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


load = _module("real_corpus_load", ROOT / "tests/corpus/real/load.py")
split_tool = _module("split_real_corpus", ROOT / "bench/split_real_corpus.py")

GOOD = {
    "id": "x-001",
    "text": "Your payment of $20 is due on 3 May. Pay at example.com/pay.",
    "channel": "sms",
    "jurisdiction": "us",
    "stage": "reminder",
    "audience": "consumer",
    "template": False,
    "source_url": "https://example.org/a",
    "source_title": "A",
    "source_kind": "template-site",
    "source_group": "example.org",
    "licence": "quoted-for-evaluation",
    "retrieved": "2026-12-02",
    "respect_violation": False,
    "threat": False,
    "empathy_present": False,
    "consequences_stated": False,
    "clarity_ok": True,
    "notes": "",
}


@pytest.fixture(scope="module")
def corpus() -> list:  # type: ignore[type-arg]
    if not load.MESSAGES.exists():
        pytest.skip("no real corpus in this checkout")
    return load.load_real()


def test_every_record_is_valid_and_split(corpus: list) -> None:  # type: ignore[type-arg]
    assert corpus, "the corpus file is empty"
    assert {m.split for m in corpus} <= {"dev", "held_out"}


def test_each_source_group_sits_in_one_split(corpus: list) -> None:  # type: ignore[type-arg]
    sides: dict[str, set[str]] = {}
    for message in corpus:
        sides.setdefault(message.source_group.strip().lower(), set()).add(message.split)
    mixed = [group for group, splits in sides.items() if len(splits) > 1]
    assert not mixed, f"groups in both splits: {mixed}"


def test_no_text_twice(corpus: list) -> None:  # type: ignore[type-arg]
    words = [split_tool._words(m.text) for m in corpus]
    assert len(words) == len(set(words))


def test_a_threat_must_be_a_respect_violation() -> None:
    bad = dict(GOOD, threat=True, respect_violation=False)
    with pytest.raises(load.RealCorpusError, match="respect_violation"):
        load.parse_record(bad, "f:1", need_split=False)


def test_bad_field_names_file_line_and_field(tmp_path: Path) -> None:
    path = tmp_path / "part.jsonl"
    path.write_text(
        json.dumps(GOOD) + "\n" + json.dumps(dict(GOOD, id="x-002", channel="fax")) + "\n"
    )
    with pytest.raises(load.RealCorpusError, match=r"part\.jsonl:2: channel: 'fax'"):
        load.read_records(path, need_split=False)


def test_split_depends_on_the_group_name_alone() -> None:
    groups = [f"publisher-{i}" for i in range(400)]
    first = [split_tool.split_of_group(g) for g in groups]
    assert first == [split_tool.split_of_group(g.upper()) for g in groups]
    share = first.count("dev") / len(first)
    assert 0.5 < share < 0.7
