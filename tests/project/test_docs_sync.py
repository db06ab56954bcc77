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


def _marked() -> list[str]:
    from tonecheck.rulebook.docexamples import marked_files

    return [str(p.relative_to(DOCS.parent)) for p in marked_files()]


@pytest.mark.parametrize("name", _marked())
def test_example_outputs_are_current(name: str) -> None:
    from tonecheck.rulebook.docexamples import refresh

    committed = (DOCS.parent / name).read_text(encoding="utf-8")
    assert committed == refresh(committed), (
        f"{name}: example output is stale: run `python -m tonecheck.rulebook.docgen`"
    )


def test_cli_docs_examples_are_generated() -> None:
    """The examples the issue found drifting are generated, and the mechanism really replaces
    a stale block."""
    from tonecheck.rulebook.docexamples import refresh, run_example

    assert "docs/cli.md" in _marked()
    command = "tonecheck check --format concise --fail-on never examples/sms-reminder.txt"
    stale = f"<!-- docgen: {command} -->\n```\n55 70 55 65 60\n```\n"
    fresh = refresh(stale)
    assert "55 70 55 65 60" not in fresh
    assert run_example(command) in fresh
    assert run_example(command).startswith("examples/sms-reminder.txt:")
