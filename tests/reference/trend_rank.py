"""Independent values for tests/trend/test_rank_dynamics.cpp (qualis/trend/rank_dynamics.hpp).

Ranks come from scipy.stats.rankdata on the negated scores (highest first), per period, with NaN left out;
the agreement of two periods' rankings from scipy.stats.kendalltau (tau-b, method="asymptotic": the normal
approximation with the tie-corrected variance of Kendall & Gibbons 1990) and scipy.stats.spearmanr (Pearson
of average ranks, p-value from Student's t with n - 2 df), on the ranks of the units ranked in both periods.
Nothing here is taken from the C++ output.
Run: /usr/bin/python3 tests/reference/trend_rank.py
"""
import numpy as np
from scipy import stats

nan = np.nan
units = ["a", "b", "c", "d", "e", "保定f"]
periods = [2019, 2020, 2021, 2022]
# d joins in 2020 (late joiner), e is not scored in 2020 (gap), b and f tie in 2019, f is flat 2020 -> 2021.
scores = np.array([
    [80, 82, 85, 90],
    [70, 75, 88, 86],
    [90, 85, 80, 70],
    [nan, 60, 78, 92],
    [65, nan, 70, 75],
    [70, 72, 72, 60],
], dtype=float)
groups = ["A", "A", "B", "B", "A", "B"]


def ranks_of(col, method="min", mask=None):
    out = np.full(col.shape, nan)
    ok = ~np.isnan(col)
    if mask is not None:
        ok &= mask
    if ok.any():
        out[ok] = stats.rankdata(-col[ok], method=method)
    return out


def rank_matrix(x, method="min", groups=None):
    r = np.full(x.shape, nan)
    for j in range(x.shape[1]):
        if groups is None:
            r[:, j] = ranks_of(x[:, j], method)
        else:
            g = np.array(groups)
            for label in sorted(set(groups)):
                sub = ranks_of(x[:, j], method, g == label)
                r[g == label, j] = sub[g == label]
    return r


def agreement(ra, rb):
    ok = ~np.isnan(ra) & ~np.isnan(rb)
    x, y = ra[ok], rb[ok]
    tau = stats.kendalltau(x, y, method="asymptotic")
    rho = stats.spearmanr(x, y)
    return ok.sum(), tau.correlation, tau.pvalue, rho.correlation, rho.pvalue


np.set_printoptions(precision=17)
print("overall ranks (min):\n", rank_matrix(scores))
print("within-group ranks (min):\n", rank_matrix(scores, groups=groups))
print("overall ranks (average):\n", rank_matrix(scores, "average"))
R = rank_matrix(scores)
print("rank change (earlier - later), consecutive:\n", R[:, :-1] - R[:, 1:])
print("rank change 2019 -> 2022:", R[:, 0] - R[:, 3])
for a, b in [(0, 3), (1, 2), (0, 1)]:
    n, tau, tp, rho, rp = agreement(R[:, a], R[:, b])
    print(f"agreement {periods[a]}-{periods[b]}: n={n} tau_b={tau!r} tau_p={tp!r} rho={rho!r} rho_p={rp!r}")

# A larger deterministic case with many ties, rebuilt in the C++ test from the same formulas.
i = np.arange(30)
s1 = ((i * 7) % 11).astype(float)
s2 = ((i * 5 + 3) % 13).astype(float)
big = np.column_stack([s1, s2])
for method in ["min", "average", "dense", "max"]:
    Rb = rank_matrix(big, method)
    n, tau, tp, rho, rp = agreement(Rb[:, 0], Rb[:, 1])
    print(f"big {method}: n={n} tau_b={tau!r} tau_p={tp!r} rho={rho!r} rho_p={rp!r}")
# The same on the scores directly (monotone invariance): equal to the "min" line above.
print("big scores:", stats.kendalltau(s1, s2, method="asymptotic"), stats.spearmanr(s1, s2))
# With TieMethod::first the ties are broken by row order: ordinal ranks of -scores.
o1 = stats.rankdata(-s1, method="ordinal")
o2 = stats.rankdata(-s2, method="ordinal")
print("big first:", repr(stats.kendalltau(o1, o2, method="asymptotic").correlation),
      repr(stats.kendalltau(o1, o2, method="asymptotic").pvalue), repr(stats.spearmanr(o1, o2).correlation),
      repr(stats.spearmanr(o1, o2).pvalue))
# Three units, perfect reversal: rho = -1 (p = 0 for spearmanr), tau_b = -1.
print("reversal:", stats.kendalltau([1, 2, 3], [3, 2, 1], method="asymptotic"), stats.spearmanr([1, 2, 3], [3, 2, 1]))
