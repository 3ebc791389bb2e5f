"""Oracle tests against PyTorch's own losses, and gradients on the torch backend."""

from __future__ import annotations

import math

import numpy as np
import pytest

import infokit as ik

torch = pytest.importorskip("torch")
F = torch.nn.functional

pytestmark = pytest.mark.oracle


def _batch(seed: int, shape: tuple[int, int]) -> tuple:
    generator = torch.Generator().manual_seed(seed)
    logits = torch.randn(shape, generator=generator, dtype=torch.float64) * 3
    target = torch.softmax(torch.randn(shape, generator=generator, dtype=torch.float64), dim=1)
    target[target < 0.05] = 0
    return logits, target / target.sum(1, keepdim=True)


def test_soft_target_cross_entropy_equals_torch() -> None:
    logits, target = _batch(0, (64, 10))
    expected = F.cross_entropy(logits, target, reduction="none")
    result = ik.cross_entropy(target, logits, from_logits=True)
    torch.testing.assert_close(result, expected, rtol=1e-12, atol=1e-12)


def test_kl_divergence_equals_torch_kl_div_with_its_reversed_arguments() -> None:
    logits, p = _batch(1, (64, 10))
    q = torch.softmax(logits, dim=1)
    # torch: kl_div(input=log q, target=p) = sum p (log p - log q) = D(p || q).
    expected = F.kl_div(torch.log(q), p, reduction="none").sum(1)
    torch.testing.assert_close(ik.kl_divergence(p, q), expected, rtol=1e-12, atol=1e-12)
    torch.testing.assert_close(
        ik.kl_divergence(p, logits, from_logits=True), expected, rtol=1e-11, atol=1e-12
    )


def test_entropy_equals_torch_distributions_categorical() -> None:
    _, p = _batch(2, (32, 7))
    expected = torch.distributions.Categorical(probs=p).entropy()
    torch.testing.assert_close(ik.entropy(p), expected, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("name", ["entropy", "cross_entropy", "kl_divergence"])
def test_gradcheck_from_logits(name: str) -> None:
    logits, target = _batch(3, (4, 5))
    logits.requires_grad_(True)
    if name == "entropy":
        function = lambda z: ik.entropy(z, from_logits=True)  # noqa: E731
    else:
        measure = getattr(ik, name)
        function = lambda z: measure(target, z, from_logits=True)  # noqa: E731
    assert torch.autograd.gradcheck(function, (logits,))


@pytest.mark.parametrize(
    "name", ["entropy", "cross_entropy", "kl_divergence", "jensen_shannon_divergence"]
)
def test_gradcheck_on_probabilities(name: str) -> None:
    _, p = _batch(4, (3, 6))
    q = torch.softmax(torch.randn(3, 6, dtype=torch.float64), dim=1).requires_grad_(True)
    p = p.clone().requires_grad_(True)
    measure = getattr(ik, name)
    if name == "entropy":
        assert torch.autograd.gradcheck(lambda a: measure(a, validate=False), (q,))
    else:
        # p has exact zeros: finite-difference steps would leave the simplex, so check in q.
        assert torch.autograd.gradcheck(lambda b: measure(p.detach(), b, validate=False), (q,))


def test_analytic_gradient_of_kl_in_q() -> None:
    p = torch.tensor([0.5, 0.3, 0.2, 0.0], dtype=torch.float64)
    q = torch.tensor([0.4, 0.4, 0.1, 0.1], dtype=torch.float64, requires_grad=True)
    ik.kl_divergence(p, q).backward()
    torch.testing.assert_close(q.grad, -p / q.detach())


def test_gradients_at_zero_probabilities_are_finite() -> None:
    p = torch.tensor([0.5, 0.5, 0.0], dtype=torch.float64, requires_grad=True)
    ik.entropy(p).backward()
    assert torch.isfinite(p.grad).all()
    torch.testing.assert_close(p.grad[:2], -(torch.log(p.detach()[:2]) + 1))
    assert p.grad[2] == 0  # documented convention: a zero outcome is treated as absent

    logits = torch.tensor([[0.0, -math.inf, 2.0]], requires_grad=True)
    target = torch.tensor([[1.0, 0.0, 0.0]])
    (
        ik.cross_entropy(target, logits, from_logits=True) + ik.entropy(logits, from_logits=True)
    ).sum().backward()
    assert torch.isfinite(logits.grad).all()


def test_large_logits_float32_match_torch() -> None:
    logits = torch.tensor([[1e4, 0.0, -1e4], [-1e4, 1e4, 3.0]], dtype=torch.float32)
    target = torch.tensor([[0.0, 1.0, 0.0], [0.3, 0.7, 0.0]])
    torch.testing.assert_close(
        ik.cross_entropy(target, logits, from_logits=True),
        F.cross_entropy(logits, target, reduction="none"),
    )


def test_result_stays_on_the_input_device_and_dtype() -> None:
    p = torch.tensor([0.5, 0.5], dtype=torch.float32)
    result = ik.entropy(p)
    assert result.device == p.device
    assert result.dtype == torch.float32
    assert ik.entropy(torch.tensor([0.5, 0.5], dtype=torch.bfloat16)).dtype == torch.float32


def test_numpy_oracle_values_for_the_same_batch() -> None:
    logits, target = _batch(5, (16, 9))
    from scipy import special, stats

    expected = stats.entropy(target.numpy(), axis=1) + special.rel_entr(
        target.numpy(), special.softmax(logits.numpy(), axis=1)
    ).sum(1)
    np.testing.assert_allclose(
        ik.cross_entropy(target.numpy(), logits.numpy(), from_logits=True), expected, rtol=1e-12
    )
