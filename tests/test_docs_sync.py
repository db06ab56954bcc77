"""Generated docs (rule catalogue, categories, report JSON schema) match the code."""

from __future__ import annotations

import pytest

from tonecheck.rulebook.docgen import DOCS, GENERATED


@pytest.mark.parametrize("name", sorted(GENERATED))
def test_generated_doc_is_current(name: str) -> None:
    committed = (DOCS / name).read_text(encoding="utf-8")
    assert committed == GENERATED[name](), (
        f"docs/{name} is stale: run `python -m tonecheck.rulebook.docgen`"
    )
