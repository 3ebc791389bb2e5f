"""Knowledge-distillation loss: KL(teacher ‖ student) at a temperature."""

from __future__ import annotations

import math
from numbers import Real
from typing import Any, Literal

import numpy as np

from infokit._array import (
    Array,
    as_float_array,
    is_lazy,
    log_softmax,
    namespace_of,
    positive_part,
)
from infokit._validation import check_flag, check_logits, sum_tolerance
from infokit.errors import InvalidParameterError, ShapeError
from infokit.losses._common import (
    check_probability_rows,
    check_reduction,
    raise_if_nan,
    reduce_per_sample,
)

__all__ = ["kl_divergence_loss"]

_REDUCTIONS = ("none", "sum", "mean", "batchmean")


def kl_divergence_loss(
    student_logits: object,
    teacher_logits: object,
    /,
    *,
    temperature: float = 1.0,
    teacher_from_logits: bool = True,
    reduction: Literal["none", "sum", "mean", "batchmean"] = "batchmean",
) -> Array:
    r"""Compute the distillation loss: T² times the KL divergence of the student from the teacher.

    Both distributions are softened by the `temperature` :math:`T` and the divergence is
    scaled by :math:`T^2`, as in Hinton et al. [1]_, so that its gradients keep their size
    when :math:`T` changes. The direction is that of the argument names: the teacher is
    the reference distribution, the student the approximation that is trained.

    Parameters
    ----------
    student_logits : array of shape (..., n_classes)
        Logits of the student (the model being trained), classes on the last axis.
    teacher_logits : array of the same shape
        Logits of the teacher, or its probabilities with ``teacher_from_logits=False``.
    temperature : float, default=1.0
        Softening temperature :math:`T > 0`, applied to both models.
    teacher_from_logits : bool, default=True
        Whether `teacher_logits` holds logits. With ``False`` it holds probabilities
        :math:`p` (non-negative, summing to 1), softened to :math:`p^{1/T} / \sum p^{1/T}`,
        which is what the teacher's logits would give: the loss is the same either way.
    reduction : {"batchmean", "mean", "sum", "none"}, default="batchmean"
        ``"none"``: one loss per sample (the shape without the last axis); ``"sum"``:
        their sum; ``"batchmean"``: the sum divided by the size of the first axis (torch's
        ``batchmean``); ``"mean"``: the sum divided by the number of samples (every
        position of the leading axes). Both means are means *per sample*: there is no
        division by the number of classes, unlike torch's ``kl_div(reduction="mean")``.
        For 2-D input they coincide. An empty batch gives an empty array, 0, and
        `ShapeError` for either mean (torch: NaN).

    Returns
    -------
    array
        Loss in nats (times :math:`T^2`): a 0-d array, or per-sample losses for ``"none"``.

    Raises
    ------
    InvalidParameterError
        If `temperature` is not a positive finite number, or for an unknown `reduction`.
    ShapeError
        If the two arguments have different shapes, or for a mean over an empty batch.
    InvalidDistributionError
        If teacher probabilities are negative or do not sum to 1 (checked on eager
        arrays), or logits are NaN or ``+inf``, or a sample's logits are all ``-inf`` (no
        distribution; a NaN under JAX tracing, where values are not checked).

    Notes
    -----
    With :math:`p = \operatorname{softmax}(z_t / T)` and :math:`q = \operatorname{softmax}
    (z_s / T)`, per sample

    .. math:: \ell = T^2 \sum_c p_c \left(\log p_c - \log q_c\right) \ge 0

    Classes the teacher rules out (:math:`p_c = 0`) contribute 0. Only the student's
    term depends on :math:`z_s`, so the gradient is that of the cross-entropy
    :math:`T^2 H(p, q)`; the teacher's entropy makes the value 0 at a perfect match.
    Per-sample values are clipped at 0 (rounding of an exactly zero divergence).

    References
    ----------
    .. [1] G. Hinton, O. Vinyals and J. Dean, "Distilling the Knowledge in a Neural
       Network", arXiv:1503.02531, 2015.

    Examples
    --------
    >>> import numpy as np
    >>> from infokit.losses import kl_divergence_loss
    >>> student = np.array([[1.0, 0.0, -1.0], [0.0, 0.5, 0.0]])
    >>> teacher = np.array([[2.0, 0.0, -2.0], [0.0, 0.5, 0.0]])
    >>> np.round(kl_divergence_loss(student, teacher, reduction="none"), 4)
    array([0.1156, 0.    ])
    >>> round(float(kl_divergence_loss(student, teacher, temperature=4.0)), 4)
    0.1529
    """
    check_flag(teacher_from_logits, name="teacher_from_logits")
    checked_reduction = check_reduction(reduction, _REDUCTIONS)
    if (
        isinstance(temperature, bool)
        or not isinstance(temperature, Real)
        or not (math.isfinite(float(temperature)) and float(temperature) > 0)
    ):
        msg = f"`temperature` must be a positive finite number; got {temperature!r}."
        raise InvalidParameterError(msg)
    scale = float(temperature)
    xp = namespace_of(student_logits, teacher_logits)
    student = as_float_array(student_logits, xp=xp, name="student_logits")
    teacher = as_float_array(teacher_logits, xp=xp, name="teacher_logits")
    _check_shapes(student, teacher)
    dtype = xp.result_type(student.dtype, teacher.dtype)
    student, teacher = xp.astype(student, dtype), xp.astype(teacher, dtype)
    with np.errstate(divide="ignore", invalid="ignore"):
        if not teacher_from_logits:
            check_probability_rows(
                teacher,
                name="teacher_logits",
                axis=-1,
                xp=xp,
                tolerance=sum_tolerance(teacher_logits),
                hint="Pass `teacher_from_logits=True` for the teacher's logits.",
            )
            teacher = _log_probabilities(teacher, xp)
        losses = _distillation_terms(student, teacher, scale, xp)
        raise_if_nan(losses, {"student_logits": student, "teacher_logits": teacher}, xp=xp)
        if not is_lazy(losses) and bool(xp.any(xp.isnan(losses))):  # a row of only -inf
            check_logits(student, name="student_logits", axis=-1, xp=xp, validate=True)
            check_logits(teacher, name="teacher_logits", axis=-1, xp=xp, validate=True)
        return reduce_per_sample(losses, checked_reduction, xp=xp, name="student_logits")


