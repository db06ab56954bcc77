"""Audit report traceability: the worst-message list names each message by its own id, and
``--redact`` masks agent names as docs/audit.md says (with a stable pseudonym per agent)."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import tonecheck
from test_audit_support import messages, run_audit, write_csv
from tonecheck.audit import html_report
from tonecheck.audit.sources import Item
from tonecheck.audit.summary import Summary


def test_worst_list_shows_the_messages_own_id(checker: tonecheck.Checker) -> None:
    summary = Summary()
    text = "Pay now or we will have you arrested."
    for i in range(3):
        item = Item(
            key=f"sent.csv#{i}",
            source="sent.csv",
            location=f"sent.csv:{17049 + i}",
            local_key=str(i),
            text=text,
            id=f"MSG-{i:04}",
        )
        summary.add(item, checker.check(text, id=item.id), text)
    page = html_report.render(summary, {"sources": ["sent.csv"], "title": "t"})
    worst = page.split('<section id="worst">', 1)[1]
    heading = worst.split("<summary>", 1)[1].split("</summary>", 1)[0]
    assert "MSG-0000" in heading and "sent.csv:17049" in heading
    assert heading.index("MSG-0000") < heading.index("sent.csv:17049")


def test_redact_masks_agent_names(tmp_path: Path) -> None:
    rows = messages(6, seed=3)
    write_csv(tmp_path / "a.csv", rows)
    result = run_audit(
        ["a.csv", "--out", "r.db", "--redact", "--report", "r.html", "--workers", "1"], tmp_path
    )
    assert result.returncode == 0, result.stderr
    with closing(sqlite3.connect(tmp_path / "r.db")) as db:
        agents = [a for (a,) in db.execute("SELECT agent FROM messages ORDER BY id")]
    assert all(a.startswith("agent:") for a in agents), agents
    by_name: dict[str, set[str]] = {}
    for row, agent in zip(rows, agents, strict=True):
        by_name.setdefault(row["agent"], set()).add(agent)
    assert all(len(v) == 1 for v in by_name.values())  # one pseudonym per agent: totals still work
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    for name in by_name:
        assert name not in page
