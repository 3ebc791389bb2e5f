r"""Multivariate information of joint probability tables: TC, DTC, O- and S-information.

A joint distribution of :math:`n` discrete variables is one array whose axes are the
variables (as in `infokit.measures.mutual_information`); `variables` names which axis, or
group of axes, is each variable, and axes named by no variable are summed out. Every measure
here is a signed sum of the entropies of marginals:

.. math::
    \mathrm{TC} &= \sum_i H(X_i) - H(X_1, \dots, X_n)
    \qquad \text{(total correlation, Watanabe 1960)} \\
    \mathrm{DTC} &= H(X_1, \dots, X_n) - \sum_i H(X_i \mid X_{-i})
    \qquad \text{(dual total correlation, Han 1978)} \\
    \Omega &= \mathrm{TC} - \mathrm{DTC}, \qquad \Sigma = \mathrm{TC} + \mathrm{DTC}
    \qquad \text{(O- and S-information, Rosas et al. 2019)} \\
    \mathrm{CoI} &= \sum_{\emptyset \ne S \subseteq V} (-1)^{|S|+1} H(S)
    \qquad \text{(co-information, Bell 2003)}

where :math:`X_{-i}` is every variable but :math:`X_i`. :math:`\Omega > 0` means the
dependencies are dominated by redundancy (copies of one signal), :math:`\Omega < 0` by
synergy (XOR-like constraints). For two variables TC = DTC = S/2 = CoI = :math:`I(X; Y)` and
:math:`\Omega = 0`.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from infokit._array import Array, log_of_base, positive_part
from infokit.errors import InvalidParameterError
from infokit.measures.mutual_information import Axes, _marginal, _prepare_joint
from infokit.units import resolve_base

__all__ = [
    "co_information",
    "dual_total_correlation",
    "interaction_information",
    "o_information",
    "s_information",
    "total_correlation",
]

#: ``(c_k, variables of S_k)``: one signed log-marginal of a combination.
_Term = tuple[float, Sequence[tuple[int, ...]]]

#: Co-information sums 2^n - 1 entropies; beyond this many variables that is a slow surprise.
MAX_CO_INFORMATION_VARIABLES = 16


def _variable_groups(
    joint: object, variables: Sequence[Axes] | None, *, validate: bool
) -> tuple[Any, Array, list[tuple[int, ...]]]:
    """Convert and check `joint`; return the namespace, the table and each variable's axes."""
    ndim = getattr(joint, "ndim", None)
    if variables is None:
        if ndim is None:  # nested lists
            ndim = np.ndim(joint)  # type: ignore[arg-type]
        groups: dict[str, Axes | None] = {f"variables[{i}]": i for i in range(int(ndim))}
    else:
        if isinstance(variables, int | str) or not isinstance(variables, Sequence):
            msg = (
                "`variables` must be a sequence of axes (or tuples of axes), one per variable, "
                f"e.g. [0, 1, 2]; got {variables!r}."
            )
            raise InvalidParameterError(msg)
        groups = {f"variables[{i}]": axes for i, axes in enumerate(variables)}
    if len(groups) < 2:
        msg = (
            f"multivariate information needs at least two variables; got {len(groups)}. "
            "Pass a table with one axis per variable, or name them with `variables`."
        )
        raise InvalidParameterError(msg)
    xp, table, checked = _prepare_joint(joint, groups, minimum_ndim=2, validate=validate)
    return xp, table, list(checked.values())


def _expected_log_combination(
    table: Array,
    terms: Sequence[tuple[float, Sequence[tuple[int, ...]]]],
    xp: Any,
    base: float | str,
) -> Array:
    r""":math:`\sum_x p(x) \sum_k c_k \log p_{S_k}(x)` in nats, over the cells with p > 0.

    Each term is ``(c_k, variables of S_k)``. Combining the logarithms cell by cell, before
    the expectation, keeps the result accurate when it is a small difference of large
    entropies (near independence), and every marginal is positive where the joint is, so
    masked cells never see a ``log 0`` (finite gradients). Bits and hartleys use ``log2`` and
    ``log10`` themselves, so dyadic tables give whole numbers of bits exactly.
    """
    numeric_base = resolve_base(base)
    log = {2.0: xp.log2, 10.0: xp.log10}.get(float(numeric_base), xp.log)
    scale = 1.0 if log is not xp.log else log_of_base(numeric_base)
    present = table > 0
    ones = xp.ones_like(table)
    combined = xp.zeros_like(table)
    for coefficient, members in terms:
        axes = tuple(sorted(axis for group in members for axis in group))
        marginal = xp.where(present, _marginal(table, axes, xp), ones)
        combined = combined + coefficient * log(marginal)
    return xp.sum(xp.where(present, table * combined, xp.zeros_like(table))) / scale


