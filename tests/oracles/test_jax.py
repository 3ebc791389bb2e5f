"""JAX: grad against the analytic gradient, jit against eager, tracers skip value checks."""

from __future__ import annotations

import math

import numpy as np
import pytest

import infokit as ik

jax = pytest.importorskip("jax")
jnp = jax.numpy


@pytest.fixture(autouse=True)
def _x64():
    jax.config.update("jax_enable_x64", True)


def test_grad_of_entropy_is_minus_log_p_minus_one() -> None:
    p = jnp.asarray([0.2, 0.3, 0.5])
    np.testing.assert_allclose(jax.grad(ik.entropy)(p), -(np.log(p) + 1), rtol=1e-12)


def test_grad_of_cross_entropy_from_logits_is_softmax_minus_target() -> None:
    target = jnp.asarray([0.1, 0.0, 0.9])
    logits = jnp.asarray([1.0, -2.0, 0.5])
    gradient = jax.grad(lambda z: ik.cross_entropy(target, z, from_logits=True))(logits)
    np.testing.assert_allclose(gradient, jax.nn.softmax(logits) - target, rtol=1e-12, atol=1e-15)


def test_grad_of_kl_in_q() -> None:
    p, q = jnp.asarray([0.5, 0.5, 0.0]), jnp.asarray([0.25, 0.5, 0.25])
    gradient = jax.grad(lambda b: ik.kl_divergence(p, b))(q)
    np.testing.assert_allclose(gradient, -p / q, rtol=1e-12)


@pytest.mark.parametrize(
    "function",
    [
        lambda p, q: ik.entropy(p),
        lambda p, q: ik.cross_entropy(p, q),
        lambda p, q: ik.kl_divergence(p, q, base=2),
        lambda p, q: ik.jensen_shannon_divergence(p, q),
        lambda p, q: ik.kl_divergence(p, jnp.log(q), from_logits=True),
        lambda p, q: ik.renyi_entropy(p, 2.0),
        lambda p, q: ik.mutual_information(jnp.outer(p, q) * 0.5 + jnp.diag(p) * 0.5),
    ],
)
def test_jit_equals_eager(function) -> None:
    rng = np.random.default_rng(0)
    p = jnp.asarray(rng.dirichlet(np.ones(5)))
    q = jnp.asarray(rng.dirichlet(np.ones(5)))
    np.testing.assert_allclose(jax.jit(function)(p, q), function(p, q), rtol=1e-12)


def test_value_checks_are_skipped_under_jit_but_not_eagerly() -> None:
    bad = jnp.asarray([0.5, 0.6])
    assert math.isfinite(float(jax.jit(ik.entropy)(bad)))
    with pytest.raises(ik.errors.InvalidDistributionError):
        ik.entropy(bad)
