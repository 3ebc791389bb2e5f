"""Identities of information theory, checked on random distributions with hypothesis."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from tests.strategies import distribution_pairs, distributions, joint_distributions

import infokit as ik

ATOL = 1e-12


@given(distribution_pairs())
def test_gibbs_inequality(pair: tuple[np.ndarray, np.ndarray]) -> None:
    p, q = pair
    assert ik.kl_divergence(p, q) >= 0
    assert ik.kl_divergence(p, p) <= ATOL


@given(distribution_pairs())
def test_cross_entropy_is_entropy_plus_kl(pair: tuple[np.ndarray, np.ndarray]) -> None:
    p, q = pair
    assert math.isclose(
        ik.cross_entropy(p, q), ik.entropy(p) + ik.kl_divergence(p, q), rel_tol=1e-12, abs_tol=ATOL
    )


@given(distributions())
def test_entropy_between_zero_and_log_n(p: np.ndarray) -> None:
    assert -ATOL <= ik.entropy(p) <= math.log(p.size) + ATOL


@given(distributions())
def test_uniform_is_the_maximum(p: np.ndarray) -> None:
    assert ik.entropy(p) <= ik.entropy(np.full(p.size, 1 / p.size)) + ATOL


@given(distributions(), st.sampled_from([2.0, 10.0, 3.7, "bits"]))
def test_base_change_divides_by_log_base(p: np.ndarray, base: float | str) -> None:
    in_nats = float(ik.entropy(p))
    converted = ik.units.convert(in_nats, "nats", base)
    assert math.isclose(ik.entropy(p, base=base), converted, rel_tol=1e-13, abs_tol=ATOL)


@given(distribution_pairs(), st.randoms())
def test_outcome_order_is_irrelevant(pair: tuple[np.ndarray, np.ndarray], random) -> None:
    p, q = pair
    order = list(range(p.size))
    random.shuffle(order)
    assert math.isclose(ik.entropy(p[order]), ik.entropy(p), rel_tol=1e-12, abs_tol=ATOL)
    assert math.isclose(
        ik.kl_divergence(p[order], q[order]), ik.kl_divergence(p, q), rel_tol=1e-12, abs_tol=ATOL
    )


@given(distribution_pairs())
def test_jensen_shannon_is_symmetric_and_bounded(pair: tuple[np.ndarray, np.ndarray]) -> None:
    p, q = pair
    js = float(ik.jensen_shannon_divergence(p, q))
    assert 0 <= js <= math.log(2)
    assert math.isclose(js, ik.jensen_shannon_divergence(q, p), rel_tol=1e-12, abs_tol=ATOL)


@given(joint_distributions())
def test_mutual_information_three_ways(joint: np.ndarray) -> None:
    h_x, h_y = ik.entropy(joint.sum(axis=1)), ik.entropy(joint.sum(axis=0))
    h_xy = ik.entropy(joint.reshape(-1))
    product = np.outer(joint.sum(axis=1), joint.sum(axis=0))
    mi = float(ik.mutual_information(joint))
    assert math.isclose(mi, h_x + h_y - h_xy, abs_tol=ATOL)
    assert math.isclose(mi, ik.kl_divergence(joint.reshape(-1), product.reshape(-1)), abs_tol=ATOL)


@given(joint_distributions())
def test_mutual_information_symmetric_and_bounded(joint: np.ndarray) -> None:
    mi = float(ik.mutual_information(joint))
    assert math.isclose(mi, ik.mutual_information(joint.T), rel_tol=1e-12, abs_tol=ATOL)
    assert 0 <= mi <= min(ik.entropy(joint.sum(1)), ik.entropy(joint.sum(0))) + ATOL


@given(joint_distributions())
def test_chain_rule_and_conditioning_reduces_entropy(joint: np.ndarray) -> None:
    h_x, h_y = float(ik.entropy(joint.sum(axis=1))), float(ik.entropy(joint.sum(axis=0)))
    h_x_given_y = float(ik.conditional_entropy(joint))
    assert math.isclose(ik.joint_entropy(joint), h_y + h_x_given_y, abs_tol=ATOL)
    assert h_x_given_y <= h_x + ATOL


@given(joint_distributions(ndim=3, max_outcomes=4))
def test_conditional_mutual_information_chain_rule(joint: np.ndarray) -> None:
    # I(X; Y, Z) = I(X; Z) + I(X; Y | Z)
    total = float(ik.mutual_information(joint, x=0, y=(1, 2)))
    parts = float(ik.mutual_information(joint, x=0, y=2)) + float(
        ik.conditional_mutual_information(joint)
    )
    assert math.isclose(total, parts, abs_tol=1e-11)
    assert ik.conditional_mutual_information(joint) >= 0


@given(st.lists(distribution_pairs(n=5), min_size=1, max_size=6))
def test_batched_call_equals_loop(pairs: list[tuple[np.ndarray, np.ndarray]]) -> None:
    p = np.stack([a for a, _ in pairs])
    q = np.stack([b for _, b in pairs])
    for function in (ik.entropy, ik.perplexity):
        np.testing.assert_allclose(function(p), [function(row) for row in p], rtol=1e-13, atol=ATOL)
    for function in (ik.kl_divergence, ik.cross_entropy, ik.jensen_shannon_divergence):
        expected = [function(a, b) for a, b in zip(p, q, strict=True)]
        np.testing.assert_allclose(function(p, q), expected, rtol=1e-13, atol=ATOL)
        np.testing.assert_allclose(function(p.T, q.T, axis=0), expected, rtol=1e-13, atol=ATOL)
