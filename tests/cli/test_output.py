"""Text output that says what happened: nothing to score for an empty message, carets on the
words, an unchanged rewrite named as such, strengths listed as strengths."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from tonecheck import Checker
from tonecheck.cli import main
from tonecheck.models import Report
from tonecheck.render import Checked
from tonecheck.render.text import render_text


@pytest.fixture(scope="module")
def checker() -> Checker:
    return Checker()


def test_empty_message_has_nothing_to_score(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], checker: Checker
) -> None:
    path = tmp_path / "empty.txt"
    path.write_text("\n  \n")
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr().out
    assert "nothing to score: the message is empty" in out
    assert "overall" not in out
    assert main(["check", "--format", "json", str(path)]) == 1
    report = Report.model_validate_json(capsys.readouterr().out)  # still the Report schema
    assert report.scores.overall == report.scores.respect == 0
    assert report.breakdown == {}
    assert checker.check("Hello Sam.").scores.overall > 0


def _plain(checker: Checker, text: str, **options: object) -> str:
    out = io.StringIO()
    item = Checked(label="m.txt", text=text, report=checker.check(text))
    render_text([item], out, fail_on="error", failed=False, color=False, **options)  # type: ignore[arg-type]
    return out.getvalue()


def test_caret_points_at_first_visible_character(checker: Checker) -> None:
    text = "Hello,\n\nPay now or we will have you arrested.\n"
    report = checker.check(text)
    [arrest] = [f for f in report.findings if f.rule == "respect.threat-arrest"]
    # an HTML mail body often gives a span that starts with the markup's line breaks
    moved = arrest.model_copy(update={"start": text.index("\n\nPay")})
    report = report.model_copy(update={"findings": [moved]})
    out = io.StringIO()
    render_text(
        [Checked(label="m.txt", text=text, report=report)],
        out,
        fail_on="error",
        failed=False,
        color=False,
    )
    lines = out.getvalue().splitlines()
    heading = next(i for i, line in enumerate(lines) if "respect.threat-arrest" in line)
    assert lines[heading].startswith("m.txt:3:1: error")
    assert lines[heading + 1] == "    | Pay now or we will have you arrested."
    assert lines[heading + 2].startswith("    | ^")


def test_unchanged_rewrite_says_so(checker: Checker) -> None:
    text = "Hi Sam, thank you for your payment. Have a good week."
    assert checker.check(text).rewrite(text) == text
    out = _plain(checker, text, rewrite=True)
    assert "no rewrite: the suggestions change nothing in m.txt" in out
    assert "suggested revision" not in out
    changed = _plain(checker, "Please remit the balance now.", rewrite=True)
    assert "suggested revision" in changed


def test_rules_lists_strengths_as_strengths(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)["rules"]
    strengths = [r for r in rows if r["kind"] == "strength"]
    assert strengths and all(r["severity"] == "strength" for r in strengths)
    assert all(
        r["severity"] in {"error", "warning", "suggestion"} for r in rows if r["kind"] != "strength"
    )
