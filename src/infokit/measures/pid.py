r"""Partial information decomposition of what two sources tell about a target.

Williams and Beer (2010) split the information :math:`I(S_1, S_2; T)` that two sources
carry about a target into four non-overlapping parts:

.. math::
    I(S_1, S_2; T) &= R + U_1 + U_2 + S, \\
    I(S_1; T) &= R + U_1, \qquad I(S_2; T) = R + U_2,

the **redundancy** :math:`R` (what either source alone tells), the **unique** information
:math:`U_i` (what only source :math:`i` tells) and the **synergy** :math:`S` (what only
both together tell). Shannon's quantities give three equations for four unknowns; a
*redundancy measure* fixes the fourth. Three are offered:

- ``"williams_beer"``: :math:`I_{\min}` (Williams and Beer 2010), the expected minimum over
  the sources of the specific information about each target value;
- ``"broja"``: Bertschinger, Rauh, Olbrich, Jost and Ay (2014), where unique information is
  what stays in :math:`I(S_1; T \mid S_2)` however the sources are coupled, as long as each
  source's relation to the target is kept (a convex optimisation, `infokit.measures._broja`);
- ``"ccs"``: Ince's (2017) :math:`I_{\mathrm{ccs}}`, the expected pointwise common change in
  surprisal, over events whose local quantities agree in sign (evaluated under the
  maximum-entropy distribution with the pairwise marginals).

The table's axes are the variables, as in `infokit.measures.mutual_information`; `sources`
and `target` name which axis (or tuple of axes, for a vector-valued variable) is each, and
other axes are summed out. The decomposition is computed in NumPy float64.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, TypeAlias

import numpy as np

from infokit._array import log_of_base, to_numpy
from infokit._validation import check_choice
from infokit.errors import InvalidParameterError
from infokit.measures._broja import minimize_joint_information
from infokit.measures._pairwise_maxent import pairwise_maximum_entropy
from infokit.measures.mutual_information import Axes, _prepare_joint
from infokit.results import unit_name
from infokit.units import resolve_base

__all__ = [
    "REDUNDANCY_MEASURES",
    "PartialInformationDecomposition",
    "RedundancyMeasure",
    "decompose_table",
    "partial_information_decomposition",
]

#: The redundancy measures `partial_information_decomposition` accepts.
RedundancyMeasure: TypeAlias = Literal["williams_beer", "broja", "ccs"]
REDUNDANCY_MEASURES: tuple[str, ...] = ("williams_beer", "broja", "ccs")

FloatArray = np.ndarray[Any, np.dtype[np.float64]]
Log = Callable[[FloatArray], FloatArray]

#: Local values of I_ccs within this many nats of 0 count as 0 (their sign is rounding).
CCS_SIGN_TOLERANCE = 1e-10


@dataclass(frozen=True, slots=True)
class PartialInformationDecomposition:
    """The four atoms of a two-source partial information decomposition.

    Attributes
    ----------
    redundancy : float
        Information about the target that either source alone provides.
    unique : tuple of float
        ``(U_1, U_2)``: information only the first, only the second source provides.
    synergy : float
        Information only the two sources together provide.
    mutual_information : float
        :math:`I(S_1, S_2; T)`, the sum of the four atoms.
    measure : str
        The redundancy measure: ``"williams_beer"``, ``"broja"`` or ``"ccs"``.
    base : float
        Logarithm base of every value: 2 for bits, ``math.e`` for nats.
    details : dict
        How the atoms were computed: for ``"broja"`` the certified ``duality_gap`` of the
        optimisation (nats), ``newton_steps`` and ``free_dimensions``; for ``"ccs"`` the
        ``sweeps`` and ``marginal_error`` of the maximum-entropy fit.

    Examples
    --------
    >>> import numpy as np
    >>> from infokit import partial_information_decomposition
    >>> xor = np.zeros((2, 2, 2))
    >>> for a in (0, 1):
    ...     for b in (0, 1):
    ...         xor[a, b, a ^ b] = 0.25
    >>> partial_information_decomposition(xor, base=2)
    PartialInformationDecomposition(williams_beer, bits: redundancy=0, unique=(0, 0), \
synergy=1, mutual_information=1)
    """

    redundancy: float
    unique: tuple[float, float]
    synergy: float
    mutual_information: float
    measure: str
    base: float = math.e
    details: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def unit(self) -> str:
        """Name of the unit of the values (``"bits"``, ``"nats"``, ...)."""
        return unit_name(self.base)

    def __repr__(self) -> str:
        unique = ", ".join(f"{value:.6g}" for value in self.unique)
        return (
            f"PartialInformationDecomposition({self.measure}, {self.unit}: "
            f"redundancy={self.redundancy:.6g}, unique=({unique}), "
            f"synergy={self.synergy:.6g}, mutual_information={self.mutual_information:.6g})"
        )


def _log_in(base: float) -> tuple[Log, float]:
    """Choose the logarithm for `base`, and what to divide its results by.

    Bits and hartleys use ``log2`` and ``log10`` themselves, so dyadic tables give whole
    numbers of bits exactly.
    """
    if base == 2:
        return np.log2, 1.0
    if base == 10:
        return np.log10, 1.0
    return np.log, log_of_base(base)


def _information(joint: FloatArray, first: FloatArray, second: FloatArray, log: Log) -> float:
    """``sum joint * log(joint / (first * second))`` over the cells with ``joint > 0``.

    `first` and `second` are marginals broadcast against the 2-D `joint`.
    """
    present = joint > 0
    ratio = np.where(present, joint, 1.0) / np.where(present, first * second, 1.0)
    return float(np.sum(np.where(present, joint * log(ratio), 0.0)))


def _source_informations(table: FloatArray, log: Log) -> tuple[float, float, float]:
    """I(S1; T), I(S2; T) and I(S1, S2; T) of a 3-D table, in units of `log`."""
    p_t = table.sum(axis=(0, 1))[None, :]
    p_s1_t, p_s2_t = table.sum(axis=1), table.sum(axis=0)
    p_sources_t = table.reshape(-1, table.shape[2])
    first = _information(p_s1_t, p_s1_t.sum(axis=1, keepdims=True), p_t, log)
    second = _information(p_s2_t, p_s2_t.sum(axis=1, keepdims=True), p_t, log)
    both = _information(p_sources_t, p_sources_t.sum(axis=1, keepdims=True), p_t, log)
    return first, second, both


def _specific_information(p_s_t: FloatArray, log: Log) -> FloatArray:
    r"""Specific information :math:`I(S; T = t) = \sum_s p(s \mid t) \log(p(t \mid s) / p(t))`.

    One value per target value; 0 where :math:`p(t) = 0` (those get no weight).
    """
    p_s = p_s_t.sum(axis=1, keepdims=True)
    p_t = p_s_t.sum(axis=0, keepdims=True)
    present = p_s_t > 0
    ratio = np.where(present, p_s_t, 1.0) / np.where(present, p_s * p_t, 1.0)
    weighted = np.sum(np.where(present, p_s_t * log(ratio), 0.0), axis=0)
    specific: FloatArray = np.divide(
        weighted, p_t[0], out=np.zeros_like(weighted), where=p_t[0] > 0
    )
    return specific


def _williams_beer(table: FloatArray, log: Log) -> tuple[float, dict[str, Any]]:
    """I_min = sum_t p(t) min_i I(S_i; T = t) (Eq. 12 of Williams and Beer 2010)."""
    first = _specific_information(table.sum(axis=1), log)
    second = _specific_information(table.sum(axis=0), log)
    p_t = table.sum(axis=(0, 1))
    return float(np.sum(p_t * np.minimum(first, second))), {}


def _broja_minimum(table: FloatArray, log: Log) -> tuple[float, dict[str, Any]]:
    """Minimise I_q(T; S1, S2) over Delta_p; evaluate it with `log` at the certified optimum."""
    solution = minimize_joint_information(table)
    q = solution.q.reshape(-1, table.shape[2])
    p_t = table.sum(axis=(0, 1))[None, :]
    value = _information(q, q.sum(axis=1, keepdims=True), p_t, log)
    details = {
        "duality_gap": solution.duality_gap,
        "newton_steps": solution.newton_steps,
        "free_dimensions": solution.free_dimensions,
    }
    return value, details


def _snap(values: FloatArray, tolerance: float) -> FloatArray:
    return np.where(np.abs(values) <= tolerance, 0.0, values)


def _common_change_in_surprisal(
    table: FloatArray, log: Log, nats_per_unit: float
) -> tuple[float, dict[str, Any]]:
    r"""I_ccs: the mean local co-information over events where its sign is agreed.

    Under the maximum-entropy :math:`\hat p` with the pairwise marginals of :math:`p`, the
    local co-information is :math:`c = i(s_1; t) + i(s_2; t) - i(s_1, s_2; t)`; an event
    counts when :math:`c` and the three local informations have the same sign (Ince 2017,
    Eq. 23, as implemented by dit).
    """
    fit = pairwise_maximum_entropy(table)
    q = fit.q
    present = q > 0
    p_s1_t = q.sum(axis=1)[:, None, :]
    p_s2_t = q.sum(axis=0)[None, :, :]
    p_s1_s2 = q.sum(axis=2)[:, :, None]
    p_s1 = q.sum(axis=(1, 2))[:, None, None]
    p_s2 = q.sum(axis=(0, 2))[None, :, None]
    p_t = q.sum(axis=(0, 1))[None, None, :]

    def local(numerator: FloatArray, denominator: FloatArray) -> FloatArray:
        top = np.where(present, numerator, 1.0)
        bottom = np.where(present, denominator, 1.0)
        return np.asarray(log(top / bottom))

    tolerance = CCS_SIGN_TOLERANCE / nats_per_unit  # in the units of `log`
    first = _snap(local(p_s1_t * np.ones_like(q), p_s1 * p_t), tolerance)
    second = _snap(local(p_s2_t * np.ones_like(q), p_s2 * p_t), tolerance)
    both = _snap(local(q, p_s1_s2 * p_t), tolerance)
    coinformation = _snap(
        local(p_s1_t * p_s2_t * p_s1_s2, p_s1 * p_s2 * p_t * np.where(present, q, 1.0)),
        tolerance,
    )
    sign = np.sign(coinformation)
    agreed = present & (np.sign(first) == sign) & (np.sign(second) == sign)
    agreed &= np.sign(both) == sign
    value = float(np.sum(np.where(agreed, q * coinformation, 0.0)))
    return value, {"sweeps": fit.sweeps, "marginal_error": fit.marginal_error}


def decompose_table(
    table: FloatArray, redundancy: str, base: float
) -> PartialInformationDecomposition:
    """Decompose a checked, float64 table ``p(s1, s2, t)`` with a checked measure and base.

    The shared core of `partial_information_decomposition` and of its estimator.
    """
    log, scale = _log_in(base)
    nats_per_unit = log_of_base(base) / scale  # of the values `log` returns
    first, second, both = _source_informations(table, log)
    if redundancy == "broja":
        minimum, details = _broja_minimum(table, log)
        # In theory max(I1, I2) <= min I_q(T; S1, S2) <= min(I, I1 + I2) (the minimum is at
        # most I at q = p and at most I1 + I2 at q0), so every atom is >= 0; the computed
        # minimum is a feasible value within the certified gap above the true one, so a
        # lower bound within that gap is the answer, and it is clipped to the upper bounds.
        lower = max(first, second)
        if minimum - details["duality_gap"] / nats_per_unit <= lower:
            minimum = lower
        minimum = min(minimum, both, first + second)
        shared = first + second - minimum
    elif redundancy == "ccs":
        shared, details = _common_change_in_surprisal(table, log, nats_per_unit)
    else:
        shared, details = _williams_beer(table, log)
    shared, first, second, both = (value / scale for value in (shared, first, second, both))
    return PartialInformationDecomposition(
        redundancy=shared,
        unique=(first - shared, second - shared),
        synergy=both - first - second + shared,
        mutual_information=both,
        measure=redundancy,
        base=base,
        details=details,
    )


def _check_sources(sources: object) -> tuple[Axes, Axes]:
    if isinstance(sources, str) or not isinstance(sources, Sequence) or len(sources) != 2:
        msg = (
            "`sources` must be a pair of axes (or tuples of axes) of `joint`, one per source, "
            f"e.g. (0, 1); got {sources!r}."
        )
        raise InvalidParameterError(msg)
    return sources[0], sources[1]


def _three_way_table(joint: object, sources: object, target: Axes, validate: bool) -> FloatArray:
    """Check `joint` and return it as a float64 array ``p(s1, s2, t)`` (axes grouped)."""
    first, second = _check_sources(sources)
    groups: dict[str, Axes | None] = {"sources[0]": first, "sources[1]": second, "target": target}
    _, table, checked = _prepare_joint(joint, groups, minimum_ndim=3, validate=validate)
    array = np.asarray(to_numpy(table), dtype=np.float64)
    order = [axis for key in groups for axis in checked[key]]
    rest = [axis for axis in range(array.ndim) if axis not in order]  # summed out, size 1
    array = np.transpose(array, [*order, *rest])
    sizes = [math.prod(table.shape[axis] for axis in checked[key]) for key in groups]
    return array.reshape(sizes)


def partial_information_decomposition(
    joint: object,
    /,
    *,
    sources: Sequence[Axes] = (0, 1),
    target: Axes = 2,
    redundancy: RedundancyMeasure = "williams_beer",
    base: float | str = math.e,
    validate: bool = True,
) -> PartialInformationDecomposition:
    r"""Decompose what two sources tell about a target into redundant, unique and synergistic parts.

    Parameters
    ----------
    joint : array_like
        Joint probabilities, one axis per variable, summing to 1; by default a 3-D table
        ``joint[s1, s2, t]``. NumPy, PyTorch, JAX arrays or nested lists; the decomposition
        is computed in NumPy float64 (no gradients).
    sources : pair of int or tuple of int, default=(0, 1)
        The axes (or groups of axes, for vector-valued sources) of the two sources.
    target : int or tuple of int, default=2
        The axis (or axes) of the target. Axes named neither here nor in `sources` are
        marginalised.
    redundancy : {"williams_beer", "broja", "ccs"}, default="williams_beer"
        The redundancy measure; see Notes.
    base : float or str, default=math.e
        Logarithm base or unit name (``2``/``"bits"``, ``math.e``/``"nats"``).
    validate : bool, default=True
        Check that `joint` is finite, non-negative and sums to 1 (within 1e-6 for float64);
        a table that does not raise `InvalidDistributionError`, as in
        `mutual_information`.

    Returns
    -------
    PartialInformationDecomposition
        ``redundancy``, ``unique`` (a pair), ``synergy`` and ``mutual_information``
        (:math:`I(S_1, S_2; T)`) in units of `base`, with ``redundancy + unique[0]`` equal
        to :math:`I(S_1; T)`, ``redundancy + unique[1]`` to :math:`I(S_2; T)` and the four
        atoms summing to ``mutual_information``, up to rounding.

    Raises
    ------
    InvalidParameterError
        If `sources` is not a pair, an axis is out of range or named twice, or
        `redundancy` is unknown.
    InvalidDistributionError
        If `joint` is not a probability table.
    ConvergenceError
        If the optimisation of ``"broja"`` or the maximum-entropy fit of ``"ccs"`` does not
        reach its tolerance (see Notes).

    Notes
    -----
    Each measure gives the redundancy :math:`R`; the other atoms follow from
    :math:`U_i = I(S_i; T) - R` and :math:`S = I(S_1, S_2; T) - I(S_1; T) - I(S_2; T) + R`.

    ``"williams_beer"`` [1]_:

    .. math:: I_{\min} = \sum_t p(t) \min_i I(S_i; T = t), \qquad
              I(S_i; T = t) = \sum_{s} p(s \mid t) \log \frac{p(t \mid s)}{p(t)}

    Every atom is non-negative. It counts as redundant what the sources tell about the
    same target *value*, even when they tell different things about it: for the copy
    :math:`T = (S_1, S_2)` of two independent bits it gives 1 bit of redundancy and 1 of
    synergy, not 1 bit unique to each.

    ``"broja"`` [2]_: with :math:`\Delta_p` the distributions :math:`q` that have the same
    :math:`q(s_1, t)` and :math:`q(s_2, t)` as :math:`p`,

    .. math:: U_1 = \min_{q \in \Delta_p} I_q(S_1; T \mid S_2), \qquad
              S = I(S_1, S_2; T) - \min_{q \in \Delta_p} I_q(S_1, S_2; T)

    Every atom is non-negative; unique information depends only on the source–target
    marginals (the operational argument of [2]_). One convex problem is solved, by an
    interior-point method whose result is certified by a dual bound: the minimum is
    within 1e-11 nats of the true one (`details["duality_gap"]`), else
    `ConvergenceError` is raised. A unique information within that gap of 0 is returned
    as 0 (the bound is then within the certified error), and rounding beyond the other
    bounds is clipped. Solve time grows with the cube of
    :math:`\sum_t (|S_1|_t - 1)(|S_2|_t - 1)` (milliseconds for alphabets of a few
    values, a second around 10 x 10 x 10).

    ``"ccs"`` [3]_: under :math:`\hat p`, the maximum-entropy distribution with the pairwise
    marginals :math:`p(s_1, t), p(s_2, t), p(s_1, s_2)` (iterative proportional fitting,
    marginals within 1e-14), let :math:`c = i(s_1; t) + i(s_2; t) - i(s_1, s_2; t)` be the
    local co-information; then
    :math:`I_{\mathrm{ccs}} = \sum \hat p(s_1, s_2, t)\, c\, [\operatorname{sign} c =
    \operatorname{sign} i(s_1; t) = \operatorname{sign} i(s_2; t) = \operatorname{sign}
    i(s_1, s_2; t)]`, local values within 1e-10 nats of 0 counting as 0, as dit does.
    Unique information and synergy can be negative (misinformation).

    The measures agree on XOR (1 bit of synergy) and on one bit copied to the target and
    both sources (1 bit of redundancy). BROJA and :math:`I_{\min}` agree on AND.

    References
    ----------
    .. [1] P. L. Williams and R. D. Beer, "Nonnegative decomposition of multivariate
       information", arXiv:1004.2515, 2010.
    .. [2] N. Bertschinger, J. Rauh, E. Olbrich, J. Jost and N. Ay, "Quantifying unique
       information", Entropy 16, 2161-2183, 2014.
    .. [3] R. A. A. Ince, "Measuring multivariate redundant information with pointwise
       common change in surprisal", Entropy 19, 318, 2017.

    Examples
    --------
    >>> import numpy as np
    >>> from infokit import partial_information_decomposition
    >>> gate = np.zeros((2, 2, 2))  # two fair bits and their AND
    >>> for a in (0, 1):
    ...     for b in (0, 1):
    ...         gate[a, b, a & b] = 0.25
    >>> pid = partial_information_decomposition(gate, base=2)
    >>> round(pid.redundancy, 6), pid.unique, round(pid.synergy, 6)
    (0.311278, (0.0, 0.0), 0.5)
    >>> round(pid.redundancy + sum(pid.unique) + pid.synergy, 6)  # I(S1, S2; T)
    0.811278
    >>> copy = np.zeros((2, 2, 4))  # T = (S1, S2)
    >>> for a in (0, 1):
    ...     for b in (0, 1):
    ...         copy[a, b, 2 * a + b] = 0.25
    >>> partial_information_decomposition(copy, redundancy="broja", base=2).unique
    (1.0, 1.0)
    """
    measure = check_choice(redundancy, REDUNDANCY_MEASURES, name="redundancy")
    numeric_base = resolve_base(base)
    table = _three_way_table(joint, sources, target, validate)
    return decompose_table(table, measure, numeric_base)