def _check_shapes(student: Array, teacher: Array) -> None:
    if student.ndim == 0 or tuple(student.shape) != tuple(teacher.shape):
        msg = (
            "`student_logits` and `teacher_logits` must have the same shape, with classes on "
            f"the last axis; got {tuple(student.shape)} and {tuple(teacher.shape)}."
        )
        raise ShapeError(msg)


def _log_probabilities(p: Array, xp: Any) -> Array:
    """``log p``, with ``-inf`` for zeros (a masked log: no warning, no NaN gradient)."""
    present = p > 0
    safe = xp.where(present, p, xp.ones_like(p))
    return xp.where(present, xp.log(safe), xp.full_like(p, -math.inf))


def _distillation_terms(student: Array, teacher: Array, temperature: float, xp: Any) -> Array:
    """Per-sample ``T^2 KL(softmax(teacher / T) ‖ softmax(student / T))`` in nats."""
    log_q = log_softmax(student / temperature, axis=-1, xp=xp)
    log_p = log_softmax(teacher / temperature, axis=-1, xp=xp)
    present = log_p != -math.inf
    zero = xp.zeros_like(log_p)
    log_ratio = xp.where(present, log_p - log_q, zero)  # 0 * (-inf) terms are 0
    terms = xp.exp(log_p) * log_ratio
    divergence = positive_part(xp.sum(terms, axis=-1), xp=xp)
    return divergence if temperature == 1.0 else divergence * temperature**2
