"""binary_cross_entropy_loss: torch oracles, the seeds' examples, p = 0 and 1, gradients."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

from infokit.errors import InvalidDistributionError, InvalidParameterError, ShapeError
from infokit.losses import binary_cross_entropy_loss

torch = pytest.importorskip("torch")
F = torch.nn.functional


def _case(seed: int) -> tuple[np.ndarray, ...]:
    rng = np.random.default_rng(seed)
    logits = 3 * rng.standard_normal((6, 4))
    hard = rng.integers(0, 2, (6, 4)).astype(float)
    soft = rng.uniform(0, 1, (6, 4))
    pos_weight = rng.uniform(0.5, 3.0, 4)
    weight = rng.uniform(0.1, 2.0, (6, 1))
    return logits, hard, soft, pos_weight, weight


@pytest.mark.oracle
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize(
    ("soft", "use_pos_weight", "use_weight", "reduction"),
    list(itertools.product([False, True], [False, True], [False, True], ["none", "sum", "mean"])),
)
def test_equals_torch_with_logits(soft, use_pos_weight, use_weight, reduction, dtype) -> None:
    logits, hard, soft_target, pos_weight, weight = (a.astype(dtype) for a in _case(0))
    target = soft_target if soft else hard
    options = {
        "pos_weight": pos_weight if use_pos_weight else None,
        "weight": weight if use_weight else None,
        "reduction": reduction,
    }
    torch_options = {
        k: torch.as_tensor(v) if isinstance(v, np.ndarray) else v for k, v in options.items()
    }
    expected = F.binary_cross_entropy_with_logits(
        torch.as_tensor(logits), torch.as_tensor(target), **torch_options
    )
    tolerance = 1e-12 if dtype == np.float64 else 1e-6
    ours = binary_cross_entropy_loss(
        torch.as_tensor(logits), torch.as_tensor(target), **torch_options
    )
    assert ours.dtype == expected.dtype
    torch.testing.assert_close(ours, expected, rtol=tolerance, atol=tolerance)
    ours_numpy = binary_cross_entropy_loss(logits, target, **options)
    assert np.asarray(ours_numpy).dtype == dtype
    np.testing.assert_allclose(ours_numpy, expected.numpy(), rtol=tolerance, atol=tolerance)


@pytest.mark.oracle
@pytest.mark.parametrize(
    ("use_weight", "reduction"), [(False, "mean"), (True, "none"), (True, "sum")]
)
def test_equals_torch_from_probabilities_away_from_the_clamp(use_weight, reduction) -> None:
    logits, _, soft_target, _, weight = _case(1)
    probabilities = 1 / (1 + np.exp(-logits))
    options = {"weight": weight if use_weight else None, "reduction": reduction}
    expected = F.binary_cross_entropy(
        torch.as_tensor(probabilities),
        torch.as_tensor(soft_target),
        weight=torch.as_tensor(weight) if use_weight else None,
        reduction=reduction,
    )
    ours = binary_cross_entropy_loss(probabilities, soft_target, from_logits=False, **options)
    np.testing.assert_allclose(ours, expected.numpy(), rtol=1e-12, atol=1e-12)
    # ... and from logits, the same loss.
    from_logits = binary_cross_entropy_loss(logits, soft_target, **options)
    np.testing.assert_allclose(from_logits, expected.numpy(), rtol=1e-10)


def test_every_backend(backend, assert_close) -> None:
    logits, hard, _, pos_weight, weight = _case(2)
    expected = F.binary_cross_entropy_with_logits(
        torch.as_tensor(logits),
        torch.as_tensor(hard),
        pos_weight=torch.as_tensor(pos_weight),
        weight=torch.as_tensor(weight),
    )
    result = binary_cross_entropy_loss(
        backend.asarray(logits),
        backend.asarray(hard),
        pos_weight=backend.asarray(pos_weight),
        weight=backend.asarray(weight),
    )
    assert_close(result, expected.item())


@pytest.mark.parametrize(
    ("label", "probability", "nats"),
    [
        (1, 0.9, 0.105),
        (1, 0.6, 0.511),
        (1, 0.5, 0.693),
        (1, 0.1, 2.303),
        (0, 0.1, 0.105),
        (0, 0.9, 2.303),
    ],
)
def test_seed_examples_confident_wrong_costs_most(label, probability, nats) -> None:
    loss = binary_cross_entropy_loss(
        np.array([probability]), np.array([float(label)]), from_logits=False
    )
    assert round(float(loss), 3) == nats
    assert float(loss) == pytest.approx(-math.log(probability if label else 1 - probability))
    logit = math.log(probability / (1 - probability))
    assert float(binary_cross_entropy_loss(np.array([logit]), np.array([float(label)]))) == (
        pytest.approx(float(loss), rel=1e-12)
    )


def test_confident_wrong_prediction_costs_more_than_an_uncertain_one() -> None:
    probabilities = np.array([0.99, 0.9, 0.6, 0.5, 0.4, 0.1, 0.01])
    losses = binary_cross_entropy_loss(
        probabilities, np.ones(7), from_logits=False, reduction="none"
    )
    assert np.all(np.diff(losses) > 0)  # the less probable the truth, the higher the cost


class TestCertainPredictions:
    def test_values_at_zero_and_one(self) -> None:
        p = np.array([0.0, 1.0, 0.0, 1.0, 0.0])
        y = np.array([0.0, 1.0, 1.0, 0.0, 0.25])
        losses = binary_cross_entropy_loss(p, y, from_logits=False, reduction="none")
        np.testing.assert_array_equal(losses, [0.0, 0.0, np.inf, np.inf, np.inf])

    def test_gradients_are_finite_when_right_and_never_nan(self) -> None:
        p = torch.tensor([0.0, 1.0, 0.0, 1.0], dtype=torch.float64, requires_grad=True)
        y = torch.tensor([0.0, 1.0, 1.0, 0.0], dtype=torch.float64)
        losses = binary_cross_entropy_loss(p, y, from_logits=False, reduction="none")
        (gradient,) = torch.autograd.grad(losses.sum(), p)
        # d/dp [-y log p - (1 - y) log(1 - p)] = -y/p + (1 - y)/(1 - p)
        assert gradient.tolist() == [1.0, -1.0, -math.inf, math.inf]
        # torch clamps log at -100: a wrong certain prediction costs 100.
        clamped = F.binary_cross_entropy(p.detach(), y, reduction="none")
        assert clamped.tolist() == [0.0, 0.0, 100.0, 100.0]

    def test_huge_logits_are_exact(self) -> None:
        logits = np.array([1e4, -1e4, 1e4, -1e4, 30.0], dtype=np.float32)
        y = np.array([1.0, 0.0, 0.0, 1.0, 0.0], dtype=np.float32)
        losses = binary_cross_entropy_loss(logits, y, reduction="none")
        np.testing.assert_allclose(losses, [0.0, 0.0, 1e4, 1e4, 30.0], rtol=1e-7)
        tiny = binary_cross_entropy_loss(np.array([-40.0]), np.array([0.0]), reduction="none")
        assert tiny[0] == pytest.approx(math.exp(-40.0), rel=1e-12)  # no cancellation


class TestGradients:
    def test_match_torch_autograd_and_pass_gradcheck(self) -> None:
        logits, _, soft_target, pos_weight, weight = (torch.tensor(a) for a in _case(3))
        logits.requires_grad_(True)
        logits_zero = logits.detach().clone()
        logits_zero[0, 0] = 0.0  # the kink of |z| in the usual formula
        for z in (logits, logits_zero.requires_grad_(True)):
            ours = binary_cross_entropy_loss(z, soft_target, pos_weight=pos_weight, weight=weight)
            theirs = F.binary_cross_entropy_with_logits(
                z, soft_target, pos_weight=pos_weight, weight=weight
            )
            (ours_grad,) = torch.autograd.grad(ours, z)
            (theirs_grad,) = torch.autograd.grad(theirs, z)
            torch.testing.assert_close(ours_grad, theirs_grad, rtol=1e-12, atol=1e-14)
        assert torch.autograd.gradcheck(
            lambda z: binary_cross_entropy_loss(z, soft_target, pos_weight=pos_weight), (logits,)
        )
        probabilities = torch.sigmoid(logits.detach()).requires_grad_(True)
        assert torch.autograd.gradcheck(
            lambda p: binary_cross_entropy_loss(p, soft_target, from_logits=False), (probabilities,)
        )

    def test_jax_jit_and_grad(self) -> None:
        jax = pytest.importorskip("jax")
        jax.config.update("jax_enable_x64", True)
        logits, hard, *_ = _case(4)
        tensor = torch.tensor(logits, requires_grad=True)
        (expected,) = torch.autograd.grad(
            F.binary_cross_entropy_with_logits(tensor, torch.tensor(hard)), tensor
        )
        gradient = jax.jit(jax.grad(binary_cross_entropy_loss))(
            jax.numpy.asarray(logits), jax.numpy.asarray(hard)
        )
        np.testing.assert_allclose(np.asarray(gradient), expected.numpy(), rtol=1e-12, atol=1e-15)


class TestErrors:
    def test_messages(self) -> None:
        with pytest.raises(ShapeError, match=r"`target` must have the shape of `logits`, \(3,\)"):
            binary_cross_entropy_loss(np.zeros(3), np.zeros(2))
        with pytest.raises(InvalidDistributionError, match=r"`target` must hold probabilities"):
            binary_cross_entropy_loss(np.zeros(2), np.array([0.0, -1.0]))
        with pytest.raises(InvalidDistributionError, match=r"`logits` must hold probabilities"):
            binary_cross_entropy_loss(np.array([1.5]), np.array([1.0]), from_logits=False)
        with pytest.raises(InvalidParameterError, match="`pos_weight` must be finite and non-neg"):
            binary_cross_entropy_loss(np.zeros(2), np.zeros(2), pos_weight=np.array([-1.0]))
        with pytest.raises(ShapeError, match="`weight` must broadcast against `target`"):
            binary_cross_entropy_loss(np.zeros(2), np.zeros(2), weight=np.ones(3))
        with pytest.raises(InvalidParameterError, match="every element with 'mean'"):
            binary_cross_entropy_loss(np.zeros(2), np.zeros(2), reduction="batchmean")
        with pytest.raises(InvalidParameterError, match="`from_logits` must be True or False"):
            binary_cross_entropy_loss(np.zeros(2), np.zeros(2), from_logits="yes")  # type: ignore[arg-type]
        with pytest.raises(InvalidDistributionError, match="`logits` must not hold NaN"):
            binary_cross_entropy_loss(np.array([0.0, np.nan]), np.zeros(2))


def test_zero_coefficients_silence_infinite_terms() -> None:
    # p = 0 with y = 1 costs inf, unless its weight (or pos_weight) is 0.
    p, y = np.array([0.0, 0.5]), np.array([1.0, 1.0])
    assert binary_cross_entropy_loss(p, y, from_logits=False, reduction="none")[0] == np.inf
    silenced = binary_cross_entropy_loss(
        p, y, from_logits=False, weight=np.array([0.0, 1.0]), reduction="none"
    )
    np.testing.assert_allclose(silenced, [0.0, math.log(2)], rtol=1e-15)
    no_positive = binary_cross_entropy_loss(
        p, y, from_logits=False, pos_weight=np.array(0.0), reduction="sum"
    )
    assert float(no_positive) == 0.0
    # Infinite logits behave like certain probabilities.
    logits = np.array([np.inf, -np.inf, np.inf, -np.inf])
    labels = np.array([1.0, 0.0, 0.0, 1.0])
    losses = binary_cross_entropy_loss(logits, labels, reduction="none")
    np.testing.assert_array_equal(losses, [0.0, 0.0, np.inf, np.inf])


def test_float16_is_computed_in_float32() -> None:
    logits = torch.tensor([60000.0, -60000.0, 0.5], dtype=torch.float16)
    target = torch.tensor([0.0, 0.0, 1.0], dtype=torch.float16)
    result = binary_cross_entropy_loss(logits, target, reduction="none")
    assert result.dtype == torch.float32
    expected = F.binary_cross_entropy_with_logits(
        logits.double(), target.double(), reduction="none"
    )
    torch.testing.assert_close(result.double(), expected, rtol=1e-6, atol=1e-6)
