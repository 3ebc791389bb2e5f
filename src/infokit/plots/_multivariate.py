"""Information diagram of three variables: the seven atoms of a joint table."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from infokit.errors import ShapeError
from infokit.measures import (
    co_information,
    conditional_entropy,
    conditional_mutual_information,
    joint_entropy,
)
from infokit.plots._information import _axes, _matplotlib, _short
from infokit.results import unit_name
from infokit.units import resolve_base

__all__ = ["three_variable_information_diagram"]

_COLOURS = ("#4878a8", "#d98b3a", "#5a9e6f")
#: Circle centres at distance 0.62 from the origin (radius 1): seven regions of similar size.
_CENTRE_DISTANCE = 0.62


def three_variable_information_diagram(
    joint: object,
    labels: Sequence[str],
    /,
    *,
    base: float | str = 2,
    ax: Any = None,
) -> Any:
    r"""Draw the information diagram (I-diagram) of three variables from their joint table.

    Parameters
    ----------
    joint : array_like of shape (n_x, n_y, n_z)
        Joint probabilities of X, Y and Z (one axis each).
    labels : sequence of str
        Names of X, Y and Z (names longer than 28 characters are shortened with "…").
    base : float or str, default=2
        Logarithm base or unit name of the values shown (bits by default).
    ax : matplotlib.axes.Axes, optional
        Axes to draw on (a new figure by default).

    Returns
    -------
    matplotlib.axes.Axes
        Three overlapping discs whose seven regions carry the value of their atom:
        :math:`H(X \mid Y, Z)` (and the same for Y and Z) where one disc is alone,
        :math:`I(X; Y \mid Z)` where two overlap and the co-information
        :math:`I(X; Y; Z) = I(X; Y) - I(X; Y \mid Z)` in the middle; a legend under the
        discs names each atom with its value.

    Notes
    -----
    The seven atoms add up to :math:`H(X, Y, Z)`, and each disc's four atoms to its entropy
    (Yeung's I-measure, *A First Course in Information Theory*, 2002, ch. 3). The centre
    can be negative: then the variables carry synergy (XOR: -1 bit), drawn in red, so the
    discs are a bookkeeping device, not areas. The discs are of equal size whatever the
    values (three circles cannot show seven areas exactly).

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import numpy as np
    >>> from infokit.plots import three_variable_information_diagram
    >>> xor = np.zeros((2, 2, 2))
    >>> for a in (0, 1):
    ...     for b in (0, 1):
    ...         xor[a, b, a ^ b] = 0.25
    >>> ax = three_variable_information_diagram(xor, ["X", "Y", "Z = X xor Y"])
    >>> len(ax.patches)
    3
    >>> [text.get_text() for text in ax.texts if text.get_text().startswith("−")]
    ['−1.00']
    """
    if len(labels) != 3:
        msg = f"`labels` must hold the names of X, Y and Z; got {len(labels)} labels."
        raise ShapeError(msg)
    table = np.asarray(joint, dtype=np.float64)
    if table.ndim != 3:
        msg = f"`joint` must be a 3-D table, one axis per variable; got shape {table.shape}."
        raise ShapeError(msg)
    numeric_base = resolve_base(base)
    atoms = _atoms(table, numeric_base)
    patches = _matplotlib("matplotlib.patches")
    ax = _axes(ax, (4.6, 4.6))
    angles = [math.pi / 2, math.pi * 7 / 6, math.pi * 11 / 6]  # X top, Y left, Z right
    centres = [(_CENTRE_DISTANCE * math.cos(a), _CENTRE_DISTANCE * math.sin(a)) for a in angles]
    for centre, colour in zip(centres, _COLOURS, strict=True):
        ax.add_patch(patches.Circle(centre, 1.0, color=colour, alpha=0.35, linewidth=0))
    names = [_short(label) for label in labels]
    for name, angle, colour in zip(names, angles, _COLOURS, strict=True):
        radius = _CENTRE_DISTANCE + 1.12
        ax.text(
            radius * math.cos(angle),
            radius * math.sin(angle),
            name,
            ha="center",
            va="center",
            fontsize=9,
            color=colour,
            fontweight="bold",
        )
    positions = {
        "alone": [(1.1 * math.cos(a), 1.1 * math.sin(a)) for a in angles],
        # a pair's region lies opposite the third disc
        "pair": [(-0.62 * math.cos(a), -0.62 * math.sin(a)) for a in angles],
    }
    for value, (x, y) in zip(atoms["alone"], positions["alone"], strict=True):
        _value_text(ax, x, y, value)
    for value, (x, y) in zip(atoms["pair"], positions["pair"], strict=True):
        _value_text(ax, x, y, value)
    _value_text(ax, 0.0, 0.0, atoms["centre"], bold=True)
    _legend(ax, patches, names, atoms, unit_name(numeric_base))
    ax.set_xlim(-2.0, 2.0)
    ax.set_ylim(-1.75, 2.0)
    ax.set_aspect("equal")
    ax.axis("off")
    return ax


def _atoms(table: np.ndarray[Any, Any], base: float) -> dict[str, Any]:
    """Return the seven atoms: each H(X | rest), each I(X; Y | Z), the co-information."""
    alone = [
        float(conditional_entropy(table, x=i, y=tuple(j for j in range(3) if j != i), base=base))
        for i in range(3)
    ]
    # the pair opposite variable i (in the order X, Y, Z of `alone`), given variable i
    others = [[j for j in range(3) if j != i] for i in range(3)]
    pair = [
        float(conditional_mutual_information(table, x=a, y=b, z=i, base=base))
        for i, (a, b) in enumerate(others)
    ]
    centre = float(co_information(table, base=base))
    total = float(joint_entropy(table, base=base))
    return {"alone": alone, "pair": pair, "centre": centre, "total": total}


def _format(value: float) -> str:
    text = f"{value:.2f}"
    return text.replace("-", "−") if value < 0 and text != "-0.00" else text.lstrip("-")


def _value_text(ax: Any, x: float, y: float, value: float, *, bold: bool = False) -> None:
    negative = _format(value).startswith("−")
    ax.text(
        x,
        y,
        _format(value),
        ha="center",
        va="center",
        fontsize=9,
        color="#b22222" if negative else "#222222",
        fontweight="bold" if bold else "normal",
    )


def _legend(ax: Any, patches: Any, names: list[str], atoms: dict[str, Any], unit: str) -> None:
    symbols = ["X", "Y", "Z"]
    lines = [
        f"alone: H(X|Y,Z) = {_format(atoms['alone'][0])}, H(Y|X,Z) = "
        f"{_format(atoms['alone'][1])}, H(Z|X,Y) = {_format(atoms['alone'][2])}",
        f"pairs: I(Y;Z|X) = {_format(atoms['pair'][0])}, I(X;Z|Y) = "
        f"{_format(atoms['pair'][1])}, I(X;Y|Z) = {_format(atoms['pair'][2])}",
        f"centre: I(X;Y;Z) = {_format(atoms['centre'])} {unit}"
        + ("  (negative: synergy)" if atoms["centre"] < -5e-3 else ""),
        f"all seven add up to H(X,Y,Z) = {_format(atoms['total'])} {unit}",
    ]
    if names != symbols:
        lines.insert(0, ",  ".join(f"{s} = {n}" for s, n in zip(symbols, names, strict=True)))
    handles = [patches.Patch(alpha=0.0) for _ in lines]
    ax.legend(
        handles,
        lines,
        loc="upper center",
        bbox_to_anchor=(0.5, 0.02),
        frameon=False,
        fontsize=7.5,
        handlelength=0,
        handletextpad=0,
        labelspacing=0.3,
    )
