"""standard_normal_kl_loss and gaussian_kl_loss: torch.distributions as the oracle."""

from __future__ import annotations

import math

import numpy as np
import pytest

from infokit.errors import InvalidDistributionError, InvalidParameterError, ShapeError
from infokit.losses import gaussian_kl_loss, standard_normal_kl_loss

torch = pytest.importorskip("torch")
Normal = torch.distributions.Normal
kl_divergence = torch.distributions.kl_divergence


def _parameters(shape: tuple[int, ...], seed: int) -> list[np.ndarray]:
    rng = np.random.default_rng(seed)
    return [
        rng.standard_normal(shape),
        rng.uniform(-2, 2, shape),
        rng.standard_normal(shape),
        rng.uniform(-2, 2, shape),
    ]


def _torch_kl(mean_p, log_variance_p, mean_q, log_variance_q) -> np.ndarray:
    def normal(mean, log_variance):
        mean, log_variance = torch.as_tensor(mean), torch.as_tensor(log_variance)
        return Normal(mean, torch.exp(log_variance / 2))

    p = normal(mean_p, log_variance_p)
    q = normal(mean_q, log_variance_q)
    return kl_divergence(p, q).sum(-1).numpy()


def _reductions(per_sample: np.ndarray) -> dict[str, object]:
    return {
        "none": per_sample,
        "sum": per_sample.sum(),
        "batchmean": per_sample.sum() / per_sample.shape[0],
        "mean": per_sample.mean(),
    }


@pytest.mark.oracle
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("shape", [(6, 3), (4, 2, 5)])
def test_equal_torch_distributions(shape, dtype) -> None:
    mean_p, log_variance_p, mean_q, log_variance_q = (
        a.astype(dtype) for a in _parameters(shape, seed=len(shape))
    )
    tolerance = 1e-12 if dtype == np.float64 else 1e-6
    zeros = np.zeros(shape, dtype=dtype)
    standard = _torch_kl(mean_p, log_variance_p, zeros, zeros)
    general = _torch_kl(mean_p, log_variance_p, mean_q, log_variance_q)
    for library in (np.asarray, torch.as_tensor):
        for reduction, value in _reductions(standard).items():
            result = standard_normal_kl_loss(
                library(mean_p), library(log_variance_p), reduction=reduction
            )
            assert result.dtype == library(mean_p).dtype
            np.testing.assert_allclose(np.asarray(result), value, rtol=tolerance, atol=tolerance)
        for reduction, value in _reductions(general).items():
            result = gaussian_kl_loss(
                library(mean_p),
                library(log_variance_p),
                library(mean_q),
                library(log_variance_q),
                reduction=reduction,
            )
            np.testing.assert_allclose(np.asarray(result), value, rtol=tolerance, atol=tolerance)


def test_every_backend(backend, assert_close) -> None:
    mean_p, log_variance_p, mean_q, log_variance_q = _parameters((5, 4), seed=1)
    zeros = np.zeros((5, 4))
    assert_close(
        standard_normal_kl_loss(backend.asarray(mean_p), backend.asarray(log_variance_p)),
        _torch_kl(mean_p, log_variance_p, zeros, zeros).sum() / 5,
    )
    arrays = [backend.asarray(a) for a in (mean_p, log_variance_p, mean_q, log_variance_q)]
    assert_close(
        gaussian_kl_loss(*arrays, reduction="none"),
        _torch_kl(mean_p, log_variance_p, mean_q, log_variance_q),
    )


def test_hand_derived_closed_form_and_identities() -> None:
    # KL(N(m1, s1^2) || N(m2, s2^2)) = log(s2/s1) + (s1^2 + (m1 - m2)^2) / (2 s2^2) - 1/2
    m1, s1, m2, s2 = 0.3, 0.5, -1.0, 2.0
    by_hand = math.log(s2 / s1) + (s1**2 + (m1 - m2) ** 2) / (2 * s2**2) - 0.5
    result = gaussian_kl_loss(
        np.array([m1]), np.array([2 * math.log(s1)]), np.array([m2]), np.array([2 * math.log(s2)])
    )
    assert float(result) == pytest.approx(by_hand, rel=1e-14)
    # Against N(0, I) it is standard_normal_kl_loss; divergences add over independent dims.
    mean, log_variance = _parameters((3, 4), seed=2)[:2]
    standard = standard_normal_kl_loss(mean, log_variance, reduction="none")
    np.testing.assert_allclose(
        gaussian_kl_loss(mean, log_variance, 0.0, 0.0, reduction="none"), standard, rtol=1e-14
    )
    per_dimension = [
        standard_normal_kl_loss(mean[:, [j]], log_variance[:, [j]], reduction="none")
        for j in range(4)
    ]
    np.testing.assert_allclose(np.sum(per_dimension, axis=0), standard, rtol=1e-13)
    # Zero exactly at the prior, and tiny divergences keep their digits (expm1).
    assert float(standard_normal_kl_loss(np.zeros((2, 3)), np.zeros((2, 3)))) == 0.0
    tiny = standard_normal_kl_loss(np.array([0.0]), np.array([1e-6]))
    assert float(tiny) == pytest.approx(0.25e-12, rel=1e-5)  # (e^v - 1 - v) / 2 ~ v^2 / 4


