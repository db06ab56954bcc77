"""Command line of ``tonecheck audit``: ``add_arguments`` builds it, ``run`` executes it.

The ``tonecheck`` CLI imports this module only when the audit subcommand is used, so the options
are plain argparse and the heavy imports (spaCy, the rule packs) happen inside ``run``.

Exit codes: 0 the audit completed (rows that could not be read are recorded as input errors and do
not fail it), 1 the output could not be written (disk full, read-only: one line on stderr, output
left consistent, rerun to resume), 2 a usage or input problem named on one line (missing file,
unknown column, output made with other options), 130 interrupted (rerun to resume).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
from pathlib import Path
from typing import Any

from .sources import CONTEXT_FIELDS, ROLE_DEFAULTS, SourceOptions, UsageError, open_source

DESCRIPTION = """\
Check every message in an archive of sent messages and store the results, resumably.

Sources: CSV/TSV (a header row), JSONL, Parquet (needs pyarrow), mbox, Maildir, a folder of
.eml/.txt files, or single .eml/.txt files. Output by --out suffix: .db/.sqlite (SQLite with
messages, scores, findings, strengths, input_errors and runs tables), .jsonl (one report per
message) or .csv (scores per message).

An interrupted audit (Ctrl-C, kill, crash, full disk) resumes where it stopped when the same
command is run again: no message is lost or counted twice.

Account audit (docs/accounts.md): with --account-column, the rows also build each account's
history (--date-column: ISO 8601 with the consumer's UTC offset; --channel-column;
--direction-column inbound/outbound; --event-column payment, promise, dispute, verified, stop,
call, conversation, due, breathing-space-start/end). A row with an event and no text is history,
not a message to check. When every row is in, the account rules (call frequency, time of day,
contact after a stop or dispute, breathing space, reminders, thanks, tone escalation, changing
facts) run over each history; findings go to the account_findings table of a .db output, or to
DEST.accounts.jsonl. Histories are kept on disk in DEST.accounts.sqlite."""

EXAMPLES = """\
examples:
  tonecheck audit sent.csv --out audit.db
  tonecheck audit letters.tsv --text-column body --agent-column team --date-column sent_at \\
      --out audit.db --report audit.html
  tonecheck audit ~/Mail/Sent --out sent.jsonl --workers 4
  tonecheck audit archive.mbox --out audit.db --report audit.html --redact
  tonecheck audit export.jsonl --context-column name=customer_name --out scores.csv
  sqlite3 audit.db "select rule, count(*) from findings group by rule order by 2 desc"
  tonecheck audit log.csv --account-column account --date-column at --event-column event \
      --direction-column direction --channel-column channel --out audit.db --report audit.html
  sqlite3 audit.db "select account, rule, start from account_findings order by account"
