"""The 20-dimensional correlated Gaussian of Song & Ermon (2020) with the exact critic.

x, y in R^20 with componentwise correlation rho and I(X; Y) = -10 log(1 - rho^2) nats;
the critic is the exact log density ratio f(x, y) = log p(y|x) - log p(y) (NWJ's optimal
critic is f + 1). Batches of N = 64, 200 batches, seed 0. Reference figures (mean and std
over batches) from the task brief:

    I = 10: InfoNCE 4.125 +- 0.034, NWJ 10.27 +- 1.62, DV 11.28 +- 1.38
    I = 2:  InfoNCE 1.831 +- 0.200, NWJ 2.021 +- 0.260

A Monte Carlo reproduction differs by noise: means must lie within 3 standard errors
(reference std / sqrt(200)) of the reference; stds within 25 % (50 % for NWJ and DV at
I = 10, whose batch values are heavy-tailed: over seeds 0-2 the NWJ std was 1.50-2.61).
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from infokit.bounds import (
    club_upper_bound,
    donsker_varadhan_lower_bound,
    infonce_ceiling,
    infonce_lower_bound,
    leave_one_out_upper_bound,
    nwj_lower_bound,
)
from tests.bounds.reference import gaussian_log_ratio_scores

N_BATCHES, BATCH_SIZE = 200, 64

REFERENCE = {  # (true MI, bound): (mean, std, relative tolerance on the std)
    (10.0, "infonce"): (4.125, 0.034, 0.25),
    (10.0, "nwj"): (10.27, 1.62, 0.5),
    (10.0, "donsker_varadhan"): (11.28, 1.38, 0.5),
    (2.0, "infonce"): (1.831, 0.200, 0.25),
    (2.0, "nwj"): (2.021, 0.260, 0.25),
}


@pytest.fixture(scope="module")
def estimates() -> dict[float, dict[str, np.ndarray]]:
    results = {}
    for mutual_information in (10.0, 2.0):
        rng = np.random.default_rng(0)
        f = gaussian_log_ratio_scores(rng, mutual_information, n_batches=N_BATCHES, n=BATCH_SIZE)
        results[mutual_information] = {
            "infonce": infonce_lower_bound(f),
            "nwj": nwj_lower_bound(f + 1.0),  # NWJ's optimal critic is 1 + log ratio
            "donsker_varadhan": donsker_varadhan_lower_bound(f),
            # Column constants (log p(y_j)) cancel in both: f works as log q(y_j | x_i).
            "club": club_upper_bound(f),
            "leave_one_out": leave_one_out_upper_bound(f),
        }
    return results


@pytest.mark.parametrize(("mutual_information", "bound"), sorted(REFERENCE))
def test_reproduces_the_reference_figures(estimates, mutual_information, bound) -> None:
    mean, std, std_tolerance = REFERENCE[mutual_information, bound]
    values = estimates[mutual_information][bound]
    assert values.shape == (N_BATCHES,)
    standard_error = std / math.sqrt(N_BATCHES)
    assert abs(values.mean() - mean) <= 3 * standard_error, (values.mean(), mean)
    assert values.std() == pytest.approx(std, rel=std_tolerance)


def test_infonce_stays_below_log_n_on_every_batch(estimates) -> None:
    assert np.all(estimates[10.0]["infonce"] < infonce_ceiling(BATCH_SIZE))


def test_nwj_is_unbiased_and_dv_biased_up(estimates) -> None:
    # With a fixed critic NWJ's batch estimate averages its population bound, exactly I.
    # Checked at I = 2 only: at I = 10 the off-diagonal e^f has variance ~e^(2I), so the
    # sample std (1.6) badly understates the true one and the typical batch lies above I.
    nwj = estimates[2.0]["nwj"]
    assert abs(nwj.mean() - 2.0) <= 3 * nwj.std() / math.sqrt(N_BATCHES)
    dv = estimates[10.0]["donsker_varadhan"]  # E[-log Z_hat] > -log E[Z_hat] = 0
    assert dv.mean() - 10.0 > 3 * dv.std() / math.sqrt(N_BATCHES)


@pytest.mark.parametrize("mutual_information", [10.0, 2.0])
def test_upper_bounds_lie_above_the_true_value(estimates, mutual_information) -> None:
    club = estimates[mutual_information]["club"]
    leave_one_out = estimates[mutual_information]["leave_one_out"]
    assert leave_one_out.mean() > mutual_information
    assert club.mean() > leave_one_out.mean()
