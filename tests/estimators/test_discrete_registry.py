"""The registry of discrete entropy methods agrees with the engine that reads it."""

from __future__ import annotations

import dataclasses
import math
import warnings
from collections.abc import Iterator
from typing import get_args

import numpy as np
import pytest

import infokit as ik
from infokit.errors import InvalidParameterError, SmallSampleWarning
from infokit.estimators.discrete import DISCRETE_METHODS, DiscreteMethod, registry
from infokit.estimators.discrete.registry import (
    DiscreteMethodSpec,
    discrete_method,
    discrete_method_names,
    register_discrete_method,
)
from infokit.estimators.discrete.uncertainty import dirichlet_std, jackknife_std_error

NAMES = discrete_method_names()
SPECS = [discrete_method(name) for name in NAMES]
# No singleton majority: no method warns on these, nor with `alphabet_size` = N.
COUNTS = [
    np.array([10, 7, 5, 3, 2, 1, 1, 1]),
    np.array([5, 3, 2, 1, 1]),
    np.array([40, 1]),
    np.array([6, 6]),
    np.array([12, 9, 9, 4, 4, 4, 3, 2, 2, 1, 1, 1, 1]),
]
TYPICAL = COUNTS[0]  # N = 30, m = 8, f1 = 3, f2 = 1


def _name(spec: DiscreteMethodSpec) -> str:
    return spec.name


def _estimate(counts: np.ndarray, method: str, **options: object) -> ik.Estimate:
    return ik.estimate_entropy_from_counts(counts, method=method, **options)  # type: ignore[arg-type]


@pytest.fixture
def restore_registry() -> Iterator[None]:
    saved = dict(registry._SPECS)
    yield
    registry._SPECS.clear()
    registry._SPECS.update(saved)


class TestNames:
    def test_literal_is_auto_then_the_registry_in_order(self) -> None:
        assert get_args(DiscreteMethod) == ("auto", *NAMES)
        assert get_args(DiscreteMethod) == DISCRETE_METHODS

    def test_every_name_has_its_spec_and_every_spec_a_name(self) -> None:
        assert [spec.name for spec in SPECS] == list(DISCRETE_METHODS[1:])
        assert len(set(NAMES)) == len(NAMES) == 12

    def test_unknown_name_raises_the_standard_message(self) -> None:
        expected = (
            "`method` must be one of 'plugin', 'miller_madow', 'jackknife', 'grassberger', "
            "'chao_shen', 'chao_wang_jost', 'james_stein', 'dirichlet', 'nsb', 'pym', 'jvhw', "
            "'unseen'; got 'bogus'."
        )
        with pytest.raises(InvalidParameterError) as error:
            discrete_method("bogus")
        assert str(error.value) == expected

    def test_auto_is_a_rule_not_a_method(self) -> None:
        with pytest.raises(InvalidParameterError, match="got 'auto'"):
            discrete_method("auto")
        with pytest.raises(InvalidParameterError, match="got 3"):
            discrete_method(3)

    def test_the_engine_lists_auto_and_the_registry(self) -> None:
        expected = ", ".join(repr(name) for name in DISCRETE_METHODS)
        with pytest.raises(InvalidParameterError) as error:
            _estimate(TYPICAL, "bogus")
        assert str(error.value) == f"`method` must be one of {expected}; got 'bogus'."


