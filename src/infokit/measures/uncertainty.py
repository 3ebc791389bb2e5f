"""Uncertainty of an ensemble's predictions: predictive and expected entropy, and BALD.

An ensemble (deep ensemble members, MC-dropout passes, posterior samples) gives one class
distribution per member. Their mixture, the predictive distribution, has entropy
`predictive_entropy` (total uncertainty); the members' mean entropy is `expected_entropy`
(aleatoric: what each member is unsure about); the difference, `prediction_information`, is
the mutual information between the prediction and the model parameters (epistemic: how much
the members disagree), the BALD score of Houlsby et al. (2011).

The axis of the members is always named by the required keyword `members_axis`: libraries
disagree about the layout (baal puts the members last, batchbald_redux and torch-uncertainty
in the middle), so infokit never guesses it.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from infokit._array import Array, entropy_terms, in_base, log_softmax
from infokit._validation import check_probabilities
from infokit.errors import InvalidParameterError, ShapeError
from infokit.measures._prepare import prepare_distribution
from infokit.units import resolve_base

__all__ = ["expected_entropy", "prediction_information", "predictive_entropy"]


class Ensemble:
    """An ensemble's predictions after checking: log-probabilities or probabilities.

    ``log_p`` is the stable log-softmax of logits (``None`` for probabilities); ``p`` holds
    the probabilities, ``members`` and ``classes`` the two (non-negative) axes of the array.
    """

    __slots__ = ("classes", "log_p", "members", "p", "xp")

    def __init__(self, xp: Any, p: Array, log_p: Array | None, members: int, classes: int):
        self.xp, self.p, self.log_p, self.members, self.classes = xp, p, log_p, members, classes


def check_members_axis(members_axis: object, shape: tuple[int, ...], classes: int) -> int:
    """Check `members_axis` against the shape of `p` and the class axis; return it, >= 0."""
    ndim = len(shape)
    if isinstance(members_axis, bool) or not isinstance(members_axis, int | np.integer):
        msg = (
            "`members_axis` must be an integer, the axis of `p` that indexes the ensemble "
            f"members or posterior samples; got {type(members_axis).__name__} {members_axis!r}."
        )
        raise InvalidParameterError(msg)
    if ndim < 2:
        msg = (
            "`p` must have at least two axes, the members and the classes; got shape "
            f"{shape}. A single distribution has no ensemble: use `infokit.entropy`."
        )
        raise ShapeError(msg)
    if not -ndim <= members_axis < ndim:
        msg = (
            f"`members_axis` must lie in [{-ndim}, {ndim - 1}] for `p` of shape {shape}; "
            f"got {members_axis}."
        )
        raise InvalidParameterError(msg)
    members = int(members_axis) % ndim
    if members == classes:
        msg = (
            f"`members_axis` and `axis` must name different axes of `p` (shape {shape}); "
            f"both name axis {classes}. `axis` indexes the classes, `members_axis` the members."
        )
        raise InvalidParameterError(msg)
    if shape[members] == 0:
        msg = (
            f"`p` must have at least one member along `members_axis` ({members}); got shape "
            f"{shape}. An empty ensemble has no predictive distribution."
        )
        raise ShapeError(msg)
    return members


def prepare_ensemble(
    p: object, *, members_axis: object, axis: object, from_logits: bool, validate: bool
) -> Ensemble:
    """Convert and check an ensemble's predictions (shared with `select_batch`)."""
    xp, prepared = prepare_distribution(
        p, name="p", axis=axis, from_logits=from_logits, validate=validate, check_values=False
    )
    array, classes = prepared.array, prepared.axis % prepared.array.ndim
    members = check_members_axis(members_axis, tuple(array.shape), classes)
    if from_logits:
        log_p = log_softmax(array, axis=classes, xp=xp)
        return Ensemble(xp, xp.exp(log_p), log_p, members, classes)
    check_probabilities(
        array, name="p", axis=classes, xp=xp, validate=validate, tolerance=prepared.tolerance
    )
    return Ensemble(xp, array, None, members, classes)


