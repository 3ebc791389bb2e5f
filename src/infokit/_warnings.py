"""The one way infokit warns: a warning that points at the caller's line, not at infokit.

`warn` walks the stack out of the package (as pandas' ``find_stack_level`` does), so the
filename and line number a user sees are those of their own call, however deep inside infokit
the warning was raised.
"""

from __future__ import annotations

import inspect
import os
import warnings

__all__ = ["warn"]

_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__))


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


def warn(message: str, category: type[Warning]) -> None:
    """Issue `category` with `message`, attributed to the first line outside infokit."""
    # stacklevel 1 is this function; the frames inside infokit (this one included) are
    # skipped, so the warning names the first frame outside the package.
    warnings.warn(message, category, stacklevel=_frames_inside() + 1)