class TestKernels:
    @pytest.mark.parametrize("spec", SPECS, ids=_name)
    @pytest.mark.parametrize("known_size", [False, True])
    def test_kernel_is_the_public_estimate(
        self, spec: DiscreteMethodSpec, known_size: bool
    ) -> None:
        for counts in COUNTS:
            alphabet_size = int(counts.sum()) if known_size else None
            estimate = _estimate(counts, spec.name, alphabet_size=alphabet_size).value
            kernel = spec.kernel(counts[None, :].astype(np.float64), alphabet_size=alphabet_size)
            if spec.combination is None:
                assert kernel[0] == estimate, counts
            else:  # the estimate is the combination's; the kernel differs by summation order
                assert kernel[0] == pytest.approx(estimate, rel=1e-12, abs=1e-12)

    @pytest.mark.parametrize("spec", [s for s in SPECS if s.combination], ids=_name)
    def test_combination_is_the_public_estimate(self, spec: DiscreteMethodSpec) -> None:
        from infokit.estimators.discrete.counting import TermCounts
        from infokit.estimators.discrete.engine import counts_table

        assert spec.combination is not None
        for counts in COUNTS:
            table = counts_table(counts)
            terms = [TermCounts(1.0, np.arange(counts.size), counts.astype(np.float64), None)]
            value, std_error = spec.combination(table, terms)
            estimate = _estimate(counts, spec.name)
            assert (value, std_error) == (estimate.value, estimate.std_error)

    @pytest.mark.parametrize("spec", SPECS, ids=_name)
    def test_kernel_is_vectorised_over_rows(self, spec: DiscreteMethodSpec) -> None:
        rows = np.array([[10.0, 7, 5, 3, 2, 1, 1, 1], [5.0, 3, 0, 2, 1, 1, 0, 0]])
        together = spec.kernel(rows, alphabet_size=20.0)
        apart = [spec.kernel(row[None, :], alphabet_size=20.0)[0] for row in rows]
        assert together.shape == (2,)
        np.testing.assert_allclose(together, apart, rtol=1e-12, atol=1e-12)

    @pytest.mark.parametrize("spec", [s for s in SPECS if s.weighted], ids=_name)
    def test_weighted_form_agrees_with_the_kernel(self, spec: DiscreteMethodSpec) -> None:
        assert spec.weighted is not None
        for counts in COUNTS:
            values, multiplicities = np.unique(counts.astype(np.float64), return_counts=True)
            # a second row with an extra zero-multiplicity value, which must be ignored
            padded_values = np.append(values, values.max() + 1)
            padded_multiplicities = np.append(multiplicities, 0).astype(np.float64)
            rows_values = np.vstack([padded_values, padded_values])
            rows_multiplicities = np.vstack([padded_multiplicities, padded_multiplicities])
            weighted = spec.weighted(rows_values, rows_multiplicities)
            dense = spec.kernel(counts[None, :].astype(np.float64))[0]
            np.testing.assert_allclose(weighted, [dense, dense], rtol=1e-12, atol=1e-12)

    def test_the_methods_with_a_weighted_form(self) -> None:
        assert [s.name for s in SPECS if s.weighted] == [
            "chao_shen",
            "chao_wang_jost",
            "jvhw",
            "unseen",
        ]

    def test_pym_kernel_falls_back_like_the_estimate(self) -> None:
        spec = discrete_method("pym")
        assert spec.fallback == "chao_wang_jost"
        counts = np.ones(12)  # no category seen twice: improper posterior
        with pytest.warns(SmallSampleWarning, match="PYM posterior is improper"):
            estimate = _estimate(counts.astype(int), "pym")
        fallback = discrete_method(spec.fallback).kernel(counts[None, :])[0]
        assert spec.kernel(counts[None, :])[0] == estimate.value == fallback
        assert estimate.details["pym_fallback"] == "chao_wang_jost"


class TestFlags:
    @pytest.mark.parametrize("spec", SPECS, ids=_name)
    def test_uses_alphabet_size(self, spec: DiscreteMethodSpec) -> None:
        without = _estimate(TYPICAL, spec.name).value
        with_size = _estimate(TYPICAL, spec.name, alphabet_size=20).value
        assert with_size < math.log(20)  # the clip to [0, log K] plays no part
        if spec.uses_alphabet_size:
            assert abs(with_size - without) > 1e-6
        else:
            assert with_size == without

    def test_the_methods_that_use_the_alphabet_size(self) -> None:
        used = [s.name for s in SPECS if s.uses_alphabet_size]
        assert used == ["james_stein", "dirichlet", "nsb"]

    @pytest.mark.parametrize("spec", SPECS, ids=_name)
    def test_estimates_alphabet_size(self, spec: DiscreteMethodSpec) -> None:
        details = _estimate(TYPICAL, spec.name).details
        assert details.get("alphabet_size_assumed", False) is spec.estimates_alphabet_size
        if spec.estimates_alphabet_size:  # the Chao1 richness 8 + (29/30) 3 * 2 / 4, rounded up
            assert details["alphabet_size"] == 10
        else:
            assert details["alphabet_size"] is None
        given = _estimate(TYPICAL, spec.name, alphabet_size=20).details
        assert "alphabet_size_assumed" not in given
        assert given["alphabet_size"] == 20

    @pytest.mark.parametrize("spec", SPECS, ids=_name)
    def test_uses_concentration(self, spec: DiscreteMethodSpec) -> None:
        default = _estimate(TYPICAL, spec.name).value
        laplace = _estimate(TYPICAL, spec.name, concentration=1.0).value
        assert (default != laplace) is spec.uses_concentration

    @pytest.mark.parametrize("spec", SPECS, ids=_name)
    def test_biased_when_undersampled_warns(self, spec: DiscreteMethodSpec) -> None:
        counts = np.array([3, 2, 2, 1, 1, 1, 1])  # N = 11 far below K = 1000
        if spec.biased_when_undersampled:
            with pytest.warns(SmallSampleWarning, match=f"the '{spec.name}' estimate is biased"):
                _estimate(counts, spec.name, alphabet_size=1000)
        else:
            with warnings.catch_warnings():
                warnings.simplefilter("error")
                _estimate(counts, spec.name, alphabet_size=1000)

    def test_the_methods_biased_when_undersampled(self) -> None:
        biased = [s.name for s in SPECS if s.biased_when_undersampled]
        assert biased == ["plugin", "miller_madow", "jackknife", "grassberger"]


