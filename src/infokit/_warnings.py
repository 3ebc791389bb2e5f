"""The one way infokit warns: a warning that points at the caller's line, not at infokit.

`warn` walks the stack out of the package (as pandas' ``find_stack_level`` does), so the
filename and line number a user sees are those of their own call, however deep inside infokit
the warning was raised.

A worker thread's stack starts in `concurrent.futures`, not at the user's call, so code that
runs infokit functions on a thread pool wraps them with `attributed_to_caller` in the calling
thread: a warning raised inside the wrapped function then names the line that called into
infokit in that thread. The wrapping changes no global state (the site travels in a context
variable of the worker's own context), so it is safe when the user runs infokit in threads
of their own.
"""

from __future__ import annotations

import contextvars
import inspect
import os
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

__all__ = ["attributed_to_caller", "warn"]

_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__))

_Result = TypeVar("_Result")


@dataclass(frozen=True)
class _Site:
    """Where a warning is attributed: a line of code outside infokit."""

    filename: str
    lineno: int
    module_globals: dict[str, Any]


#: The site that warnings raised in this context are attributed to (set in worker threads).
_SITE: contextvars.ContextVar[_Site | None] = contextvars.ContextVar(
    "infokit_warning_site", default=None
)


def _inside_package(filename: str) -> bool:
    path = os.path.abspath(filename)
    return path == _PACKAGE_DIR or path.startswith(_PACKAGE_DIR + os.sep)


def _frames_inside() -> int:
    """Count the frames inside infokit from the caller of this function outwards."""
    frame = inspect.currentframe()
    level = 0
    try:
        frame = frame.f_back if frame is not None else None  # `warn` itself
        while frame is not None and _inside_package(frame.f_code.co_filename):
            level += 1
            frame = frame.f_back
    finally:
        del frame
    return level


def _caller_site() -> _Site | None:
    """Return the first frame outside infokit on the current thread's stack, if any."""
    frame = inspect.currentframe()
    try:
        while frame is not None and _inside_package(frame.f_code.co_filename):
            frame = frame.f_back
        if frame is None:
            return None
        return _Site(frame.f_code.co_filename, frame.f_lineno, frame.f_globals)
    finally:
        del frame


def attributed_to_caller(function: Callable[..., _Result]) -> Callable[..., _Result]:
    """Wrap `function` so that its warnings name the current caller, from any thread.

    Call this in the thread that called into infokit, and hand the result to the workers:
    `warn` inside the wrapped function then attributes its warnings to the first line outside
    infokit of the calling thread's stack (where the site is captured), not to the worker's
    `concurrent.futures` frames.
    """
    site = _SITE.get() or _caller_site()

    def wrapped(*args: Any, **kwargs: Any) -> _Result:
        token = _SITE.set(site)
        try:
            return function(*args, **kwargs)
        finally:
            _SITE.reset(token)

    return wrapped


def warn(message: str, category: type[Warning]) -> None:
    """Issue `category` with `message`, attributed to the first line outside infokit."""
    site = _SITE.get()
    if site is None:
        # stacklevel 1 is this function; the frames inside infokit (this one included) are
        # skipped, so the warning names the first frame outside the package.
        warnings.warn(message, category, stacklevel=_frames_inside() + 1)
        return
    # What `warnings.warn` does for a frame, for the site captured in the calling thread.
    module_globals = site.module_globals
    warnings.warn_explicit(
        message,
        category,
        site.filename,
        site.lineno,
        module=module_globals.get("__name__", "<string>"),
        registry=module_globals.setdefault("__warningregistry__", {}),
        module_globals=module_globals,
    )
