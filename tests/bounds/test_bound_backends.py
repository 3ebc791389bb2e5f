"""Every bound on every array library (NumPy, array-api-strict, torch, JAX), and batches of matrices."""

from __future__ import annotations

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

FUNCTIONS = {
    "infonce": infonce_lower_bound,
    "nwj": nwj_lower_bound,
    "donsker_varadhan": donsker_varadhan_lower_bound,
    "smile": smile_lower_bound,
    "smile_inf": lambda f: smile_lower_bound(f, clip=float("inf")),
    "jensen_shannon": jensen_shannon_lower_bound,
    "mine": lambda f: mine_lower_bound(f).value,
    "club": club_upper_bound,
    "leave_one_out": leave_one_out_upper_bound,
}

SCORES = 3 * np.random.default_rng(0).standard_normal((2, 3, 6, 6))
BASELINE = np.random.default_rng(1).standard_normal((3, 6))


@pytest.mark.parametrize("name", sorted(FUNCTIONS))
def test_each_library_equals_numpy(name, backend, assert_close) -> None:
    function = FUNCTIONS[name]
    assert_close(function(backend.asarray(SCORES)), function(SCORES), rtol=1e-12, atol=1e-12)


def test_tuba_and_mine_state_on_each_library(backend, assert_close) -> None:
    scores, baseline = backend.asarray(SCORES), backend.asarray(BASELINE)
    assert_close(tuba_lower_bound(scores, baseline), tuba_lower_bound(SCORES, BASELINE))
    first = mine_lower_bound(scores)
    second = mine_lower_bound(scores + 1, log_moving_average=first.log_moving_average, base=2)
    expected = mine_lower_bound(
        SCORES + 1, log_moving_average=mine_lower_bound(SCORES).log_moving_average, base=2
    )
    assert_close(second.value, expected.value)
    assert_close(second.log_moving_average, expected.log_moving_average)


@pytest.mark.parametrize("name", sorted(FUNCTIONS))
def test_leading_axes_equal_a_loop(name) -> None:
    function = FUNCTIONS[name]
    result = function(SCORES)
    assert result.shape == (2, 3)
    for index in np.ndindex(2, 3):
        assert result[index] == pytest.approx(float(function(SCORES[index])), rel=1e-13, abs=1e-13)


def test_tuba_baseline_broadcasts_over_the_batch() -> None:
    result = tuba_lower_bound(SCORES, BASELINE)  # (3, 6) against scores (2, 3, 6, 6)
    for index in np.ndindex(2, 3):
        expected = float(tuba_lower_bound(SCORES[index], BASELINE[index[1]]))
        assert result[index] == pytest.approx(expected, rel=1e-13)


def test_float32_torch_stays_float32() -> None:
    torch = pytest.importorskip("torch")
    scores = torch.tensor(SCORES, dtype=torch.float32)
    for function in FUNCTIONS.values():
        result = function(scores)
        assert result.dtype == torch.float32
        np.testing.assert_allclose(result.numpy(), function(SCORES), rtol=1e-5, atol=1e-5)
