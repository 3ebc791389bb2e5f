"""Transfer entropy and active information storage of time series.

Oracles: PyInform's documented examples and random comparisons with PyInform (plug-in, bits),
the Gaussian = Granger / 2 identity (least squares with NumPy), the closed-form TE of a
coupled autoregressive process, and a brute-force KSG with a Theiler window.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from scipy.special import digamma

from infokit import (
    estimate_active_information_storage,
    estimate_conditional_mutual_information,
    estimate_transfer_entropy,
    transfer_entropy_test,
)
from infokit.errors import InvalidParameterError, ShapeError, SmallSampleWarning
from infokit.estimators.continuous.neighbors import ksg_conditional_mutual_information
from infokit.estimators.knn.exclusion import (
    TimeExclusion,
    count_within_excluding,
    kth_neighbor_distances_excluding,
)


def _quiet_plugin_te(*args: object, **kwargs: object) -> float:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SmallSampleWarning)  # PyInform's tiny examples
        return estimate_transfer_entropy(*args, method="plugin", base=2, **kwargs).value  # type: ignore[arg-type]


def _quiet_plugin_ais(*args: object, **kwargs: object) -> float:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SmallSampleWarning)
        return estimate_active_information_storage(*args, method="plugin", base=2, **kwargs).value  # type: ignore[arg-type]


def _coupled_ar(n: int, a: float, c: float, s: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """X iid N(0, 1); Y_t = a Y_{t-1} + c X_{t-1} + N(0, s^2)."""
    rng = np.random.default_rng(seed)
    x = rng.normal(size=n)
    noise = rng.normal(scale=s, size=n)
    y = np.zeros(n)
    for t in range(1, n):
        y[t] = a * y[t - 1] + c * x[t - 1] + noise[t]
    return x, y


class TestPyInformDocumentedExamples:
    xs = (0, 1, 1, 1, 1, 0, 0, 0, 0)
    ys = (0, 0, 1, 1, 1, 1, 0, 0, 0)
    ws = (0, 1, 1, 1, 1, 0, 1, 1, 1)

    def test_one_trial(self) -> None:
        # transfer_entropy(xs, ys, k=2) == 0.6792696431662097; reverse 0.0
        assert _quiet_plugin_te(self.xs, self.ys, history=2) == pytest.approx(
            0.6792696431662097, abs=1e-12
        )
        assert _quiet_plugin_te(self.ys, self.xs, history=2) == pytest.approx(0.0, abs=1e-12)

    def test_one_trial_history_one_is_the_issue_figure(self) -> None:
        # transfer_entropy(xs, ys, k=1) == 0.8112781244591329 (H(1/4) bits), same series
        assert _quiet_plugin_te(self.xs, self.ys, history=1) == pytest.approx(
            0.8112781244591329, abs=1e-12
        )

    def test_local_values(self) -> None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", SmallSampleWarning)
            estimate = estimate_transfer_entropy(
                self.xs, self.ys, history=2, method="plugin", base=2, local=True
            )
        documented = [1.0, 0.0, 0.5849625, 0.5849625, 1.5849625, 0.0, 1.0]
        np.testing.assert_allclose(estimate.local_values, documented, atol=1e-7)
        assert estimate.local_values.mean() == pytest.approx(estimate.value, abs=1e-12)

    def test_two_trials(self) -> None:
        xs = [[1, 0, 0, 0, 0, 1, 1, 1, 1], [1, 1, 1, 1, 0, 0, 0, 1, 1]]
        ys = [[0, 0, 1, 1, 1, 1, 0, 0, 0], [1, 0, 0, 0, 0, 1, 1, 1, 0]]
        assert _quiet_plugin_te(xs, ys, history=2) == pytest.approx(0.693536138896192, abs=1e-12)

    def test_one_condition(self) -> None:
        value = _quiet_plugin_te(self.xs, self.ys, history=2, condition=self.ws)
        assert value == pytest.approx(0.2857142857142857, abs=1e-12)

    def test_two_conditions(self) -> None:
        ws = [[1, 0, 1, 0, 1, 1, 1, 1, 1], [1, 1, 0, 1, 0, 1, 1, 1, 1]]
        assert _quiet_plugin_te(self.xs, self.ys, history=2, condition=ws) == pytest.approx(
            0.0, abs=1e-12
        )

    def test_active_information(self) -> None:
        assert _quiet_plugin_ais(self.ys, history=2) == pytest.approx(0.3059584928680418, abs=1e-12)
        two = [[0, 0, 1, 1, 1, 1, 0, 0, 0], [1, 0, 0, 1, 0, 0, 1, 0, 0]]
        assert _quiet_plugin_ais(two, history=2) == pytest.approx(0.35987902873686084, abs=1e-12)


@pytest.mark.oracle
class TestAgainstPyInform:
    @pytest.mark.parametrize("seed", [0, 1, 2])
    @pytest.mark.parametrize("history", [1, 2, 3])
    def test_transfer_entropy(self, seed: int, history: int) -> None:
        pyinform = pytest.importorskip("pyinform")
        rng = np.random.default_rng(seed)
        shape = (3, 120) if seed == 2 else (300,)  # one trial, or several pooled
        x, y = rng.integers(0, 3, shape), rng.integers(0, 2, shape)
        y = np.where(rng.random(shape) < 0.5, np.roll(x, 1, axis=-1) % 2, y)  # some coupling
        expected = pyinform.transfer_entropy(x, y, k=history)
        assert _quiet_plugin_te(x, y, history=history) == pytest.approx(expected, abs=1e-10)
        local = pyinform.transfer_entropy(x, y, k=history, local=True)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", SmallSampleWarning)
            ours = estimate_transfer_entropy(
                x, y, history=history, method="plugin", base=2, local=True
            )
        np.testing.assert_allclose(ours.local_values, local.reshape(-1), atol=1e-10)

    @pytest.mark.parametrize("seed", [0, 1])
    @pytest.mark.parametrize("history", [1, 2])
    def test_conditional_transfer_entropy_one_trial(self, seed: int, history: int) -> None:
        pyinform = pytest.importorskip("pyinform")
        rng = np.random.default_rng(seed)
        x, y, w = (rng.integers(0, 2, 200) for _ in range(3))
        expected = pyinform.transfer_entropy(x, y, k=history, condition=w)
        value = _quiet_plugin_te(x, y, history=history, condition=w)
        assert value == pytest.approx(expected, abs=1e-10)

    @pytest.mark.parametrize("seed", [0, 1, 2])
    @pytest.mark.parametrize("history", [1, 2, 4])
    def test_active_information(self, seed: int, history: int) -> None:
        pyinform = pytest.importorskip("pyinform")
        rng = np.random.default_rng(seed)
        shape = (4, 80) if seed == 2 else (250,)
        series = rng.integers(0, 3, shape)
        series = np.where(rng.random(shape) < 0.6, np.roll(series, 1, axis=-1), series)
        expected = pyinform.active_info(series, k=history)
        assert _quiet_plugin_ais(series, history=history) == pytest.approx(expected, abs=1e-10)

    def test_conditional_transfer_entropy_of_trials_follows_the_definition(self) -> None:
        # With several trials AND a condition, PyInform 0.2.0 gives other values than the
        # pooled definition (its documented 0.3396 for the two-trial, two-condition example
        # is not I(Y_t; X_{t-1} | Y past, W_{t-1}) of the pooled samples; single-trial
        # conditions and multi-trial unconditioned TE agree). Check the definition directly.
        rng = np.random.default_rng(5)
        x, y, w = (rng.integers(0, 2, (3, 40)) for _ in range(3))
        rows = [(tr, t) for tr in range(3) for t in range(2, 40)]
        present = np.array([y[tr, t] for tr, t in rows])
        source = np.array([x[tr, t - 1] for tr, t in rows])
        past = np.array([[y[tr, t - 1], y[tr, t - 2], w[tr, t - 1]] for tr, t in rows])
        expected = estimate_conditional_mutual_information(
            present, source, past, method="plugin", base=2, discrete=True
        ).value
        assert _quiet_plugin_te(x, y, history=2, condition=w) == pytest.approx(expected, abs=1e-12)


class TestGaussian:
    def test_equals_half_the_granger_log_ratio(self) -> None:
        # a VAR(2) with a lag-2 coupling; history 2 and source history 2
        rng = np.random.default_rng(3)
        n = 3000
        x, y = np.zeros(n), np.zeros(n)
        for t in range(2, n):
            x[t] = 0.6 * x[t - 1] - 0.2 * x[t - 2] + rng.normal()
            y[t] = 0.3 * y[t - 1] + 0.1 * y[t - 2] + 0.4 * x[t - 2] + rng.normal()
        target = y[2:]
        own = np.column_stack([np.ones(n - 2), y[1:-1], y[:-2]])
        full = np.column_stack([own, x[1:-1], x[:-2]])

        def residual_variance(design: np.ndarray) -> float:
            coefficients = np.linalg.lstsq(design, target, rcond=None)[0]
            return float(np.mean((target - design @ coefficients) ** 2))

        granger = math.log(residual_variance(own) / residual_variance(full))
        te = estimate_transfer_entropy(x, y, history=2, source_history=2, method="gaussian")
        assert te.value == pytest.approx(granger / 2, abs=1e-10)
        assert te.std_error > 0

    def test_conditional_mutual_information_gaussian_method(self) -> None:
        # I(X;Y|Z) = -0.5 log(1 - partial correlation^2)
        rng = np.random.default_rng(0)
        z = rng.normal(size=2000)
        x = z + rng.normal(size=2000)
        y = 0.5 * x + z + rng.normal(size=2000)
        residual_x = x - np.polyval(np.polyfit(z, x, 1), z)
        residual_y = y - np.polyval(np.polyfit(z, y, 1), z)
        partial = np.corrcoef(residual_x, residual_y)[0, 1]
        value = estimate_conditional_mutual_information(x, y, z, method="gaussian").value
        assert value == pytest.approx(-0.5 * math.log(1 - partial**2), abs=1e-10)


@pytest.mark.slow
class TestCoupledAutoregressiveProcess:
    # TE(X -> Y), history 1: Y_t = a Y_{t-1} + c X_{t-1} + e_t. Given Y_{t-1}, X_{t-1} is still
    # N(0, 1) (X is iid, so Y_{t-1}, built from X_{t-2} and earlier, says nothing about it):
    # var(Y_t | Y_{t-1}) = c^2 + s^2 and var(Y_t | Y_{t-1}, X_{t-1}) = s^2, hence
    # TE = 0.5 log((c^2 + s^2) / s^2). TE(Y -> X) = 0: X_t is independent of every past.
    a, c, s = 0.5, 0.8, 1.0
    truth = 0.5 * math.log((0.8**2 + 1.0**2) / 1.0**2)

    @pytest.fixture(scope="class")
    @classmethod
    def series(cls) -> tuple[np.ndarray, np.ndarray]:
        return _coupled_ar(5000, cls.a, cls.c, cls.s, seed=11)

    @pytest.mark.parametrize("method", ["gaussian", "gaussian_copula", "ksg"])
    def test_forward_matches_the_closed_form(
        self, series: tuple[np.ndarray, np.ndarray], method: str
    ) -> None:
        x, y = series
        te = estimate_transfer_entropy(x, y, method=method, rng=0)  # type: ignore[arg-type]
        # within 4 standard errors, plus 0.01 nats for the kNN / copula bias at N = 5000
        assert abs(te.value - self.truth) < 4 * te.std_error + 0.01

    @pytest.mark.parametrize("method", ["gaussian", "gaussian_copula", "ksg"])
    def test_backward_is_zero(self, series: tuple[np.ndarray, np.ndarray], method: str) -> None:
        x, y = series
        te = estimate_transfer_entropy(y, x, method=method, rng=0)  # type: ignore[arg-type]
        assert abs(te.value) < 4 * te.std_error + 0.01

    def test_active_information_storage_matches_the_closed_form(
        self, series: tuple[np.ndarray, np.ndarray]
    ) -> None:
        # stationary var(Y) = (c^2 + s^2) / (1 - a^2); A = 0.5 log(var(Y) / (c^2 + s^2))
        _, y = series
        truth = 0.5 * math.log(1 / (1 - self.a**2))
        for method in ("gaussian", "ksg"):
            ais = estimate_active_information_storage(y, method=method, rng=0)  # type: ignore[arg-type]
            assert abs(ais.value - truth) < 4 * ais.std_error + 0.01


class TestSurrogates:
    @pytest.mark.parametrize("surrogate", ["circular_shift", "block_permutation"])
    def test_coupled_is_significant_and_uncoupled_is_not(self, surrogate: str) -> None:
        x, y = _coupled_ar(800, 0.5, 0.5, 1.0, seed=2)
        coupled = transfer_entropy_test(
            x,
            y,
            method="gaussian",
            surrogate=surrogate,  # type: ignore[arg-type]
            n_surrogates=99,
            rng=0,
        )
        assert coupled.p_value == pytest.approx(0.01)  # no surrogate reaches the data
        assert coupled.method == surrogate
        assert coupled.n_permutations == 99
        assert coupled.statistic == pytest.approx(
            estimate_transfer_entropy(x, y, method="gaussian").value, abs=1e-12
        )
        uncoupled = transfer_entropy_test(
            y,
            x,
            method="gaussian",
            surrogate=surrogate,  # type: ignore[arg-type]
            n_surrogates=99,
            rng=0,
        )
        assert uncoupled.p_value > 0.05

    def test_ksg_surrogates(self) -> None:
        x, y = _coupled_ar(600, 0.5, 0.8, 1.0, seed=4)
        assert transfer_entropy_test(x, y, method="ksg", n_surrogates=19, rng=1).p_value == 0.05

    def test_seeded_reproducible(self) -> None:
        x, y = _coupled_ar(300, 0.5, 0.1, 1.0, seed=6)
        first = transfer_entropy_test(x, y, method="gaussian", n_surrogates=30, rng=7)
        second = transfer_entropy_test(x, y, method="gaussian", n_surrogates=30, rng=7)
        assert first == second
        other = transfer_entropy_test(x, y, method="gaussian", n_surrogates=30, rng=8)
        assert other.null_mean != first.null_mean

    def test_circular_shift_is_a_rotation_and_block_permutation_keeps_blocks(self) -> None:
        from infokit.estimators._embedding import block_permutation, circular_shift

        values = np.arange(20).reshape(2, 10)
        rotated = circular_shift(values, np.random.default_rng(0), 2)
        for row, original in zip(rotated, values, strict=True):
            shift = int(np.flatnonzero(row == original[0])[0])
            assert 2 <= shift <= 8
            np.testing.assert_array_equal(row, np.roll(original, shift))
        shuffled = block_permutation(values, np.random.default_rng(0), 3)
        for row, original in zip(shuffled, values, strict=True):
            blocks = sorted(tuple(original[i : i + 3]) for i in range(0, 10, 3))
            starts = [i for i in range(10) if row[i] % 10 in (0, 3, 6, 9)]
            pieces = sorted(tuple(row[s : s + (1 if row[s] % 10 == 9 else 3)]) for s in starts)
            assert pieces == blocks

    def test_discrete_plugin_test(self) -> None:
        rng = np.random.default_rng(0)
        x = rng.integers(0, 2, 400)
        y = np.r_[0, x[:-1]] ^ (rng.random(400) < 0.1)
        assert transfer_entropy_test(x, y, method="plugin", n_surrogates=49, rng=0).p_value == 0.02


class TestLocalValues:
    def test_plugin_mean_is_the_estimate(self) -> None:
        rng = np.random.default_rng(1)
        x = rng.integers(0, 2, (2, 300))
        y = np.roll(x, 1, axis=1) ^ (rng.random((2, 300)) < 0.2)
        te = estimate_transfer_entropy(x, y, history=2, method="plugin", local=True)
        assert te.local_values.shape == (2 * 298,)
        assert te.local_values.mean() == pytest.approx(te.value, abs=1e-12)
        ais = estimate_active_information_storage(y, history=3, method="plugin", local=True)
        assert ais.local_values.mean() == pytest.approx(ais.value, abs=1e-12)

    def test_ksg_mean_is_the_estimate(self) -> None:
        x, y = _coupled_ar(1000, 0.5, 0.8, 1.0, seed=0)
        for theiler in (None, 4):
            te = estimate_transfer_entropy(x, y, method="ksg", local=True, theiler=theiler, rng=0)
            assert te.local_values.mean() == pytest.approx(te.value, abs=1e-12)
        ais = estimate_active_information_storage(y, method="ksg", local=True, rng=0)
        assert ais.local_values.mean() == pytest.approx(ais.value, abs=1e-12)

    def test_methods_without_local_values_refuse(self) -> None:
        x, y = _coupled_ar(100, 0.5, 0.8, 1.0, seed=0)
        with pytest.raises(InvalidParameterError, match="`local=True` needs"):
            estimate_transfer_entropy(x, y, method="gaussian", local=True)


def _brute_frenzel_pompe(
    x: np.ndarray, y: np.ndarray, z: np.ndarray, k: int, times: np.ndarray, window: int
) -> float:
    """Frenzel–Pompe CMI with every pair |t_i - t_j| <= window (incl. i = j) left out."""

    def distances(points: np.ndarray) -> np.ndarray:
        return np.abs(points[:, None, :] - points[None, :, :]).max(axis=2)

    excluded = np.abs(times[:, None] - times[None, :]) <= window
    joint = distances(np.hstack([x, y, z]))
    radii = np.sort(np.where(excluded, np.inf, joint), axis=1)[:, k - 1]

    def count(points: np.ndarray) -> np.ndarray:
        inside = (distances(points) < radii[:, None]) & ~excluded
        return inside.sum(axis=1)

    n_xz, n_yz, n_z = count(np.hstack([x, z])), count(np.hstack([y, z])), count(z)
    return float(np.mean(digamma(k) - digamma(n_xz + 1) - digamma(n_yz + 1) + digamma(n_z + 1)))


class TestTheilerWindow:
    @pytest.fixture(scope="class")
    @classmethod
    def slow_series(cls) -> np.ndarray:
        rng = np.random.default_rng(9)
        series = np.zeros(400)
        for t in range(1, 400):
            series[t] = 0.98 * series[t - 1] + 0.1 * rng.normal()
        return series

    def test_window_changes_the_neighbours(self, slow_series: np.ndarray) -> None:
        points = np.column_stack([slow_series[1:], slow_series[:-1]])
        times = np.arange(1, 400)
        trials = np.zeros(399, dtype=np.intp)
        plain = kth_neighbor_distances_excluding(points, 3, TimeExclusion(times, trials, 0))
        windowed = kth_neighbor_distances_excluding(points, 3, TimeExclusion(times, trials, 10))
        # a slow trajectory's nearest neighbours are often its own time neighbours: leaving
        # those out moves the k-th neighbour of over a third of the points (35% here)
        assert np.mean(windowed > plain) > 0.25
        assert np.all(windowed >= plain)

    @pytest.mark.parametrize("window", [0, 1, 5, 40])
    def test_kernel_matches_brute_force(self, slow_series: np.ndarray, window: int) -> None:
        rng = np.random.default_rng(window)
        n = 150
        x = slow_series[1 : n + 1, None]
        z = slow_series[:n, None]
        y = rng.normal(size=(n, 1)) + 0.3 * z
        times = np.arange(n)
        exclusion = TimeExclusion(times, np.zeros(n, dtype=np.intp), window)
        value, _ = ksg_conditional_mutual_information(x, y, z, n_neighbors=3, exclusion=exclusion)
        expected = _brute_frenzel_pompe(x, y, z, 3, times, window)
        assert value == pytest.approx(expected, abs=1e-12)

    def test_brute_force_fallback_matches_tree(self, slow_series: np.ndarray) -> None:
        points = np.column_stack([slow_series[1:], slow_series[:-1]])
        times = np.arange(399)
        trials = np.repeat([0, 1], [200, 199])  # two trials: no exclusion across them
        exclusion = TimeExclusion(times, trials, 60)  # k + 2w > n / 4: brute-force blocks
        found = kth_neighbor_distances_excluding(points, 2, exclusion)
        gaps = np.abs(points[:, None, :] - points[None, :, :]).max(axis=2)
        masked = np.where(
            (trials[:, None] == trials[None, :]) & (np.abs(times[:, None] - times) <= 60),
            np.inf,
            gaps,
        )
        np.testing.assert_array_equal(found, np.sort(masked, axis=1)[:, 1])
        radii = found * 1.5
        counted = count_within_excluding(points, radii, exclusion)
        np.testing.assert_array_equal(counted, (masked < radii[:, None]).sum(axis=1))

    def test_front_end_without_window_is_the_cmi_of_the_embedding(self) -> None:
        x, y = _coupled_ar(500, 0.5, 0.8, 1.0, seed=1)
        te = estimate_transfer_entropy(x, y, history=2, method="ksg", rng=3, uncertainty="none")
        cmi = estimate_conditional_mutual_information(
            y[2:], x[1:-1], np.column_stack([y[1:-1], y[:-2]]), method="ksg", rng=3,
            uncertainty="none",
        )  # fmt: skip
        assert te.value == cmi.value

    def test_window_needs_enough_samples(self) -> None:
        x, y = _coupled_ar(20, 0.5, 0.8, 1.0, seed=1)
        with pytest.raises(InvalidParameterError, match="`theiler`=9"):
            estimate_transfer_entropy(x, y, method="ksg", theiler=9, uncertainty="none")

    def test_window_needs_ksg(self) -> None:
        x, y = _coupled_ar(100, 0.5, 0.8, 1.0, seed=1)
        with pytest.raises(InvalidParameterError, match="`theiler`"):
            estimate_transfer_entropy(x, y, method="gaussian", theiler=2)


class TestValidation:
    x = np.arange(30.0) % 7 + np.linspace(0, 1, 30)
    y = np.sin(np.arange(30.0))

    @pytest.mark.parametrize("name", ["history", "source_history", "delay"])
    def test_lags_must_be_positive(self, name: str) -> None:
        with pytest.raises(InvalidParameterError, match=f"`{name}` must be a positive integer"):
            estimate_transfer_entropy(self.x, self.y, **{name: 0})  # type: ignore[arg-type]

    def test_series_shorter_than_the_embedding(self) -> None:
        with pytest.raises(ShapeError, match="each trial needs at least 7 time steps"):
            estimate_transfer_entropy(self.x[:6], self.y[:6], history=2, delay=3, source_history=3)

    def test_mismatched_lengths(self) -> None:
        with pytest.raises(ShapeError, match="`source` and `target` must have the same shape"):
            estimate_transfer_entropy(self.x, self.y[:-1])

    def test_nan(self) -> None:
        bad = self.y.copy()
        bad[4] = np.nan
        with pytest.raises(InvalidParameterError, match="`target` must be finite"):
            estimate_transfer_entropy(self.x, bad)
        with pytest.raises(InvalidParameterError, match="`series` must be finite"):
            estimate_active_information_storage(bad)

    def test_condition_shape(self) -> None:
        with pytest.raises(ShapeError, match="`condition` must have the shape of `target`"):
            estimate_transfer_entropy(self.x, self.y, condition=self.y[:-2])

    def test_three_dimensional_series(self) -> None:
        with pytest.raises(ShapeError, match="`target` must be a time series of shape"):
            estimate_transfer_entropy(np.zeros((2, 2, 5)), np.zeros((2, 2, 5)))

    def test_discrete_method_on_continuous_series(self) -> None:
        with pytest.raises(InvalidParameterError, match="counts labels, but `target`"):
            estimate_transfer_entropy([0, 1] * 15, self.y, method="plugin")

    def test_surrogate_options(self) -> None:
        with pytest.raises(InvalidParameterError, match="`surrogate` must be one of"):
            transfer_entropy_test(self.x, self.y, surrogate="shuffle")  # type: ignore[arg-type]
        with pytest.raises(InvalidParameterError, match="`min_shift` must be"):
            transfer_entropy_test(self.x, self.y, method="gaussian", min_shift=20)
        with pytest.raises(InvalidParameterError, match="`block_length` applies"):
            transfer_entropy_test(self.x, self.y, method="gaussian", block_length=3)
