"""The one way infokit imports an optional dependency: on first use, with an install hint.

A missing package raises `infokit.errors.MissingDependencyError` (an `ImportError`) whose
message is one sentence naming the package and the extra that installs it, never a bare
``ModuleNotFoundError`` from deep inside infokit.
"""

from __future__ import annotations

import importlib
from typing import Any

from infokit.errors import MissingDependencyError

__all__ = ["import_optional"]


def import_optional(module: str, *, needed_by: str, extra: str) -> Any:
    """Import `module`, or say which extra of infokit installs it.

    Parameters
    ----------
    module : str
        Dotted name of the module, e.g. ``"matplotlib.pyplot"``.
    needed_by : str
        What needs it, the subject of the message, e.g. ``"plotting"``.
    extra : str
        The extra of infokit that installs it, e.g. ``"plot"``.

    Returns
    -------
    module
        The imported module.

    Raises
    ------
    MissingDependencyError
        If `module` (or a package it needs) cannot be imported.

    Examples
    --------
    >>> from infokit._optional import import_optional
    >>> import_optional("math", needed_by="the demo", extra="all").sqrt(4.0)
    2.0
    >>> import_optional("nope", needed_by="the demo", extra="all")
    Traceback (most recent call last):
    ...
    infokit.errors.MissingDependencyError: the demo needs nope: pip install 'infokit[all]'.
    """
    try:
        return importlib.import_module(module)
    except ImportError as error:
        package = module.partition(".")[0]
        msg = f"{needed_by} needs {package}: pip install 'infokit[{extra}]'."
        raise MissingDependencyError(msg) from error