class TestUncertainty:
    @pytest.mark.parametrize("spec", SPECS, ids=_name)
    def test_std_error_follows_its_kind(self, spec: DiscreteMethodSpec) -> None:
        estimate = _estimate(TYPICAL, spec.name, alphabet_size=20)
        counts = TYPICAL.astype(np.float64)
        if spec.combination is not None:
            expected = _estimate(TYPICAL, spec.name).std_error  # the combination's jackknife
            assert spec.std_error == "jackknife"
        elif spec.std_error == "delta":
            p = counts / counts.sum()
            entropy = -(p * np.log(p)).sum()
            expected = math.sqrt(((p * np.log(p) ** 2).sum() - entropy**2) / counts.sum())
        elif spec.std_error == "jackknife":
            expected = jackknife_std_error(counts, spec.name)
        elif spec.std_error == "posterior":
            assert spec.posterior is not None
            posterior = spec.posterior(counts, 20.0)
            assert posterior is not None
            expected = posterior.std
        else:
            from infokit.estimators.discrete.counting import TermCounts

            term = TermCounts(1.0, np.arange(counts.size), counts, 20.0)
            expected = dirichlet_std(term, 0.5)
        assert estimate.std_error == pytest.approx(expected, rel=1e-12)

    @pytest.mark.parametrize("spec", SPECS, ids=_name)
    def test_own_interval_follows_its_kind(self, spec: DiscreteMethodSpec) -> None:
        estimate = _estimate(TYPICAL, spec.name, alphabet_size=20, ci=0.9, rng=0, n_bootstrap=50)
        assert estimate.details["ci_method"] == spec.interval
        if spec.name == "chao_wang_jost":  # the reference: its interval is not hulled
            assert estimate.details["interval"] == spec.interval_description
        else:
            assert estimate.details["interval"].startswith(
                f"hull of the {spec.interval_description} and "
            )
        if spec.interval in ("normal", "jackknife_normal"):
            z = 1.6448536269514722  # the 95% quantile of the standard normal
            low, high = estimate.details.get("own_interval", estimate.ci)
            assert low == pytest.approx(estimate.value - z * estimate.std_error, rel=1e-12)
            assert high == pytest.approx(estimate.value + z * estimate.std_error, rel=1e-12)

    def test_the_documented_kinds(self) -> None:
        # as documented in `estimate_entropy_from_counts` and `estimate_entropy`
        bootstrap = ("delta", "bootstrap_percentile_centered")
        jackknifed = ("jackknife", "jackknife_normal")
        assert {s.name: (s.std_error, s.interval) for s in SPECS} == {
            "plugin": bootstrap,
            "miller_madow": bootstrap,
            "jackknife": ("jackknife", "bootstrap_percentile_centered"),
            "grassberger": bootstrap,
            "chao_shen": jackknifed,
            "chao_wang_jost": jackknifed,
            "james_stein": bootstrap,
            "dirichlet": ("dirichlet_posterior", "bootstrap_percentile_centered"),
            "nsb": ("posterior", "posterior_hpd"),
            "pym": ("posterior", "posterior_equal_tailed"),
            "jvhw": jackknifed,
            "unseen": ("delta", "normal"),
        }
        assert [s.name for s in SPECS if not s.bootstrap] == ["nsb", "pym", "unseen"]
        assert [s.name for s in SPECS if s.uses_concentration] == ["dirichlet"]
        assert [s.name for s in SPECS if s.combination] == ["jackknife"]

    @pytest.mark.parametrize("spec", SPECS, ids=_name)
    def test_combinations_bootstrap_unless_told_not_to(self, spec: DiscreteMethodSpec) -> None:
        rng = np.random.default_rng(0)
        x = rng.integers(0, 3, size=60)
        y = (x + rng.integers(0, 2, size=60)) % 3
        mi = ik.estimate_mutual_information(
            x,
            y,
            method=spec.name,  # type: ignore[arg-type]
            ci=0.9,
            rng=0,
            n_bootstrap=20,
        )
        expected = "bootstrap_percentile_centered" if spec.bootstrap else "normal"
        assert mi.details["ci_method"] == expected

    def test_a_zero_jackknife_std_error_falls_back_on_the_bootstrap(self) -> None:
        counts = np.full(8, 4)  # every leave-one-out estimate is the same: a jackknife se of 0
        for spec in SPECS:
            if spec.interval != "jackknife_normal":
                continue
            assert jackknife_std_error(counts.astype(np.float64), spec.name) == 0.0
            estimate = _estimate(counts, spec.name, ci=0.9, rng=0, n_bootstrap=50)
            assert estimate.details["ci_method"] == "bootstrap_percentile_centered", spec.name
            bootstrap = "bootstrap percentile interval re-centred on the estimate"
            if spec.name == "chao_wang_jost":
                assert estimate.details["interval"] == bootstrap
            else:
                assert estimate.details["interval"].startswith(f"hull of the {bootstrap} and ")