def _total_terms(groups: list[tuple[int, ...]]) -> list[_Term]:
    """TC = E[log p(x) - sum_i log p(x_i)]."""
    terms: list[_Term] = [(1.0, groups)]
    return terms + [(-1.0, [group]) for group in groups]


def _dual_terms(groups: list[tuple[int, ...]]) -> list[_Term]:
    """DTC = E[(n - 1) log p(x) - sum_i log p(x_{-i})]."""
    n = len(groups)
    terms: list[_Term] = [(n - 1.0, groups)]
    return terms + [(-1.0, groups[:i] + groups[i + 1 :]) for i in range(n)]


def _merge(
    *term_lists: list[tuple[float, Sequence[tuple[int, ...]]]], signs: Sequence[float]
) -> list[tuple[float, Sequence[tuple[int, ...]]]]:
    """Add term lists with `signs`, folding equal marginals into one coefficient."""
    folded: dict[tuple[tuple[int, ...], ...], float] = {}
    for sign, terms in zip(signs, term_lists, strict=True):
        for coefficient, members in terms:
            key = tuple(members)
            folded[key] = folded.get(key, 0.0) + sign * coefficient
    return [(coefficient, list(key)) for key, coefficient in folded.items() if coefficient]


def total_correlation(
    joint: object,
    /,
    *,
    variables: Sequence[Axes] | None = None,
    base: float | str = math.e,
    validate: bool = True,
) -> Array:
    r"""Compute the total correlation (multi-information) of a joint probability table.

    Parameters
    ----------
    joint : array_like of shape (n_1, ..., n_k)
        Joint probabilities, one axis per variable, summing to 1 over all entries.
    variables : sequence of int or tuple of int, optional
        The axes (or groups of axes, for vector-valued variables) of each variable; axes
        named by none are marginalised. Default: every axis is one variable.
    base : float or str, default=math.e
        Logarithm base or unit name (``2``/``"bits"``, ``math.e``/``"nats"``).
    validate : bool, default=True
        Check that `joint` is finite, non-negative and sums to 1 (within 1e-6 for float64).

    Returns
    -------
    array
        0-d array: :math:`\mathrm{TC} \ge 0` in units of `base`, zero exactly when the
        variables are independent.

    Notes
    -----
    .. math:: \mathrm{TC}(X_1, \dots, X_n) = \sum_i H(X_i) - H(X_1, \dots, X_n)
              = D_{\mathrm{KL}}\big(p(x_1, \dots, x_n) \,\|\, \textstyle\prod_i p(x_i)\big)

    Rounding below zero is returned as 0.

    References
    ----------
    .. [1] S. Watanabe, "Information theoretical analysis of multivariate correlation",
       IBM Journal of Research and Development 4, 66-82, 1960.

    Examples
    --------
    >>> import numpy as np
    >>> from infokit import total_correlation
    >>> giant_bit = np.zeros((2, 2, 2, 2))  # four copies of one fair bit
    >>> giant_bit[0, 0, 0, 0] = giant_bit[1, 1, 1, 1] = 0.5
    >>> float(total_correlation(giant_bit, base=2))
    3.0
    """
    xp, table, groups = _variable_groups(joint, variables, validate=validate)
    total = _expected_log_combination(table, _total_terms(groups), xp, base)
    return positive_part(total, xp=xp)


def dual_total_correlation(
    joint: object,
    /,
    *,
    variables: Sequence[Axes] | None = None,
    base: float | str = math.e,
    validate: bool = True,
) -> Array:
    r"""Compute the dual total correlation (binding information) of a joint table.

    Parameters
    ----------
    joint : array_like of shape (n_1, ..., n_k)
        Joint probabilities, one axis per variable, summing to 1 over all entries.
    variables : sequence of int or tuple of int, optional
        As in `total_correlation`.
    base : float or str, default=math.e
        Logarithm base or unit name.
    validate : bool, default=True
        As in `total_correlation`.

    Returns
    -------
    array
        0-d array: :math:`\mathrm{DTC} \ge 0` in units of `base`: the part of the joint
        entropy shared by at least two variables.

    Notes
    -----
    .. math:: \mathrm{DTC} = H(X_1, \dots, X_n) - \sum_i H(X_i \mid X_{-i})
              = \sum_i H(X_{-i}) - (n - 1)\, H(X_1, \dots, X_n)

    Rounding below zero is returned as 0.

    References
    ----------
    .. [1] T. S. Han, "Nonnegative entropy measures of multivariate symmetric
       correlations", Information and Control 36, 133-156, 1978.

    Examples
    --------
    >>> import numpy as np
    >>> from infokit import dual_total_correlation
    >>> xor = np.zeros((2, 2, 2))  # X, Y fair bits, Z = X xor Y
    >>> for a in (0, 1):
    ...     for b in (0, 1):
    ...         xor[a, b, a ^ b] = 0.25
    >>> float(dual_total_correlation(xor, base=2))
    2.0
    """
    xp, table, groups = _variable_groups(joint, variables, validate=validate)
    dual = _expected_log_combination(table, _dual_terms(groups), xp, base)
    return positive_part(dual, xp=xp)


