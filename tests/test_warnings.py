"""Every warning infokit emits names the user's line, not a line inside infokit.

Each test triggers one call site of `infokit._warnings.warn` through the public API, as a
user would, and checks that the warning's filename is this file (and its line the call's).
The `match=` patterns tell the call sites apart.
"""

from __future__ import annotations

import inspect
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

import infokit
from infokit._warnings import attributed_to_caller, warn
from infokit.errors import InfokitWarning, SmallSampleWarning, TieWarning
from infokit.feature_selection import mutual_information_scores

UNDERSAMPLED = r"only N = \d+ samples for .*: the 'plugin' estimate is biased"
CLIPPED = r"lies outside \[0, log K\] .* and was clipped"


def _line_below(count: int = 2) -> int:
    """Line number `count` lines below the caller's: by default the call in the next block."""
    frame = inspect.currentframe()
    assert frame is not None
    assert frame.f_back is not None
    return frame.f_back.f_lineno + count


def _assert_points_here(record: pytest.WarningsRecorder, line: int) -> None:
    assert len(record) > 0
    for caught in record:
        assert caught.filename == __file__, (caught.filename, str(caught.message))
        assert caught.lineno == line, (caught.lineno, str(caught.message))


@pytest.fixture
def rng() -> np.random.Generator:
    return np.random.default_rng(0)


class TestDiscreteEngine:
    """`infokit.estimators.discrete.engine`: undersampling, PYM fallback, clipping."""

    def test_undersampled_plugin_entropy(self) -> None:
        labels = np.arange(20)  # every category seen once
        line = _line_below()
        with pytest.warns(SmallSampleWarning, match=UNDERSAMPLED) as record:
            infokit.estimate_entropy(labels, method="plugin")
        _assert_points_here(record, line)

    def test_undersampled_entropy_from_counts(self) -> None:
        line = _line_below()
        with pytest.warns(SmallSampleWarning, match=UNDERSAMPLED) as record:
            infokit.estimate_entropy_from_counts(np.ones(20, dtype=int), method="plugin")
        _assert_points_here(record, line)

    def test_undersampled_plugin_mutual_information(self) -> None:
        x = np.arange(30)
        line = _line_below()
        with pytest.warns(SmallSampleWarning, match=UNDERSAMPLED) as record:
            infokit.estimate_mutual_information(x, x % 7, method="plugin")
        _assert_points_here(record, line)

    def test_pym_fallback(self) -> None:
        line = _line_below()
        with pytest.warns(SmallSampleWarning, match="PYM posterior is improper") as record:
            infokit.estimate_entropy(np.arange(10), method="pym")
        _assert_points_here(record, line)

    def test_clipped_entropy(self) -> None:
        labels = np.repeat(np.arange(3), 2)  # Miller–Madow exceeds log 3 on uniform counts
        line = _line_below()
        with pytest.warns(SmallSampleWarning, match=CLIPPED) as record:
            infokit.estimate_entropy(labels, method="miller_madow", alphabet_size=3)
        _assert_points_here(record, line)

    def test_clipped_entropy_from_counts(self) -> None:
        line = _line_below()
        with pytest.warns(SmallSampleWarning, match=CLIPPED) as record:
            infokit.estimate_entropy_from_counts([2, 2, 2], method="miller_madow", alphabet_size=3)
        _assert_points_here(record, line)


