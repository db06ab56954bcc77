"""Template-engine block tags in template mode: every branch is read, the tags are not, and
offsets still point into the original text."""

from __future__ import annotations

import pytest

import tonecheck
from tonecheck.text.template_blocks import blank_block_tags

JINJA = (
    "Hi {{ customer.name }},\n"
    "{% if days_overdue > 30 %}You ignored our letters. Pay now or we will sue you."
    '{% else %}Your balance of {{ amount | currency }} is due on {{ due_date | date("d M") }}.'
    "{% endif %}\n{# internal: escalate after 60 days #}Thanks, the Accounts Team"
)
HANDLEBARS = (
    "Hi {{name}},\n{{#if late}}LAST CHANCE!!! You ignored our letters.{{else}}Thank you for "
    "your payment.{{/if}}\n{{! footer }}{{> signature}}"
)


@pytest.mark.parametrize(
    ("tag", "kept"),
    [
        ("{% if x > 3 %}", False),
        ("{%- endfor -%}", False),
        ("{# a note #}", False),
        ("{{#if late}}", False),
        ("{{/if}}", False),
        ("{{else}}", False),
        ("{{else if paid}}", False),
        ("{{^paid}}", False),
        ("{{! a comment }}", False),
        ("{{> partial}}", False),
        ("{{ amount | currency }}", True),
        ("{{name}}", True),
        ("[DUE DATE]", True),
    ],
)
def test_block_tags_become_spaces_and_value_fields_stay(tag: str, kept: bool) -> None:
    text = f"Before.{tag}After."
    blanked = blank_block_tags(text)
    assert len(blanked) == len(text)
    assert (blanked == text) is kept
    if not kept:
        assert blanked == "Before." + " " * len(tag) + "After."


def test_a_tag_across_lines_keeps_its_line_breaks() -> None:
    text = "A.{% if a\n and b %}B."
    assert blank_block_tags(text) == "A.       \n         B."


@pytest.mark.parametrize("text", [JINJA, HANDLEBARS])
def test_every_branch_is_read_in_template_mode(checker: tonecheck.Checker, text: str) -> None:
    report = checker.check(text, template=True)
    rules = {f.rule for f in report.findings}
    assert "respect.blame-ignored" in rules  # glued to the tag that opens its branch
    for f in [*report.findings, *report.strengths]:
        assert text[f.start : f.end] == f.span
        if (f.start, f.end) == (0, len(text)):
            continue  # a whole-message reading (length, reading grade) quotes it all
        assert "{%" not in f.span and "{{#" not in f.span and "{{/" not in f.span


def test_without_template_mode_the_tags_are_left_as_they_are(checker: tonecheck.Checker) -> None:
    report = checker.check(JINJA)
    assert any(f.rule == "format.unfilled-merge-field" for f in report.findings)


def test_a_finding_never_starts_on_a_blank_line(checker: tonecheck.Checker) -> None:
    text = "Hi Sam,\n\nFINAL notice: please pay the $20 balance."
    report = checker.check(text)
    shouting = [f for f in report.findings if f.rule == "respect.shouting-alarm-word"]
    assert shouting
    assert all(not f.span[:1].isspace() and not f.span[-1:].isspace() for f in shouting)


def test_an_unfilled_field_is_never_fixed_by_itself(checker: tonecheck.Checker) -> None:
    text = "Hi [NAME], your balance of [AMOUNT] is due by [DUE DATE]. Call {{phone}}."
    bare = checker.check(text)
    fields = [f for f in bare.all_findings() if f.rule == "format.unfilled-merge-field"]
    assert len(fields) == 4
    for f in fields:
        assert all(s.text != f.span for s in f.suggestions)
        assert f.suggestions[0].action == "advice" and f.span in f.suggestions[0].description
    known = checker.check(text, context={"name": "Sam", "amount": "120", "contact": "0800 123"})
    fixes = {
        f.span: f.suggestions[0]
        for f in known.all_findings()
        if f.rule == "format.unfilled-merge-field"
    }
    assert (fixes["[NAME]"].action, fixes["[NAME]"].text) == ("replace", "Sam")
    assert fixes["[AMOUNT]"].action == "replace" and "120" in fixes["[AMOUNT]"].text
    assert fixes["{{phone}}"].text == "0800 123"
    assert fixes["[DUE DATE]"].action == "advice"  # the context has no date
