"""Binary cross-entropy loss from logits or probabilities, without a clamp on the logarithm."""

from __future__ import annotations

from typing import Any, Literal

import numpy as np

from infokit._array import Array, as_float_array, namespace_of
from infokit._validation import check_flag, check_unit_interval
from infokit.errors import ShapeError
from infokit.losses._common import (
    check_non_negative,
    check_reduction,
    float_argument,
    raise_if_nan,
    reduce_per_sample,
)

__all__ = ["binary_cross_entropy_loss"]

_BATCHMEAN_HINT = "Binary cross-entropy averages over every element with 'mean', like torch."


def binary_cross_entropy_loss(
    logits: object,
    target: object,
    /,
    *,
    pos_weight: object = None,
    weight: object = None,
    reduction: Literal["none", "sum", "mean"] = "mean",
    from_logits: bool = True,
) -> Array:
    r"""Compute the binary cross-entropy loss of predictions for 0/1 (or soft) targets.

    With ``from_logits=True`` (the default) this equals
    ``torch.nn.functional.binary_cross_entropy_with_logits``; with ``from_logits=False`` it
    takes probabilities and equals ``torch.nn.functional.binary_cross_entropy`` wherever
    torch's clamp of the logarithm at -100 does not bite (see Notes).

    Parameters
    ----------
    logits : array
        Scores of the positive class (logits), or probabilities in [0, 1] with
        ``from_logits=False``. float16 and bfloat16 are computed in float32.
    target : array of the same shape
        Probability of the positive class per element, in [0, 1]: hard 0/1 labels or soft
        labels (integers and booleans are accepted).
    pos_weight : array, optional
        Weight of the positive term, broadcast against `target` (shape ``(n_labels,)`` for
        one weight per label of a multi-label problem). Values above 1 raise recall.
    weight : array, optional
        Weight of each element's loss, broadcast against `target`.
    reduction : {"mean", "sum", "none"}, default="mean"
        ``"none"``: the elementwise losses; ``"sum"``: their sum; ``"mean"``: their mean
        over all elements (each element is one binary problem), as torch. An empty
        batch gives an empty array, 0 and `ShapeError` respectively (torch: NaN for the
        mean).
    from_logits : bool, default=True
        Whether `logits` holds logits (``True``) or probabilities (``False``).

    Returns
    -------
    array
        Loss in nats: a 0-d array, or elementwise losses of the shape of `target`.

    Raises
    ------
    InvalidDistributionError
        If `target` (or probabilities) lie outside [0, 1], or `logits` hold NaN. Infinite
        logits are certain predictions: cost 0 when they agree with the label, else ``inf``.
    ShapeError
        If `target` and `logits` have different shapes, or for ``"mean"`` of no elements.
    InvalidParameterError
        For an unknown `reduction`, or negative or non-finite weights.

    Notes
    -----
    With :math:`p = \sigma(z)` the predicted probability, :math:`w_+` the `pos_weight` and
    :math:`w` the `weight`, each element's loss is

    .. math:: \ell = -w\,[\,w_+\, y \log p + (1 - y) \log(1 - p)\,]

    From logits it is evaluated as :math:`w\,[w_+ y\,\mathrm{softplus}(-z) + (1 - y)
    \,\mathrm{softplus}(z)]`, exact for logits of any magnitude, also where the loss is
    tiny (no cancellation).

    From probabilities no clamp is applied, and a term whose coefficient is zero is zero:

    * a certain prediction that agrees with the label costs exactly 0 (``p = 1, y = 1`` or
      ``p = 0, y = 0``), with a finite gradient (``-1`` resp. ``1`` in :math:`p`);
    * a certain prediction that contradicts the label costs ``inf`` (``p = 0`` with
      ``y > 0``, ``p = 1`` with ``y < 1``), with an infinite but never NaN gradient.

    torch instead clamps :math:`\log p` at -100, returning 100 and a zero or wrong gradient
    there. Confident wrong predictions cost more than uncertain ones: for ``y = 1``,
    ``p = 0.9`` costs 0.105 nats and ``p = 0.1`` costs 2.303.

    References
    ----------
    .. [1] I. Goodfellow, Y. Bengio and A. Courville, *Deep Learning*, 2016, Sec. 6.2.2.2.

    Examples
    --------
    >>> import numpy as np
    >>> from infokit.losses import binary_cross_entropy_loss
    >>> p = np.array([0.9, 0.6, 0.1])
    >>> np.round(binary_cross_entropy_loss(p, np.ones(3), from_logits=False, reduction="none"), 3)
    array([0.105, 0.511, 2.303])
    >>> round(float(binary_cross_entropy_loss(np.array([2.0, -1.0]), np.array([1.0, 0.0]))), 4)
    0.2201
    """
    check_flag(from_logits, name="from_logits")
    checked_reduction = check_reduction(reduction, ("none", "sum", "mean"), hint=_BATCHMEAN_HINT)
    xp = namespace_of(logits, target, pos_weight, weight)
    scores = as_float_array(logits, xp=xp, name="logits")
    labels = float_argument(target, name="target", xp=xp, dtype=scores.dtype)
    if tuple(labels.shape) != tuple(scores.shape):
        msg = (
            f"`target` must have the shape of `logits`, {tuple(scores.shape)}; "
            f"got {tuple(labels.shape)}."
        )
        raise ShapeError(msg)
    check_unit_interval(labels, name="target", xp=xp, validate=True)
    if not from_logits:
        check_unit_interval(scores, name="logits", xp=xp, validate=True)
    positive_weight = _optional_weight(pos_weight, "pos_weight", scores, xp)
    element_weight = _optional_weight(weight, "weight", scores, xp)
    with np.errstate(divide="ignore", invalid="ignore"):
        if from_logits:
            losses = _from_logits(scores, labels, positive_weight, xp)
        else:
            losses = _from_probabilities(scores, labels, positive_weight, xp)
        if element_weight is not None:  # weight 0 silences even an infinite loss
            losses = _weighted(element_weight, losses, xp)
        raise_if_nan(losses, {"logits": scores}, xp=xp)
        return reduce_per_sample(losses, checked_reduction, xp=xp)


