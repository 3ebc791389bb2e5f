"""Gradients: torch autograd against finite differences, and the swapped gradients of MINE/SMILE/JS."""

from __future__ import annotations

import math

import numpy as np
import pytest

from infokit.bounds import (
    club_upper_bound,
    donsker_varadhan_lower_bound,
    infonce_lower_bound,
    jensen_shannon_lower_bound,
    leave_one_out_upper_bound,
    mine_lower_bound,
    nwj_lower_bound,
    smile_lower_bound,
    tuba_lower_bound,
)
from tests.bounds import reference

torch = pytest.importorskip("torch")

# Functions whose gradient is that of their own value.
PLAIN = {
    "infonce": infonce_lower_bound,
    "nwj": nwj_lower_bound,
    "donsker_varadhan": donsker_varadhan_lower_bound,
    "tuba": lambda f: tuba_lower_bound(f, 0.3),
    "smile_own_gradient": lambda f: smile_lower_bound(f, clip=2.0, gradient="smile"),
    "club": club_upper_bound,
    "leave_one_out": leave_one_out_upper_bound,
}


def _scores(seed: int, n: int = 5) -> np.ndarray:
    f = 1.5 * np.random.default_rng(seed).standard_normal((n, n))
    # Keep every entry away from the SMILE clip points +-2, where the derivative jumps.
    return np.where(np.abs(np.abs(f) - 2.0) < 0.05, f + 0.1, f)


def _finite_difference(function, f: np.ndarray, step: float = 1e-6) -> np.ndarray:
    gradient = np.zeros_like(f)
    for index in np.ndindex(f.shape):
        up, down = f.copy(), f.copy()
        up[index] += step
        down[index] -= step
        gradient[index] = (float(function(up)) - float(function(down))) / (2 * step)
    return gradient


def _autograd(function, f: np.ndarray) -> np.ndarray:
    tensor = torch.tensor(f, dtype=torch.float64, requires_grad=True)
    value = function(tensor)
    assert isinstance(value, torch.Tensor)
    assert value.requires_grad
    (gradient,) = torch.autograd.grad(value, tensor)
    return gradient.numpy()


def _torch_jensen_shannon(f):
    """The f-GAN JS objective as in Song & Ermon's js_fgan_lower_bound, written in torch."""
    n = f.shape[-1]
    diagonal = torch.diagonal(f)
    first = -torch.nn.functional.softplus(-diagonal).mean()
    off = torch.nn.functional.softplus(f).sum() - torch.nn.functional.softplus(diagonal).sum()
    return first - off / (n * (n - 1))


@pytest.mark.parametrize("name", sorted(PLAIN))
@pytest.mark.parametrize("seed", [0, 1])
def test_autograd_equals_finite_differences(name, seed) -> None:
    function = PLAIN[name]
    f = _scores(seed)
    np.testing.assert_allclose(
        _autograd(function, f), _finite_difference(function, f), rtol=1e-6, atol=1e-8
    )


