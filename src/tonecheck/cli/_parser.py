"""The argument parser: every command, option and help text, and nothing heavy.

This module may import only the standard library, because ``tonecheck --help`` builds the whole
parser and must answer in well under 0.3 s. Choices for channels, stages and severities come
from ``tonecheck.vocab``, which is standard library only.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

from ._options import (
    Parser,
    _add_message_options,
    _add_no_daemon,
    _positive_float,
    one_of,
    optional_file,
    switch,
)

#: Subcommands implemented in other modules: name -> (module, one-line summary, extra hint).
PLUGINS: dict[str, tuple[str, str]] = {
    "audit": (
        "tonecheck.audit.command",
        "check many messages (CSV, JSONL, mbox, Maildir, folders) into a report and a database",
    ),
    "serve": ("tonecheck.service.command", "run the HTTP service (POST /v1/check)"),
}
PLUGIN_EXTRAS = {"serve": "server"}

EXIT_CODES = """\
exit codes:
  0  passed: no finding at or above --fail-on (hook: message sent or allowed)
  1  findings at or above --fail-on (hook: message refused and saved as a draft)
  2  usage or input error: bad option, missing, binary or undecodable file
  3  internal error (hook: the message was saved as a draft and not sent)"""

MAIN_EPILOG = f"""\
examples:
  tonecheck check letter.txt                       check a plain-text message
  tonecheck check --channel sms --stage overdue reminder.txt
  tonecheck check reply.eml                        an e-mail: headers, MIME and HTML are handled
  cat draft.txt | tonecheck check -                read the message from stdin
  tonecheck check --rewrite --context name="Sam Lee" --context amount=120.50 draft.txt
  tonecheck check --format sarif templates/*.txt > tonecheck.sarif
  tonecheck rules --explain respect.threat-arrest  why a rule exists and what fixes it
  tonecheck init                                   write a commented tonecheck.toml
  tonecheck hook --then /usr/sbin/sendmail -oi -t  gate outgoing mail (mutt's $sendmail)

{EXIT_CODES}

Run 'tonecheck COMMAND --help' for a command's options. Documentation: docs/cli.md."""

CHECK_EPILOG = f"""\
examples:
  tonecheck check message.txt
  tonecheck check --channel sms --stage final-notice sms.txt
  tonecheck check --fail-on warning --format json letter.txt | jq .scores
  tonecheck check --context-file account.toml --rewrite draft.eml
  tonecheck check --template --context jurisdiction=us templates/*.txt
  tonecheck check --redact --format json reply.eml       mask e-mail addresses, numbers, names
  git diff --name-only -- templates | xargs tonecheck check --template

Input: plain UTF-8 text, or an RFC 5322 e-mail (.eml or anything that starts with mail
headers). For e-mail the text/plain part is preferred, HTML is converted to text, attachments
are never decoded, and quoted replies ("> " lines, "On ... wrote:") are left out of the checks
while line numbers still point into the body.

{EXIT_CODES}"""

RULES_EPILOG = """\
examples:
  tonecheck rules                               every rule in the configured packs
  tonecheck rules --pack us                     one pack
  tonecheck rules --explain respect.threat-arrest
  tonecheck rules --test                        run every rule's own examples (exit 1 on failure)
  tonecheck rules --config team/tonecheck.toml --test"""

INIT_EPILOG = """\
examples:
  tonecheck init                       write ./tonecheck.toml
  tonecheck init config/tonecheck.toml
  tonecheck init --force               overwrite an existing file"""

HOOK_EPILOG = """\
examples:
  tonecheck hook --then /usr/sbin/sendmail -oi -t < message.eml
      mutt/neomutt: set sendmail="tonecheck hook --then /usr/sbin/sendmail -oi -t"
  tonecheck hook --server http://127.0.0.1:8750 --then msmtp --read-envelope-from -t
      ask a running 'tonecheck serve' (checks locally when it is down; a refused token is an error)
  tonecheck hook "$1"
      as git's sendemail-validate hook: the exit code decides
  tonecheck hook < message.eml
      just check; exit 0 means it may be sent

How it decides: a message with findings at or above --fail-on is refused: the reasons go to
stderr, the exact message is saved in the drafts folder and its path printed, and nothing is
sent. To send it anyway, add a header with a reason, e.g.
  X-Tonecheck-Override: legal team approved this wording
The override is logged (time, Message-ID, reason, rules; never the body) to overrides.jsonl
next to the drafts folder. Otherwise the message is passed to CMD's stdin byte for byte and
tonecheck exits with CMD's exit code. --then must come last: everything after it (including
the recipients your mail client appends) is CMD and its arguments.

Environment: TONECHECK_DRAFTS (drafts folder), TONECHECK_API_TOKEN (bearer token for --server).

exit codes:
  0  allowed (and CMD's exit code when --then is given)
  1  refused: findings at or above --fail-on; message saved as a draft
  2  usage or input error (no message, unreadable message; stdin input is saved as a draft)
  3  internal error: the message was saved as a draft and not sent (unless --fail-open)"""


def _command(
    commands: Any,
    name: str,
    *,
    help: str,
    description: str,
    epilog: str | None = None,
    handler: str | None = None,
) -> argparse.ArgumentParser:
    """One subcommand: its line in 'tonecheck --help', a description and examples printed as
    written, and the ``module:function`` that runs it (default ``tonecheck.cli.NAME:run``), so
    the subcommand's code is imported only when it runs."""
    parser: argparse.ArgumentParser = commands.add_parser(
        name,
        help=help,
        description=description,
        epilog=epilog,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.set_defaults(handler=handler or f"tonecheck.cli.{name}:run")
    return parser


def _daemon_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("action", choices=("start", "stop", "status"), help="what to do")
    parser.add_argument(
        "--config", metavar="FILE", help="tonecheck.toml the daemon serves (default: discovered)"
    )


def _add_selection_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--select",
        action="append",
        default=[],
        metavar="RULES",
        help="run only these rules: ids, id prefixes (respect, clarity.jargon-) or categories "
        "(threat), comma-separated or repeated",
    )
    parser.add_argument(
        "--ignore",
        action="append",
        default=[],
        metavar="RULES",
        help="turn these rules off (same forms as --select); added to disable in the config",
    )
    parser.add_argument(
        "--include",
        action="append",
        default=[],
        metavar="GLOB",
        help="in folders, check only files matching GLOB (.gitignore syntax, e.g. '*.txt'); "
        "adds to include in the config",
    )
    parser.add_argument(
        "--exclude",
        action="append",
        default=[],
        metavar="GLOB",
        help="in folders, skip files matching GLOB (e.g. 'drafts/'); adds to exclude in the config",
    )


def _check_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "inputs",
        nargs="*",
        metavar="PATH",
        help="text or .eml files, or folders to walk (hidden and .gitignore'd files are left "
        "out); '-' (or no PATH with piped input) reads stdin",
    )
    _add_message_options(parser)
    _add_no_daemon(parser)
    _add_selection_options(parser)
    switch(
        parser,
        "--template",
        help="the text is a template: merge fields like {{amount}} count as filled",
    )
    one_of(
        parser,
        "--format",
        ("text", "concise", "json", "sarif", "github"),
        default="text",
        help="text for people; concise: one 'file:line:col: severity rule message' line per "
        "finding; json (a Report, or JSON Lines for several files); sarif 2.1.0 for "
        "code-scanning tools; github: GitHub Actions annotations (default: text)",
    )
    parser.add_argument("-o", "--output", metavar="FILE", help="write the output here, not stdout")
    switch(
        parser, "--rewrite", help="also print a suggested revision and a unified diff (text format)"
    )
    switch(
        parser,
        "--redact",
        help="mask e-mail addresses, phone, account and card numbers and context names in output",
    )
    one_of(
        parser,
        "--input",
        ("auto", "text", "email"),
        default="auto",
        dest="input_kind",
        help="how to read inputs (default auto: .eml files and text starting with mail "
        "headers are e-mail)",
    )
    parser.add_argument(
        "--encoding",
        default="utf-8",
        help="encoding of plain-text inputs (default utf-8; e-mail uses its declared charset)",
    )
    one_of(
        parser,
        "--color",
        ("auto", "always", "never"),
        default="auto",
        help="colour in text output (default auto: on a terminal, unless NO_COLOR is set)",
    )
    switch(
        parser,
        "-v",
        "--verbose",
        help="also list strengths (what the message does well) and input notes",
    )


def _rules_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--pack", metavar="P", help="only this pack (it need not be configured)")
    parser.add_argument("--explain", metavar="RULE", help="show one rule in full")
    switch(parser, "--test", help="run every rule's good and bad examples; exit 1 when any fails")
    parser.add_argument(
        "--config", metavar="FILE", help="tonecheck.toml to use (default: discovered)"
    )
    one_of(
        parser, "--format", ("text", "json"), default="text", help="output format (default: text)"
    )


def _init_options(parser: argparse.ArgumentParser) -> None:
    optional_file(
        parser,
        "path",
        default="tonecheck.toml",
        help="where to write it (default: ./tonecheck.toml)",
    )
    switch(parser, "--force", help="overwrite an existing file")


def _hook_options(parser: argparse.ArgumentParser) -> None:
    optional_file(
        parser,
        "file",
        help="read the message from FILE instead of stdin (git sendemail-validate passes one)",
    )
    optional_file(
        parser,
        "smtp_headers",
        help="second file git (2.41+) passes to sendemail-validate; its headers are read for "
        "the override header",
    )
    parser.add_argument(
        "--then",
        nargs=argparse.REMAINDER,
        metavar="CMD",
        help="command that sends the message (it receives the exact bytes on stdin); must be "
        "the last option",
    )
    _add_message_options(parser, channel=False)
    _add_no_daemon(parser)
    parser.add_argument(
        "--server",
        metavar="URL",
        help="check with a running 'tonecheck serve' at URL; falls back to local checking",
    )
    parser.add_argument(
        "--timeout",
        type=_positive_float,
        default=5.0,
        metavar="SECONDS",
        help="how long to wait for --server (default 5)",
    )
    parser.add_argument(
        "--drafts",
        metavar="DIR",
        help="where refused messages are saved (default: $TONECHECK_DRAFTS, else "
        "~/.local/share/tonecheck/drafts)",
    )
    parser.add_argument(
        "--log",
        metavar="FILE",
        help="override log, JSON lines (default: overrides.jsonl next to the drafts folder)",
    )
    parser.add_argument(
        "--override-header",
        default="X-Tonecheck-Override",
        metavar="NAME",
        help="header that lets a person send anyway, with a reason (default X-Tonecheck-Override)",
    )
    switch(
        parser,
        "--strip-override",
        help="remove the override header from the message before passing it on (the one "
        "change ever made to the bytes)",
    )
    switch(
        parser,
        "--fail-open",
        help="on an internal error, send anyway with a warning (default: refuse and save)",
    )


def _add_plugin(commands: Any, name: str, wanted: bool) -> None:
    module_name, summary = PLUGINS[name]
    parser = _command(
        commands,
        name,
        help=summary,
        description=summary[0].upper() + summary[1:] + ".",
        handler=f"tonecheck.cli._plugins:run_{name}",
    )
    parser.set_defaults(plugin_error=None)
    if not wanted:
        return  # keep 'tonecheck --help' fast: only import the module when it is used
    try:
        module = importlib.import_module(module_name)
        add_arguments = module.add_arguments
    except ImportError as exc:
        parser.set_defaults(plugin_error=plugin_problem(name, module_name, exc))
        parser.add_argument("rest", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
        return
    except AttributeError:
        parser.set_defaults(plugin_error=f"{module_name} has no add_arguments(parser)")
        parser.add_argument("rest", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
        return
    add_arguments(parser)


def plugin_problem(name: str, module_name: str, exc: ImportError) -> str:
    missing = getattr(exc, "name", None) or ""
    if missing and (module_name == missing or module_name.startswith(missing + ".")):
        return (
            f"'tonecheck {name}' is not available in this installation ({module_name} is missing)"
        )
    extra = PLUGIN_EXTRAS.get(name)
    hint = f"; install it with: pip install 'tonecheck[{extra}]'" if extra else ""
    return f"'tonecheck {name}' needs a package that is not installed ({exc}){hint}"


class Command(NamedTuple):
    """A built-in subcommand: its line in 'tonecheck --help', the description and examples
    printed as written, and the function that adds its options."""

    name: str
    help: str
    description: str
    epilog: str
    add_options: Callable[[argparse.ArgumentParser], None]


#: The built-in subcommands in the order 'tonecheck --help' lists them; plugins (PLUGINS) follow.
COMMANDS: tuple[Command, ...] = (
    Command(
        "check",
        help="check messages (text or e-mail) and report findings",
        description="Check the tone of messages: respect, clarity, empathy (validation of "
        "feelings) and transparency about consequences.",
        epilog=CHECK_EPILOG,
        add_options=_check_options,
    ),
    Command(
        "rules",
        help="list rule packs and rules, explain one, or test them",
        description="List the rules tonecheck applies, explain one, or run every rule's examples.",
        epilog=RULES_EPILOG,
        add_options=_rules_options,
    ),
    Command(
        "init",
        help="write a commented tonecheck.toml",
        description="Write a tonecheck.toml with every setting explained.",
        epilog=INIT_EPILOG,
        add_options=_init_options,
    ),
    Command(
        "hook",
        help="pre-send gate for mail clients and git send-email",
        description="Check one outgoing e-mail; pass it on unchanged or refuse it and keep it "
        "as a draft.",
        epilog=HOOK_EPILOG,
        add_options=_hook_options,
    ),
    Command(
        "daemon",
        help="start, stop or show the warm background checker used by hook and check",
        description="The first 'tonecheck hook' or 'check' starts a background checker that "
        "keeps spaCy and the rules loaded, so later calls answer at once. It listens on a Unix "
        "socket in a folder only you can open, restarts when the config, rules or tonecheck "
        "change, and exits after daemon_idle_minutes (default 30) without a request.",
        epilog="examples:\n  tonecheck daemon start      # warm it up now (waits until ready)\n"
        "  tonecheck daemon status\n  tonecheck daemon stop",
        add_options=_daemon_options,
    ),
)


def command_of(argv: Sequence[str]) -> str | None:
    """The subcommand named in `argv` (the first word that is not an option)."""
    for word in argv:
        if not word.startswith("-"):
            return word
        if word == "--":
            return None
    return None


def build_parser(argv: Sequence[str] = ()) -> Parser:
    """The full parser. Plugin subcommands get their options only when `argv` names them."""
    from .._version import __version__

    parser = Parser(
        prog="tonecheck",
        description="Check the tone of debt-collection messages before they are sent: "
        "respect, clarity, empathy and transparency, with findings you can act on.",
        epilog=MAIN_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        allow_abbrev=False,
    )
    parser.add_argument("--version", action="version", version=f"tonecheck {__version__}")
    commands = parser.add_subparsers(
        title="commands", metavar="COMMAND", dest="command", parser_class=Parser
    )
    for spec in COMMANDS:
        spec.add_options(
            _command(
                commands,
                spec.name,
                help=spec.help,
                description=spec.description,
                epilog=spec.epilog,
            )
        )
    wanted = command_of(argv)
    for name in PLUGINS:
        _add_plugin(commands, name, wanted == name)
    for choice in commands.choices.values():
        choice.allow_abbrev = False
    parser.subcommands = dict(commands.choices)
    return parser


def stderr_line(message: str) -> None:
    """Print one line to stderr (newlines inside `message` are joined with '; ')."""
    sys.stderr.write(message.replace("\n", "; ") + "\n")
