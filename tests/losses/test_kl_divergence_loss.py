"""kl_divergence_loss: torch's kl_div as the oracle, direction, temperature, reductions."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

import infokit
from infokit._array import log_softmax
from infokit.errors import InvalidDistributionError, InvalidParameterError, ShapeError
from infokit.losses import kl_divergence_loss

torch = pytest.importorskip("torch")
F = torch.nn.functional


def _logits(shape: tuple[int, ...], seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    return 2 * rng.standard_normal(shape), 3 * rng.standard_normal(shape)


def _torch_per_sample(student, teacher, temperature: float) -> np.ndarray:
    log_q = F.log_softmax(torch.as_tensor(student) / temperature, dim=-1)
    log_p = F.log_softmax(torch.as_tensor(teacher) / temperature, dim=-1)
    terms = F.kl_div(log_q, log_p, log_target=True, reduction="none")
    return (terms.sum(-1) * temperature**2).numpy()


@pytest.mark.oracle
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize(
    ("shape", "temperature", "teacher_from_logits"),
    list(itertools.product([(5, 4), (3, 2, 4)], [1.0, 2.5], [True, False])),
)
def test_equals_torch_kl_div(shape, temperature, teacher_from_logits, dtype) -> None:
    student, teacher = (a.astype(dtype) for a in _logits(shape, seed=len(shape)))
    per_sample = _torch_per_sample(student, teacher, temperature)
    teacher_argument = teacher
    if not teacher_from_logits:  # the teacher's probabilities at temperature 1
        teacher_argument = F.softmax(torch.as_tensor(teacher), dim=-1).numpy()
    tolerance = 1e-12 if dtype == np.float64 else 1e-6
    expected = {
        "none": per_sample,
        "sum": per_sample.sum(),
        "batchmean": per_sample.sum() / shape[0],
        "mean": per_sample.mean(),
    }
    for reduction, value in expected.items():
        for library in (np.asarray, torch.as_tensor):
            result = kl_divergence_loss(
                library(student),
                library(teacher_argument),
                temperature=temperature,
                teacher_from_logits=teacher_from_logits,
                reduction=reduction,
            )
            assert result.dtype == library(student).dtype
            np.testing.assert_allclose(np.asarray(result), value, rtol=tolerance, atol=tolerance)
    # torch's own batchmean reduction, times T^2 (Hinton et al.), is the default.
    log_q = F.log_softmax(torch.as_tensor(student) / temperature, dim=-1)
    target = F.softmax(torch.as_tensor(teacher) / temperature, dim=-1)
    torch_batchmean = F.kl_div(log_q, target, reduction="batchmean") * temperature**2
    default = kl_divergence_loss(
        torch.as_tensor(student), torch.as_tensor(teacher), temperature=temperature
    )
    torch.testing.assert_close(default, torch_batchmean, rtol=tolerance, atol=tolerance)


def test_every_backend(backend, assert_close) -> None:
    student, teacher = _logits((4, 3, 5), seed=1)
    expected = _torch_per_sample(student, teacher, 2.0)
    result = kl_divergence_loss(
        backend.asarray(student), backend.asarray(teacher), temperature=2.0, reduction="none"
    )
    assert_close(result, expected)
    assert_close(
        kl_divergence_loss(backend.asarray(student), backend.asarray(teacher), reduction="mean"),
        _torch_per_sample(student, teacher, 1.0).mean(),
    )


def test_direction_is_teacher_to_student_and_matches_measures() -> None:
    student, teacher = _logits((6, 3), seed=2)
    q = log_softmax(student, axis=-1, xp=np)
    p = np.exp(teacher) / np.exp(teacher).sum(-1, keepdims=True)
    expected = infokit.kl_divergence(p, np.exp(q))
    result = kl_divergence_loss(student, teacher, reduction="none")
    np.testing.assert_allclose(result, expected, rtol=1e-12)
    reverse = kl_divergence_loss(teacher, student, reduction="none")
    assert not np.allclose(reverse, result)


def test_zero_for_identical_models_and_teacher_zeros() -> None:
    logits = np.array([[1.0, 2.0, 3.0], [0.0, 0.0, 5.0]])
    np.testing.assert_array_equal(kl_divergence_loss(logits, logits, reduction="none"), [0, 0])
    teacher = np.array([[0.0, 0.25, 0.75]])
    student = np.log(np.array([[0.2, 0.2, 0.6]]))
    expected = 0.25 * np.log(0.25 / 0.2) + 0.75 * np.log(0.75 / 0.6)  # 0 log 0 = 0
    result = kl_divergence_loss(student, teacher, teacher_from_logits=False)
    assert float(result) == pytest.approx(expected, rel=1e-13)


def test_temperature_scaling_of_hinton() -> None:
    # Large T: T^2 KL tends to the logit-matching loss sum((z_s - z_t - mean)^2) / (2 C).
    student, teacher = _logits((1, 4), seed=3)
    difference = (student - student.mean()) - (teacher - teacher.mean())
    limit = (difference**2).sum() / (2 * 4)
    result = kl_divergence_loss(student, teacher, temperature=1e3)
    assert float(result) == pytest.approx(limit, rel=1e-2)


class TestGradients:
    def test_match_torch_autograd_and_pass_gradcheck(self) -> None:
        student, teacher = (torch.tensor(a, requires_grad=True) for a in _logits((5, 4), 4))
        ours = kl_divergence_loss(student, teacher, temperature=3.0)
        log_q = F.log_softmax(student / 3.0, dim=-1)
        log_p = F.log_softmax(teacher / 3.0, dim=-1)
        theirs = F.kl_div(log_q, log_p, log_target=True, reduction="batchmean") * 9.0
        for mine, reference in zip(
            torch.autograd.grad(ours, (student, teacher)),
            torch.autograd.grad(theirs, (student, teacher)),
            strict=True,
        ):
            torch.testing.assert_close(mine, reference, rtol=1e-12, atol=1e-14)
        assert torch.autograd.gradcheck(
            lambda s, t: kl_divergence_loss(s, t, temperature=3.0, reduction="none"),
            (student, teacher),
        )

    def test_jax_jit_and_grad(self) -> None:
        jax = pytest.importorskip("jax")
        jax.config.update("jax_enable_x64", True)
        student, teacher = _logits((5, 4), 5)
        tensor = torch.tensor(student, requires_grad=True)
        reference = (
            F.kl_div(
                F.log_softmax(tensor / 2, -1),
                F.softmax(torch.tensor(teacher) / 2, -1),
                reduction="batchmean",
            )
            * 4
        )
        (expected,) = torch.autograd.grad(reference, tensor)

        def loss(s, t):
            return kl_divergence_loss(s, t, temperature=2.0)

        jnp = jax.numpy
        value = jax.jit(loss)(jnp.asarray(student), jnp.asarray(teacher))
        gradient = jax.jit(jax.grad(loss))(jnp.asarray(student), jnp.asarray(teacher))
        assert float(value) == pytest.approx(reference.item(), rel=1e-12)
        np.testing.assert_allclose(np.asarray(gradient), expected.numpy(), rtol=1e-11, atol=1e-15)


class TestErrors:
    def test_messages(self) -> None:
        logits = np.zeros((2, 3))
        for bad in (0, -1.0, float("nan"), float("inf"), True):
            with pytest.raises(InvalidParameterError, match="`temperature` must be a positive"):
                kl_divergence_loss(logits, logits, temperature=bad)
        with pytest.raises(ShapeError, match=r"must have the same shape.*\(2, 3\) and \(2, 4\)"):
            kl_divergence_loss(logits, np.zeros((2, 4)))
        with pytest.raises(InvalidParameterError, match="'batchmean'; got 'average'"):
            kl_divergence_loss(logits, logits, reduction="average")
        with pytest.raises(
            InvalidDistributionError,
            match=r"`teacher_logits` must sum to 1 .*\. Pass `teacher_from_logits=True`",
        ):
            kl_divergence_loss(logits, np.ones((2, 3)), teacher_from_logits=False)
        with pytest.raises(InvalidDistributionError, match="`teacher_logits` must be non-negative"):
            kl_divergence_loss(logits, np.array([[1.5, -0.5, 0.0]] * 2), teacher_from_logits=False)
        with pytest.raises(InvalidDistributionError, match="`student_logits` must not hold NaN"):
            kl_divergence_loss(np.array([[0.0, np.nan]]), np.zeros((1, 2)))


class TestStability:
    def test_huge_float32_and_float16_logits(self) -> None:
        rng = np.random.default_rng(9)
        student, teacher = (1e4 * rng.standard_normal((2, 5, 4))).astype(np.float32)
        result = kl_divergence_loss(student, teacher, temperature=2.0, reduction="none")
        assert result.dtype == np.float32
        exact = _torch_per_sample(student.astype(np.float64), teacher.astype(np.float64), 2.0)
        assert np.isfinite(result).all()
        np.testing.assert_allclose(result, exact, rtol=1e-5)
        half = kl_divergence_loss(
            torch.tensor(student[:, :2] / 1e3, dtype=torch.float16),
            torch.tensor(teacher[:, :2] / 1e3, dtype=torch.float16),
            reduction="none",
        )
        assert half.dtype == torch.float32
        assert torch.isfinite(half).all()
