"""``tonecheck daemon start|stop|status``: manage the warm background checker by hand."""

from __future__ import annotations

import argparse
import sys

from . import CliError
from ._common import load_config


def run(args: argparse.Namespace) -> int:
    from ..daemon import client
    from ..daemon.paths import fingerprint, runtime_dir

    if args.action == "status":
        found = client.status()
        print(client.describe(found))
        return 0 if found is not None else 1
    if args.action == "stop":
        pid = client.stop()
        print(f"stopped daemon (pid {pid})" if pid is not None else "no daemon running")
        return 0
    config = load_config(args.config)
    stamp = fingerprint(config)
    found = client.status()
    if found is not None and found.get("fingerprint") == stamp:
        print(client.describe(found))
        return 0
    if found is not None:
        client.stop()  # it serves another config: replace it
    if not client.start(config, stamp, wait=120.0):
        raise CliError(
            "the daemon did not start within 120 s; see daemon.log in "
            f"{runtime_dir()} (checks still work in process)"
        )
    print(client.describe(client.status()))
    sys.stdout.flush()
    return 0