def o_information(
    joint: object,
    /,
    *,
    variables: Sequence[Axes] | None = None,
    base: float | str = math.e,
    validate: bool = True,
) -> Array:
    r"""Compute the O-information :math:`\Omega` of a joint table: redundancy minus synergy.

    Parameters
    ----------
    joint : array_like of shape (n_1, ..., n_k)
        Joint probabilities, one axis per variable, summing to 1 over all entries.
    variables : sequence of int or tuple of int, optional
        As in `total_correlation`.
    base : float or str, default=math.e
        Logarithm base or unit name.
    validate : bool, default=True
        As in `total_correlation`.

    Returns
    -------
    array
        0-d array in units of `base`: positive when redundancy dominates the dependencies,
        negative when synergy does, 0 for two variables.

    Notes
    -----
    .. math:: \Omega = \mathrm{TC} - \mathrm{DTC}
              = (n - 2)\, H(X_1, \dots, X_n) + \sum_i \big[H(X_i) - H(X_{-i})\big]

    References
    ----------
    .. [1] F. E. Rosas, P. A. M. Mediano, M. Gastpar and H. J. Jensen, "Quantifying
       high-order interdependencies via multivariate extensions of the mutual
       information", Physical Review E 100, 032305, 2019.

    Examples
    --------
    >>> import numpy as np
    >>> from infokit import o_information
    >>> giant_bit = np.zeros((2, 2, 2))  # three copies of one fair bit: pure redundancy
    >>> giant_bit[0, 0, 0] = giant_bit[1, 1, 1] = 0.5
    >>> float(o_information(giant_bit, base=2))
    1.0
    """
    xp, table, groups = _variable_groups(joint, variables, validate=validate)
    terms = _merge(_total_terms(groups), _dual_terms(groups), signs=(1.0, -1.0))
    return _expected_log_combination(table, terms, xp, base)


def s_information(
    joint: object,
    /,
    *,
    variables: Sequence[Axes] | None = None,
    base: float | str = math.e,
    validate: bool = True,
) -> Array:
    r"""Compute the S-information :math:`\Sigma` (TC + DTC) of a joint table.

    Parameters
    ----------
    joint : array_like of shape (n_1, ..., n_k)
        Joint probabilities, one axis per variable, summing to 1 over all entries.
    variables : sequence of int or tuple of int, optional
        As in `total_correlation`.
    base : float or str, default=math.e
        Logarithm base or unit name.
    validate : bool, default=True
        As in `total_correlation`.

    Returns
    -------
    array
        0-d array: :math:`\Sigma \ge 0` in units of `base`, the overall strength of the
        dependencies, equal to :math:`\sum_i I(X_i; X_{-i})`.

    Notes
    -----
    .. math:: \Sigma = \mathrm{TC} + \mathrm{DTC} = \sum_i I(X_i; X_{-i})

    Rounding below zero is returned as 0.

    References
    ----------
    .. [1] F. E. Rosas, P. A. M. Mediano, M. Gastpar and H. J. Jensen, Physical Review E
       100, 032305, 2019.

    Examples
    --------
    >>> import numpy as np
    >>> from infokit import s_information
    >>> xor = np.zeros((2, 2, 2))
    >>> for a in (0, 1):
    ...     for b in (0, 1):
    ...         xor[a, b, a ^ b] = 0.25
    >>> float(s_information(xor, base=2))  # TC 1 + DTC 2
    3.0
    """
    xp, table, groups = _variable_groups(joint, variables, validate=validate)
    terms = _merge(_total_terms(groups), _dual_terms(groups), signs=(1.0, 1.0))
    return positive_part(_expected_log_combination(table, terms, xp, base), xp=xp)


