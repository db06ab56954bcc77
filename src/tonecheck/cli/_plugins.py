"""Running subcommands whose code lives elsewhere (``audit``, ``serve``).

The parser registers them with a one-line summary and asks their module for its options only
when that subcommand is used (see `_parser._add_plugin`), so ``tonecheck --help`` never imports
them. A missing module or optional dependency becomes one line and exit code 2.
"""

from __future__ import annotations

import argparse
import importlib

from . import CliError
from ._parser import PLUGINS, plugin_problem


def _run(name: str, args: argparse.Namespace) -> int:
    if args.plugin_error:
        raise CliError(args.plugin_error)
    module_name = PLUGINS[name][0]
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        raise CliError(plugin_problem(name, module_name, exc)) from None
    run = getattr(module, "run", None)
    if run is None:
        raise CliError(f"{module_name} has no run(args)")
    code = run(args)
    return int(code) if code is not None else 0


def run_audit(args: argparse.Namespace) -> int:
    return _run("audit", args)


def run_serve(args: argparse.Namespace) -> int:
    return _run("serve", args)