def _optional_weight(value: object, name: str, scores: Array, xp: Any) -> Array | None:
    if value is None:
        return None
    weights = float_argument(value, name=name, xp=xp, dtype=scores.dtype)
    try:
        np.broadcast_shapes(tuple(weights.shape), tuple(scores.shape))
    except ValueError as error:
        msg = (
            f"`{name}` must broadcast against `target` of shape {tuple(scores.shape)}; "
            f"got shape {tuple(weights.shape)}."
        )
        raise ShapeError(msg) from error
    check_non_negative(weights, name=name, xp=xp)
    return weights


def _softplus_pair(z: Array, xp: Any) -> tuple[Array, Array]:
    """Return ``softplus(z)`` and ``softplus(-z)``, exact and with exact gradients.

    ``log1p(exp(-|z|))`` never overflows; writing ``-|z|`` as a `where` keeps the derivative
    right at 0 (a kink-free branch), unlike ``abs`` whose subgradient there is 0.
    """
    positive = z > 0
    zero = xp.zeros_like(z)
    tail = xp.log1p(xp.exp(xp.where(positive, -z, z)))
    return xp.where(positive, z, zero) + tail, xp.where(positive, zero, -z) + tail


def _weighted(coefficient: Array, value: Array, xp: Any) -> Array:
    """``coefficient * value``, 0 where the coefficient is 0 even if `value` is infinite."""
    present = coefficient != 0
    return coefficient * xp.where(present, value, xp.zeros_like(value))


def _from_logits(z: Array, y: Array, positive_weight: Array | None, xp: Any) -> Array:
    softplus, softplus_negative = _softplus_pair(z, xp)
    positive = y if positive_weight is None else positive_weight * y
    # -w+ y log sigmoid(z) - (1 - y) log(1 - sigmoid(z)); infinite logits that agree with
    # the label cost 0, as certain probabilities do.
    return _weighted(positive, softplus_negative, xp) + _weighted(1 - y, softplus, xp)


def _coefficient_log(coefficient: Array, argument: Array, log: Any, xp: Any) -> Array:
    """``coefficient * log(argument)``, 0 where the coefficient is 0 (value and gradient)."""
    present = coefficient != 0
    safe = xp.where(present, argument, xp.ones_like(argument))
    return xp.where(present, coefficient * log(safe), xp.zeros_like(coefficient))


def _from_probabilities(p: Array, y: Array, positive_weight: Array | None, xp: Any) -> Array:
    positive = y if positive_weight is None else positive_weight * y
    # log1p(-p) is exact for small p, where log(1 - p) loses digits.
    return -_coefficient_log(positive, p, xp.log, xp) - _coefficient_log(1 - y, -p, xp.log1p, xp)
