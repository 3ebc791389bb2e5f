from __future__ import annotations

import math
import subprocess
import sys

from infokit._tour import demo_rows


def test_demo_prints_the_seed_numbers_in_bits_and_nats() -> None:
    output = subprocess.run(
        [sys.executable, "-m", "infokit", "tour"], capture_output=True, text=True, check=True
    ).stdout
    lines = {line.split("  ")[0]: line for line in output.splitlines()}
    assert lines["entropy of a loaded die"].split()[-2:] == ["2.1610", "1.4979"]
    assert lines["entropy of a fair die"].split()[-2:] == [
        f"{math.log2(6):.4f}",
        f"{math.log(6):.4f}",
    ]
    assert lines["KL divergence D(P || Q)"].split()[-1] == "0.0253"
    assert lines["KL divergence D(Q || P)"].split()[-1] == "0.0258"
    assert "460.5170" in lines["surprisal of 100 events of prob. 0.01"]


def test_every_row_is_consistent_across_units() -> None:
    for label, _, compute in demo_rows():
        bits, nats = float(compute("bits")), float(compute("nats"))
        assert math.isclose(bits * math.log(2), nats, rel_tol=1e-13, abs_tol=1e-15), label
