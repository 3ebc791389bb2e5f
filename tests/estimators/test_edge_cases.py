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
