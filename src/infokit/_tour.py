"""The tour of the measures on the worked examples of information theory.

``infokit tour`` (or ``python -m infokit tour``) prints each quantity in bits and in nats,
computed by infokit, with the formula it uses.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

import infokit as ik

__all__ = ["demo_rows", "main"]

_P = [0.5, 0.3, 0.2]
_Q = [0.4, 0.4, 0.2]


def demo_rows() -> list[tuple[str, str, Callable[[float | str], object]]]:
    """Return the demo's rows: a label, the formula, and a function of the base."""
    loaded_die = [0.5, 0.1, 0.1, 0.1, 0.1, 0.1]
    return [
        (
            "surprisal of a fair coin flip",
            "-log P(heads), P = 0.5",
            lambda b: ik.self_information(0.5, base=b),
        ),
        (
            "surprisal of 100 events of prob. 0.01",
            "-sum log 0.01",
            lambda b: np.sum(ik.self_information(np.full(100, 0.01), base=b)),
        ),
        ("entropy of a certain outcome", "H([1])", lambda b: ik.entropy([1.0], base=b)),
        ("entropy of a biased coin", "H([0.9, 0.1])", lambda b: ik.entropy([0.9, 0.1], base=b)),
        ("entropy of a loaded die", "H([0.5, 0.1 x 5])", lambda b: ik.entropy(loaded_die, base=b)),
        (
            "entropy of a fair die",
            "H([1/6 x 6]) = log 6",
            lambda b: ik.entropy(np.full(6, 1 / 6), base=b),
        ),
        (
            "cross-entropy, biased coin vs fair model",
            "H([0.9, 0.1], [0.5, 0.5])",
            lambda b: ik.cross_entropy([0.9, 0.1], [0.5, 0.5], base=b),
        ),
        ("entropy H(P)", "P = [0.5, 0.3, 0.2]", lambda b: ik.entropy(_P, base=b)),
        (
            "cross-entropy H(P, Q)",
            "Q = [0.4, 0.4, 0.2]",
            lambda b: ik.cross_entropy(_P, _Q, base=b),
        ),
        ("KL divergence D(P || Q)", "H(P, Q) - H(P)", lambda b: ik.kl_divergence(_P, _Q, base=b)),
        ("KL divergence D(Q || P)", "not symmetric", lambda b: ik.kl_divergence(_Q, _P, base=b)),
        (
            "Jensen-Shannon divergence",
            "JS(P, Q), symmetric",
            lambda b: ik.jensen_shannon_divergence(_P, _Q, base=b),
        ),
        (
            "mutual information, Y copies a fair bit",
            "I(X; X)",
            lambda b: ik.mutual_information(np.diag([0.5, 0.5]), base=b),
        ),
        (
            "loss of a confident wrong prediction",
            "-log 0.1 (true class got 0.1)",
            lambda b: ik.cross_entropy([0, 1], [0.9, 0.1], base=b),
        ),
        (
            "loss of an uncertain prediction",
            "-log 0.5",
            lambda b: ik.cross_entropy([0, 1], [0.5, 0.5], base=b),
        ),
    ]


def main() -> int:
    """Print the demo table; return the exit status (0)."""
    rows = demo_rows()
    width = max(len(label) for label, _, _ in rows)
    formula_width = max(len(formula) for _, formula, _ in rows)
    print(f"infokit {ik.__version__}: worked examples of information theory\n")
    print(f"{'quantity':<{width}}  {'formula':<{formula_width}}  {'bits':>9}  {'nats':>9}")
    print("-" * (width + formula_width + 24))
    for label, formula, compute in rows:
        bits, nats = float(compute("bits")), float(compute("nats"))  # type: ignore[arg-type]
        print(f"{label:<{width}}  {formula:<{formula_width}}  {bits:9.4f}  {nats:9.4f}")
    identity = float(ik.cross_entropy(_P, _Q)) - float(ik.entropy(_P) + ik.kl_divergence(_P, _Q))
    print(f"\ncross-entropy = entropy + KL divergence: H(P,Q) - H(P) - D(P||Q) = {identity:.1e}")
    print(f"uniform over k outcomes has the most entropy: H(uniform 6) = log 6 = {math.log(6):.4f}")
    return 0