"""


_ACCOUNT_HELP = {
    "account": "turns on the account audit: the account each row belongs to (e-mail: a header, "
    "e.g. To)",
    "direction": "account audit: inbound or outbound (default: outbound)",
    "event": "account audit: payment, promise, dispute, verified, stop, call, conversation, due, "
    "breathing-space-start/end",
}


def _cores() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return number


def _context_column(value: str) -> tuple[str, str]:
    field, sep, column = value.partition("=")
    field, column = field.strip(), column.strip()
    if not sep or not field or not column:
        raise argparse.ArgumentTypeError(f"expected FIELD=COLUMN, got {value!r}")
    if field not in CONTEXT_FIELDS:
        raise argparse.ArgumentTypeError(
            f"unknown context field {field!r}; allowed: {', '.join(CONTEXT_FIELDS)}"
        )
    return field, column


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the audit options to ``parser`` (the ``tonecheck audit`` subparser)."""
    if not parser.description:
        parser.description = DESCRIPTION
        parser.epilog = EXAMPLES
    else:
        parser.epilog = DESCRIPTION + "\n\n" + EXAMPLES
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.add_argument("sources", nargs="+", metavar="SOURCE", help="files or folders to audit")
    parser.add_argument(
        "-o",
        "--out",
        required=True,
        metavar="DEST",
        help="results: .db/.sqlite, .jsonl or .csv (resumed if it exists)",
    )
    parser.add_argument("--report", metavar="HTML", help="also write a self-contained HTML report")
    parser.add_argument(
        "--redact",
        action="store_true",
        help="mask e-mail addresses, phone, account and card numbers and customer "
        "names in every output",
    )
    parser.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        default=None,
        help="run the checks on an existing Dask cluster (e.g. tcp://10.0.0.5:8786); needs "
        "pip install 'tonecheck[dask]'. Results are identical to a local run; see docs/scaling.md",
    )
    parser.add_argument(
        "-j",
        "--workers",
        type=_positive,
        default=None,
        metavar="N",
        help=f"processes checking messages (default: all cores, here {_cores()})",
    )
    columns = parser.add_argument_group(
        "columns", "CSV/TSV/Parquet columns or JSONL keys; for e-mail sources, header names"
    )
    for role, defaults in ROLE_DEFAULTS.items():
        columns.add_argument(
            f"--{role}-column",
            metavar="NAME",
            dest=f"{role}_column",
            help=(
                f"default: {' / '.join(defaults)} if present"
                + (" (e-mail: the body)" if role == "text" else "")
                if defaults
                else _ACCOUNT_HELP[role]
            ),
        )
    columns.add_argument(
        "--context-column",
        type=_context_column,
        action="append",
        default=[],
        metavar="FIELD=COLUMN",
        help=f"fill a context field from a column ({', '.join(CONTEXT_FIELDS)}); repeatable",
    )
    parser.add_argument(
        "--channel",
        default="email",
        choices=["email", "sms", "letter", "voice"],
        help="channel for messages without a channel column (default: email)",
    )
    parser.add_argument(
        "--stage",
        default=None,
        choices=["reminder", "overdue", "final-notice", "payment-plan", "thank-you", "other"],
        help="stage for messages without a stage column (default: detected)",
    )
    parser.add_argument(
        "--encoding", default="utf-8", help="encoding of CSV/TSV and .txt inputs (default: utf-8)"
    )
    parser.add_argument(
        "--config",
        metavar="TOML",
        dest="audit_config",
        default=None,
        help="tonecheck.toml to use (default: the nearest one)",
    )
    parser.add_argument(
        "--restart", action="store_true", help="discard an existing DEST and start the audit over"
    )
    parser.add_argument("--title", default=None, help="title of the HTML report")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    parser.add_argument("--batch-size", type=_positive, default=256, help=argparse.SUPPRESS)


def _config(args: argparse.Namespace) -> Any:
    from ..config import Config

    path = getattr(args, "audit_config", None) or getattr(args, "config", None)
    if path:
        return Config.from_file(path)
    return Config.discover()


def _rules_digest(config: Any, accounts: bool = False) -> str:
    """A hash of the rule pack files this configuration can load. Rules decide the results, so
    resuming after they changed would mix two rule sets in one audit."""
    from ..rulebook.loader import RulePackError, available_packs, packs_to_load

    try:
        packs = available_packs(config.rule_dirs)
        wanted, _ = packs_to_load(config.packs, config.jurisdiction_packs, packs)
    except RulePackError as exc:
        raise UsageError(str(exc)) from None
    digest = hashlib.sha256()
    from ..accounts.rules import builtin_dir

    account_folders: dict[str, Path] = {}
    if accounts:  # the account rules decide an account audit's findings too
        account_folders["accounts"] = builtin_dir()
        for i, extra in enumerate(config.accounts.rule_dirs):
            account_folders[f"accounts{i}"] = extra
    for name in [*wanted, *account_folders]:
        folder = packs.get(name) or account_folders.get(name)
        if folder is None:
            continue
        for path in sorted(folder.rglob("*.toml")):
            digest.update(f"{name}/{path.relative_to(folder).as_posix()}\0".encode())
            try:
                digest.update(path.read_bytes())
            except OSError as exc:
                raise UsageError(f"{path}: cannot read: {exc.strerror or exc}") from None
    return digest.hexdigest()[:16]


def _fingerprint(args: argparse.Namespace, options: SourceOptions, config: Any) -> dict[str, Any]:
    """What must not change between an interrupted run and its resumption."""
    from .._version import __version__

    return {
        "rules": _rules_digest(config, accounts=bool(options.columns.get("account"))),
        "version": __version__,
        "sources": [os.path.abspath(s) for s in args.sources],
        "columns": {k: v for k, v in options.columns.items() if v},
        "context_columns": options.context_columns,
        "encoding": options.encoding,
        "channel": args.channel,
        "stage": args.stage,
        "redact": bool(args.redact),
        "config": hashlib.sha256(config.model_dump_json().encode("utf-8")).hexdigest()[:16],
    }


