"""Convergence of estimators: estimate ± error against the number of samples.

Matplotlib is imported inside the function; it draws on `ax` (a new figure when None) and
returns the Axes.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeAlias

import numpy as np

from infokit.errors import InvalidParameterError, ShapeError
from infokit.plots._information import _axes
from infokit.results import Estimate, unit_name

__all__ = ["estimator_convergence"]

#: One point of a benchmark: ``(n_samples, value, std_error)``; `std_error` may be None or nan.
Row: TypeAlias = "tuple[float, float, float | None]"
Series: TypeAlias = "Sequence[Estimate | Row]"


@dataclass(frozen=True)
class _Points:
    """One series ready to draw, sorted by sample size."""

    n: np.ndarray[Any, Any]
    value: np.ndarray[Any, Any]
    below: np.ndarray[Any, Any]  # length of the error bar under the value
    above: np.ndarray[Any, Any]  # length of the error bar over the value
    bases: frozenset[float]


def _point(item: object, *, name: str) -> tuple[float, float, float, float, float | None]:
    """Return (n, value, below, above, base) of one Estimate or (n, value, std_error) row."""
    if isinstance(item, Estimate):
        if item.n_samples is None:
            msg = (
                f"`{name}` has no sample size (`n_samples` is None, e.g. a quadrature "
                f"result); got {item!r}."
            )
            raise InvalidParameterError(msg)
        n, value, base = float(item.n_samples), float(item.value), float(item.base)
        if item.ci is not None:
            low, high = item.ci
            return n, value, value - float(low), float(high) - value, base
        half = 1.96 * float(item.std_error)
        return n, value, half, half, base
    if isinstance(item, (str, bytes)) or not isinstance(item, Sequence) or len(item) != 3:
        msg = (
            f"`{name}` must be an infokit Estimate or a row (n_samples, value, std_error); "
            f"got {item!r}."
        )
        raise InvalidParameterError(msg)
    n, value, std_error = item
    half = math.nan if std_error is None else 1.96 * float(std_error)
    return float(n), float(value), half, half, None


def _series(items: Series, *, name: str) -> _Points:
    if isinstance(items, (str, bytes, Estimate)) or not isinstance(items, Sequence):
        msg = f"`{name}` must be a sequence of Estimate or of (n, value, std_error) rows."
        raise InvalidParameterError(msg)
    if len(items) == 0:
        msg = f"`{name}` must hold at least one estimate; got an empty sequence."
        raise ShapeError(msg)
    points = [_point(item, name=f"{name}[{i}]") for i, item in enumerate(items)]
    table = np.array([point[:4] for point in points], dtype=np.float64)
    if not (np.all(np.isfinite(table[:, 0])) and np.all(table[:, 0] > 0)):
        msg = f"`{name}` sample sizes must be positive and finite; got {table[:, 0].tolist()}."
        raise InvalidParameterError(msg)
    table = table[np.argsort(table[:, 0], kind="stable")]
    errors = np.where(np.isfinite(table[:, 2:]), table[:, 2:], 0.0)  # no error known: no bar
    bases = frozenset(point[4] for point in points if point[4] is not None)
    return _Points(table[:, 0], table[:, 1], errors[:, 0], errors[:, 1], bases)


def _group(results: object) -> dict[str, _Points]:
    """Split `results` into named series (by mapping key, or by estimate method)."""
    if isinstance(results, Mapping):
        if len(results) == 0:
            msg = "`results` must hold at least one series; got an empty mapping."
            raise ShapeError(msg)
        return {
            str(key): _series(value, name=f"results[{key!r}]") for key, value in results.items()
        }
    if isinstance(results, (str, bytes)) or not isinstance(results, Sequence):
        msg = (
            "`results` must be a sequence of Estimate or a mapping {name: sequence of Estimate "
            f"or (n, value, std_error) rows}}; got {type(results).__name__}."
        )
        raise InvalidParameterError(msg)
    if len(results) == 0:
        msg = "`results` must hold at least one estimate; got an empty sequence."
        raise ShapeError(msg)
    by_method: dict[str, list[Any]] = {}
    for index, item in enumerate(results):
        if not isinstance(item, Estimate):
            msg = (
                f"`results[{index}]` must be an Estimate when `results` is a sequence (pass "
                f"rows as a mapping {{name: rows}}); got {item!r}."
            )
            raise InvalidParameterError(msg)
        by_method.setdefault(item.method, []).append(item)
    return {method: _series(items, name="results") for method, items in by_method.items()}


def estimator_convergence(
    results: Sequence[Estimate] | Mapping[str, Sequence[Estimate | Row]],
    /,
    *,
    truth: float | None = None,
    ax: Any = None,
    unit: str | None = None,
) -> Any:
    """Draw estimates with their 95 % error bars against the sample size, and the truth.

    Parameters
    ----------
    results : sequence of Estimate, or mapping of str to sequence
        Either a sequence of `infokit.results.Estimate` (one series per ``method``; the
        sample size is ``n_samples``), or a mapping ``{name: series}`` whose series hold
        `Estimate` objects or plain benchmark rows ``(n_samples, value, std_error)``
        (``std_error`` may be None or nan: no error bar). Points are sorted by sample size.
    truth : float, optional
        The true value, drawn as a dashed horizontal line.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on (a new figure by default).
    unit : str, optional
        Unit shown on the axis; by default the unit of the estimates' ``base``
        (``"nats"``, ``"bits"``, ...). Plain rows carry no unit: without `unit`, the axis
        then shows none.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on, with a logarithmic sample-size axis, one ``errorbar`` per series
        (legend entry: its name) and the truth line (legend entry ``"truth = ..."``).

    Raises
    ------
    ShapeError
        If `results` or one of its series is empty.
    InvalidParameterError
        If an item is neither an Estimate nor a 3-tuple row, an Estimate has no
        ``n_samples``, a sample size is not positive, or estimates in different bases are
        mixed without `unit`.

    Notes
    -----
    An error bar spans the estimate's confidence interval ``ci`` when it has one, otherwise
    ``value ± 1.96 std_error`` (95 % under normality of the estimator).

    Examples
    --------
    >>> import math
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from infokit.plots import estimator_convergence
    >>> from infokit.results import Estimate
    >>> runs = [Estimate(v, s, "plugin", base=2, n_samples=n)
    ...         for n, v, s in [(100, 2.45, 0.05), (1000, 2.57, 0.015), (10000, 2.583, 0.005)]]
    >>> ax = estimator_convergence(runs, truth=math.log2(6))
    >>> ax.get_ylabel(), ax.get_xscale()
    ('estimate [bits]', 'log')
    >>> [t.get_text() for t in ax.get_legend().get_texts()]
    ['plugin', 'truth = 2.585 bits']
    """
    series = _group(results)
    if unit is None:
        bases = frozenset().union(*(points.bases for points in series.values()))
        if len(bases) > 1:
            names = ", ".join(sorted(unit_name(base) for base in bases))
            msg = f"`results` mix estimates in different units ({names}); convert them first."
            raise InvalidParameterError(msg)
        unit = unit_name(next(iter(bases))) if bases else None
    suffix = "" if unit is None else f" {unit}"
    ax = _axes(ax, (5.5, 3.6))
    handles: list[Any] = []
    for name, points in series.items():
        handle = ax.errorbar(
            points.n,
            points.value,
            yerr=np.vstack([points.below, points.above]),
            marker="o",
            markersize=4,
            capsize=3,
            label=name,
        )
        handles.append(handle)
    if truth is not None:
        line = ax.axhline(
            float(truth),
            color="black",
            linestyle="--",
            linewidth=1.0,
            label=f"truth = {truth:.4g}{suffix}",
        )
        handles.append(line)
    ax.set_xscale("log")
    ax.set_xlabel("number of samples N")
    ax.set_ylabel("estimate" if unit is None else f"estimate [{unit}]")
    ax.set_title("Estimates with 95 % intervals against the sample size", fontsize=9)
    ax.legend(handles=handles, fontsize=8)
    return ax
