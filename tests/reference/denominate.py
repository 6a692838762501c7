"""Independent computation of the denominated values checked in tests/prepare/test_denominate.cpp.

Plain numpy, following COINr's Denominate (x / (d / ScaleFactor)) rather than the C++ order of operations
((x / d) * scale); the two agree to rounding. Missing in either -> missing; zero denominator -> missing.
Run: /usr/bin/python3 tests/reference/denominate.py
"""
import numpy as np

nan = np.nan
units = ["保定市", "dz", "hs"]
# columns: rev (yuan), ent (enterprises), profit (yuan); rows: units; one block per period.
data = {
    2020: np.array([[2e9, 40, 1e8], [5e8, 0, -2e7], [nan, nan, nan]]),
    2021: np.array([[3e9, 50, 1.5e8], [6e8, 10, 3e7], [1e8, 4, nan]]),
}


def denominate(x, d, scale):
    with np.errstate(divide="ignore", invalid="ignore"):
        out = x / (d / scale)
    out[(d == 0) | np.isnan(d) | np.isnan(x)] = nan
    return out


for year, m in data.items():
    print(year, "rev_per_ent", [repr(v) for v in denominate(m[:, 0], m[:, 1], 1.0)])
    print(year, "profit per 1e8 yuan of rev", [repr(v) for v in denominate(m[:, 2], m[:, 0], 1e8)])
    print(year, "rev per 100 enterprises", [repr(v) for v in denominate(m[:, 0], m[:, 1], 100.0)])
