"""Progress of the scans: a callback, or a rich bar shown once a profile takes over a second."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from infokit._optional import import_optional

__all__ = ["Progress", "Reporter"]

Progress = Callable[[str, int, int], None]


class Reporter:
    """Call the progress callback, or show a rich bar once a scan has taken over a second."""

    def __init__(self, progress: bool | Progress, total: int) -> None:
        self.total = total
        self.done = 0
        self.start = time.monotonic()
        self.callback: Progress | None = None
        self.bar: Any = None
        self.task: Any = None
        if callable(progress):
            self.callback = progress
        elif progress:
            # fail now rather than when the bar first shows, a second into the scans
            import_optional("rich.progress", needed_by="`progress=True`", extra="cli")
            self.callback = self._rich

    def _rich(self, description: str, done: int, total: int) -> None:
        if self.bar is None:
            if time.monotonic() - self.start < 1.0:
                return
            from rich.console import Console
            from rich.progress import Progress as RichProgress

            # stderr: stdout may carry the JSON or CSV output
            self.bar = RichProgress(transient=True, console=Console(stderr=True))
            self.bar.start()
            self.task = self.bar.add_task(description, total=total)
        self.bar.update(self.task, completed=done, description=description)

    def step(self, description: str) -> None:
        self.done += 1
        if self.callback is not None:
            self.callback(description, self.done, self.total)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()
