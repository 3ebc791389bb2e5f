"""Ordinary edge cases of the sample estimators (issue #14): huge counts, scale, ties, names."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest

import infokit
from infokit.estimators.discrete.engine import DISCRETE_METHODS
from infokit.estimators.discrete.methods import jackknife

METHODS = tuple(m for m in DISCRETE_METHODS if m != "auto")


class TestHugeCounts:
    @pytest.mark.parametrize("count", [10**12, 10**15])
    @pytest.mark.parametrize("method", METHODS)
    def test_equal_huge_counts_give_log_3(self, method, count):
        # Every bias correction is O(1/N) = O(1e-12) here, so each method is log 3 to 1e-9.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            result = infokit.estimate_entropy_from_counts([count] * 3, method=method)
        assert float(result.value) == pytest.approx(math.log(3), abs=1e-9)

    def test_jackknife_at_huge_counts_is_miller_madow_limit(self):
        # Jackknife = plug-in + (m - 1) / (2N) + O(1/N^2): the correction itself is exact here.
        counts = np.array([1e12, 2e12, 3e12])
        plugin = -sum(p * math.log(p) for p in (1 / 6, 2 / 6, 3 / 6))
        assert float(jackknife(counts)) - plugin == pytest.approx(2 / (2 * 6e12), rel=1e-6)

    def test_jackknife_matches_textbook_formula_at_small_counts(self):
        counts = np.array([5.0, 1.0, 1.0, 7.0])
        total = counts.sum()

        def plugin(c):
            c = c[c > 0]
            return math.log(c.sum()) - float((c * np.log(c)).sum()) / c.sum()

        left_out = [plugin(counts - np.eye(4)[i]) for i in range(4)]
        textbook = total * plugin(counts) - (total - 1) / total * float(counts @ left_out)
        assert float(jackknife(counts)) == pytest.approx(textbook, abs=1e-12)
        estimate = infokit.estimate_entropy_from_counts(counts, method="jackknife")
        assert float(estimate.value) == pytest.approx(textbook, abs=1e-12)


class TestArgumentNames:
    @pytest.fixture
    def samples(self):
        rng = np.random.default_rng(0)
        x, y, z = rng.normal(size=(3, 50))
        bad = y.copy()
        bad[3] = np.nan
        return x, z, bad

    @pytest.mark.parametrize("method", ["auto", "kozachenko_leonenko"])
    def test_joint_entropy_names_the_variable_with_nan(self, samples, method):
        x, _, bad = samples
        with pytest.raises(infokit.errors.InvalidParameterError, match=r"`variables\[1\]` must"):
            infokit.estimate_joint_entropy(x, bad, method=method)

    def test_joint_entropy_names_mismatched_lengths(self, samples):
        x, z, _ = samples
        with pytest.raises(infokit.errors.ShapeError, match=r"`variables\[1\]` has 5"):
            infokit.estimate_joint_entropy(x, z[:5], method="kozachenko_leonenko")

    def test_joint_entropy_omit_still_drops_nan_rows(self, samples):
        x, _, bad = samples
        keep = ~np.isnan(bad)
        dropped = infokit.estimate_joint_entropy(x[keep], bad[keep], method="kozachenko_leonenko")
        omitted = infokit.estimate_joint_entropy(
            x, bad, method="kozachenko_leonenko", nan_policy="omit"
        )
        assert float(omitted.value) == pytest.approx(float(dropped.value), abs=1e-12)

    @pytest.mark.parametrize(
        ("call", "name"),
        [
            (lambda x, z, b: infokit.estimate_mutual_information(x, b), "y"),
            (lambda x, z, b: infokit.estimate_mutual_information(b, x, method="gaussian"), "x"),
            (lambda x, z, b: infokit.estimate_conditional_mutual_information(x, z, b), "z"),
            (lambda x, z, b: infokit.estimate_conditional_mutual_information(x, b, z), "y"),
            (lambda x, z, b: infokit.estimate_kl_divergence(x, b), "x_q"),
            (lambda x, z, b: infokit.estimate_entropy(b), "x"),
            (lambda x, z, b: infokit.estimate_conditional_entropy(np.sign(x), np.sign(b)), "y"),
        ],
    )
    def test_front_ends_name_the_argument_with_nan(self, samples, call, name):
        x, z, bad = samples
        with pytest.raises(infokit.errors.InvalidParameterError, match=f"`{name}` "):
            call(x, z, bad)
