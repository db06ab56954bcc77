"""Rule data cites the regulation, guidance or a doc in this repository, never a document users
do not have (a "domain brief")."""

from __future__ import annotations

import re

from tonecheck.rulebook import builtin_rules_dir

_PRIVATE = re.compile(r"domain\s+brief|§\s*\d", re.IGNORECASE)


def test_no_rule_file_cites_the_domain_brief() -> None:
    found = [
        f"{path.relative_to(builtin_rules_dir())}:{number}: {line.strip()}"
        for path in sorted(builtin_rules_dir().rglob("*.toml"))
        for number, line in enumerate(path.read_text("utf-8").splitlines(), 1)
        if _PRIVATE.search(line)
    ]
    assert not found, "\n".join(found[:20])


def test_coverage_ids_cited_exist() -> None:
    coverage = (builtin_rules_dir().parent / "docs/coverage.md").read_text("utf-8")
    known = set(re.findall(r"^\| ([A-Z]\d\d) \|", coverage, re.MULTILINE))
    cited: set[str] = set()
    for path in builtin_rules_dir().rglob("*.toml"):
        for ref in re.findall(r"docs/coverage\.md[^\"\n;]*", path.read_text("utf-8")):
            cited.update(re.findall(r"\b([A-Z]\d\d)\b", ref))
    assert cited and cited <= known, sorted(cited - known)