def test_mean_is_per_sample_never_per_latent_dimension() -> None:
    mean = np.ones((4, 10))
    log_variance = np.zeros((4, 10))
    assert float(standard_normal_kl_loss(mean, log_variance, reduction="mean")) == 5.0
    sequence = np.ones((2, 3, 10))  # (batch, tokens, latent)
    assert float(standard_normal_kl_loss(sequence, 0 * sequence, reduction="batchmean")) == 15.0
    assert float(standard_normal_kl_loss(sequence, 0 * sequence, reduction="mean")) == 5.0


class TestGradients:
    def test_match_torch_autograd_and_pass_gradcheck(self) -> None:
        tensors = [torch.tensor(a, requires_grad=True) for a in _parameters((4, 3), seed=3)]
        ours = gaussian_kl_loss(*tensors)
        p = Normal(tensors[0], torch.exp(tensors[1] / 2))
        q = Normal(tensors[2], torch.exp(tensors[3] / 2))
        theirs = kl_divergence(p, q).sum() / 4
        for mine, reference in zip(
            torch.autograd.grad(ours, tensors), torch.autograd.grad(theirs, tensors), strict=True
        ):
            torch.testing.assert_close(mine, reference, rtol=1e-12, atol=1e-14)
        assert torch.autograd.gradcheck(
            lambda *a: gaussian_kl_loss(*a, reduction="none"), tuple(tensors)
        )
        assert torch.autograd.gradcheck(
            lambda m, v: standard_normal_kl_loss(m, v, reduction="sum"), tuple(tensors[:2])
        )

    def test_jax_jit_and_grad(self) -> None:
        jax = pytest.importorskip("jax")
        jax.config.update("jax_enable_x64", True)
        mean, log_variance = _parameters((4, 3), seed=4)[:2]
        gradient = jax.jit(jax.grad(standard_normal_kl_loss, argnums=(0, 1)))(
            jax.numpy.asarray(mean), jax.numpy.asarray(log_variance)
        )
        # d/dmu = mu / n, d/dv = (e^v - 1) / (2 n) with n = 4 samples (batchmean)
        np.testing.assert_allclose(np.asarray(gradient[0]), mean / 4, rtol=1e-14)
        np.testing.assert_allclose(np.asarray(gradient[1]), np.expm1(log_variance) / 8, rtol=1e-14)


class TestErrors:
    def test_messages(self) -> None:
        with pytest.raises(ShapeError, match="broadcastable shapes; got `mean` \\(2, 3\\)"):
            standard_normal_kl_loss(np.zeros((2, 3)), np.zeros((2, 4)))
        with pytest.raises(ShapeError, match="at least one dimension"):
            standard_normal_kl_loss(np.float64(0.0), np.float64(0.0))
        with pytest.raises(
            ShapeError, match=r"`mean_p` \(2, 3\), `log_variance_p` \(\), `mean_q` \(2, 4\)"
        ):
            gaussian_kl_loss(np.zeros((2, 3)), 0.0, np.zeros((2, 4)), 0.0)
        with pytest.raises(InvalidParameterError, match="`reduction` must be one of"):
            gaussian_kl_loss(np.zeros(2), np.zeros(2), np.zeros(2), np.zeros(2), reduction="avg")
        with pytest.raises(InvalidDistributionError, match="`log_variance` must not hold NaN"):
            standard_normal_kl_loss(np.zeros((1, 2)), np.array([[0.0, np.nan]]))


def test_float16_is_computed_in_float32() -> None:
    mean = torch.tensor([[300.0, -2.0]], dtype=torch.float16)
    log_variance = torch.tensor([[8.0, -8.0]], dtype=torch.float16)
    result = standard_normal_kl_loss(mean, log_variance)
    assert result.dtype == torch.float32
    expected = (300.0**2 + 4 + np.expm1(8.0) - 8 + np.expm1(-8.0) + 8) / 2
    assert float(result) == pytest.approx(expected, rel=1e-6)
