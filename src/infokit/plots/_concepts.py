"""Pictures of the basic quantities: surprisal, entropy, divergence, cross-entropy and loss.

Every number drawn is computed by infokit's own measures (`self_information`, `entropy`,
`binary_entropy`, `kl_divergence`, `cross_entropy`), so the figures check the library as much
as they explain it. Matplotlib is imported inside each function; each one draws on `ax` (a new
figure when None) and returns the Axes.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

import numpy as np

from infokit._array import to_numpy
from infokit.errors import InfokitError, InvalidDistributionError, ShapeError
from infokit.measures import (
    binary_entropy,
    cross_entropy,
    entropy,
    kl_divergence,
    self_information,
)
from infokit.plots._information import _axes
from infokit.results import unit_name
from infokit.units import resolve_base

__all__ = [
    "binary_entropy_curve",
    "cross_entropy_decomposition",
    "divergence_asymmetry",
    "entropy_bars",
    "loss_vs_probability",
    "surprisal_curve",
]

_BLUE, _ORANGE, _GREY = "#4878a8", "#d98b3a", "#555555"


def _scalar(compute: Callable[[], Any], *, name: str) -> float:
    """Evaluate an infokit measure, renaming its argument to `name` in any error message."""
    try:
        value = compute()
    except InfokitError as error:
        message = str(error).replace("`p`", f"`{name}`", 1)
        raise type(error)(message) from error
    return _host_float(value)


def _host_float(value: Any) -> float:
    """Return a 0-d array of any library as a Python float (torch tensors detached first)."""
    return float(to_numpy(value))


def _one_dimensional(values: Any, *, name: str) -> None:
    """Raise ShapeError unless `values` is a 1-D sequence of probabilities."""
    shape = np.shape(values)
    if len(shape) != 1:
        msg = f"`{name}` must be a 1-D sequence of probabilities; got shape {shape}."
        raise ShapeError(msg)


def _marked_probabilities(marks: Sequence[float], *, name: str) -> np.ndarray[Any, Any]:
    """Check that `marks` are probabilities in (0, 1] (infokit's own check, then p > 0)."""
    points = np.asarray(marks, dtype=np.float64).reshape(-1)
    _scalar(lambda: self_information(points, base=2).sum(), name=name)
    if np.any(points == 0):
        msg = f"`{name}` must hold probabilities in (0, 1]; got 0, whose surprisal is infinite."
        raise InvalidDistributionError(msg)
    return points


def _label_point(ax: Any, text: str, x: float, y: float) -> None:
    """Write `text` beside the point (x, y) of a curve over [0, 1], inside the axes."""
    if x <= 0.7:
        ax.annotate(text, (x, y), xytext=(8, 4), textcoords="offset points", fontsize=8)
        return
    # near p = 1 a label on the right would leave the axes: lift it above the flat tail
    ax.annotate(
        text,
        (x, y),
        xytext=(6, 32),
        textcoords="offset points",
        ha="right",
        fontsize=8,
        arrowprops={"arrowstyle": "-", "color": _GREY, "linewidth": 0.6},
    )


def _fraction(p: float) -> str:
    """Write p as ``1/k`` when it is one (the seeds' 1/2, 1/6, 1/100), else as a decimal."""
    if p == 1:
        return "1"
    inverse = 1 / p
    if abs(inverse - round(inverse)) < 1e-9:
        return f"1/{round(inverse)}"
    return f"{p:g}"


def surprisal_curve(
    *,
    base: float | str = 2,
    marks: Sequence[float] = (1.0, 1 / 2, 1 / 6, 1 / 100),
    ax: Any = None,
) -> Any:
    r"""Draw the surprisal :math:`-\log_b p` of an event against its probability p.

    Certain events carry no surprise; rare events carry a lot, without bound as p → 0.

    Parameters
    ----------
    base : float or str, default=2
        Logarithm base or unit name: ``2`` or ``"bits"``, ``math.e`` or ``"nats"``, ...
    marks : sequence of float, default=(1, 1/2, 1/6, 1/100)
        Probabilities in (0, 1] marked on the curve with their surprisal (a certain event,
        a fair coin, a fair die, a one-in-a-hundred event).
    ax : matplotlib.axes.Axes, optional
        Axes to draw on (a new figure by default).

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on: the curve is ``ax.lines[0]``, the marks ``ax.lines[1]``, and each
        mark is labelled ``"p = 1/2: 1.000 bits"`` (value in units of `base`).

    Raises
    ------
    InvalidParameterError
        If `base` is not a valid base or unit name.
    InvalidDistributionError
        If a mark is not a probability in (0, 1].

    Notes
    -----
    .. math:: I(x) = -\log_b p(x)

    computed with `infokit.self_information` on a grid of p from 0.005 to 1.

    References
    ----------
    .. [1] C. E. Shannon, "A mathematical theory of communication," *Bell System Technical
       Journal*, vol. 27, pp. 379-423, 1948.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from infokit.plots import surprisal_curve
    >>> ax = surprisal_curve(base="bits")
    >>> [t.get_text() for t in ax.texts][:2]
    ['p = 1: 0.000 bits', 'p = 1/2: 1.000 bits']
    >>> ax.get_ylabel()
    'surprisal −log₂ p [bits]'
    """
    numeric_base = resolve_base(base)
    unit = unit_name(numeric_base)
    points = _marked_probabilities(marks, name="marks")
    grid = np.linspace(0.005, 1.0, 400)
    curve = np.asarray(self_information(grid, base=numeric_base))
    heights = np.asarray(self_information(points, base=numeric_base))
    ax = _axes(ax, (5.5, 3.6))
    ax.plot(grid, curve, color=_BLUE, label=f"−log p [{unit}]")
    ax.plot(points, heights, "o", color=_ORANGE, label="marked events")
    for p, height in zip(points, heights, strict=True):
        _label_point(ax, f"p = {_fraction(float(p))}: {height:.3f} {unit}", p, height)
    ax.set_xlim(0.0, 1.05)
    ax.set_ylim(bottom=0.0)
    ax.set_xlabel("probability of the event p")
    ax.set_ylabel(f"surprisal {_log_symbol(numeric_base)} p [{unit}]")
    ax.set_title("Self-information: certain events carry none, rare events a lot", fontsize=9)
    return ax


def _log_symbol(base: float) -> str:
    """``−log₂``, ``−ln``, ``−log₁₀`` or ``−log_b`` for the axis labels."""
    if base == math.e:
        return "−ln"
    subscripts = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
    if float(base).is_integer():
        return f"−log{str(int(base)).translate(subscripts)}"
    return f"−log_{base:g}"


def binary_entropy_curve(
    *, base: float | str = 2, marks: Sequence[float] = (0.9,), ax: Any = None
) -> Any:
    r"""Draw the entropy of a coin against its probability of heads p.

    The curve is zero for a certain coin (p = 0 or 1) and peaks at the fair coin, p = 0.5,
    with one bit (:math:`\log_b 2` in general).

    Parameters
    ----------
    base : float or str, default=2
        Logarithm base or unit name: ``2`` or ``"bits"``, ``math.e`` or ``"nats"``, ...
    marks : sequence of float, default=(0.9,)
        Further probabilities of heads marked with their entropy (the default marks the seeds'
        biased coin, 0.469 bits); ``()`` marks only the maximum.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on (a new figure by default).

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on: the curve is ``ax.lines[0]``, the maximum ``ax.lines[1]``, the
        marks ``ax.lines[2]`` (when any), each labelled with its value in units of `base`.

    Raises
    ------
    InvalidParameterError
        If `base` is not a valid base or unit name.
    InvalidDistributionError
        If a mark is not a probability in [0, 1].

    Notes
    -----
    .. math:: H_b(p) = -p \log_b p - (1 - p) \log_b (1 - p)

    computed with `infokit.binary_entropy` on 401 points of [0, 1].

    References
    ----------
    .. [1] T. M. Cover and J. A. Thomas, *Elements of Information Theory*, 2nd ed., 2006,
       Sec. 2.1.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from infokit.plots import binary_entropy_curve
    >>> ax = binary_entropy_curve()
    >>> [t.get_text() for t in ax.texts]
    ['maximum: 1.000 bits at p = 0.5', 'p = 0.9: 0.469 bits']
    """
    numeric_base = resolve_base(base)
    unit = unit_name(numeric_base)
    points = np.asarray(marks, dtype=np.float64).reshape(-1)
    _scalar(lambda: binary_entropy(points, base=numeric_base).sum(), name="marks")
    heights = np.asarray(binary_entropy(points, base=numeric_base))
    grid = np.linspace(0.0, 1.0, 401)
    curve = np.asarray(binary_entropy(grid, base=numeric_base))
    peak = float(binary_entropy(0.5, base=numeric_base))
    ax = _axes(ax, (5.5, 3.6))
    ax.plot(grid, curve, color=_BLUE, label=f"H(p) [{unit}]")
    ax.plot([0.5], [peak], "o", color=_GREY, label="fair coin")
    ax.annotate(
        f"maximum: {peak:.3f} {unit} at p = 0.5",
        (0.5, peak),
        xytext=(0, 6),
        textcoords="offset points",
        ha="center",
        fontsize=8,
    )
    if points.size:
        ax.plot(points, heights, "o", color=_ORANGE, label="marked coins")
        for p, height in zip(points, heights, strict=True):
            ax.annotate(
                f"p = {p:g}: {height:.3f} {unit}",
                (p, height),
                xytext=(-6, -12) if p >= 0.5 else (6, -12),  # below the curve, inside the axes
                textcoords="offset points",
                ha="right" if p >= 0.5 else "left",
                fontsize=8,
            )
    ax.set_xlim(0.0, 1.0)
    ax.set_ylim(0.0, peak * 1.15)
    ax.set_xlabel("probability of heads p")
    ax.set_ylabel(f"entropy H(p) [{unit}]")
    ax.set_title("Entropy of a coin: largest when the coin is fair", fontsize=9)
    return ax


def entropy_bars(
    distributions: Sequence[Any],
    labels: Sequence[str],
    /,
    *,
    base: float | str = 2,
    ax: Any = None,
) -> Any:
    r"""Draw one bar per distribution, as high as its entropy, with the value printed on it.

    Parameters
    ----------
    distributions : sequence of array_like of shape (n_outcomes,)
        The distributions to compare; their numbers of outcomes may differ.
    labels : sequence of str
        One name per distribution.
    base : float or str, default=2
        Logarithm base or unit name: ``2`` or ``"bits"``, ``math.e`` or ``"nats"``, ...
    ax : matplotlib.axes.Axes, optional
        Axes to draw on (a new figure by default).

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on: ``ax.patches`` are the bars in order, ``ax.texts`` their values
        formatted as ``"2.585 bits"`` (units of `base`).

    Raises
    ------
    ShapeError
        If `distributions` is empty, one of them is not 1-D, or `labels` does not name each.
    InvalidDistributionError
        If a distribution is not one (negative entries, sums other than 1); the message
        names it, e.g. ```distributions[2]```.
    InvalidParameterError
        If `base` is not a valid base or unit name.

    Notes
    -----
    .. math:: H(p) = -\sum_i p_i \log_b p_i

    computed with `infokit.entropy`; the dashed ticks mark each distribution's maximum,
    :math:`\log_b n` for n outcomes (the uniform distribution).

    References
    ----------
    .. [1] T. M. Cover and J. A. Thomas, *Elements of Information Theory*, 2nd ed., 2006,
       Sec. 2.1.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from infokit.plots import entropy_bars
    >>> dists = [[1.0, 0.0], [0.9, 0.1], [0.5] + [0.1] * 5, [1 / 6] * 6]
    >>> ax = entropy_bars(dists, ["certain", "biased coin", "loaded die", "fair die"])
    >>> [t.get_text() for t in ax.texts]
    ['0.000 bits', '0.469 bits', '2.161 bits', '2.585 bits']
    """
    numeric_base = resolve_base(base)
    unit = unit_name(numeric_base)
    if isinstance(distributions, (str, bytes)) or len(distributions) == 0:
        msg = "`distributions` must be a non-empty sequence of 1-D distributions; got none."
        raise ShapeError(msg)
    if len(labels) != len(distributions):
        msg = (
            f"`labels` must name each of the {len(distributions)} distributions; "
            f"got {len(labels)} labels."
        )
        raise ShapeError(msg)
    heights, maxima = [], []
    for index, distribution in enumerate(distributions):
        name = f"distributions[{index}]"
        _one_dimensional(distribution, name=name)
        heights.append(_scalar(partial(entropy, distribution, base=numeric_base), name=name))
        maxima.append(math.log(np.shape(distribution)[0]) / math.log(numeric_base))
    positions = np.arange(len(heights))
    ax = _axes(ax, (1.3 * len(heights) + 2.0, 3.6))
    ax.bar(positions, heights, width=0.6, color=_BLUE, label=f"entropy [{unit}]")
    ax.hlines(
        maxima,
        positions - 0.35,
        positions + 0.35,
        colors=_GREY,
        linestyles="dashed",
        linewidth=1.0,
        label="maximum log n (uniform)",
    )
    top = max([*maxima, *heights, 1e-12]) * 1.15
    for position, height in zip(positions, heights, strict=True):
        inside = height > 0.2 * top  # tall bars carry their value inside, clear of the ticks
        ax.text(
            position,
            height - 0.02 * top if inside else height,
            f"{height:.3f} {unit}",
            ha="center",
            va="top" if inside else "bottom",
            color="white" if inside else "black",
            fontsize=8,
        )
    ax.set_xticks(positions, labels=list(labels))
    ax.set_ylim(0.0, top)
    ax.set_ylabel(f"entropy [{unit}]")
    ax.set_title("Entropy: how uncertain is the outcome?", fontsize=9)
    ax.legend(fontsize=8, loc="upper left")
    return ax


def divergence_asymmetry(
    p: Any,
    q: Any,
    /,
    *,
    labels: Sequence[str] | None = None,
    base: float | str = math.e,
    ax: Any = None,
) -> Any:
    r"""Draw two distributions side by side with the divergence in each direction.

    Parameters
    ----------
    p, q : array_like of shape (n_outcomes,)
        The two distributions over the same outcomes.
    labels : sequence of str, optional
        Names of the n outcomes (``"0"``, ``"1"``, ... by default).
    base : float or str, default=math.e
        Logarithm base or unit name: ``math.e`` or ``"nats"``, ``2`` or ``"bits"``, ...
    ax : matplotlib.axes.Axes, optional
        Axes to draw on (a new figure by default).

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on: grouped bars of `p` and `q` (legend entries ``"p"``, ``"q"``) and
        the title ``"D(p‖q) = 0.0253 nats   D(q‖p) = 0.0258 nats"`` (units of `base`;
        ``inf`` where one distribution is zero and the other not).

    Raises
    ------
    ShapeError
        If `p` or `q` is not 1-D, their lengths differ, or `labels` does not name each outcome.
    InvalidDistributionError
        If `p` or `q` is not a distribution.
    InvalidParameterError
        If `base` is not a valid base or unit name.

    Notes
    -----
    .. math:: D(p \,\|\, q) = \sum_i p_i \log_b \frac{p_i}{q_i} \neq D(q \,\|\, p)

    both computed with `infokit.kl_divergence`.

    References
    ----------
    .. [1] S. Kullback and R. A. Leibler, "On information and sufficiency," *Annals of
       Mathematical Statistics*, vol. 22, no. 1, pp. 79-86, 1951.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from infokit.plots import divergence_asymmetry
    >>> ax = divergence_asymmetry([0.5, 0.3, 0.2], [0.4, 0.4, 0.2], labels=["A", "B", "C"])
    >>> ax.get_title()
    'D(p‖q) = 0.0253 nats   D(q‖p) = 0.0258 nats'
    """
    numeric_base = resolve_base(base)
    unit = unit_name(numeric_base)
    _one_dimensional(p, name="p")
    _one_dimensional(q, name="q")
    forward = _host_float(kl_divergence(p, q, base=numeric_base))  # checks both distributions
    backward = _host_float(kl_divergence(q, p, base=numeric_base))
    n = np.shape(p)[0]
    names = [str(i) for i in range(n)] if labels is None else list(labels)
    if len(names) != n:
        msg = f"`labels` must name each of the {n} outcomes; got {len(names)} labels."
        raise ShapeError(msg)
    p_host = to_numpy(p).astype(np.float64)  # any array library, drawn from the host
    q_host = to_numpy(q).astype(np.float64)
    positions = np.arange(n)
    ax = _axes(ax, (0.9 * n + 2.6, 3.6))
    p_bars = ax.bar(positions - 0.2, p_host, 0.4, color=_BLUE, label="p")
    q_bars = ax.bar(positions + 0.2, q_host, 0.4, color=_ORANGE, label="q")
    for bars in (p_bars, q_bars):
        for bar in bars:
            ax.text(
                bar.get_x() + bar.get_width() / 2,
                bar.get_height(),
                f"{bar.get_height():.2f}",
                ha="center",
                va="bottom",
                fontsize=7,
            )
    ax.set_xticks(positions, labels=names)
    ax.set_ylabel("probability")
    ax.set_ylim(0.0, 1.15 * max(1e-12, float(p_host.max()), float(q_host.max())))
    ax.set_title(f"D(p‖q) = {forward:.4f} {unit}   D(q‖p) = {backward:.4f} {unit}", fontsize=9)
    ax.legend(fontsize=8)
    return ax


def cross_entropy_decomposition(
    p: Any, q: Any, /, *, base: float | str = math.e, ax: Any = None
) -> Any:
    r"""Draw cross-entropy as a stacked bar: entropy of `p` plus the divergence of `q` from it.

    Parameters
    ----------
    p, q : array_like of shape (n_outcomes,)
        The true distribution and the model's.
    base : float or str, default=math.e
        Logarithm base or unit name: ``math.e`` or ``"nats"``, ``2`` or ``"bits"``, ...
    ax : matplotlib.axes.Axes, optional
        Axes to draw on (a new figure by default).

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on. The left bar stacks H(p) and D(p‖q), the right bar is H(p, q);
        ``ax.containers`` holds them with labels ``"H(p)"``, ``"D(p‖q)"``, ``"H(p, q)"``, and
        each segment carries its value (``"1.0297 nats"``, units of `base`).

    Raises
    ------
    ShapeError
        If `p` or `q` is not 1-D or their lengths differ.
    InvalidDistributionError
        If `p` or `q` is not a distribution, or `q` is zero where `p` is not (both sides are
        then infinite).
    InvalidParameterError
        If `base` is not a valid base or unit name.

    Notes
    -----
    .. math:: H(p, q) = -\sum_i p_i \log_b q_i = H(p) + D(p \,\|\, q)

    Since H(p) does not depend on the model, minimising the cross-entropy over q minimises
    the divergence. The three numbers are computed separately with `infokit.entropy`,
    `infokit.kl_divergence` and `infokit.cross_entropy`, so the picture checks the identity.

    References
    ----------
    .. [1] T. M. Cover and J. A. Thomas, *Elements of Information Theory*, 2nd ed., 2006,
       Sec. 2.3 and 5.4.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from infokit.plots import cross_entropy_decomposition
    >>> ax = cross_entropy_decomposition([0.5, 0.3, 0.2], [0.4, 0.4, 0.2])
    >>> [t.get_text() for t in ax.texts]
    ['1.0297 nats', '0.0253 nats', '1.0549 nats']
    """
    numeric_base = resolve_base(base)
    unit = unit_name(numeric_base)
    _one_dimensional(p, name="p")
    _one_dimensional(q, name="q")
    cross = _host_float(cross_entropy(p, q, base=numeric_base))  # checks both distributions
    own = _host_float(entropy(p, base=numeric_base))
    divergence = _host_float(kl_divergence(p, q, base=numeric_base))
    if not math.isfinite(cross):
        msg = (
            "`q` must be positive wherever `p` is; H(p, q) and D(p‖q) are infinite and "
            "cannot be drawn."
        )
        raise InvalidDistributionError(msg)
    ax = _axes(ax, (4.2, 3.8))
    ax.bar([0], [own], 0.5, color=_BLUE, label="H(p)")
    ax.bar([0], [divergence], 0.5, bottom=[own], color=_ORANGE, label="D(p‖q)")
    ax.bar([1], [cross], 0.5, color=_GREY, label="H(p, q)")
    ax.text(0, own / 2, f"{own:.4f} {unit}", ha="center", va="center", color="white", fontsize=8)
    ax.text(0.28, own + divergence / 2, f"{divergence:.4f} {unit}", va="bottom", fontsize=8)
    ax.text(1, cross, f"{cross:.4f} {unit}", ha="center", va="bottom", fontsize=8)
    ax.set_xticks([0, 1], labels=["H(p) + D(p‖q)", "H(p, q)"])
    ax.set_xlim(-0.5, 1.6)
    ax.set_ylim(0.0, max(cross, 1e-12) * 1.2)
    ax.set_ylabel(f"information [{unit}]")
    ax.set_title("Cross-entropy = entropy + KL divergence", fontsize=9)
    ax.legend(fontsize=8, loc="upper left", ncols=3)
    return ax


def loss_vs_probability(
    *, base: float | str = math.e, marks: Sequence[float] = (0.9, 0.01), ax: Any = None
) -> Any:
    r"""Draw the cross-entropy loss of one example against the probability given to its class.

    With a one-hot target the cross-entropy is :math:`-\log_b q`, where q is the predicted
    probability of the correct class: almost nothing for a confident right answer, and
    without bound for a confident wrong one.

    Parameters
    ----------
    base : float or str, default=math.e
        Logarithm base or unit name: ``math.e`` or ``"nats"``, ``2`` or ``"bits"``, ...
    marks : sequence of float, default=(0.9, 0.01)
        Predicted probabilities in (0, 1] marked with their loss (confident and right,
        confident and wrong).
    ax : matplotlib.axes.Axes, optional
        Axes to draw on (a new figure by default).

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on: the curve is ``ax.lines[0]``, the marks ``ax.lines[1]``, each
        labelled ``"q = 0.9: loss 0.105 nats"`` (units of `base`).

    Raises
    ------
    InvalidParameterError
        If `base` is not a valid base or unit name.
    InvalidDistributionError
        If a mark is not a probability in (0, 1].

    Notes
    -----
    .. math:: H(y, q) = -\sum_k y_k \log_b q_k = -\log_b q_{\text{correct}}

    computed with `infokit.cross_entropy` between the one-hot target ``[1, 0]`` and the
    prediction ``[q, 1 - q]`` for q from 0.002 to 1.

    References
    ----------
    .. [1] I. Goodfellow, Y. Bengio and A. Courville, *Deep Learning*, MIT Press, 2016,
       Sec. 6.2.2.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from infokit.plots import loss_vs_probability
    >>> ax = loss_vs_probability()
    >>> [t.get_text() for t in ax.texts]
    ['q = 0.9: loss 0.105 nats', 'q = 0.01: loss 4.605 nats']
    """
    numeric_base = resolve_base(base)
    unit = unit_name(numeric_base)
    points = _marked_probabilities(marks, name="marks")
    grid = np.linspace(0.002, 1.0, 500)

    def loss(correct: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
        target = np.stack([np.ones_like(correct), np.zeros_like(correct)], axis=-1)
        prediction = np.stack([correct, 1.0 - correct], axis=-1)
        return np.asarray(cross_entropy(target, prediction, base=numeric_base))

    curve, heights = loss(grid), loss(points)
    ax = _axes(ax, (5.5, 3.6))
    ax.plot(grid, curve, color=_BLUE, label=f"cross-entropy [{unit}]")
    ax.plot(points, heights, "o", color=_ORANGE, label="marked predictions")
    for q, height in zip(points, heights, strict=True):
        _label_point(ax, f"q = {q:g}: loss {height:.3f} {unit}", q, height)
    ax.set_xlim(0.0, 1.05)
    ax.set_ylim(bottom=0.0)
    ax.set_xlabel("predicted probability of the correct class q")
    ax.set_ylabel(f"cross-entropy loss {_log_symbol(numeric_base)} q [{unit}]")
    ax.set_title("Confident wrong answers cost the most", fontsize=9)
    return ax
