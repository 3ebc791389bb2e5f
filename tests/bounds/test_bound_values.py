"""Values of the bounds: written-out oracles, exact identities, units, shapes and errors (NumPy)."""

from __future__ import annotations

import math
import re

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy.special import log_softmax, logsumexp

from infokit.bounds import (
    club_upper_bound,
    donsker_varadhan_lower_bound,
    infonce_ceiling,
    infonce_lower_bound,
    jensen_shannon_lower_bound,
    leave_one_out_upper_bound,
    mine_lower_bound,
    nwj_lower_bound,
    smile_lower_bound,
    tuba_lower_bound,
)
from infokit.errors import InvalidDistributionError, InvalidParameterError, ShapeError
from tests.bounds import reference

SCORE_FUNCTIONS = {
    "infonce": (infonce_lower_bound, reference.infonce),
    "nwj": (nwj_lower_bound, reference.nwj),
    "donsker_varadhan": (donsker_varadhan_lower_bound, reference.donsker_varadhan),
    "smile_5": (smile_lower_bound, lambda f: reference.smile(f, 5.0)),
    "smile_1": (
        lambda f, **kw: smile_lower_bound(f, clip=1.0, **kw),
        lambda f: reference.smile(f, 1.0),
    ),
    "jensen_shannon": (jensen_shannon_lower_bound, lambda f: reference.nwj(np.asarray(f) + 1)),
    "mine": (lambda f, **kw: mine_lower_bound(f, **kw).value, reference.donsker_varadhan),
    "club": (club_upper_bound, reference.club),
    "leave_one_out": (leave_one_out_upper_bound, reference.leave_one_out),
}
ALL_FUNCTIONS = {name: pair[0] for name, pair in SCORE_FUNCTIONS.items()}
ALL_FUNCTIONS["tuba"] = lambda f, **kw: tuba_lower_bound(f, 0.5, **kw)


def score_matrices(max_size: int = 6, bound: float = 12.0):
    """Square float64 matrices of side 2..max_size with entries in [-bound, bound]."""
    return st.integers(2, max_size).flatmap(
        lambda n: arrays(
            np.float64, (n, n), elements=st.floats(-bound, bound, allow_nan=False, width=64)
        )
    )


def _matrix(seed: int, n: int, scale: float = 3.0) -> np.ndarray:
    return scale * np.random.default_rng(seed).standard_normal((n, n))


class TestAgainstWrittenOutFormulas:
    @pytest.mark.parametrize("name", sorted(SCORE_FUNCTIONS))
    @pytest.mark.parametrize(("seed", "n"), [(0, 2), (1, 3), (2, 5), (3, 8)])
    def test_equals_the_sum_over_pairs(self, name, seed, n) -> None:
        function, oracle = SCORE_FUNCTIONS[name]
        f = _matrix(seed, n)
        result = function(f)
        assert isinstance(result, np.ndarray | np.generic)
        assert result.shape == ()
        assert result.dtype == np.float64
        assert float(result) == pytest.approx(oracle(f.tolist()), rel=1e-12, abs=1e-12)

    @pytest.mark.parametrize(("seed", "n"), [(4, 2), (5, 4), (6, 7)])
    def test_tuba_with_a_baseline_per_column(self, seed, n) -> None:
        f = _matrix(seed, n)
        log_a = np.random.default_rng(seed + 10).standard_normal(n)
        expected = reference.tuba(f.tolist(), log_a.tolist())
        assert float(tuba_lower_bound(f, log_a)) == pytest.approx(expected, rel=1e-12)
        # A number is the same baseline for every y_j.
        assert float(tuba_lower_bound(f, 0.7)) == pytest.approx(
            reference.tuba(f.tolist(), [0.7] * n), rel=1e-12
        )

    def test_worked_example_by_hand(self) -> None:
        # f = 2 on the diagonal, 0 elsewhere, N = 3: every off-diagonal exp is 1.
        f = 2 * np.eye(3)
        assert float(donsker_varadhan_lower_bound(f)) == 2.0
        assert float(nwj_lower_bound(f)) == pytest.approx(2 - math.exp(-1), rel=1e-15)
        column = math.log((math.exp(2) + 2) / 3)
        assert float(infonce_lower_bound(f)) == pytest.approx(2 - column, rel=1e-15)
        assert float(jensen_shannon_lower_bound(f)) == pytest.approx(2.0, rel=1e-15)  # 1 + 2 - 1
        # CLUB of the same matrix as log-likelihoods: 2 - (6 / 9); L1Out: 2 - log 1.
        assert float(club_upper_bound(f)) == pytest.approx(2 - 2 / 3, rel=1e-15)
        assert float(leave_one_out_upper_bound(f)) == 2.0