def _co_information(
    table: Array, groups: list[tuple[int, ...]], xp: Any, base: float | str
) -> Array:
    """CoI = E[sum over non-empty subsets S of (-1)^|S| log p(x_S)]."""
    if len(groups) > MAX_CO_INFORMATION_VARIABLES:
        msg = (
            f"co-information of {len(groups)} variables sums 2**{len(groups)} - 1 entropies; "
            f"at most {MAX_CO_INFORMATION_VARIABLES} variables are supported. Group variables "
            "with `variables`, or use `o_information`, which needs only 2n + 1 entropies."
        )
        raise InvalidParameterError(msg)
    terms: list[tuple[float, Sequence[tuple[int, ...]]]] = [
        (-1.0 if size % 2 else 1.0, list(subset))
        for size in range(1, len(groups) + 1)
        for subset in itertools.combinations(groups, size)
    ]
    return _expected_log_combination(table, terms, xp, base)


def co_information(
    joint: object,
    /,
    *,
    variables: Sequence[Axes] | None = None,
    base: float | str = math.e,
    validate: bool = True,
) -> Array:
    r"""Compute the co-information of a joint table (Bell's sign convention).

    Parameters
    ----------
    joint : array_like of shape (n_1, ..., n_k)
        Joint probabilities, one axis per variable, summing to 1 over all entries.
    variables : sequence of int or tuple of int, optional
        As in `total_correlation`; at most 16 variables.
    base : float or str, default=math.e
        Logarithm base or unit name.
    validate : bool, default=True
        As in `total_correlation`.

    Returns
    -------
    array
        0-d array in units of `base`; for three variables :math:`I(X;Y) - I(X;Y \mid Z)`:
        positive for redundancy, negative for synergy (XOR: -1 bit).

    Notes
    -----
    .. math:: \mathrm{CoI}(X_1, \dots, X_n) = \sum_{\emptyset \ne S \subseteq \{1..n\}}
              (-1)^{|S| + 1} H(X_S)

    This is the centre atom of the information diagram and the sign convention of Bell
    (2003) and of dit's ``coinformation``. McGill's interaction information, in the
    convention of Jakulin and Bratko and of dit, is :math:`(-1)^n\,\mathrm{CoI}`: see
    `interaction_information`. Authors differ on the sign, so name the convention when you
    report a value. For two variables CoI is :math:`I(X; Y)`.

    References
    ----------
    .. [1] A. J. Bell, "The co-information lattice", Proc. ICA 2003, 921-926.

    Examples
    --------
    >>> import numpy as np
    >>> from infokit import co_information
    >>> xor = np.zeros((2, 2, 2))
    >>> for a in (0, 1):
    ...     for b in (0, 1):
    ...         xor[a, b, a ^ b] = 0.25
    >>> float(co_information(xor, base=2))
    -1.0
    """
    xp, table, groups = _variable_groups(joint, variables, validate=validate)
    return _co_information(table, groups, xp, base)


def interaction_information(
    joint: object,
    /,
    *,
    variables: Sequence[Axes] | None = None,
    base: float | str = math.e,
    validate: bool = True,
) -> Array:
    r"""Compute McGill's interaction information, :math:`(-1)^n` times the co-information.

    Parameters
    ----------
    joint : array_like of shape (n_1, ..., n_k)
        Joint probabilities, one axis per variable, summing to 1 over all entries.
    variables : sequence of int or tuple of int, optional
        As in `total_correlation`; at most 16 variables.
    base : float or str, default=math.e
        Logarithm base or unit name.
    validate : bool, default=True
        As in `total_correlation`.

    Returns
    -------
    array
        0-d array in units of `base`; for three variables :math:`I(X;Y \mid Z) - I(X;Y)`:
        positive for synergy (XOR: +1 bit), negative for redundancy.

    Notes
    -----
    .. math:: \mathrm{II}(X_1, \dots, X_n) = (-1)^n\, \mathrm{CoI}(X_1, \dots, X_n)
              = -\sum_{S \subseteq \{1..n\}} (-1)^{n - |S|} H(X_S)

    The convention of Jakulin and Bratko (2003) and of dit's ``interaction_information``;
    for three variables it is minus `co_information`. For two variables it is
    :math:`I(X; Y)`.

    References
    ----------
    .. [1] W. J. McGill, "Multivariate information transmission", Psychometrika 19,
       97-116, 1954.
    .. [2] A. Jakulin and I. Bratko, "Quantifying and visualizing attribute interactions",
       arXiv:cs/0308002, 2003.

    Examples
    --------
    >>> import numpy as np
    >>> from infokit import interaction_information
    >>> xor = np.zeros((2, 2, 2))
    >>> for a in (0, 1):
    ...     for b in (0, 1):
    ...         xor[a, b, a ^ b] = 0.25
    >>> float(interaction_information(xor, base=2))
    1.0
    """
    xp, table, groups = _variable_groups(joint, variables, validate=validate)
    sign = 1.0 if len(groups) % 2 == 0 else -1.0
    return sign * _co_information(table, groups, xp, base)