def _finite_or_zero(log_values: Array, xp: Any) -> Array:
    """``log_values`` with ``-inf`` (a zero probability) replaced by 0, for ``p * log p``."""
    return xp.where(xp.isfinite(log_values), log_values, xp.zeros_like(log_values))


def _safe_log(values: Array, xp: Any) -> Array:
    """``log(values)`` where positive, 0 where zero; no ``log 0`` enters any gradient."""
    positive = values > 0
    return xp.log(xp.where(positive, values, xp.ones_like(values)))


def _log_mean_exp(log_values: Array, *, axis: int, xp: Any) -> Array:
    """``log(mean(exp(log_values)))`` along `axis`, kept; shifted by the maximum, so stable.

    A slice of ``-inf`` only (every member gives the class probability 0) gives ``-inf``,
    with finite gradients (the shift and the log both see safe values there).
    """
    largest = xp.max(log_values, axis=axis, keepdims=True)
    shift = _finite_or_zero(largest, xp)
    total = xp.sum(xp.exp(log_values - shift), axis=axis, keepdims=True)
    log_total = _safe_log(total, xp) + shift
    minus_inf = xp.full_like(log_total, -math.inf)
    return xp.where(total > 0, log_total, minus_inf) - math.log(log_values.shape[axis])


def _reduce(terms: Array, ensemble: Ensemble) -> Array:
    """Sum `terms` over the classes and average over the members, dropping both axes."""
    xp = ensemble.xp
    per_member = xp.sum(terms, axis=ensemble.classes, keepdims=True)
    mean = xp.mean(per_member, axis=ensemble.members, keepdims=True)
    return xp.squeeze(mean, axis=(ensemble.members, ensemble.classes))


def _predictive_log(ensemble: Ensemble) -> tuple[Array, Array]:
    """Return the predictive (mixture) distribution and its log, the members axis kept."""
    xp = ensemble.xp
    if ensemble.log_p is None:
        mixture = xp.mean(ensemble.p, axis=ensemble.members, keepdims=True)
        return mixture, _safe_log(mixture, xp)
    log_mixture = _log_mean_exp(ensemble.log_p, axis=ensemble.members, xp=xp)
    return xp.exp(log_mixture), _finite_or_zero(log_mixture, xp)


def _member_log(ensemble: Ensemble) -> Array:
    """``log p`` of each member with zero probabilities mapped to 0 (their terms vanish)."""
    if ensemble.log_p is None:
        return _safe_log(ensemble.p, ensemble.xp)
    return _finite_or_zero(ensemble.log_p, ensemble.xp)


