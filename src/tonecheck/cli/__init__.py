"""The ``tonecheck`` command: check, rules, init, hook, audit and serve.

Only the standard library is imported until a subcommand runs, so ``tonecheck --help``
answers at once; each handler imports what it needs (spaCy only loads when a check runs).
Every failure a person can fix ends as one line on stderr and exit code 2, never a traceback.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Sequence

from ..errors import TonecheckError
from ._parser import build_parser, command_of, stderr_line


class CliError(TonecheckError):
    """A problem the user can fix: printed as one line, exit code 2."""


def _split_then(argv: list[str]) -> tuple[list[str], list[str] | None]:
    """``hook ... --then CMD ARGS`` -> (our arguments, CMD ARGS). Everything after ``--then``
    belongs to the command, including the ``--`` and recipients a mail client appends."""
    if command_of(argv) != "hook" or "--then" not in argv:
        return argv, None
    index = argv.index("--then")
    return argv[:index], argv[index + 1 :]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (see ``tonecheck --help``)."""
    words = list(sys.argv[1:] if argv is None else argv)
    words, then = _split_then(words)
    parser = build_parser(words)
    args, extra = parser.parse_known_args(words)
    if extra:
        # said by the subcommand they were given to, with its help, not by 'tonecheck'
        owner = parser.subcommands.get(getattr(args, "command", None) or "", parser)
        owner.error(f"unrecognized arguments: {' '.join(extra)}")
    if then is not None:
        args.then = then
    if not getattr(args, "command", None):
        stderr_line(
            "tonecheck: error: name a command: check, rules, init, hook, audit or serve "
            "(see 'tonecheck --help')"
        )
        return 2
    module_name, _, function_name = args.handler.partition(":")
    try:
        handler = getattr(importlib.import_module(module_name), function_name)
        code: int = handler(args)
        sys.stdout.flush()
        return code
    except CliError as exc:
        stderr_line(f"tonecheck {args.command}: error: {exc}")
        return 2
    except KeyboardInterrupt:
        stderr_line("tonecheck: interrupted")
        return 130
    except BrokenPipeError:
        # the reader went away (e.g. `| head`); stop quietly like other Unix tools
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except Exception as exc:  # a bug: say so in one line; TONECHECK_DEBUG=1 shows the traceback
        if os.environ.get("TONECHECK_DEBUG"):
            raise
        stderr_line(
            f"tonecheck {args.command}: internal error: {type(exc).__name__}: {exc} "
            "(set TONECHECK_DEBUG=1 for a traceback)"
        )
        return 3


__all__ = ["CliError", "build_parser", "main"]
