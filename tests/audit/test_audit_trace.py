"""Audit report traceability: the worst-message list names each message by its own id, each
rule and category links to the messages behind its count, and ``--redact`` masks agent names as
docs/audit.md says (with a stable pseudonym per agent)."""

from __future__ import annotations

import re
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

import tonecheck
from tests.support.audit import messages, run_audit, write_csv
from tonecheck.audit import html_report
from tonecheck.audit.sources import Item
from tonecheck.audit.summary import EXAMPLES_KEPT, Summary


def test_worst_list_shows_the_messages_own_id(checker: tonecheck.Checker) -> None:
    summary = _summary_of(checker, ["Pay now or we will have you arrested."] * 3, first_line=17049)
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


ARREST = "Pay now or we will have you arrested."


def _summary_of(checker: tonecheck.Checker, texts: list[str], first_line: int = 2) -> Summary:
    summary = Summary()
    for i, text in enumerate(texts):
        item = Item(
            key=f"sent.csv#{i}",
            source="sent.csv",
            location=f"sent.csv:{i + first_line}",
            local_key=str(i),
            text=text,
            id=f"MSG-{i:04}",
        )
        summary.add(item, checker.check(text, id=item.id), text)
    return summary


def test_each_rule_and_category_links_to_its_messages(checker: tonecheck.Checker) -> None:
    kind = "Thank you for your payment of $20 on 5 June. Your account is now paid in full."
    texts = [ARREST if i % 3 == 0 else kind for i in range(3 * EXAMPLES_KEPT + 3)]
    summary = _summary_of(checker, texts)
    page = html_report.render(summary, {"sources": ["sent.csv"], "title": "t"})
    arrest = checker.check(ARREST)
    rule = next(f for f in arrest.findings if f.rule == "respect.threat-arrest")

    rules_table = page.split('<section id="rules">', 1)[1].split("</section>", 1)[0]
    assert f'href="#rule-{rule.rule}"' in rules_table
    categories_table = page.split('<section id="categories">', 1)[1].split("</section>", 1)[0]
    assert f'href="#category-{rule.category}"' in categories_table

    listing = page.split(f'id="rule-{rule.rule}"', 1)[1].split("</details>", 1)[0]
    named = re.findall(r"MSG-\d{4}", listing)
    arrests = [f"MSG-{i:04}" for i, t in enumerate(texts) if t == ARREST]
    assert named == arrests[:EXAMPLES_KEPT]  # the first ones read, by their own ids
    assert f"First {EXAMPLES_KEPT} of {len(arrests)}" in listing
    assert "“arrested”" in listing  # the words that fired
    # a message also shown for review links on to it
    rank = re.search(r'<a href="#(worst-\d+)">MSG-0000</a>', listing)
    assert rank and f'<details class="worst" id="{rank.group(1)}"' in page


def test_the_messages_behind_a_rule_survive_a_resume(checker: tonecheck.Checker) -> None:
    summary = _summary_of(checker, [ARREST, ARREST])
    again = Summary.from_dict(summary.to_dict())
    assert again.rules["respect.threat-arrest"]["examples"] == [
        {
            "key": f"sent.csv#{i}",
            "id": f"MSG-{i:04}",
            "location": f"sent.csv:{i + 2}",
            "span": "arrested",
        }
        for i in range(2)
    ]
    assert html_report.render(again, {"title": "t"}) == html_report.render(summary, {"title": "t"})


def test_a_rule_link_opens_its_list_in_chromium(tmp_path: Path, checker: tonecheck.Checker) -> None:
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(chromium).exists():
        pytest.skip("no Chromium")
    path = tmp_path / "r.html"
    html_report.write(path, _summary_of(checker, [ARREST] * 3), {"title": "t"})
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, args=["--headless", "--no-sandbox"], headless=True
        )
        try:
            page = browser.new_page()
            page.goto(path.resolve().as_uri())
            listing = "#rule-respect\\.threat-arrest"
            assert page.get_attribute(listing, "open") is None
            page.click('#rules a[href="#rule-respect.threat-arrest"] >> nth=0')
            page.wait_for_selector(f"{listing}[open]")
            assert "MSG-0000" in page.inner_text(listing)
        finally:
            browser.close()