def predictive_entropy(
    p: object,
    /,
    *,
    members_axis: int,
    axis: int = -1,
    from_logits: bool = False,
    base: float | str = math.e,
    validate: bool = True,
) -> Array:
    r"""Compute the entropy of an ensemble's predictive distribution (total uncertainty).

    Parameters
    ----------
    p : array_like
        Class probabilities (or logits with ``from_logits=True``) of every member: one axis
        indexes the members (`members_axis`), one the classes (`axis`), and any other axes
        are a batch, e.g. shape ``(n_points, n_members, n_classes)`` with ``members_axis=1``.
        NumPy, PyTorch and JAX arrays are returned as the same kind of array, on the same
        device; lists become NumPy (float64).
    members_axis : int
        Axis that indexes the ensemble members (MC-dropout passes, posterior samples),
        weighted equally. Required: there is no common layout to default to.
    axis : int, default=-1
        Axis that indexes the classes; must differ from `members_axis`.
    from_logits : bool, default=False
        Treat `p` as unnormalised log-probabilities: a stable log-softmax along `axis`
        gives each member's log-probabilities, and the predictive distribution is their
        log-mean-exp over the members. Probabilities are never taken for logits or back.
    base : float or str, default=math.e
        Logarithm base or unit name (``"bits"``, ``"nats"``, ``"hartleys"``).
    validate : bool, default=True
        Check that `p` is finite, non-negative and sums to 1 along `axis` (within 1e-6 for
        float64 input, 1e-4 for float32), or that logits are not NaN or ``+inf``. Skipped
        for traced JAX arrays (inside ``jax.jit``).

    Returns
    -------
    array
        :math:`H[\mathbb{E}_\theta\, p(y \mid \theta)]` in units of `base`, with
        `members_axis` and `axis` removed; between 0 and ``log n_classes``.

    Notes
    -----
    .. math:: H[y] = -\sum_c \bar p_c \log_b \bar p_c, \qquad
              \bar p_c = \frac{1}{M} \sum_{m=1}^{M} p_{mc}

    the entropy of the mixture of the `M` members: `expected_entropy` (aleatoric) plus
    `prediction_information` (epistemic). From logits, :math:`\log \bar p` is the
    log-mean-exp of the members' log-softmax.

    References
    ----------
    .. [1] Y. Gal, R. Islam and Z. Ghahramani, "Deep Bayesian Active Learning with Image
       Data", ICML 2017 (max entropy acquisition).

    Examples
    --------
    >>> from infokit import predictive_entropy
    >>> members = [[0.9, 0.1], [0.1, 0.9]]  # two confident members that disagree
    >>> float(predictive_entropy(members, members_axis=0, base=2))  # the mixture is a coin
    1.0
    """
    numeric_base = resolve_base(base)
    ensemble = prepare_ensemble(
        p, members_axis=members_axis, axis=axis, from_logits=from_logits, validate=validate
    )
    xp = ensemble.xp
    mixture, log_mixture = _predictive_log(ensemble)
    terms = 0.0 - mixture * log_mixture  # 0 where the mixture is 0: its log is 0 there
    per_point = xp.sum(terms, axis=ensemble.classes, keepdims=True)
    return in_base(xp.squeeze(per_point, axis=(ensemble.members, ensemble.classes)), numeric_base)


def expected_entropy(
    p: object,
    /,
    *,
    members_axis: int,
    axis: int = -1,
    from_logits: bool = False,
    base: float | str = math.e,
    validate: bool = True,
) -> Array:
    r"""Compute the mean entropy of an ensemble's members (aleatoric uncertainty).

    Parameters
    ----------
    p : array_like
        Class probabilities (or logits with ``from_logits=True``) of every member, e.g. of
        shape ``(n_points, n_members, n_classes)`` with ``members_axis=1``; as in
        `predictive_entropy`.
    members_axis : int
        Axis that indexes the ensemble members, weighted equally. Required.
    axis : int, default=-1
        Axis that indexes the classes; must differ from `members_axis`.
    from_logits : bool, default=False
        Treat `p` as logits (stable log-softmax, log-domain mixture).
    base : float or str, default=math.e
        Logarithm base or unit name.
    validate : bool, default=True
        As in `predictive_entropy`.

    Returns
    -------
    array
        :math:`\mathbb{E}_\theta\, H[p(y \mid \theta)]` in units of `base`, with
        `members_axis` and `axis` removed; at most `predictive_entropy`.

    Notes
    -----
    .. math:: H[y \mid \theta] = \frac{1}{M} \sum_{m=1}^{M} \Bigl(-\sum_c p_{mc} \log_b p_{mc}\Bigr)

    the conditional entropy of the prediction given the parameters: the noise every member
    sees, which more data for the model cannot remove. ``0 log 0 = 0``.

    References
    ----------
    .. [1] N. Houlsby, F. Huszár, Z. Ghahramani and M. Lengyel, "Bayesian Active Learning
       for Classification and Preference Learning", arXiv:1112.5745, 2011.

    Examples
    --------
    >>> from infokit import expected_entropy
    >>> members = [[0.9, 0.1], [0.1, 0.9]]
    >>> round(float(expected_entropy(members, members_axis=0, base=2)), 4)  # each is sure
    0.469
    """
    numeric_base = resolve_base(base)
    ensemble = prepare_ensemble(
        p, members_axis=members_axis, axis=axis, from_logits=from_logits, validate=validate
    )
    if ensemble.log_p is None:
        terms = entropy_terms(ensemble.p, xp=ensemble.xp)
    else:
        terms = 0.0 - ensemble.p * _member_log(ensemble)
    return in_base(_reduce(terms, ensemble), numeric_base)


