"""Options several subcommands share, and the parser class whose errors are one line.

Standard library only, like `_parser`: ``tonecheck --help`` builds every subcommand.
"""

from __future__ import annotations

import argparse
from typing import Any, NoReturn

from ..vocab import SEVERITY_ORDER, Channel, Stage

CHANNELS = tuple(c.value for c in Channel)
STAGES = tuple(s.value for s in Stage)
FAIL_ON = (*reversed(SEVERITY_ORDER), "never")


class Parser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are one line, naming the problem and where help is."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        #: The subcommands' parsers by name (filled on the top-level parser by `build_parser`).
        self.subcommands: dict[str, argparse.ArgumentParser] = {}

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


def switch(parser: argparse.ArgumentParser, *flags: str, help: str) -> None:
    """An on/off option: off unless given, the help saying only what turning it on does."""
    parser.add_argument(*flags, action="store_true", help=help)


def one_of(
    parser: argparse.ArgumentParser,
    flag: str,
    choices: tuple[str, ...],
    *,
    default: str | None,
    help: str,
    dest: str | None = None,
) -> None:
    """An option taking one of a closed set of words, so a typo is refused with the list."""
    # argparse derives the destination from the flag when dest is None
    parser.add_argument(flag, choices=choices, default=default, help=help, dest=dest)


def optional_file(
    parser: argparse.ArgumentParser, name: str, *, help: str, default: str | None = None
) -> None:
    """A positional path that may be left out (stdin, or a default), shown as NAME in help."""
    parser.add_argument(name, nargs="?", default=default, metavar=name.upper(), help=help)


def _key_value(text: str) -> tuple[str, str]:
    key, sep, value = text.partition("=")
    key = key.strip()
    if not sep or not key:
        raise argparse.ArgumentTypeError(f"expected KEY=VALUE (e.g. amount=120.50), got {text!r}")
    return key, value.strip()


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of seconds, got {text!r}") from None
    if not value > 0:
        raise argparse.ArgumentTypeError(f"expected a positive number, got {text!r}")
    return value


def _add_message_options(parser: argparse.ArgumentParser, *, channel: bool = True) -> None:
    if channel:
        one_of(
            parser,
            "--channel",
            CHANNELS,
            default=None,
            help="where the message goes; targets for length and reading level differ "
            "(default: email)",
        )
    one_of(
        parser,
        "--stage",
        STAGES,
        default=None,
        help="collection stage; decides which elements a message needs (default: detected "
        "from the text)",
    )
    parser.add_argument(
        "--context",
        action="append",
        type=_key_value,
        default=[],
        metavar="KEY=VALUE",
        help="a fact not in the text, repeatable: name, amount, currency, due_date "
        "(YYYY-MM-DD), creditor, contact, jurisdiction (us/uk), sender_type (creditor/collector)",
    )
    parser.add_argument(
        "--context-file",
        metavar="FILE",
        help="the same facts from a TOML or JSON file; --context values win",
    )
    parser.add_argument(
        "--config",
        metavar="FILE",
        help="tonecheck.toml (or pyproject.toml) to use (default: nearest one above the "
        "current folder, else built-in defaults)",
    )
    one_of(
        parser,
        "--fail-on",
        FAIL_ON,
        default=None,
        help="lowest severity that fails (exit 1) (default: fail_on in the config, else error)",
    )
    switch(
        parser, "--include-quoted", help="also check quoted replies in e-mail (left out by default)"
    )


def _add_no_daemon(parser: argparse.ArgumentParser) -> None:
    switch(
        parser,
        "--no-daemon",
        help="check in this process; do not use or start the warm background checker "
        "(also: daemon = false in the config, or TONECHECK_NO_DAEMON=1)",
    )
