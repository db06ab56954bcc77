"""``tonecheck check``: read messages, check them, print findings, set the exit code.

Order matters for a good experience: options, config, context and every input are validated
first (fast, one-line errors), and only then is the Checker built, which loads spaCy.
"""

from __future__ import annotations

import argparse
import os
import sys
from contextlib import ExitStack
from typing import TYPE_CHECKING, Any, TextIO

from ..daemon.local import WarmChecker
from . import CliError
from ._common import (
    Loaded,
    build_context,
    load_config,
    load_input,
    read_bytes,
    resolve_fail_on,
    stdin_is_terminal,
)

if TYPE_CHECKING:
    from ..engine.checker import Checker
    from ..models import Report
    from ..render import Checked, Redactor


def use_color(choice: str, stream: TextIO) -> bool:
    """Colour only on a terminal and only when NO_COLOR (https://no-color.org) is unset."""
    if choice == "always":
        return True
    if choice == "never" or os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("TERM") == "dumb":
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _labels(inputs: list[str]) -> list[str]:
    if not inputs:
        if stdin_is_terminal():
            raise CliError("no input: give one or more FILEs, or '-' to read stdin")
        return ["-"]
    if inputs.count("-") > 1:
        raise CliError("'-' (stdin) can be given only once")
    return inputs


def _read(label: str, *, implicit: bool) -> bytes:
    data = read_bytes(label)
    if implicit and not data:
        raise CliError("no input: give one or more FILEs, or pipe a message to stdin")
    return data


def _check_one(
    checker: Checker | WarmChecker,
    item: Loaded,
    args: argparse.Namespace,
    context: dict[str, Any] | None,
) -> Report:
    from ..hook import check_body

    call: dict[str, Any] = {
        "channel": args.channel or "email",
        "stage": args.stage,
        "context": context,
        "template": args.template,
        "id": item.id,
    }
    try:
        if item.body is not None:
            report = check_body(checker, item.body, **call)
        else:
            report = checker.check(item.text, **call)
    except ValueError as exc:
        raise CliError(f"{item.label}: {exc}") from None
    return report


def run(args: argparse.Namespace) -> int:
    if args.rewrite and args.format != "text":
        raise CliError("--rewrite prints text; use it without --format json/sarif")
    from .paths import expand
    from .select import apply_selection

    config = apply_selection(load_config(args.config), args.select, args.ignore)
    context = build_context(args.context, args.context_file)
    fail_on = resolve_fail_on(args.fail_on, config)
    expanded = expand(
        args.inputs, [*config.include, *args.include], [*config.exclude, *args.exclude]
    )
    if args.inputs and not expanded:
        raise CliError(f"no files to check in {', '.join(args.inputs)} (see --include/--exclude)")
    labels = _labels(expanded)
    problems: list[str] = []  # one per input that cannot be checked; the others still are
    loaded = []
    for label in labels:
        try:
            data = _read(label, implicit=not args.inputs)
            loaded.append(
                load_input(
                    label,
                    data,
                    kind=args.input_kind,
                    encoding=args.encoding,
                    include_quoted=args.include_quoted,
                    max_chars=config.max_chars,
                )
            )
        except CliError as exc:
            problems.append(str(exc))
    if not loaded:
        raise CliError("; ".join(problems))
    checker = WarmChecker(config, no_daemon=args.no_daemon)

    from ..render import Checked, get_redactor

    items: list[Checked] = []
    for item in loaded:
        try:
            report = _check_one(checker, item, args, context)
        except CliError as exc:
            problems.append(str(exc))
            continue
        items.append(
            Checked(
                label=item.label,
                text=item.text,
                report=report,
                kind=item.kind,
                line_offset=item.line_offset,
                notes=item.notes,
            )
        )
        for note in item.notes:
            if not args.verbose or args.format != "text":
                sys.stderr.write(f"tonecheck: {item.label}: note: {note}\n")
    failed = any(c.report.fails(fail_on) for c in items)
    redact: Redactor | None = None
    if args.redact:
        names = [context["name"]] if context and context.get("name") else []
        redact = get_redactor(names)
    with ExitStack() as stack:
        out: TextIO = sys.stdout
        if args.output:
            try:
                out = stack.enter_context(open(args.output, "w", encoding="utf-8"))
            except OSError as exc:
                raise CliError(f"{args.output}: cannot write: {exc.strerror}") from None
        _render(items, out, args, fail_on=fail_on, failed=failed, redact=redact)
    for problem in problems:
        sys.stderr.write(f"tonecheck check: error: {problem}\n")
    if problems:
        sys.stderr.write(
            f"tonecheck check: {len(problems)} of {len(labels)} inputs could not be checked\n"
        )
        return 2
    return 1 if failed else 0


def _render(
    items: list[Checked],
    out: TextIO,
    args: argparse.Namespace,
    *,
    fail_on: str,
    failed: bool,
    redact: Redactor | None,
) -> None:
    if args.format == "json":
        from ..render.json_report import render_json

        render_json(items, out, redact=redact)
    elif args.format in ("concise", "github"):
        from ..render.lines import render_concise, render_github

        (render_concise if args.format == "concise" else render_github)(items, out, redact=redact)
    elif args.format == "sarif":
        from ..render.sarif import render_sarif

        render_sarif(items, out, redact=redact)
    else:
        from ..render.text import render_text

        render_text(
            items,
            out,
            fail_on=fail_on,
            failed=failed,
            color=use_color(args.color, out),
            redact=redact,
            rewrite=args.rewrite,
            verbose=args.verbose,
        )