def prediction_information(
    p: object,
    /,
    *,
    members_axis: int,
    axis: int = -1,
    from_logits: bool = False,
    base: float | str = math.e,
    validate: bool = True,
) -> Array:
    r"""Compute the BALD score: the mutual information of the prediction and the parameters.

    Parameters
    ----------
    p : array_like
        Class probabilities (or logits with ``from_logits=True``) of every member, e.g. of
        shape ``(n_points, n_members, n_classes)`` with ``members_axis=1``; as in
        `predictive_entropy`.
    members_axis : int
        Axis that indexes the ensemble members, weighted equally. Required.
    axis : int, default=-1
        Axis that indexes the classes; must differ from `members_axis`.
    from_logits : bool, default=False
        Treat `p` as logits (stable log-softmax, log-domain mixture).
    base : float or str, default=math.e
        Logarithm base or unit name.
    validate : bool, default=True
        As in `predictive_entropy`.

    Returns
    -------
    array
        :math:`I[y; \theta]` in units of `base` (epistemic uncertainty), with
        `members_axis` and `axis` removed; 0 when all members agree, at most
        ``min(log n_classes, log n_members)``.

    Notes
    -----
    .. math:: I[y; \theta] = H[y] - H[y \mid \theta]
              = \frac{1}{M} \sum_{m=1}^{M} D_{\mathrm{KL}}(p_m \,\|\, \bar p)

    (`predictive_entropy` minus `expected_entropy`), Bayesian Active Learning by
    Disagreement [1]_ as used for deep networks by [2]_. It is computed as the right-hand
    side, the mean Kullback–Leibler divergence of the members from their mixture, not as a
    difference of entropies: the difference loses about ``1e-16 * H`` to cancellation when
    the members agree, while each divergence term is small then, so the result keeps its
    relative accuracy and is non-negative up to rounding of the small terms (it is never
    clipped). Terms with :math:`p_{mc} = 0` are zero; :math:`\bar p_c \ge p_{mc} / M > 0`
    wherever :math:`p_{mc} > 0`, so no term is infinite.

    References
    ----------
    .. [1] N. Houlsby, F. Huszár, Z. Ghahramani and M. Lengyel, "Bayesian Active Learning
       for Classification and Preference Learning", arXiv:1112.5745, 2011.
    .. [2] Y. Gal, R. Islam and Z. Ghahramani, "Deep Bayesian Active Learning with Image
       Data", ICML 2017.

    Examples
    --------
    >>> from infokit import prediction_information
    >>> members = [[0.9, 0.1], [0.1, 0.9]]  # 1 - 0.469 bits: the members disagree
    >>> round(float(prediction_information(members, members_axis=0, base=2)), 4)
    0.531
    >>> float(prediction_information([[0.3, 0.7], [0.3, 0.7]], members_axis=0))  # agreement
    0.0
    """
    numeric_base = resolve_base(base)
    ensemble = prepare_ensemble(
        p, members_axis=members_axis, axis=axis, from_logits=from_logits, validate=validate
    )
    _, log_mixture = _predictive_log(ensemble)
    # Zero-probability terms vanish: p = 0 there, and both logs are finite (safe) values.
    terms = ensemble.p * (_member_log(ensemble) - log_mixture)
    return in_base(_reduce(terms, ensemble), numeric_base)
