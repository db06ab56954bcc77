"""The benchmark suite runs (on a tiny corpus). Timings are never asserted: CI machines are shared
and noisy; the figures live in docs/performance.md."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bench import corpus, run  # noqa: E402


def test_corpus_is_seeded_and_mixed() -> None:
    first = corpus.messages(40, seed=3)
    assert first == corpus.messages(40, seed=3)
    assert {m["channel"] for m in first} == set(corpus.CHANNELS)
    assert len({m["tone"] for m in first}) >= 4
    for item in first:
        words = len(item["text"].split())
        assert 15 <= words <= 340, words


def test_length_sweep_texts_have_the_exact_length() -> None:
    for length in corpus.LENGTH_SWEEP:
        assert len(corpus.text_of_length(length)) == length


def test_generated_rule_pack_loads(tmp_path: Path) -> None:
    pack = corpus.generated_rules_pack(str(tmp_path), 30)
    checker = run.make_checker(rule_dirs=[tmp_path], packs=["core", pack], jurisdiction_packs=False)
    assert checker.rule_count >= 30
    checker.check("Your final overdue payment notice is attached.")


def test_statistics_and_table() -> None:
    assert run.quartiles([1.0, 2.0, 3.0, 4.0, 5.0]) == (2.0, 3.0, 4.0)
    figure = run.Figure(
        "1", "demo", "µs", [1.0, 2.0], "base", [1.0, 1.0], [1.0, 2.0], target="≤ 1.5x", ok=True
    )
    table = run.render([figure])
    assert "| 1 | demo | µs |" in table and "yes" in table


@pytest.mark.slow
def test_smoke_run_prints_the_table(capsys: pytest.CaptureFixture[str]) -> None:
    # every section but the cold-start one (seven fresh interpreters) on a tiny corpus
    only = "floor,proselint,parallel,memory,length,rules"
    assert run.main(["--smoke", "--only", only]) == 0
    out = capsys.readouterr().out
    assert "| # | figure |" in out
    for section in ("| 1 |", "| 3 |", "| 5 |"):
        assert section in out