class TestIdentities:
    @given(f=score_matrices())
    def test_infonce_is_log_n_plus_mean_diagonal_log_softmax(self, f) -> None:
        n = f.shape[0]
        expected = math.log(n) + np.mean(np.diagonal(log_softmax(f, axis=0)))
        assert float(infonce_lower_bound(f)) == pytest.approx(expected, rel=1e-12, abs=1e-12)

    @given(f=score_matrices(bound=50.0))
    def test_infonce_never_exceeds_log_n(self, f) -> None:
        assert float(infonce_lower_bound(f)) <= infonce_ceiling(f.shape[0]) + 1e-12

    @given(f=score_matrices(), shift=st.lists(st.floats(-5, 5), min_size=6, max_size=6))
    def test_infonce_ignores_a_function_of_y_and_dv_a_constant(self, f, shift) -> None:
        column_shift = np.asarray(shift[: f.shape[0]])
        assert float(infonce_lower_bound(f + column_shift)) == pytest.approx(
            float(infonce_lower_bound(f)), abs=1e-11
        )
        assert float(donsker_varadhan_lower_bound(f + shift[0])) == pytest.approx(
            float(donsker_varadhan_lower_bound(f)), abs=1e-11
        )

    @given(f=score_matrices())
    def test_dv_is_at_least_nwj_since_log_z_is_at_most_z_over_e(self, f) -> None:
        assert float(donsker_varadhan_lower_bound(f)) >= float(nwj_lower_bound(f)) - 1e-12

    @given(f=score_matrices())
    def test_nwj_is_tuba_with_baseline_e(self, f) -> None:
        assert float(tuba_lower_bound(f, 1.0)) == pytest.approx(
            float(nwj_lower_bound(f)), rel=1e-12, abs=1e-12
        )

    @given(f=score_matrices())
    def test_tuba_with_off_diagonal_column_means_is_the_joint_term_alone(self, f) -> None:
        # a(y_j) = mean_{i != j} e^{f_ij} makes the marginal term exactly 1.
        n = f.shape[0]
        masked = np.where(np.eye(n, dtype=bool), -np.inf, f)
        log_a = logsumexp(masked, axis=0) - math.log(n - 1)
        expected = np.mean(np.diagonal(f) - log_a)
        assert float(tuba_lower_bound(f, log_a)) == pytest.approx(expected, rel=1e-11, abs=1e-11)

    @given(f=score_matrices())
    def test_tuba_with_column_log_mean_exp_is_infonce_plus_a_softmax_term(self, f) -> None:
        # a(y_j) = (1/N) sum_i e^{f_ij}: TUBA = InfoNCE + (N * mean_j pi_jj - 1) / (N - 1),
        # pi the softmax down each column (derivation in tuba_lower_bound's Notes).
        n = f.shape[0]
        log_a = logsumexp(f, axis=0) - math.log(n)
        mean_pi = np.mean(np.exp(np.diagonal(log_softmax(f, axis=0))))
        expected = float(infonce_lower_bound(f)) + (n * mean_pi - 1) / (n - 1)
        assert float(tuba_lower_bound(f, log_a)) == pytest.approx(expected, rel=1e-11, abs=1e-11)

    @given(f=score_matrices())
    def test_smile_without_clipping_is_dv(self, f) -> None:
        dv = float(donsker_varadhan_lower_bound(f))
        assert float(smile_lower_bound(f, clip=math.inf)) == dv
        # A threshold above every score clips nothing either.
        wide = float(np.max(np.abs(f))) + 1.0
        assert float(smile_lower_bound(f, clip=wide)) == pytest.approx(dv, rel=1e-13, abs=1e-13)

    @given(f=score_matrices())
    def test_smile_value_does_not_depend_on_the_gradient_choice(self, f) -> None:
        a = float(smile_lower_bound(f, gradient="jensen_shannon"))
        b = float(smile_lower_bound(f, gradient="smile"))
        assert a == pytest.approx(b, rel=1e-12, abs=1e-12)

    @given(f=score_matrices())
    def test_jensen_shannon_value_is_nwj_of_the_shifted_critic(self, f) -> None:
        assert float(jensen_shannon_lower_bound(f)) == pytest.approx(
            float(nwj_lower_bound(f + 1.0)), rel=1e-12, abs=1e-12
        )

    @given(f=score_matrices())
    def test_mine_value_is_dv_whatever_the_state(self, f) -> None:
        dv = float(donsker_varadhan_lower_bound(f))
        assert float(mine_lower_bound(f).value) == pytest.approx(dv, rel=1e-12, abs=1e-12)
        state = mine_lower_bound(f, log_moving_average=3.0, momentum=0.5)
        assert float(state.value) == pytest.approx(dv, rel=1e-12, abs=1e-12)

    @given(f=score_matrices())
    def test_club_scaled_by_n_over_n_minus_1_bounds_leave_one_out(self, f) -> None:
        # Jensen: log mean_{i!=j} q_ij >= mean_{i!=j} log q_ij, and
        # CLUB = (N-1)/N * mean_j (log q_jj - mean_{i!=j} log q_ij).
        n = f.shape[0]
        club = float(club_upper_bound(f))
        assert n / (n - 1) * club >= float(leave_one_out_upper_bound(f)) - 1e-10


