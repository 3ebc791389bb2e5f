"""Empty batches, zero total weight and -inf inputs of every loss (issue #14).

Documented choices: a mean (``"mean"``, ``"batchmean"``) over an empty batch raises
`ShapeError`, ``"sum"`` gives 0 and ``"none"`` an empty array; a weighted mean whose
counted samples weigh 0 in total is the sum; never a silent NaN or a NumPy warning.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from infokit.errors import InvalidDistributionError, ShapeError
from infokit.losses import (
    binary_cross_entropy_loss,
    cross_entropy_loss,
    gaussian_kl_loss,
    kl_divergence_loss,
    standard_normal_kl_loss,
)

LOSS_BACKENDS = ["numpy", "torch", "jax"]


@pytest.fixture(params=LOSS_BACKENDS)
def lib(request):
    from tests.conftest import Backend

    return Backend(request.param)


def _calls(lib):
    """Each loss on an empty batch: (name, call taking a reduction, default reduction)."""
    empty_rows = lib.asarray(np.zeros((0, 3)))
    empty = lib.asarray(np.zeros(0))
    labels = lib.xp.asarray(np.zeros(0, dtype=np.int64))
    return [
        ("cross_entropy", lambda r: cross_entropy_loss(empty_rows, labels, reduction=r), "mean"),
        (
            "cross_entropy_soft",
            lambda r: cross_entropy_loss(empty_rows, empty_rows, reduction=r),
            "mean",
        ),
        ("binary", lambda r: binary_cross_entropy_loss(empty, empty, reduction=r), "mean"),
        ("kl", lambda r: kl_divergence_loss(empty_rows, empty_rows, reduction=r), "batchmean"),
        (
            "standard_normal_kl",
            lambda r: standard_normal_kl_loss(empty_rows, empty_rows, reduction=r),
            "batchmean",
        ),
        (
            "gaussian_kl",
            lambda r: gaussian_kl_loss(empty_rows, empty_rows, empty_rows, empty_rows, reduction=r),
            "batchmean",
        ),
    ]


def test_empty_batch(lib):
    for name, call, default in _calls(lib):
        for reduction in {"mean", default}:
            with pytest.raises(ShapeError, match=f"`reduction='{reduction}'` needs at least one"):
                call(reduction)
        assert float(call("sum")) == 0.0, name
        none = call("none")
        assert tuple(none.shape) == (0,), name
        assert lib.is_native(none)


def test_zero_total_weight_is_the_sum(lib):
    logits = lib.asarray([[0.0, 1.0, 2.0], [1.0, 2.0, 3.0]])
    labels = lib.xp.asarray(np.array([0, 1]))
    weight = lib.asarray([0.0, 0.0, 1.0])
    assert float(cross_entropy_loss(logits, labels, weight=weight)) == 0.0
    assert float(cross_entropy_loss(logits, labels, ignore_index=0, weight=weight)) == 0.0
    all_ignored = lib.xp.asarray(np.array([1, 1]))
    assert float(cross_entropy_loss(logits, all_ignored, ignore_index=1)) == 0.0
    # An ordinary weighted mean is unchanged: (0.5·l0 + 2·l1) / 2.5.
    z = np.array([[0.0, 1.0, 2.0], [1.0, 2.0, 3.0]])
    log_q = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
    expected = (0.5 * -log_q[0, 0] + 2.0 * -log_q[1, 1]) / 2.5
    result = cross_entropy_loss(logits, labels, weight=lib.asarray([0.5, 2.0, 1.0]))
    assert float(result) == pytest.approx(expected, rel=1e-12)


def test_minus_inf_logit_with_weight_and_smoothing(lib):
    # The weight-0 class has logit -inf: its smoothing term is 0, not 0 · inf. By hand,
    # with log q = z − logsumexp(z) over the finite classes {0, 2}:
    # loss = 0.9 · (−log q_0) + 0.1/3 · (−log q_0 − log q_2).
    logits = lib.asarray([[0.0, -math.inf, 1.0]])
    labels = lib.xp.asarray(np.array([0]))
    weight = lib.asarray([1.0, 0.0, 1.0])
    log_norm = math.log(1 + math.e)
    expected = 0.9 * log_norm + 0.1 / 3 * (2 * log_norm - 1)
    result = cross_entropy_loss(logits, labels, weight=weight, label_smoothing=0.1)
    assert float(result) == pytest.approx(expected, rel=1e-12)
    assert float(result) == pytest.approx(1.236153, abs=1e-6)


def test_zero_weight_target_with_minus_inf_logit_costs_nothing(lib):
    logits = lib.asarray([[-math.inf, 0.0], [0.0, 0.0]])
    labels = lib.xp.asarray(np.array([0, 1]))
    weight = lib.asarray([0.0, 1.0])
    losses = cross_entropy_loss(logits, labels, weight=weight, reduction="none")
    np.testing.assert_allclose(lib.to_numpy(losses), [0.0, math.log(2)], rtol=1e-12)


@pytest.mark.parametrize("which", ["student_logits", "teacher_logits"])
def test_kl_all_minus_inf_logits_raise(lib, which):
    dead = lib.asarray(np.full((2, 3), -math.inf))
    alive = lib.asarray(np.zeros((2, 3)))
    args = (dead, alive) if which == "student_logits" else (alive, dead)
    with pytest.raises(InvalidDistributionError, match=f"`{which}` must have at least one finite"):
        kl_divergence_loss(*args)


def test_gaussian_kl_point_mass_q(lib):
    zero = lib.asarray(np.zeros((2, 2)))
    point = lib.asarray(np.full((2, 2), -math.inf))
    assert float(gaussian_kl_loss(zero, zero, zero, point)) == math.inf
    assert float(gaussian_kl_loss(zero, point, zero, point)) == 0.0
    shifted = lib.asarray(np.ones((2, 2)))
    assert float(gaussian_kl_loss(shifted, point, zero, point)) == math.inf
    # p a point mass, q a unit normal: inf as well (−log σ_p → inf).
    assert float(gaussian_kl_loss(zero, point, zero, zero)) == math.inf
    assert float(standard_normal_kl_loss(zero, point)) == math.inf


def test_gaussian_kl_ordinary_values_unchanged():
    # KL(N(1, 4) ‖ N(0, 1)) per dimension: ½(4 − 1 − log 4 + 1).
    result = gaussian_kl_loss(
        np.array([[1.0]]), np.array([[math.log(4)]]), np.array([[0.0]]), np.array([[0.0]])
    )
    assert float(result) == pytest.approx(0.5 * (4 - 1 - math.log(4) + 1), rel=1e-14)


def test_torch_mean_with_weights_matches_torch_on_ordinary_input():
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(0)
    logits = torch.tensor(rng.standard_normal((6, 4)))
    labels = torch.tensor([0, 1, 2, 3, 3, -1])
    weight = torch.tensor([0.5, 1.0, 2.0, 0.25], dtype=torch.float64)
    for smoothing in (0.0, 0.2):
        ours = cross_entropy_loss(
            logits, labels, weight=weight, ignore_index=-1, label_smoothing=smoothing
        )
        theirs = torch.nn.functional.cross_entropy(
            logits, labels, weight=weight, ignore_index=-1, label_smoothing=smoothing
        )
        torch.testing.assert_close(ours, theirs, rtol=1e-12, atol=1e-12)
