"""Independent reference values for tests/prepare/test_outliers.cpp (numpy/scipy, written from the description of
COINr's Treat()/winsorise()/log_CT_plus() in docs/reference/outliers.md, not from the C++ code).
Run with /usr/bin/python3; it prints the figures that the test pastes.

Estimators: scipy.stats.skew(bias=False) is G1 and scipy.stats.kurtosis(fisher=True, bias=False) is G2, the
e1071 type-2 estimators that COINr's skew() and kurt() use."""
import numpy as np
from scipy.stats import kurtosis, skew


def shape(x):
    x = np.asarray(x, float)
    x = x[~np.isnan(x)]
    return skew(x, bias=False), kurtosis(x, fisher=True, bias=False)


def fails(x, ts=2.0, tk=3.5):
    s, k = shape(x)
    return abs(s) >= ts and k >= tk


def winsorise(x, winmax=5):
    """COINr winsorise(): while the rule fails and fewer than winmax distinct points changed, replace all points
    equal to the extreme on the side of the skew by the next value."""
    x = np.array(x, float)
    changed = np.zeros(len(x), bool)
    steps = []
    while fails(x) and changed.sum() < winmax:
        s, _ = shape(x)
        if s >= 0:
            e = np.nanmax(x)
            nxt = np.nanmax(np.where(x == e, np.nan, x))
        else:
            e = np.nanmin(x)
            nxt = np.nanmin(np.where(x == e, np.nan, x))
        idx = np.where(x == e)[0]
        x[idx] = nxt
        changed[idx] = True
        steps.append((bool(s >= 0), e, nxt, idx.tolist()) + shape(x))
    return x, steps, int(changed.sum())


def log_ct_plus(x):
    x = np.asarray(x, float)
    mx, mn = np.nanmax(x), np.nanmin(x)
    a = 0.01 * (mx - mn)
    return np.log(x - mn + a) if shape(x)[0] > 0 else -np.log(mx + a - x)


def show(name, values):
    print(name, ", ".join(repr(float(v)) for v in values))


# COINr vignette "Outlier Treatment": x = 1..10, 30, 100 (published skew 3.063241, kurt 9.741391; after one point
# winsorised 1.712038, 1.815781).
x0 = list(range(1, 11)) + [30, 100]
show("vignette before", shape(x0))
w0, s0, n0 = winsorise(x0, 2)
show("vignette after", shape(w0))
print("vignette nwin", n0)

BASE = [1.0, 1.2, 1.3, 1.5, 1.6, 1.8, 2.0, 2.1, 2.3, 2.5, 2.6, 2.8, 3.0, 3.1, 3.3, 3.6, 3.8, 4.0, 4.4, 4.9, 5.5,
        6.2, 7.0, 8.1, 9.5]
A = BASE + [30, 45, 70, 110, 180, 300]
show("A shape", shape(A))
wa, sa, na = winsorise(A)
print("A nwin", na)
for st in sa:
    print("A step", st)
show("A after", shape(wa))

# A with winmax 2: still failing -> log on the original values.
wa2, sa2, na2 = winsorise(A, 2)
print("A winmax 2 still fails:", fails(wa2), "nwin", na2)
la = log_ct_plus(A)
show("A log", la)
show("A log shape", shape(la))

# Negative skew: -A; skew-aware log is -log(max + a - x); COINr log_CT would be log(x - min + a).
B = [-v for v in A]
lb = log_ct_plus(B)
show("B shape", shape(B))
show("B log", lb)
show("B log shape", shape(lb))
mnB, mxB = min(B), max(B)
show("B log_CT shape", shape(np.log(np.array(B) - mnB + 0.01 * (mxB - mnB))))

# Ties among extremes: two equal maxima are replaced in one step; then a three-way tie.
T = BASE + [40, 60, 60, 400]
wt, st_, nt = winsorise(T)
print("T nwin", nt)
for st in st_:
    print("T step", st)

# A tie at the initial maximum: both 300s are replaced in the first step (2 points at once).
U = BASE + [20, 300, 300]
wu, su, nu = winsorise(U)
print("U nwin", nu)
for st in su:
    print("U step", st)

# Missing values are skipped: A with NaN at rows 3 and 10 removed from the statistics.
AM = list(A)
AM[3] = np.nan
AM[10] = np.nan
show("AM shape", shape(AM))
wam, sam, nam = winsorise(AM)
print("AM nwin", nam)
for st in sam:
    print("AM step", st)
