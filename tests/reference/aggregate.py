"""Independent reference values for tests/score/test_aggregate.cpp and tests/score/test_rank.cpp.

Run with /usr/bin/python3 (numpy, scipy); paste the printed numbers into the tests. The formulas are
written out here from the papers, not from qualis: weighted power means (Hardy, Littlewood & Polya
1934), MPI (De Muro, Mazziotta & Pareto 2011), AMPI (Mazziotta & Pareto 2016), ranks by
scipy.stats.rankdata and type-7 quantiles by numpy.quantile.
"""
import itertools
from fractions import Fraction

import numpy as np
from scipy.stats import rankdata

np.set_printoptions(precision=17)
fmt = lambda v: ", ".join(repr(float(x)) for x in np.ravel(v))

X = np.array([[0.62, 0.80, 0.45, 0.90],
              [0.35, 0.55, 0.70, 0.40],
              [0.90, 0.20, 0.65, 0.75],
              [0.50, 0.50, 0.50, 0.50],
              [0.15, 0.95, 0.30, 0.60]])
w = np.array([4.0, 3.0, 2.0, 1.0]) / 10.0


def power_mean(x, w, p):
    m = ~np.isnan(x)
    out = []
    for xi, mi in zip(x, m):
        v, ww = xi[mi], w[mi] / w[mi].sum()
        if p == 0:
            out.append(np.exp(np.sum(ww * np.log(v))))
        else:
            out.append(np.sum(ww * v ** p) ** (1.0 / p))
    return np.array(out)


for p in [1, 0, -1, 2, -0.5, 3.7, -40]:
    print(f"power mean p={p}:", fmt(power_mean(X, w, p)))

# skip rule: weights renormalised over the observed criteria of each unit
Xm = X.copy()
Xm[1, 2] = np.nan
Xm[4, 0] = np.nan
Xm[4, 3] = np.nan
print("arith skip:", fmt(power_mean(Xm, w, 1)))
print("geom skip:", fmt(power_mean(Xm, w, 0)))
print("geom shift 0.5 (rows 0..1):", fmt(power_mean(X[:2] + 0.5, w, 0) - 0.5))

# MPI on raw indicators of different scales (population sd in both directions)
Y = np.array([[120.5, 96.2, 3.1, 45.0],
              [80.0, 98.5, 2.4, 60.0],
              [150.2, 91.0, 4.8, 38.0],
              [95.7, 97.3, 1.9, 52.0],
              [60.3, 99.1, 3.6, 70.0],
              [110.0, 94.4, 2.8, 41.0]])


def mpi_from(z, wt, sign):
    wt = wt / wt.sum()
    M = z @ wt
    S = np.sqrt(((z - M[:, None]) ** 2) @ wt)
    return M + sign * S * (S / M)


Z = 100 + 10 * (Y - Y.mean(0)) / Y.std(0, ddof=0)
eq = np.ones(4)
print("MPI- equal:", fmt(mpi_from(Z, eq, -1)))
print("MPI+ equal:", fmt(mpi_from(Z, eq, +1)))
print("MPI- w=2,1,1,1:", fmt(mpi_from(Z, np.array([2.0, 1, 1, 1]), -1)))
# AMPI, data-driven goalposts: mean +/- (max - min) / 2
d = (Y.max(0) - Y.min(0)) / 2
lo, hi = Y.mean(0) - d, Y.mean(0) + d
R = 70 + 60 * (Y - lo) / (hi - lo)
print("AMPI- data-driven:", fmt(mpi_from(R, eq, -1)))
gl, gh = np.array([50.0, 90.0, 1.0, 30.0]), np.array([160.0, 100.0, 5.0, 80.0])
R = 70 + 60 * (Y - gl) / (gh - gl)
print("AMPI- goalposts:", fmt(mpi_from(R, eq, -1)))
print("AMPI+ goalposts:", fmt(mpi_from(R, eq, +1)))


# Borda and Copeland by brute force over pairs
def borda(x, w):
    n, m = x.shape
    return np.array([sum(w[j] * sum((x[k, j] < x[i, j]) + 0.5 * (x[k, j] == x[i, j])
                                     for k in range(n) if k != i) for j in range(m)) for i in range(n)])


def copeland(x, w):
    # exact rational weights: in floating point 0.35 - 0.25 - 0.25 + 0.15 is not 0, a false win
    w = [Fraction(str(v)) for v in w]
    n, m = x.shape
    s = np.zeros(n)
    for a, b in itertools.combinations(range(n), 2):
        net = sum(wj * int(np.sign(x[a, j] - x[b, j])) for j, wj in enumerate(w))
        s[a] += (net > 0) - (net < 0)
        s[b] -= (net > 0) - (net < 0)
    return s


B = np.array([[3, 1, 2, 2], [1, 3, 2, 0], [2, 2, 3, 1], [3, 0, 1, 2], [0, 2, 2, 3]], float)
wb = np.array([0.35, 0.25, 0.25, 0.15])
print("Borda B:", fmt(borda(B, wb)))
print("Copeland B:", fmt(copeland(B, wb)))

# ranks: scipy.stats.rankdata of -s (descending), NaN omitted
s = np.array([3.5, 7.0, np.nan, 7.0, 1.0, 3.5, 9.25, 7.0, np.nan, 0.5])
for method in ["min", "max", "average", "dense", "ordinal"]:
    print(f"rank desc {method}:", fmt(rankdata(-s, method=method, nan_policy="omit")))
print("rank asc average:", fmt(rankdata(s, method="average", nan_policy="omit")))

# quantile grades: numpy.quantile, method linear (Hyndman-Fan type 7)
g = np.array([55.0, 91.5, np.nan, 72.25, 72.25, 88.0, 40.0, 63.5, 97.0, 72.25, 80.0, np.nan, 68.0, 59.5])
print("quantiles 0.8 0.5 0.2:", fmt(np.quantile(g[~np.isnan(g)], [0.8, 0.5, 0.2], method="linear")))
