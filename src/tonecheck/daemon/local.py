"""`WarmChecker`: what the commands check with. It asks the daemon first and, when no daemon
answers, builds an in-process `Checker` the first time one is needed (and keeps using it for the
rest of the command, so a dead daemon costs one failed connection, not one per message)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Unpack

from .client import DaemonUnavailable, check_via_daemon, daemon_enabled

if TYPE_CHECKING:
    from ..config import Config
    from ..engine.calls import CheckOptions
    from ..engine.checker import Checker
    from ..models import Report


class WarmChecker:
    """The `Checker.check` interface, answered by the daemon when it can be."""

    def __init__(self, config: Config, *, no_daemon: bool = False) -> None:
        self.config = config
        self.use_daemon = daemon_enabled(config, no_daemon)
        self._local: Checker | None = None

    @property
    def local(self) -> Checker:
        """The in-process Checker, built on first use (where spaCy loads)."""
        if self._local is None:
            from ..cli._common import make_checker

            self._local = make_checker(self.config)
        return self._local

    def check(self, text: str, **options: Unpack[CheckOptions]) -> Report:
        if self.use_daemon:
            try:
                return check_via_daemon(self.config, text, **options)
            except DaemonUnavailable:
                self.use_daemon = False
        return self.local.check(text, **options)
