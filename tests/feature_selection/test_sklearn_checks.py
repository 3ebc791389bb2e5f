"""scikit-learn's own estimator checks, and the selector inside Pipeline, GridSearchCV, clone."""

from __future__ import annotations

import pytest

pytest.importorskip("sklearn")

from sklearn.utils.estimator_checks import parametrize_with_checks

from infokit.feature_selection import MutualInformationSelector


@parametrize_with_checks(
    [
        MutualInformationSelector(),
        MutualInformationSelector(0.5, strategy="jmi"),
        MutualInformationSelector(1, strategy="cmim", n_jobs=1),
        # non-default parameters; fitting fewer features than requested must fail with the
        # wording check_fit2d_1feature expects
        MutualInformationSelector(2),
        MutualInformationSelector(
            2, strategy="mi", method="knn", n_neighbors=5, discrete_features=False, rng=1
        ),
        MutualInformationSelector(2, strategy="jmi", method="gaussian_copula", n_jobs=2),
    ]
)
def test_scikit_learn_estimator_checks(estimator, check):
    check(estimator)
