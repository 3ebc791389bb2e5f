"""Bar chart, heatmap and information diagram of entropies and mutual information.

Matplotlib is imported inside each function, so ``import infokit.plots`` costs nothing until
a figure is drawn. Each function draws on `ax` (a new figure when None) and returns the Axes.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from infokit._optional import import_optional
from infokit.errors import InvalidParameterError, ShapeError

__all__ = ["information_diagram", "mutual_information_bars", "mutual_information_heatmap"]


def _matplotlib(module: str) -> Any:
    return import_optional(module, needed_by="plotting", extra="plot")


def _axes(ax: Any, size: tuple[float, float]) -> Any:
    if ax is not None:
        return ax
    plt = _matplotlib("matplotlib.pyplot")
    _, ax = plt.subplots(figsize=size)
    return ax


def mutual_information_bars(
    values: Sequence[float],
    errors: Sequence[float] | None,
    labels: Sequence[str],
    /,
    *,
    ax: Any = None,
    unit: str = "nats",
) -> Any:
    """Draw the mutual information of each column with the target, with error bars.

    Parameters
    ----------
    values : sequence of float
        Mutual information of each column (units of `unit`), drawn top to bottom.
    errors : sequence of float, optional
        Standard errors; the bars span ``value ± 1.96 error`` (95 % under normality).
    labels : sequence of str
        Column names.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on (a new figure by default).
    unit : str, default="nats"
        Unit shown on the axis.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from infokit.plots import mutual_information_bars
    >>> ax = mutual_information_bars([0.8, 0.1], [0.05, 0.02], ["a", "b"], unit="bits")
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['a', 'b']
    """
    heights = np.asarray(values, dtype=np.float64)
    if heights.ndim != 1 or len(labels) != heights.size:
        msg = f"`labels` must name each of the {heights.size} values; got {len(labels)} labels."
        raise ShapeError(msg)
    ax = _axes(ax, (6.0, 0.4 * heights.size + 1.2))
    positions = np.arange(heights.size)
    spread = None
    if errors is not None:
        spread = 1.96 * np.nan_to_num(np.asarray(errors, dtype=np.float64))
    ax.barh(positions, heights, xerr=spread, color="#4878a8", ecolor="#222222", capsize=3)
    ax.set_yticks(positions, labels=list(labels))
    ax.invert_yaxis()
    ax.axvline(0.0, color="#888888", linewidth=0.8)
    ax.set_xlabel(f"mutual information with the target [{unit}] (bars: 95 % interval)")
    return ax


def mutual_information_heatmap(
    matrix: Any, labels: Sequence[str], /, *, ax: Any = None, unit: str = "nats"
) -> Any:
    """Draw a symmetric matrix of pairwise mutual information as a heatmap.

    Parameters
    ----------
    matrix : array_like of shape (k, k)
        ``matrix[i][j]`` = :math:`I(X_i; X_j)`; the diagonal holds the entropies
        :math:`H(X_i) = I(X_i; X_i)`.
    labels : sequence of str
        The k column names.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on (a new figure by default).
    unit : str, default="nats"
        Unit shown on the colour bar.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on, annotated with the values when k <= 12.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from infokit.plots import mutual_information_heatmap
    >>> ax = mutual_information_heatmap([[1.0, 0.2], [0.2, 0.9]], ["a", "b"])
    >>> ax.images[0].get_array().shape
    (2, 2)
    """
    values = np.asarray(matrix, dtype=np.float64)
    k = len(labels)
    if values.shape != (k, k):
        msg = f"`matrix` must be square with one row per label ({k}); got shape {values.shape}."
        raise ShapeError(msg)
    ax = _axes(ax, (0.55 * k + 2.5, 0.55 * k + 1.8))
    image = ax.imshow(values, cmap="viridis", vmin=0.0)
    ax.set_xticks(range(k), labels=list(labels), rotation=45, ha="right")
    ax.set_yticks(range(k), labels=list(labels))
    if k <= 12:
        top = np.nanmax(values) if np.isfinite(values).any() else 1.0
        for i in range(k):
            for j in range(k):
                if math.isfinite(values[i, j]):
                    color = "black" if values[i, j] > 0.6 * top else "white"
                    ax.text(
                        j,
                        i,
                        f"{values[i, j]:.2f}",
                        ha="center",
                        va="center",
                        color=color,
                        fontsize=8,
                    )
    ax.figure.colorbar(image, ax=ax, label=f"mutual information [{unit}]")
    return ax


def _overlap_distance(r1: float, r2: float, area: float) -> float:
    """Distance of two circles of radii r1, r2 whose lens has area `area` (bisection)."""

    def lens(d: float) -> float:
        if d >= r1 + r2:
            return 0.0
        if d <= abs(r1 - r2):
            return math.pi * min(r1, r2) ** 2
        a1 = r1**2 * math.acos((d**2 + r1**2 - r2**2) / (2 * d * r1))
        a2 = r2**2 * math.acos((d**2 + r2**2 - r1**2) / (2 * d * r2))
        k = 0.5 * math.sqrt((-d + r1 + r2) * (d + r1 - r2) * (d - r1 + r2) * (d + r1 + r2))
        return a1 + a2 - k

    low, high = abs(r1 - r2), r1 + r2
    for _ in range(60):  # the lens area decreases with the distance
        middle = 0.5 * (low + high)
        if lens(middle) > area:
            low = middle
        else:
            high = middle
    return 0.5 * (low + high)


def information_diagram(
    h_x: float,
    h_y: float,
    mi: float,
    labels: Sequence[str],
    /,
    *,
    ax: Any = None,
    unit: str = "nats",
) -> Any:
    r"""Draw the information diagram of two variables: two discs overlapping by their MI.

    Parameters
    ----------
    h_x, h_y : float
        Entropies :math:`H(X)` and :math:`H(Y)`, the areas of the two discs.
    mi : float
        Mutual information :math:`I(X; Y)`, the area of their overlap (clipped to
        ``[0, min(h_x, h_y)]``).
    labels : sequence of str
        Names of X and Y.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on (a new figure by default).
    unit : str, default="nats"
        Unit of the annotations.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.

    Notes
    -----
    Areas are exact: disc :math:`i` has radius :math:`\sqrt{H_i/\pi}` and the centres are
    placed so that the lens has area :math:`I(X;Y)`. The parts outside the overlap are
    :math:`H(X \mid Y)` and :math:`H(Y \mid X)`.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from infokit.plots import information_diagram
    >>> ax = information_diagram(1.0, 1.5, 0.5, ["X", "Y"], unit="bits")
    >>> len(ax.patches)
    2
    """
    if len(labels) != 2:
        msg = f"`labels` must hold the names of X and Y; got {len(labels)} labels."
        raise ShapeError(msg)
    if not (h_x > 0 and h_y > 0):
        msg = f"`h_x` and `h_y` must be positive entropies; got {h_x!r} and {h_y!r}."
        raise InvalidParameterError(msg)
    Circle = _matplotlib("matplotlib.patches").Circle  # noqa: N806

    overlap = min(max(mi, 0.0), min(h_x, h_y))
    r1, r2 = math.sqrt(h_x / math.pi), math.sqrt(h_y / math.pi)
    distance = _overlap_distance(r1, r2, overlap)
    ax = _axes(ax, (4.2, 2.8))
    ax.add_patch(Circle((0.0, 0.0), r1, color="#4878a8", alpha=0.5, label=labels[0]))
    ax.add_patch(Circle((distance, 0.0), r2, color="#d98b3a", alpha=0.5, label=labels[1]))
    # numbers inside the three regions, names above the discs
    left_edge, right_edge = -r1, distance + r2
    lens_left, lens_right = distance - r2, r1
    ax.text(
        0.5 * (left_edge + min(lens_left, r1)),
        0.0,
        f"{h_x - overlap:.2f}",
        ha="center",
        va="center",
        fontsize=8,
    )
    ax.text(
        0.5 * (max(lens_right, lens_left) + right_edge),
        0.0,
        f"{h_y - overlap:.2f}",
        ha="center",
        va="center",
        fontsize=8,
    )
    if overlap > 0:
        ax.text(
            0.5 * (lens_left + lens_right),
            0.0,
            f"{overlap:.2f}",
            ha="center",
            va="center",
            fontsize=8,
            fontweight="bold",
        )
    top = max(r1, r2)
    # X's name above, Y's below, so long names never collide
    ax.text(
        0.0, top * 1.08, f"H({labels[0]})", ha="center", va="bottom", fontsize=8, color="#2d5a86"
    )
    ax.text(
        distance, -top * 1.08, f"H({labels[1]})", ha="center", va="top", fontsize=8, color="#a0601c"
    )
    ax.set_title(f"I({labels[0]}; {labels[1]}) = {overlap:.2f} {unit}", fontsize=9)
    ax.set_xlim(-r1 * 1.1, distance + r2 * 1.1)
    ax.set_ylim(-top * 1.4, top * 1.4)
    ax.set_aspect("equal")
    ax.axis("off")
    return ax
