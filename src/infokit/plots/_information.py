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

_NAME_LIMIT = 28


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

    Notes
    -----
    A bias-corrected estimate of an independent column can be slightly negative; its bar
    is clipped at zero (mutual information is never negative) while its error bar is
    still drawn around the estimate.

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
    ax.barh(positions, np.clip(heights, 0.0, None), color="#4878a8")
    if errors is not None:
        spread = 1.96 * np.nan_to_num(np.asarray(errors, dtype=np.float64))
        ax.errorbar(heights, positions, xerr=spread, fmt="none", ecolor="#222222", capsize=3)
    ax.set_yticks(positions, labels=list(labels))
    ax.invert_yaxis()
    ax.axvline(0.0, color="#888888", linewidth=0.8)
    ax.set_xlabel(f"mutual information with the target [{unit}] (bars: 95 % interval)")
    return ax


def _colour_limit(values: Any, scale_diagonal: bool) -> float:
    """Top of the colour scale: the largest finite cell, off the diagonal unless asked."""
    cells = values if scale_diagonal else values[~np.eye(values.shape[0], dtype=bool)]
    finite = cells[np.isfinite(cells)]
    top = float(finite.max()) if finite.size else 0.0
    return top if top > 0 else 1.0


def _cell_text(value: float) -> str:
    """Two decimals; a negative bias-corrected estimate reads as about zero."""
    return "≈0" if value < 0 else f"{value:.2f}"


def mutual_information_heatmap(
    matrix: Any,
    labels: Sequence[str],
    /,
    *,
    ax: Any = None,
    unit: str = "nats",
    scale_diagonal: bool = False,
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
    scale_diagonal : bool, default=False
        Whether the diagonal sets the colour scale too. By default only the off-diagonal
        cells do, and the diagonal cells are drawn hatched grey with their entropy as text:
        an entropy of 14 bits would otherwise wash out a redundancy of 1.75 bits.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on, annotated with the values when k <= 12 (negative bias-corrected
        estimates read "≈0").

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from infokit.plots import mutual_information_heatmap
    >>> ax = mutual_information_heatmap([[14.0, 1.75], [1.75, 9.0]], ["a", "b"])
    >>> ax.images[0].get_array().shape, ax.images[0].get_clim()
    ((2, 2), (0.0, 1.75))
    """
    values = np.asarray(matrix, dtype=np.float64)
    k = len(labels)
    if values.shape != (k, k):
        msg = f"`matrix` must be square with one row per label ({k}); got shape {values.shape}."
        raise ShapeError(msg)
    Rectangle = _matplotlib("matplotlib.patches").Rectangle  # noqa: N806
    ax = _axes(ax, (0.55 * k + 2.5, 0.55 * k + 1.8))
    top = _colour_limit(values, scale_diagonal)
    image = ax.imshow(values, cmap="viridis", vmin=0.0, vmax=top)
    ax.set_xticks(range(k), labels=list(labels), rotation=45, ha="right")
    ax.set_yticks(range(k), labels=list(labels))
    if not scale_diagonal:
        for i in range(k):
            ax.add_patch(
                Rectangle(
                    (i - 0.5, i - 0.5),
                    1.0,
                    1.0,
                    facecolor="#f0f0f0",
                    edgecolor="#c8c8c8",
                    hatch="///",
                    linewidth=0.0,
                )
            )
    if k <= 12:
        for i in range(k):
            for j in range(k):
                if not math.isfinite(values[i, j]):
                    continue
                if i == j and not scale_diagonal:
                    color, style = "#333333", "italic"
                else:
                    color = "black" if values[i, j] > 0.6 * top else "white"
                    style = "normal"
                ax.text(
                    j,
                    i,
                    _cell_text(values[i, j]),
                    ha="center",
                    va="center",
                    color=color,
                    fontsize=8,
                    fontstyle=style,
                )
    label = f"mutual information [{unit}]"
    if not scale_diagonal:
        label += "\n(off-diagonal cells; diagonal: entropy)"
    ax.figure.colorbar(image, ax=ax, label=label)
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


def _short(name: str, limit: int = _NAME_LIMIT) -> str:
    """`name`, cut to `limit` characters with an ellipsis so that labels fit the figure."""
    return name if len(name) <= limit else name[: limit - 1] + "…"


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
        Names of X and Y (names longer than 28 characters are shortened with "…").
    ax : matplotlib.axes.Axes, optional
        Axes to draw on (a new figure by default).
    unit : str, default="nats"
        Unit of the annotations.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on: the discs, a title with :math:`I(X; Y)`, and a legend under the
        discs that names X and Y and gives :math:`H(X)`, :math:`H(X \mid Y)`,
        :math:`I(X; Y)`, :math:`H(Y)` and :math:`H(Y \mid X)`, stacked so that no label
        overlaps another whatever the sizes of the regions.

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
    >>> for text in ax.get_legend().get_texts():
    ...     print(text.get_text())
    X = X
    H(X) = 1.00, H(X | Y) = 0.50
    I(X; Y) = 0.50 bits
    Y = Y
    H(Y) = 1.50, H(Y | X) = 1.00
    """
    if len(labels) != 2:
        msg = f"`labels` must hold the names of X and Y; got {len(labels)} labels."
        raise ShapeError(msg)
    if not (h_x > 0 and h_y > 0):
        msg = f"`h_x` and `h_y` must be positive entropies; got {h_x!r} and {h_y!r}."
        raise InvalidParameterError(msg)
    patches = _matplotlib("matplotlib.patches")

    overlap = min(max(mi, 0.0), min(h_x, h_y))
    r1, r2 = math.sqrt(h_x / math.pi), math.sqrt(h_y / math.pi)
    distance = _overlap_distance(r1, r2, overlap)
    ax = _axes(ax, (4.2, 2.8))
    x_colour, y_colour = "#4878a8", "#d98b3a"
    ax.add_patch(patches.Circle((0.0, 0.0), r1, color=x_colour, alpha=0.5))
    ax.add_patch(patches.Circle((distance, 0.0), r2, color=y_colour, alpha=0.5))
    x, y = _short(labels[0]), _short(labels[1])
    # Every label is a line of the legend under the discs (or the title above them): the
    # regions can be arbitrarily thin (I ≈ 0, I = min H, H(X) ≫ H(Y)), so no text goes
    # inside them, and the legend stacks its lines so they cannot collide.
    keys = [
        patches.Patch(facecolor=x_colour, alpha=0.5),
        patches.Patch(facecolor="#8f8271", alpha=0.8),
        patches.Patch(facecolor=y_colour, alpha=0.5),
    ]
    lines = [
        f"X = {x}\nH(X) = {h_x:.2f}, H(X | Y) = {h_x - overlap:.2f}",
        f"I(X; Y) = {overlap:.2f} {unit}",
        f"Y = {y}\nH(Y) = {h_y:.2f}, H(Y | X) = {h_y - overlap:.2f}",
    ]
    ax.legend(
        keys,
        lines,
        loc="upper center",
        bbox_to_anchor=(0.5, 0.0),
        frameon=False,
        fontsize=8,
        handlelength=1.0,
        borderaxespad=0.2,
        labelspacing=0.5,
    )
    ax.set_title(f"I(X; Y) = {overlap:.2f} {unit}", fontsize=9)
    left, right = -r1, distance + r2
    top = max(r1, r2)
    pad = 0.05 * (right - left)
    ax.set_xlim(left - pad, right + pad)
    ax.set_ylim(-top - pad, top + pad)
    ax.set_aspect("equal")
    ax.axis("off")
    return ax
