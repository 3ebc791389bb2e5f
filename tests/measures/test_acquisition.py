"""BatchBALD batch selection (select_batch).

Truth: the greedy scores printed by batchbald_redux's notebook ``01_batchbald.ipynb`` for its
pool (built in ``test_uncertainty.notebook_pool``), a brute-force joint mutual information
that multiplies out every member's joint distribution of the chosen points, and, for the
sampled estimate, the exact value with its Monte Carlo standard error.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import infokit as ik
from infokit.errors import InvalidParameterError, ShapeError
from infokit.measures.acquisition import MAX_EXACT_OUTCOMES
from tests.measures.ensemble_cases import NOTEBOOK_BALD, NOTEBOOK_SCORES, notebook_pool


def brute_force_joint_information(pool: np.ndarray, chosen: list[int]) -> float:
    """I[y_S; theta] = H[y_S] - sum_i H[y_i | theta], by enumerating every joint outcome.

    `pool` has shape (points, members, classes); each member's joint distribution of the
    chosen points is the outer product of its predictions (independent given the member).
    """
    n_members = pool.shape[1]
    joint = np.ones((n_members, 1))
    for index in chosen:
        joint = (joint[:, :, None] * pool[index][:, None, :]).reshape(n_members, -1)
    predictive = joint.mean(axis=0)
    positive = predictive[predictive > 0]
    joint_entropy = -np.sum(positive * np.log(positive))
    return joint_entropy - sum(float(ik.expected_entropy(pool[i], members_axis=0)) for i in chosen)


def random_pool(seed: int, n_pool: int, n_members: int, n_classes: int, concentration: float = 0.5):
    return np.random.default_rng(seed).dirichlet(
        np.full(n_classes, concentration), size=(n_pool, n_members)
    )


class TestNotebookVector:
    def test_greedy_scores_as_printed(self) -> None:
        selection = ik.select_batch(notebook_pool(), batch_size=4, members_axis=1)
        np.testing.assert_allclose(selection.scores, NOTEBOOK_SCORES, rtol=0, atol=1e-12)
        assert selection.exact == (True, True, True, True)
        assert selection.scores[0] == pytest.approx(NOTEBOOK_BALD, abs=1e-12)
        # All four points are cyclic class shifts of point 0, so every point has the same
        # BALD and the greedy order is decided by rounding (the notebook got [1, 0, 2, 3]);
        # the scores do not depend on it, by the same symmetry.
        assert sorted(selection.indices) == [0, 1, 2, 3]

    def test_log_probabilities_and_other_layouts(self) -> None:
        pool = notebook_pool()
        for p, kwargs in [
            (np.log(pool), {"members_axis": 1, "from_logits": True}),
            (np.transpose(pool, (0, 2, 1)), {"members_axis": 2, "axis": 1}),  # baal
            (np.transpose(pool, (1, 2, 0)), {"members_axis": 0, "axis": 1}),
        ]:
            selection = ik.select_batch(p, batch_size=4, **kwargs)
            np.testing.assert_allclose(selection.scores, NOTEBOOK_SCORES, rtol=0, atol=1e-12)

    def test_bits(self) -> None:
        selection = ik.select_batch(notebook_pool(), batch_size=4, members_axis=1, base=2)
        np.testing.assert_allclose(
            selection.scores, np.array(NOTEBOOK_SCORES) / math.log(2), rtol=1e-13
        )
        assert selection.unit == "bits"


class TestExact:
    @pytest.mark.parametrize("seed", [0, 1, 2])
    def test_every_step_is_the_brute_force_argmax_and_value(self, seed: int) -> None:
        pool = random_pool(seed, n_pool=6, n_members=5, n_classes=3)
        selection = ik.select_batch(pool, batch_size=4, members_axis=1)
        for step, index in enumerate(selection.indices):
            prefix = list(selection.indices[:step])
            values = {
                n: brute_force_joint_information(pool, [*prefix, n])
                for n in range(len(pool))
                if n not in prefix
            }
            assert values[index] == pytest.approx(max(values.values()), abs=1e-12)
            assert selection.scores[step] == pytest.approx(values[index], abs=1e-12)

    def test_batch_size_one_is_the_largest_bald(self) -> None:
        pool = random_pool(7, n_pool=12, n_members=8, n_classes=5)
        bald = ik.prediction_information(pool, members_axis=1)
        selection = ik.select_batch(pool, batch_size=1, members_axis=1)
        assert selection.indices == (int(np.argmax(bald)),)
        assert selection.scores[0] == pytest.approx(float(np.max(bald)), abs=1e-14)

    def test_a_duplicate_is_not_taken_twice(self) -> None:
        a = [[0.99, 0.01], [0.99, 0.01], [0.01, 0.99], [0.01, 0.99]]
        b = [[0.9, 0.1], [0.1, 0.9], [0.9, 0.1], [0.1, 0.9]]
        pool = np.array([a, a, b])
        bald = ik.prediction_information(pool, members_axis=1)
        assert list(np.argsort(-bald, kind="stable")[:2]) == [0, 1]  # top-k BALD: A twice
        selection = ik.select_batch(pool, batch_size=3, members_axis=1)
        assert selection.indices == (0, 2, 1)
        expected = [brute_force_joint_information(pool, [0, 2, 1][: i + 1]) for i in range(3)]
        np.testing.assert_allclose(selection.scores, expected, rtol=0, atol=1e-12)

    def test_zero_probabilities_and_impossible_outcomes(self) -> None:
        pool = np.array(
            [
                [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]],
                [[0.5, 0.5, 0.0], [0.5, 0.5, 0.0], [0.0, 0.0, 1.0]],
                [[0.2, 0.8, 0.0], [0.0, 0.8, 0.2], [0.4, 0.0, 0.6]],
            ]
        )
        selection = ik.select_batch(pool, batch_size=3, members_axis=1)
        # Point 0 names the member: log 3 nats, and nothing is left to learn after it.
        assert selection.indices[0] == 0
        np.testing.assert_allclose(selection.scores, [math.log(3)] * 3, rtol=0, atol=1e-15)

    @settings(max_examples=25)
    @given(seed=st.integers(0, 2**32 - 1), n_members=st.integers(1, 6))
    def test_scores_rise_and_stay_below_log_members(self, seed: int, n_members: int) -> None:
        pool = random_pool(seed, n_pool=5, n_members=n_members, n_classes=3, concentration=0.3)
        scores = np.array(ik.select_batch(pool, batch_size=5, members_axis=1).scores)
        assert np.all(np.diff(scores) >= -1e-15)
        assert scores[0] >= -1e-15
        assert scores[-1] <= math.log(n_members) + 1e-12  # I[y; theta] <= H[theta]


class TestSampled:
    def pool(self) -> np.ndarray:
        # 300 classes: the chosen point and a candidate have 90 000 > 2**16 joint outcomes,
        # so the second step samples the first point's class.
        assert 300**2 > MAX_EXACT_OUTCOMES >= 300
        return random_pool(3, n_pool=3, n_members=5, n_classes=300, concentration=0.05)

    def test_sampled_score_agrees_with_the_exact_one_within_its_error(self) -> None:
        pool = self.pool()
        n_samples = 3999  # no multiple of the 5 members: the strata weights matter
        selection = ik.select_batch(pool, batch_size=2, members_axis=1, n_samples=n_samples, rng=11)
        assert selection.exact == (True, False)
        first, second = selection.indices
        exact = brute_force_joint_information(pool, [first, second])
        # Standard error of the sampled gain I[y_2; theta | y_1]: the spread of its terms
        # over the first point's class, sd(g) / sqrt(n) (stratified sampling does no worse).
        p1, p2 = pool[first], pool[second]
        predictive = p1.mean(axis=0)
        posterior = p1 / p1.sum(axis=0)  # (members, classes of point 1)
        mixed = posterior.T @ p2
        h2 = -np.sum(np.where(p2 > 0, p2 * np.log(np.where(p2 > 0, p2, 1)), 0), axis=1)
        gap = (
            -np.sum(np.where(mixed > 0, mixed * np.log(np.where(mixed > 0, mixed, 1)), 0), axis=1)
            - posterior.T @ h2
        )
        gain = predictive @ gap
        sd = math.sqrt(predictive @ (gap - gain) ** 2)
        assert exact == pytest.approx(selection.scores[0] + gain, abs=1e-12)
        assert abs(selection.scores[1] - exact) < 5 * sd / math.sqrt(n_samples)
        assert sd > 0

    def test_seeded_runs_repeat_and_seeds_differ(self) -> None:
        pool = self.pool()
        runs = [
            ik.select_batch(pool, batch_size=3, members_axis=1, n_samples=500, rng=seed)
            for seed in (5, 5, 6)
        ]
        assert runs[0] == runs[1]
        assert runs[0].scores[1] != runs[2].scores[1]
        generator = np.random.default_rng(5)
        assert (
            ik.select_batch(pool, batch_size=3, members_axis=1, n_samples=500, rng=generator)
            == runs[0]
        )

    def test_exact_steps_use_no_randomness(self) -> None:
        pool = notebook_pool()
        assert ik.select_batch(pool, batch_size=4, members_axis=1, rng=1) == ik.select_batch(
            pool, batch_size=4, members_axis=1, rng=2
        )


class TestInputs:
    def test_torch_input_is_converted(self) -> None:
        torch = pytest.importorskip("torch")
        selection = ik.select_batch(torch.tensor(notebook_pool()), batch_size=4, members_axis=1)
        np.testing.assert_allclose(selection.scores, NOTEBOOK_SCORES, rtol=0, atol=1e-12)
        assert all(isinstance(score, float) for score in selection.scores)
        assert all(isinstance(index, int) for index in selection.indices)

    def test_jax_input_is_converted(self) -> None:
        jax = pytest.importorskip("jax")
        jax.config.update("jax_enable_x64", True)
        jnp = pytest.importorskip("jax.numpy")
        selection = ik.select_batch(jnp.asarray(notebook_pool()), batch_size=4, members_axis=1)
        np.testing.assert_allclose(selection.scores, NOTEBOOK_SCORES, rtol=0, atol=1e-12)

    def test_float32_input_is_checked_in_float32_and_computed_in_float64(self) -> None:
        pool = notebook_pool().astype(np.float32)
        selection = ik.select_batch(pool, batch_size=4, members_axis=1)
        expected = ik.select_batch(pool.astype(np.float64), batch_size=4, members_axis=1)
        assert selection == expected  # the same float64 numbers after conversion
        np.testing.assert_allclose(selection.scores, NOTEBOOK_SCORES, rtol=1e-5)

    def test_batch_larger_than_the_pool(self) -> None:
        with pytest.raises(
            InvalidParameterError,
            match=r"`batch_size` must be at most the pool "
            r"size, 4 \(axis 0 of `p`, shape \(4, 20, 4\)\); got 5",
        ):
            ik.select_batch(notebook_pool(), batch_size=5, members_axis=1)

    def test_option_domains(self) -> None:
        pool = notebook_pool()
        with pytest.raises(InvalidParameterError, match="`batch_size` must be a positive integer"):
            ik.select_batch(pool, batch_size=0, members_axis=1)
        with pytest.raises(InvalidParameterError, match="`n_samples` must be a positive integer"):
            ik.select_batch(pool, batch_size=2, members_axis=1, n_samples=0)
        with pytest.raises(
            InvalidParameterError,
            match="`n_samples` must be at least the number "
            "of members, 20, so that every member is drawn; got 19",
        ):
            ik.select_batch(pool, batch_size=2, members_axis=1, n_samples=19)
        with pytest.raises(InvalidParameterError, match="`rng` must be"):
            ik.select_batch(pool, batch_size=2, members_axis=1, rng="seed")
        with pytest.raises(InvalidParameterError, match="`members_axis` and `axis` must name"):
            ik.select_batch(pool, batch_size=2, members_axis=-1)

    def test_three_axes_are_required(self) -> None:
        with pytest.raises(ShapeError, match="`p` must have three axes for `select_batch`"):
            ik.select_batch(notebook_pool()[0], batch_size=1, members_axis=0)
        with pytest.raises(ShapeError, match="at least one member"):
            ik.select_batch(np.zeros((3, 0, 2)), batch_size=1, members_axis=1)

    def test_selection_is_frozen(self) -> None:
        selection = ik.select_batch(notebook_pool(), batch_size=1, members_axis=1)
        with pytest.raises(AttributeError):
            selection.indices = (3,)  # type: ignore[misc]
