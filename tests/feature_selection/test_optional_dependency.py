"""Without scikit-learn: the scores work, the selector says which extra to install."""

from __future__ import annotations

import subprocess
import sys
import textwrap


def test_selector_names_the_extra_and_scores_work_without_scikit_learn():
    script = textwrap.dedent(
        """
        import sys
        sys.modules["sklearn"] = None  # makes `import sklearn` fail
        import numpy as np
        from infokit.errors import MissingDependencyError
        from infokit.feature_selection import mutual_information_scores

        y = np.arange(100) % 2
        X = np.column_stack([y + np.random.default_rng(0).normal(size=100)])
        assert mutual_information_scores(X, y).values[0] > 0.1
        try:
            from infokit.feature_selection import MutualInformationSelector
        except MissingDependencyError as error:
            print(error)
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == (
        "feature selection needs scikit-learn: `pip install 'infokit[sklearn]'`"
    )
