"""Predictive entropy, expected entropy and BALD (prediction_information) of ensembles.

Truth: the pool of batchbald_redux's notebook ``01_batchbald.ipynb`` (its printed BALD
scores and entropies), uniform members (both entropies log C), the identities
H[y] = E H[y|theta] + I[y; theta] and I = mean KL(p_m || mixture), and hypothesis properties.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import infokit as ik
from infokit.errors import InvalidDistributionError, InvalidParameterError, ShapeError
from tests.measures.ensemble_cases import NOTEBOOK_BALD, notebook_pool

MEASURES = (ik.predictive_entropy, ik.expected_entropy, ik.prediction_information)


@st.composite
def ensembles(draw: st.DrawFn, max_members: int = 6, max_classes: int = 6) -> np.ndarray:
    """A (members, classes) array of distributions, possibly with exact zeros."""
    n_members = draw(st.integers(1, max_members))
    n_classes = draw(st.integers(1, max_classes))
    weights = draw(
        hnp.arrays(
            np.float64,
            (n_members, n_classes),
            elements=st.one_of(st.just(0.0), st.floats(1e-3, 1.0)),
        )
    )
    weights[:, 0] += 0.5 * (weights.sum(axis=1) == 0)  # never an all-zero member
    return weights / weights.sum(axis=1, keepdims=True)


class TestNotebookVector:
    def test_bald_of_every_point(self) -> None:
        np.testing.assert_allclose(
            ik.prediction_information(notebook_pool(), members_axis=1),
            [NOTEBOOK_BALD] * 4,
            rtol=0,
            atol=1e-12,
        )

    def test_entropies_as_printed(self) -> None:
        pool = notebook_pool()
        # The notebook prints 1.2376 and 1.2069 (four digits).
        np.testing.assert_allclose(ik.predictive_entropy(pool, members_axis=1), 1.2376, atol=5e-5)
        np.testing.assert_allclose(ik.expected_entropy(pool, members_axis=1), 1.2069, atol=5e-5)

    def test_from_log_probabilities_as_the_notebook_passes_them(self) -> None:
        # batchbald_redux takes log-probabilities; log p are logits of p.
        value = ik.prediction_information(np.log(notebook_pool()), members_axis=1, from_logits=True)
        np.testing.assert_allclose(value, [NOTEBOOK_BALD] * 4, rtol=0, atol=1e-12)

    def test_any_layout_gives_the_same_values(self) -> None:
        pool = notebook_pool()  # baal's layout is (points, classes, members)
        baal = np.transpose(pool, (0, 2, 1))
        np.testing.assert_allclose(
            ik.prediction_information(baal, members_axis=2, axis=1),
            [NOTEBOOK_BALD] * 4,
            rtol=0,
            atol=1e-12,
        )
        members_first = np.transpose(pool, (1, 0, 2))  # torch-uncertainty: (members, batch, C)
        np.testing.assert_allclose(
            ik.prediction_information(members_first, members_axis=0),
            [NOTEBOOK_BALD] * 4,
            rtol=0,
            atol=1e-12,
        )

    def test_uniform_members_have_both_entropies_log_c(self) -> None:
        uniform = np.full((4, 20, 4), 0.25)
        for measure in (ik.predictive_entropy, ik.expected_entropy):
            np.testing.assert_allclose(
                measure(uniform, members_axis=1), [math.log(4)] * 4, rtol=0, atol=1e-15
            )
        assert np.all(ik.prediction_information(uniform, members_axis=1) == 0.0)


class TestWorkedValues:
    def test_two_disagreeing_members_in_bits(self) -> None:
        members = [[0.9, 0.1], [0.1, 0.9]]
        h = -(0.9 * math.log2(0.9) + 0.1 * math.log2(0.1))
        assert float(ik.predictive_entropy(members, members_axis=0, base=2)) == 1.0
        assert math.isclose(
            float(ik.expected_entropy(members, members_axis=0, base=2)), h, abs_tol=1e-15
        )
        assert math.isclose(
            float(ik.prediction_information(members, members_axis=0, base=2)),
            1 - h,
            abs_tol=1e-15,
        )

    def test_one_member_has_no_epistemic_uncertainty(self) -> None:
        p = np.array([[[0.2, 0.3, 0.5]], [[1.0, 0.0, 0.0]]])  # (points, 1 member, classes)
        assert np.all(ik.prediction_information(p, members_axis=1) == 0.0)
        np.testing.assert_allclose(
            ik.predictive_entropy(p, members_axis=1), ik.entropy(p[:, 0]), rtol=0, atol=1e-15
        )

    def test_certain_members_that_disagree_reach_log_m(self) -> None:
        # Three one-hot members on three classes: I = H(mixture) = log 3, H[y|theta] = 0.
        members = np.eye(3)
        assert math.isclose(
            float(ik.prediction_information(members, members_axis=0)), math.log(3), abs_tol=1e-15
        )
        assert float(ik.expected_entropy(members, members_axis=0)) == 0.0

    def test_units(self) -> None:
        pool = notebook_pool()
        for measure in MEASURES:
            nats = measure(pool, members_axis=1)
            np.testing.assert_allclose(
                measure(pool, members_axis=1, base="bits"), nats / math.log(2), rtol=1e-14
            )

    def test_batch_axes_are_kept_in_order(self) -> None:
        rng = np.random.default_rng(0)
        p = rng.dirichlet(np.ones(3), size=(2, 5, 4))  # (2, 5 members, 4, classes)
        result = ik.prediction_information(p, members_axis=1)
        assert result.shape == (2, 4)
        expected = [
            [ik.prediction_information(p[i, :, j], members_axis=0) for j in range(4)]
            for i in range(2)
        ]
        np.testing.assert_allclose(result, expected, rtol=0, atol=1e-15)

    def test_extreme_logits_stay_finite_and_exact(self) -> None:
        # Member 0 is sure of class 0, member 1 of class 1: I = log 2 up to e^-1000 terms.
        logits = np.array([[0.0, -1000.0], [-1000.0, 0.0]])
        assert math.isclose(
            float(ik.prediction_information(logits, members_axis=0, from_logits=True)),
            math.log(2),
            abs_tol=1e-15,
        )
        minus_inf = np.array([[0.0, -np.inf], [0.0, 0.0]])
        value = ik.prediction_information(minus_inf, members_axis=0, from_logits=True)
        expected = ik.prediction_information([[1.0, 0.0], [0.5, 0.5]], members_axis=0)
        assert math.isclose(float(value), float(expected), abs_tol=1e-15)

    def test_a_class_no_member_predicts_contributes_nothing(self) -> None:
        with_zero = np.array([[0.5, 0.5, 0.0], [0.9, 0.1, 0.0]])
        for measure in MEASURES:
            assert math.isclose(
                float(measure(with_zero, members_axis=0)),
                float(measure(with_zero[:, :2], members_axis=0)),
                abs_tol=1e-15,
            )
        logits = np.log(with_zero + 0.0, where=with_zero > 0, out=np.full_like(with_zero, -np.inf))
        for measure in MEASURES:
            assert math.isclose(
                float(measure(logits, members_axis=0, from_logits=True)),
                float(measure(with_zero, members_axis=0)),
                abs_tol=1e-15,
            )


class TestProperties:
    @given(p=ensembles())
    def test_predictive_is_expected_plus_information(self, p: np.ndarray) -> None:
        total = ik.predictive_entropy(p, members_axis=0)
        parts = ik.expected_entropy(p, members_axis=0) + ik.prediction_information(
            p, members_axis=0
        )
        assert math.isclose(float(total), float(parts), abs_tol=1e-12)

    @given(p=ensembles())
    def test_information_is_the_mean_kl_from_the_mixture(self, p: np.ndarray) -> None:
        mixture = p.mean(axis=0)
        mean_kl = np.mean([float(ik.kl_divergence(member, mixture)) for member in p])
        assert math.isclose(
            float(ik.prediction_information(p, members_axis=0)), mean_kl, abs_tol=1e-12
        )

    @given(p=ensembles())
    def test_information_bounds(self, p: np.ndarray) -> None:
        value = float(ik.prediction_information(p, members_axis=0))
        n_members, n_classes = p.shape
        assert value >= -1e-15  # non-negative up to rounding, never clipped
        assert value <= min(math.log(n_classes), math.log(n_members)) + 1e-12
        assert (
            float(ik.expected_entropy(p, members_axis=0))
            <= float(ik.predictive_entropy(p, members_axis=0)) + 1e-12
        )

    @given(p=ensembles(), seed=st.integers(0, 2**32 - 1))
    def test_permuting_members_changes_nothing(self, p: np.ndarray, seed: int) -> None:
        permuted = p[np.random.default_rng(seed).permutation(len(p))]
        for measure in MEASURES:
            assert math.isclose(
                float(measure(permuted, members_axis=0)),
                float(measure(p, members_axis=0)),
                abs_tol=1e-14,
            )

    @given(
        logits=hnp.arrays(
            np.float64,
            st.tuples(st.integers(1, 5), st.integers(1, 5)),
            elements=st.floats(-30, 30),
        )
    )
    def test_from_logits_equals_probabilities_of_the_softmax(self, logits: np.ndarray) -> None:
        shifted = np.exp(logits - logits.max(axis=1, keepdims=True))
        p = shifted / shifted.sum(axis=1, keepdims=True)
        for measure in MEASURES:
            assert math.isclose(
                float(measure(logits, members_axis=0, from_logits=True)),
                float(measure(p, members_axis=0)),
                abs_tol=1e-12,
            )


class TestBackends:
    def test_every_backend_gives_the_numpy_values(self, backend: Any, assert_close: Any) -> None:
        pool = notebook_pool()
        for measure in MEASURES:
            expected = measure(pool, members_axis=1)
            assert_close(measure(backend.asarray(pool), members_axis=1), expected)
            assert_close(
                measure(backend.asarray(np.log(pool)), members_axis=1, from_logits=True),
                expected,
            )

    def test_float32_stays_float32(self, backend: Any, assert_close: Any) -> None:
        pool = notebook_pool()
        result = ik.prediction_information(backend.asarray(pool, backend.float32), members_axis=1)
        assert_close(result, [NOTEBOOK_BALD] * 4, rtol=1e-4, atol=1e-6, dtype=backend.float32)


class TestTorch:
    def test_gradcheck_from_logits_and_probabilities(self) -> None:
        torch = pytest.importorskip("torch")
        generator = torch.Generator().manual_seed(0)
        logits = torch.randn(3, 5, 4, dtype=torch.float64, generator=generator, requires_grad=True)
        for measure in MEASURES:
            assert torch.autograd.gradcheck(
                lambda z, f=measure: f(z, members_axis=1, from_logits=True), (logits,)
            )
            assert torch.autograd.gradcheck(
                lambda q, f=measure: f(q, members_axis=1, validate=False),
                (torch.softmax(logits, dim=-1).detach().requires_grad_(),),
            )

    def test_gradients_are_finite_at_zero_probabilities_and_minus_inf_logits(self) -> None:
        torch = pytest.importorskip("torch")
        p = torch.tensor(
            [[0.5, 0.5, 0.0], [1.0, 0.0, 0.0]], dtype=torch.float64, requires_grad=True
        )
        logits = torch.tensor(
            [[0.0, 1.0, -math.inf], [2.0, -math.inf, -math.inf]],
            dtype=torch.float64,
            requires_grad=True,
        )
        for measure in MEASURES:
            (grad_p,) = torch.autograd.grad(measure(p, members_axis=0), p)
            (grad_z,) = torch.autograd.grad(
                measure(logits, members_axis=0, from_logits=True), logits
            )
            assert torch.isfinite(grad_p).all()
            assert torch.isfinite(grad_z).all()

    def test_gradient_of_bald_matches_finite_differences(self) -> None:
        torch = pytest.importorskip("torch")
        logits = torch.tensor(np.log(notebook_pool()[0]), requires_grad=True)
        value = ik.prediction_information(logits, members_axis=0, from_logits=True)
        (grad,) = torch.autograd.grad(value, logits)
        step = 1e-6
        base = logits.detach().numpy()
        for index in [(0, 0), (7, 2), (19, 3)]:
            up, down = base.copy(), base.copy()
            up[index] += step
            down[index] -= step
            numeric = (
                float(ik.prediction_information(up, members_axis=0, from_logits=True))
                - float(ik.prediction_information(down, members_axis=0, from_logits=True))
            ) / (2 * step)
            assert math.isclose(float(grad[index]), numeric, abs_tol=1e-9)

    def test_result_stays_a_tensor_on_its_device(self) -> None:
        torch = pytest.importorskip("torch")
        p = torch.tensor(notebook_pool())
        result = ik.prediction_information(p, members_axis=1)
        assert isinstance(result, torch.Tensor)
        assert result.device == p.device
        assert result.dtype == torch.float64


class TestJax:
    def test_jit_and_grad(self) -> None:
        jax = pytest.importorskip("jax")
        jax.config.update("jax_enable_x64", True)
        jnp = pytest.importorskip("jax.numpy")
        logits = jnp.asarray(np.log(notebook_pool()))

        def bald(z: Any) -> Any:
            return ik.prediction_information(z, members_axis=1, from_logits=True).sum()

        np.testing.assert_allclose(float(jax.jit(bald)(logits)), 4 * NOTEBOOK_BALD, atol=1e-12)
        assert bool(jnp.all(jnp.isfinite(jax.grad(bald)(logits))))


class TestMessages:
    def test_members_axis_is_required(self) -> None:
        with pytest.raises(TypeError, match="members_axis"):
            ik.prediction_information(notebook_pool())  # type: ignore[call-arg]

    def test_members_axis_must_differ_from_axis(self) -> None:
        with pytest.raises(InvalidParameterError, match="`members_axis` and `axis` must name"):
            ik.predictive_entropy(notebook_pool(), members_axis=2)
        with pytest.raises(InvalidParameterError, match="both name axis 1"):
            ik.predictive_entropy(notebook_pool(), members_axis=-2, axis=1)

    def test_members_axis_must_be_an_axis(self) -> None:
        with pytest.raises(InvalidParameterError, match=r"`members_axis` must lie in \[-3, 2\]"):
            ik.expected_entropy(notebook_pool(), members_axis=3)
        with pytest.raises(InvalidParameterError, match="`members_axis` must be an integer"):
            ik.expected_entropy(notebook_pool(), members_axis=1.0)  # type: ignore[arg-type]

    def test_empty_member_axis(self) -> None:
        with pytest.raises(ShapeError, match="at least one member along `members_axis`"):
            ik.prediction_information(np.zeros((4, 0, 3)), members_axis=1)

    def test_one_axis_is_not_an_ensemble(self) -> None:
        with pytest.raises(ShapeError, match="at least two axes"):
            ik.prediction_information([0.5, 0.5], members_axis=0)

    def test_probabilities_must_be_distributions_along_axis(self) -> None:
        pool = notebook_pool()
        with pytest.raises(InvalidDistributionError, match="`p` must sum to 1 along axis 1"):
            ik.prediction_information(pool, members_axis=2, axis=1)  # axes swapped by mistake
        with pytest.raises(InvalidDistributionError, match="must be non-negative"):
            ik.prediction_information([[1.5, -0.5], [0.5, 0.5]], members_axis=0)

    def test_logits_must_not_be_nan(self) -> None:
        with pytest.raises(InvalidDistributionError, match="must be finite"):
            ik.predictive_entropy([[0.0, np.nan]], members_axis=0, from_logits=True)