def test_tuba_gradient_reaches_the_baseline() -> None:
    f = _scores(2)
    baseline = np.random.default_rng(3).standard_normal(5)
    scores = torch.tensor(f, requires_grad=True)
    log_a = torch.tensor(baseline, requires_grad=True)
    _, gradient = torch.autograd.grad(tuba_lower_bound(scores, log_a), (scores, log_a))
    expected = _finite_difference(lambda b: reference.tuba(f.tolist(), b.tolist()), baseline)
    np.testing.assert_allclose(gradient.numpy(), expected, rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("seed", [4, 5])
def test_jensen_shannon_carries_the_js_gradient_and_the_nwj_value(seed) -> None:
    f = _scores(seed)
    expected = _autograd(_torch_jensen_shannon, f)
    np.testing.assert_allclose(_autograd(jensen_shannon_lower_bound, f), expected, atol=1e-14)
    # ... which is also the finite difference of the written-out JS objective.
    numeric = _finite_difference(lambda g: reference.jensen_shannon_objective(g.tolist()), f)
    np.testing.assert_allclose(expected, numeric, rtol=1e-6, atol=1e-8)
    value = jensen_shannon_lower_bound(torch.tensor(f, requires_grad=True))
    assert float(value.detach()) == pytest.approx(float(nwj_lower_bound(f + 1.0)), rel=1e-14)


def test_smile_default_gradient_is_the_js_gradient() -> None:
    f = _scores(6)
    np.testing.assert_allclose(
        _autograd(smile_lower_bound, f), _autograd(_torch_jensen_shannon, f), atol=1e-14
    )


class TestMineGradient:
    def test_first_batch_gradient_is_the_dv_gradient(self) -> None:
        f = _scores(7)
        np.testing.assert_allclose(
            _autograd(lambda g: mine_lower_bound(g).value, f),
            _autograd(donsker_varadhan_lower_bound, f),
            atol=1e-14,
        )

    def test_gradient_divides_by_the_moving_average(self) -> None:
        # d/df_ii = 1/N; d/df_ij = -e^{f_ij} / (N (N - 1) M_t), M_t = mu M + (1 - mu) Z_t.
        f, n, momentum, previous = _scores(8), 5, 0.7, 2.5
        off = ~np.eye(n, dtype=bool)
        partition = np.exp(f[off]).mean()
        average = momentum * previous + (1 - momentum) * partition
        expected = np.where(off, -np.exp(f) / (n * (n - 1) * average), 1.0 / n)
        state = torch.tensor(math.log(previous), dtype=torch.float64)
        result = _autograd(
            lambda g: mine_lower_bound(g, log_moving_average=state, momentum=momentum).value, f
        )
        np.testing.assert_allclose(result, expected, rtol=1e-12, atol=1e-15)

    def test_state_carries_no_gradient(self) -> None:
        scores = torch.tensor(_scores(9), requires_grad=True)
        result = mine_lower_bound(scores)
        assert result.value.requires_grad
        assert not result.log_moving_average.requires_grad


class TestJax:
    @pytest.fixture
    def jax(self):
        jax = pytest.importorskip("jax")
        jax.config.update("jax_enable_x64", True)
        return jax

    @pytest.mark.parametrize(
        "function",
        [*PLAIN.values(), jensen_shannon_lower_bound, smile_lower_bound],
        ids=[*PLAIN, "jensen_shannon", "smile"],
    )
    def test_grad_equals_torch(self, function, jax) -> None:
        f = _scores(10)
        gradient = jax.grad(lambda g: function(g))(jax.numpy.asarray(f))
        np.testing.assert_allclose(np.asarray(gradient), _autograd(function, f), atol=1e-12)

    def test_mine_under_jit_threads_its_state(self, jax) -> None:
        jnp = jax.numpy
        step = jax.jit(lambda g, state: mine_lower_bound(g, log_moving_average=state))
        state = mine_lower_bound(jnp.asarray(_scores(11))).log_moving_average
        eager_state = state
        for seed in (12, 13):
            f = jnp.asarray(_scores(seed))
            traced = step(f, state)
            eager = mine_lower_bound(f, log_moving_average=eager_state)
            np.testing.assert_allclose(float(traced.value), float(eager.value), rtol=1e-13)
            state, eager_state = traced.log_moving_average, eager.log_moving_average
            np.testing.assert_allclose(float(state), float(eager_state), rtol=1e-13)
        gradient = jax.grad(lambda g: mine_lower_bound(g, log_moving_average=state).value)(f)
        expected = _autograd(
            lambda g: (
                mine_lower_bound(
                    g, log_moving_average=torch.tensor(float(state), dtype=torch.float64)
                ).value
            ),
            _scores(13),
        )
        np.testing.assert_allclose(np.asarray(gradient), expected, atol=1e-12)
