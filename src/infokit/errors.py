"""Exceptions and warnings raised by infokit.

Every error infokit raises on purpose derives from `InfokitError` and from the builtin
exception a caller would already expect (`ValueError` for a bad value, `TypeError` for a
bad type), so both ``except InfokitError`` and ``except ValueError`` work.

Messages name the argument in backticks, say what was expected, show what arrived and,
when the fix is obvious, say what to do.
"""

from __future__ import annotations

__all__ = [
    "ArrayLibraryError",
    "ConvergenceError",
    "InfokitError",
    "InfokitWarning",
    "InvalidDistributionError",
    "InvalidParameterError",
    "MissingDependencyError",
    "NoClosedFormError",
    "NotFittedError",
    "ShapeError",
    "SmallSampleWarning",
    "TieWarning",
]


class InfokitError(Exception):
    """Base class of every error infokit raises on purpose."""


class InvalidParameterError(InfokitError, ValueError, TypeError):
    """An option has the wrong type or lies outside its domain (e.g. ``base=1``)."""


class InvalidDistributionError(InfokitError, ValueError):
    """Probabilities are negative, non-finite, or do not sum to one."""


class ShapeError(InfokitError, ValueError):
    """Shapes are incompatible, an axis is empty, or there are too few samples."""


class ArrayLibraryError(InfokitError, TypeError):
    """An input is not an array, or the inputs mix array libraries."""


class NotFittedError(InfokitError, ValueError, AttributeError):
    """An estimator is used before ``fit``."""


class NoClosedFormError(InfokitError, NotImplementedError):
    """No closed-form formula is registered for these distribution types."""


class ConvergenceError(InfokitError, RuntimeError):
    """An iterative computation (an optimisation, a fitting) stopped short of its tolerance."""


class MissingDependencyError(InfokitError, ImportError):
    """An optional dependency needed by the called function is not installed."""


class InfokitWarning(UserWarning):
    """Base class of the warnings infokit emits."""


class SmallSampleWarning(InfokitWarning):
    """The sample size makes bias likely, or an estimate was clipped."""


class TieWarning(InfokitWarning):
    """Samples contain repeated values; they were jittered or routed to another method."""