class TestContinuous:
    """`infokit.estimators.continuous`: ties, high dimension, small classes."""

    def test_jittered_ties_mutual_information(self, rng: np.random.Generator) -> None:
        x = np.round(rng.normal(size=300), 1)
        y = x + rng.normal(size=300)
        line = _line_below()
        with pytest.warns(TieWarning, match="`x` has repeated values") as record:
            infokit.estimate_mutual_information(x, y, method="ksg")
        _assert_points_here(record, line)

    def test_jittered_ties_entropy(self, rng: np.random.Generator) -> None:
        x = np.round(rng.normal(size=300), 1)
        line = _line_below()
        with pytest.warns(TieWarning, match="`x` has repeated values") as record:
            infokit.estimate_entropy(x, method="kozachenko_leonenko")
        _assert_points_here(record, line)

    def test_jittered_ties_kl_divergence(self, rng: np.random.Generator) -> None:
        x = np.round(rng.normal(size=300), 1)
        line = _line_below()
        with pytest.warns(TieWarning, match=r"`\(x_p, x_q\)` has repeated values") as record:
            infokit.estimate_kl_divergence(x, x + 1.0)
        _assert_points_here(record, line)

    def test_jittered_ties_conditional_mutual_information(self, rng: np.random.Generator) -> None:
        x = np.round(rng.normal(size=300), 1)
        y, z = x + rng.normal(size=300), rng.normal(size=300)
        line = _line_below()
        with pytest.warns(TieWarning, match="`x` has repeated values") as record:
            infokit.estimate_conditional_mutual_information(x, y, z, method="ksg")
        _assert_points_here(record, line)

    def test_auto_switches_to_stratified_ksg_on_ties(self, rng: np.random.Generator) -> None:
        # a zero-inflated measurement: many rows repeat the atom 0
        x = np.where(rng.random(200) < 0.3, 0.0, rng.normal(size=200))
        y = x + rng.normal(size=200)
        line = _line_below()
        with pytest.warns(TieWarning, match="uses 'stratified_ksg'") as record:
            infokit.estimate_mutual_information(x, y)
        _assert_points_here(record, line)

    def test_high_dimension_entropy(self, rng: np.random.Generator) -> None:
        x = rng.normal(size=(100, 25))
        line = _line_below()
        with pytest.warns(SmallSampleWarning, match="`x` has 25 dimensions") as record:
            infokit.estimate_entropy(x, method="kozachenko_leonenko")
        _assert_points_here(record, line)

    def test_high_dimension_mutual_information(self, rng: np.random.Generator) -> None:
        x, y = rng.normal(size=(100, 12)), rng.normal(size=(100, 12))
        line = _line_below()
        with pytest.warns(SmallSampleWarning, match=r"`\(x, y\)` has 24 dimensions") as record:
            infokit.estimate_mutual_information(x, y, method="ksg")
        _assert_points_here(record, line)

    def test_singleton_class_in_ross(self, rng: np.random.Generator) -> None:
        labels = np.r_[np.zeros(50, dtype=int), np.ones(50, dtype=int), 2]
        values = rng.normal(size=101)
        line = _line_below()
        with pytest.warns(SmallSampleWarning, match="alone in their class") as record:
            infokit.estimate_mutual_information(labels, values)
        _assert_points_here(record, line)

    def test_small_classes_of_z(self, rng: np.random.Generator) -> None:
        z = np.array(["a"] * 100 + ["b"] * 2)
        x = rng.normal(size=102)
        y = x + rng.normal(size=102)
        line = _line_below()
        with pytest.warns(SmallSampleWarning, match="class\\(es\\) of `z` with at most") as record:
            infokit.estimate_conditional_mutual_information(x, y, z)
        _assert_points_here(record, line)


class TestFeatureSelection:
    """`mutual_information_scores` runs the estimators on its own threads."""

    @pytest.mark.parametrize("n_jobs", [1, 2])
    def test_undersampled_scores(self, rng: np.random.Generator, n_jobs: int) -> None:
        X = rng.integers(0, 50, size=(30, 3))
        y = rng.integers(0, 50, size=30)
        line = _line_below()
        with pytest.warns(SmallSampleWarning, match=UNDERSAMPLED) as record:
            mutual_information_scores(
                X, y, method="plugin", n_jobs=n_jobs, discrete_features=True, discrete_target=True
            )
        assert len(record) == 3  # one per feature, from the worker threads when n_jobs=2
        _assert_points_here(record, line)


class TestWarn:
    """`warn` and `attributed_to_caller` themselves."""

    def test_warn_from_outside_infokit_names_its_caller(self) -> None:
        line = _line_below()
        with pytest.warns(InfokitWarning, match="direct") as record:
            warn("direct", InfokitWarning)
        _assert_points_here(record, line)

    def test_site_is_captured_where_the_wrapper_is_made(self) -> None:
        with pytest.warns(SmallSampleWarning, match=UNDERSAMPLED) as record:
            line = _estimate_entropy_on_a_worker(np.arange(20))
        _assert_points_here(record, line)

    def test_site_is_reset_after_the_wrapped_call(self) -> None:
        made = _line_below(1)
        run = attributed_to_caller(infokit.estimate_entropy)
        with pytest.warns(SmallSampleWarning, match=UNDERSAMPLED) as first:
            run(np.arange(20), method="plugin")
        line = _line_below()
        with pytest.warns(SmallSampleWarning, match=UNDERSAMPLED) as second:
            infokit.estimate_entropy(np.arange(20), method="plugin")
        _assert_points_here(first, made)
        _assert_points_here(second, line)


def _estimate_entropy_on_a_worker(labels: np.ndarray) -> int:
    """Run an undersampled estimate on a worker thread; return the line that wraps it."""
    line = _line_below(1)
    run = attributed_to_caller(infokit.estimate_entropy)
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(run, labels, method="plugin").result()
    return line