class TestMineState:
    def test_moving_average_follows_its_recursion(self) -> None:
        rng = np.random.default_rng(7)
        batches = [rng.standard_normal((4, 4)) for _ in range(4)]
        momentum, state, average = 0.8, None, None
        for f in batches:
            partition = math.exp(-float(donsker_varadhan_lower_bound(f)) + np.mean(np.diag(f)))
            average = (
                partition if average is None else momentum * average + (1 - momentum) * partition
            )
            result = mine_lower_bound(f, log_moving_average=state, momentum=momentum)
            state = result.log_moving_average
            assert math.exp(float(state)) == pytest.approx(average, rel=1e-12)

    def test_state_is_in_nats_whatever_the_base(self) -> None:
        f = _matrix(8, 5)
        nats, bits = mine_lower_bound(f), mine_lower_bound(f, base=2)
        assert float(bits.log_moving_average) == float(nats.log_moving_average)
        assert float(bits.value) == pytest.approx(float(nats.value) / math.log(2), rel=1e-13)

    def test_one_state_per_matrix_of_a_batch(self) -> None:
        f = np.stack([_matrix(9, 4), _matrix(10, 4)])
        first = mine_lower_bound(f)
        second = mine_lower_bound(f, log_moving_average=first.log_moving_average)
        assert first.log_moving_average.shape == second.log_moving_average.shape == (2,)
        with pytest.raises(ShapeError, match="`log_moving_average` must broadcast to the batch"):
            mine_lower_bound(f, log_moving_average=np.zeros(3))

    @pytest.mark.parametrize("momentum", [1.0, -0.1, True, "0.9"])
    def test_bad_momentum(self, momentum) -> None:
        with pytest.raises(InvalidParameterError, match=r"`momentum` must be a number in \[0, 1\)"):
            mine_lower_bound(np.eye(3), momentum=momentum)


class TestUnitsAndCeiling:
    @pytest.mark.parametrize("name", sorted(ALL_FUNCTIONS))
    def test_base_divides_by_log_base(self, name) -> None:
        function = ALL_FUNCTIONS[name]
        f = _matrix(11, 4)
        nats = float(function(f))
        assert float(function(f, base=2)) == pytest.approx(nats / math.log(2), rel=1e-13)
        assert float(function(f, base="hartleys")) == pytest.approx(nats / math.log(10), rel=1e-13)

    def test_ceiling(self) -> None:
        assert infonce_ceiling(64) == math.log(64)
        assert infonce_ceiling(1024, base="bits") == 10.0
        assert infonce_ceiling(1) == 0.0
        for bad in (0, 2.0, True):
            with pytest.raises(InvalidParameterError, match="`batch_size` must be a positive"):
                infonce_ceiling(bad)

    def test_a_perfect_critic_reaches_the_ceiling(self) -> None:
        # Joint pairs scored infinitely above the rest: InfoNCE is exactly log N.
        f = np.where(np.eye(16, dtype=bool), 0.0, -np.inf)
        assert float(infonce_lower_bound(f)) == math.log(16)


