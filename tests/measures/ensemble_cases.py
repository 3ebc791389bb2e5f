"""The pool of batchbald_redux's notebook ``01_batchbald.ipynb`` and the values it prints.

Shared by the tests of the uncertainty measures and of BatchBALD selection.
"""

from __future__ import annotations

import numpy as np

# Printed by batchbald_redux's 01_batchbald.ipynb (get_bald_batch, recomputed in float64).
NOTEBOOK_BALD = 0.030715639666234917


def notebook_pool() -> np.ndarray:
    """The pool of batchbald_redux's 01_batchbald.ipynb: shape [point, member, class] = (4, 20, 4).

    Point i mixes p1 and p2 with weight m for member m in np.linspace(0, 1, 20):
    ``(1 - m) * p1 + m * p2``, with (p1, p2) = ([.7, .1, .1, .1], [.3, .3, .2, .2]) for
    point 0, and the same two vectors cyclically shifted by i classes for point i
    (([.1, .7, .1, .1], [.2, .3, .3, .2]) for point 1, and so on).
    """
    pairs = [
        ([0.7, 0.1, 0.1, 0.1], [0.3, 0.3, 0.2, 0.2]),
        ([0.1, 0.7, 0.1, 0.1], [0.2, 0.3, 0.3, 0.2]),
        ([0.1, 0.1, 0.7, 0.1], [0.2, 0.2, 0.3, 0.3]),
        ([0.1, 0.1, 0.1, 0.7], [0.3, 0.2, 0.2, 0.3]),
    ]
    weights = np.linspace(0, 1, 20)
    return np.array(
        [[(1.0 - m) * np.asarray(p1) + m * np.asarray(p2) for m in weights] for p1, p2 in pairs]
    )


# get_batchbald_batch(ys_ws.log().double(), 4, 1000, dtype=torch.double) in the notebook.
NOTEBOOK_SCORES = [
    0.030715639666234917,
    0.05961958627158248,
    0.0869107051474467,
    0.11275304532467878,
]