class TestRegistration:
    def test_registered_method_is_estimated(self, restore_registry: None) -> None:
        spec = dataclasses.replace(discrete_method("miller_madow"), name="miller_madow_copy")
        assert register_discrete_method(spec) is spec
        assert discrete_method_names()[-1] == "miller_madow_copy"
        copy = _estimate(TYPICAL, "miller_madow_copy", ci=0.9, rng=1, n_bootstrap=50)
        original = _estimate(TYPICAL, "miller_madow", ci=0.9, rng=1, n_bootstrap=50)
        assert (copy.value, copy.std_error, copy.ci) == (
            original.value,
            original.std_error,
            original.ci,
        )
        assert copy.method == "miller_madow_copy"

    def test_a_new_spec_replaces_the_old_in_place(self, restore_registry: None) -> None:
        spec = dataclasses.replace(discrete_method("plugin"), biased_when_undersampled=False)
        register_discrete_method(spec)
        assert discrete_method_names() == NAMES
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            _estimate(np.array([3, 2, 2, 1, 1, 1, 1]), "plugin", alphabet_size=1000)

    def test_spec_must_be_a_spec(self) -> None:
        with pytest.raises(InvalidParameterError, match="`spec` must be a DiscreteMethodSpec"):
            register_discrete_method("plugin")  # type: ignore[arg-type]

    def test_fallback_must_have_a_weighted_form(self) -> None:
        spec = dataclasses.replace(discrete_method("pym"), name="pym2", fallback="plugin")
        with pytest.raises(InvalidParameterError, match="`fallback` must be a registered method"):
            register_discrete_method(spec)
        assert "pym2" not in discrete_method_names()

    @pytest.mark.parametrize(
        ("changes", "message"),
        [
            ({"name": "auto"}, "`name` must be a non-empty string other than 'auto'"),
            ({"std_error": "bootstrap"}, "`std_error` must be one of 'delta'"),
            ({"interval": "wald"}, "`interval` must be one of"),
            ({"std_error": "jackknife"}, "`weighted` is required"),
            ({"std_error": "posterior"}, "`posterior` is required"),
            ({"interval": "posterior_hpd"}, "`posterior` is required"),
            ({"fallback": "chao_wang_jost"}, "`fallback` replaces an improper posterior"),
            ({"interval": "jackknife_normal"}, "requires `std_error='jackknife'`"),
            ({"bootstrap": False}, "requires `bootstrap=True`"),
            ({"estimates_alphabet_size": True}, "requires `uses_alphabet_size=True`"),
        ],
    )
    def test_inconsistent_specs_are_refused(self, changes: dict[str, object], message: str) -> None:
        with pytest.raises(InvalidParameterError, match=message):
            dataclasses.replace(discrete_method("plugin"), **changes)  # type: ignore[arg-type]

    def test_default_description_is_that_of_the_kind(self) -> None:
        assert discrete_method("plugin").interval_description == (
            "bootstrap percentile interval re-centred on the estimate"
        )
        assert discrete_method("nsb").interval_description == (
            "NSB highest-posterior-density interval"
        )
