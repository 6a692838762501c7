"""Independent computation of the coverage shares checked in tests/prepare/test_screen.cpp.

Plain numpy, written from the rule in docs/reference/screen.md (not from the C++ code): a unit's share counts
its cells in the periods where it is active over the indicators not forced out; an indicator's share counts
its cells of the active units not forced out; a share below the threshold removes the id.
Run: python3 tests/reference/screen.py
"""
import numpy as np

nan = np.nan
units = ["保定市", "dz", "ts", "hs"]
indicators = ["rev", "emp", "pat"]
periods = [2020, 2021]
# values[p][u][i]; "hs" joins in 2021 and has no 2020 data.
values = np.array([
    [[10, 5, nan], [20, 6, 1], [nan, nan, 2], [nan, nan, nan]],
    [[11, 5, 1], [21, nan, 1], [30, nan, nan], [40, 7, nan]],
], dtype=float)
joined = {"hs": 2021}


def shares(period_idx, use_joining):
    obs = ~np.isnan(values[period_idx])  # periods x units x indicators
    active = np.ones((len(period_idx), len(units)), dtype=bool)
    if use_joining:
        for u, name in enumerate(units):
            if name in joined:
                for k, p in enumerate(period_idx):
                    active[k, u] = periods[p] >= joined[name]
    unit_obs = (obs & active[:, :, None]).sum(axis=(0, 2))
    unit_tot = active.sum(axis=0) * len(indicators)
    ind_obs = (obs & active[:, :, None]).sum(axis=(0, 1))
    ind_tot = active.sum()
    return unit_obs, unit_tot, ind_obs, ind_tot


for label, pidx in [("2020", [0]), ("2021", [1]), ("pooled", [0, 1])]:
    for use in (True, False):
        uo, ut, io, it = shares(pidx, use)
        print(label, "joining" if use else "no-joining")
        for u, name in enumerate(units):
            share = uo[u] / ut[u] if ut[u] else float("nan")
            print("  unit", name, uo[u], ut[u], repr(share), "removed" if ut[u] and share < 2 / 3 else "")
        for i, name in enumerate(indicators):
            share = io[i] / it
            print("  indicator", name, io[i], it, repr(share), "removed" if share < 0.65 else "")