def _error(message: str) -> None:
    print(f"tonecheck audit: {message}", file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    """Run the audit; returns the exit code (errors are printed, never raised)."""
    from ..config import ConfigError
    from .stores import OutputError

    try:
        return _run(args)
    except UsageError as exc:
        _error(str(exc))
        return 2
    except ConfigError as exc:
        _error(str(exc).replace("\n", "; "))
        return 2
    except OutputError as exc:
        _error(str(exc))
        return 1
    except KeyboardInterrupt:
        _error("interrupted; run the same command to resume")
        return 130


def _run(args: argparse.Namespace) -> int:
    from .._version import __version__
    from . import html_report, progress
    from .engine import Audit, Settings
    from .stores import open_store

    columns = {role: getattr(args, f"{role}_column", None) for role in ROLE_DEFAULTS}
    options = SourceOptions(
        columns=columns,
        context_columns=dict(args.context_column or []),
        encoding=args.encoding,
    )
    try:
        "".encode(options.encoding)
    except LookupError:
        raise UsageError(f"unknown encoding {options.encoding!r} (--encoding)") from None
    out = Path(args.out)
    report_path = Path(args.report) if args.report else None
    resolved_sources = {os.path.abspath(s) for s in args.sources}
    for path in (out, report_path):
        if path is not None and os.path.abspath(path) in resolved_sources:
            raise UsageError(f"{path}: is also a source; choose another output file")
    config = _config(args)
    options.max_chars = config.max_chars
    sources = [open_source(label, options) for label in args.sources]
    for source in sources:
        source.validate()
    tap = None
    if columns.get("account"):
        from ..accounts import AccountConfigError, AccountRuleError
        from .accounts import AccountTap

        try:
            tap = AccountTap(out, config.accounts, args.channel, args.redact, args.restart)
        except (AccountConfigError, AccountRuleError) as exc:
            raise UsageError(str(exc)) from None
    elif columns.get("event") or columns.get("direction"):
        raise UsageError(
            "--event-column and --direction-column belong to an account audit; add "
            "--account-column NAME"
        )
    store = open_store(out, _fingerprint(args, options, config), args.restart)
    workers = args.workers or _cores()
    settings = Settings(
        sources=sources,
        store=store,
        config=config,
        workers=workers,
        channel=args.channel,
        stage=args.stage,
        redact=args.redact,
        batch_size=args.batch_size,
        progress=progress.wanted(args.quiet),
        argv=sys.argv[1:],
        scheduler=args.scheduler,
        accounts=tap,
    )
    try:
        result = Audit(settings).run()
    except Exception as exc:
        from ..rulebook import RulePackError

        if isinstance(exc, RulePackError):
            raise UsageError(str(exc).replace("\n", "; ")) from None
        raise
    summary = result.summary
    if result.interrupted:
        _error(f"interrupted after {summary.messages:,} messages; run the same command to resume")
        return 130
    wrote = f"→ {out}"
    if report_path is not None:
        meta = {
            "title": args.title,
            "sources": list(args.sources),
            "version": __version__,
            "redacted": bool(args.redact),
        }
        if tap is not None:
            from ..accounts import HistoryStore
            from .accounts import history_path
            from .html_accounts import section

            with HistoryStore(history_path(out)) as history:
                meta["sections"] = [section(history)]
        try:
            html_report.write(report_path, summary, meta)
        except OSError as exc:
            from .stores import OutputError, describe_os_error

            raise OutputError(f"cannot write {report_path}: {describe_os_error(exc)}") from None
        wrote += f", report → {report_path}"
    if result.account_findings is not None:
        wrote += f"; {result.account_findings:,} account findings"
    resumed = f" ({result.skipped:,} done before)" if result.skipped else ""
    failures = (
        f", {result.check_failures} check failure(s) isolated" if result.check_failures else ""
    )
    print(
        f"audited {summary.messages:,} messages{resumed}, {summary.input_errors:,} input errors, "
        f"{summary.failing:,} with error-level findings; {result.messages:,} checked in "
        f"{result.seconds:.1f} s ({result.rate:,.0f} msg/s){failures} {wrote}"
    )
    return 0
