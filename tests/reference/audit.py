"""Independent numpy/scipy reference values for tests/score/test_audit.cpp.

Run: /usr/bin/python3 tests/reference/audit.py  (numpy and scipy). Written from the formulas in
docs/reference/audit.md, not from the C++ code: scipy.stats.skew/kurtosis (bias=False is the sample-adjusted
type 2, bias=True the population type 1), scipy.stats.spearmanr and np.corrcoef on pairwise complete
observations, np.linalg.eigvalsh for the PCA. Prints 17 significant digits.
"""
import numpy as np
from scipy import stats

nan = np.nan


def show(name, v):
    print(name, ", ".join(repr(float(x)) for x in np.ravel(v)))


# The fixed 10 x 6 audit matrix: dimension 0 = columns 0, 1, 2; dimension 1 = columns 3, 4, 5.
X = np.array([
    [1.2, 2.3, 3, 10.5, 0.51, 7.1],
    [2.5, 3.1, 3, 12.0, 0.62, 6.3],
    [3.1, 4.0, 5, 11.2, nan, 6.8],
    [4.8, 5.2, 4, 14.9, 0.80, 5.0],
    [5.0, 5.1, nan, 15.5, 0.79, 4.1],
    [6.7, 7.9, 6, 13.1, 0.70, 5.9],
    [7.2, 7.0, 6, 18.2, 0.95, 3.2],
    [8.9, 9.4, 8, 17.0, 0.91, 3.9],
    [9.4, 9.0, 8, 19.9, 1.02, 2.2],
    [30.0, 11.3, 9, 21.4, 1.10, 1.5],
])
dims = [[0, 1, 2], [3, 4, 5]]
m = X.shape[1]

print("# indicator statistics (observed values of each column)")
cols = [X[~np.isnan(X[:, j]), j] for j in range(m)]
show("observed", [len(c) for c in cols])
show("mean", [c.mean() for c in cols])
show("sd", [c.std(ddof=1) for c in cols])
show("min", [c.min() for c in cols])
show("max", [c.max() for c in cols])
show("skew_type2", [stats.skew(c, bias=False) for c in cols])
show("kurt_type2", [stats.kurtosis(c, fisher=True, bias=False) for c in cols])
show("skew_type1", [stats.skew(c, bias=True) for c in cols])
show("kurt_type1", [stats.kurtosis(c, fisher=True, bias=True) for c in cols])


def type3(c):
    n = len(c)
    g1 = stats.skew(c, bias=True)
    g2 = stats.kurtosis(c, bias=True)
    return g1 * ((n - 1) / n) ** 1.5, (g2 + 3) * (1 - 1 / n) ** 2 - 3


show("skew_type3", [type3(c)[0] for c in cols])
show("kurt_type3", [type3(c)[1] for c in cols])

print("# pairwise correlations (row-major upper triangle incl. diagonal as full matrices)")
P = np.eye(m)
S = np.eye(m)
N = np.zeros((m, m), dtype=int)
for j in range(m):
    for k in range(m):
        ok = ~np.isnan(X[:, j]) & ~np.isnan(X[:, k])
        N[j, k] = ok.sum()
        if j != k:
            P[j, k] = np.corrcoef(X[ok, j], X[ok, k])[0, 1]
            S[j, k] = stats.spearmanr(X[ok, j], X[ok, k]).correlation
show("pearson", P)
show("spearman", S)
show("pairs", N)

print("# correlation with the dimension aggregate (mean of observed values)")
for rule in ("all", "others"):
    pr, sr, npairs = np.zeros(m), np.zeros(m), np.zeros(m, dtype=int)
    for d in dims:
        for j in d:
            members = d if rule == "all" else [c for c in d if c != j]
            agg = np.nanmean(X[:, members], axis=1)
            ok = ~np.isnan(X[:, j]) & ~np.isnan(agg)
            npairs[j] = ok.sum()
            pr[j] = np.corrcoef(X[ok, j], agg[ok])[0, 1]
            sr[j] = stats.spearmanr(X[ok, j], agg[ok]).correlation
    show("pearson_with_dimension_" + rule, pr)
    show("spearman_with_dimension_" + rule, sr)
    show("pairs_with_dimension_" + rule, npairs)


def cronbach(Y):
    k = Y.shape[1]
    item = Y.var(axis=0, ddof=1).sum()
    total = Y.sum(axis=1).var(ddof=1)
    return k / (k - 1) * (1 - item / total), item, total


def standardized(Y):
    k = Y.shape[1]
    R = np.corrcoef(Y, rowvar=False)
    rbar = (R.sum() - k) / (k * (k - 1))
    return k * rbar / (1 + (k - 1) * rbar), rbar


print("# Cronbach's alpha and PCA per dimension, complete units of the dimension")
for i, d in enumerate(dims):
    Y = X[:, d]
    Y = Y[~np.isnan(Y).any(axis=1)]
    a, item, total = cronbach(Y)
    sa, rbar = standardized(Y)
    print("dimension", i, "units", Y.shape[0])
    show("  alpha item_sum total", [a, item, total])
    show("  standardized rbar", [sa, rbar])
    # alpha of the z-scored columns equals the standardised alpha
    Z = (Y - Y.mean(0)) / Y.std(0, ddof=1)
    show("  alpha_of_z", [cronbach(Z)[0]])
    ev = np.linalg.eigvalsh(np.corrcoef(Y, rowvar=False))[::-1]
    show("  eigenvalues", ev)
    show("  share", ev / len(d))
    show("  cumulative", np.cumsum(ev / len(d)))
    print("  kaiser", int((ev > 1).sum()))

print("# COINr check_SkewKurt example: x = c(1:10, 30, 100) -> Skew 3.063241, Kurt 9.741391")
x = np.r_[np.arange(1, 11), 30, 100].astype(float)
show("coinr_example", [stats.skew(x, bias=False), stats.kurtosis(x, bias=False)])

print("# pingouin cronbach_wide_missing (pingouin docs: listwise 0.8016949152542373, median-imputed 0.7380191693290734)")
W = np.array([
    [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
    [1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 0],
    [nan, 0, 1, 1, nan, 1, 1, 1, 1, 0, 0],
    [1, 1, 1, 0, 1, 1, 0, 1, 1, 0, 0],
    [1, 1, 1, 1, 1, 0, 0, 0, 1, 0, 0],
    [0, 1, nan, 0, 1, 1, 1, 1, 0, 0, 0],
    [1, 1, 1, 1, 0, 0, 1, 0, 0, 0, 0],
    [1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0],
    [0, 1, 0, 1, 1, 0, 0, 0, 0, 1, 0],
    [1, 0, 0, 1, 0, 1, 0, 0, nan, 0, 0],
    [1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0],
    [1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0],
])
Wl = W[~np.isnan(W).any(axis=1)]
show("pingouin_listwise", [cronbach(Wl)[0], Wl.shape[0]])
Wm = np.where(np.isnan(W), np.nanmedian(W, axis=0), W)
show("pingouin_median", [cronbach(Wm)[0]])