class TestValidation:
    @pytest.mark.parametrize("name", sorted(ALL_FUNCTIONS))
    def test_shapes(self, name) -> None:
        function = ALL_FUNCTIONS[name]
        argument = "log_q" if name in ("club", "leave_one_out") else "scores"
        with pytest.raises(
            ShapeError, match=f"`{argument}` must be square .* got shape \\(3, 4\\)"
        ):
            function(np.zeros((3, 4)))
        with pytest.raises(ShapeError, match=f"`{argument}` must have at least two dimensions"):
            function(np.zeros(3))
        with pytest.raises(ShapeError, match=f"`{argument}` must hold at least 2 samples"):
            function(np.zeros((5, 1, 1)))

    @pytest.mark.parametrize("name", sorted(ALL_FUNCTIONS))
    @pytest.mark.parametrize("bad", [math.nan, math.inf])
    def test_nan_and_plus_inf_are_refused(self, name, bad) -> None:
        function = ALL_FUNCTIONS[name]
        argument = "log_q" if name in ("club", "leave_one_out") else "scores"
        for index in [(0, 0), (1, 2)]:
            f = _matrix(12, 3)
            f[index] = bad
            with pytest.raises(
                InvalidDistributionError,
                match=f"`{argument}` must not hold NaN or \\+inf .* got {bad} at index "
                + re.escape(str(index)),
            ):
                function(f)

    def test_minus_inf_is_a_ruled_out_pair(self) -> None:
        f = _matrix(13, 4)
        f[0, 1] = -math.inf
        for function in (
            infonce_lower_bound,
            donsker_varadhan_lower_bound,
            leave_one_out_upper_bound,
        ):
            assert math.isfinite(float(function(f)))
        f[2, 2] = -math.inf  # a joint pair judged impossible: the bound is -inf, not NaN
        assert float(infonce_lower_bound(f)) == -math.inf
        assert float(leave_one_out_upper_bound(f)) == -math.inf

    def test_tuba_baseline(self) -> None:
        f = _matrix(14, 3)
        with pytest.raises(
            ShapeError, match=r"`log_baseline` must broadcast to .* \(3,\).*got shape \(4,\)"
        ):
            tuba_lower_bound(f, np.zeros(4))
        with pytest.raises(InvalidDistributionError, match="`log_baseline` must not hold NaN"):
            tuba_lower_bound(f, np.array([0.0, math.nan, 0.0]))

    @pytest.mark.parametrize("clip", [0.0, -1.0, None, "5"])
    def test_smile_options(self, clip) -> None:
        with pytest.raises(InvalidParameterError, match="`clip` must be a positive number"):
            smile_lower_bound(np.eye(3), clip=clip)
        with pytest.raises(InvalidParameterError, match="`gradient` must be one of"):
            smile_lower_bound(np.eye(3), gradient="dv")

    def test_lists_and_integers_become_float64(self) -> None:
        result = donsker_varadhan_lower_bound([[1, 0], [0, 1]])
        assert result.dtype == np.float64
        assert float(result) == 1.0

    def test_bad_base(self) -> None:
        with pytest.raises(InvalidParameterError, match="`base` must be a positive number"):
            infonce_lower_bound(np.eye(3), base=1)


class TestStability:
    def test_large_scores_stay_finite_and_exact(self) -> None:
        f = 1e4 * np.eye(3) + 5e3
        assert float(donsker_varadhan_lower_bound(f)) == pytest.approx(1e4, rel=1e-12)
        assert float(infonce_lower_bound(f)) == pytest.approx(math.log(3), rel=1e-12)
        assert float(leave_one_out_upper_bound(f)) == pytest.approx(1e4, rel=1e-12)
        assert float(smile_lower_bound(f, clip=5.0)) == pytest.approx(1.5e4 - 5, rel=1e-12)

    def test_nwj_overflow_is_minus_inf_without_warning(self) -> None:
        # mean exp(f - 1) = e^799 exceeds the float64 range: the bound is -inf, rounded.
        f = np.full((3, 3), 800.0)
        assert float(nwj_lower_bound(f)) == -math.inf
        assert float(jensen_shannon_lower_bound(f)) == -math.inf
        assert float(tuba_lower_bound(f, 0.0)) == -math.inf

    def test_float32_stays_float32(self) -> None:
        f = np.float32(60) * np.eye(4, dtype=np.float32)  # exp(60) is finite, 60 < 89
        for function in ALL_FUNCTIONS.values():
            assert function(f).dtype == np.float32
        assert float(donsker_varadhan_lower_bound(f)) == pytest.approx(60.0, rel=1e-6)
