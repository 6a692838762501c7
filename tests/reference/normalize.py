"""Independent reference values for tests/score/test_normalize.cpp (numpy/scipy, written from the formulas in
docs/reference/normalize.md, not from the C++ code). Run with /usr/bin/python3; it prints C++ arrays (row-major,
NaN as kNaN) that the test pastes."""
import numpy as np
from scipy.stats import rankdata

nan = np.nan
# Main matrix: 7 units; columns benefit, cost, target (T = 7), range ([10, 20]), benefit with two missing values.
X = np.array([[12.5, 4, 6.2, 5, 0.42], [30.0, 9, 7.0, 12, nan], [7.25, 2, 8.1, 25, 0.77], [18.0, 6, 6.8, 18, 0.31],
              [30.0, 1, 7.9, 30, 0.65], [3.5, 7, 5.5, 9, nan], [22.75, 3, 7.3, 15, 0.58]])
DIRS = "bctrb"
TARGET, LO, HI = 7.0, 10.0, 20.0
GOALPOSTS = [(0, 40), (0, 10), (5, 9), (0, 40), (0.4, 0.7)]
POLICY_TARGETS = {0: 25.0, 1: 3.0, 4: 0.6}


def keep_nan(x, y):
    y = np.array(y, dtype=float)
    y[np.isnan(x)] = nan
    return y


def orient(x, d, cost="max"):
    if d == "t":
        dev = np.abs(x - TARGET)
        return 1 - dev / np.nanmax(dev)
    if d == "r":
        far = max(LO - np.nanmin(x), np.nanmax(x) - HI)
        return keep_nan(x, np.where(x < LO, 1 - (LO - x) / far, np.where(x > HI, 1 - (x - HI) / far, 1.0)))
    if d == "c":
        return {"max": np.nanmax(x) - x, "rec": 1 / x, "neg": -x}[cost]
    return x


def per_column(f, M=X, dirs=DIRS):
    out = np.empty_like(M)
    for j in range(M.shape[1]):
        x = M[:, j] if dirs[j] == "c" else orient(M[:, j], dirs[j])
        out[:, j] = f(x, dirs[j] != "c", j)
    return out


def min_max(x, b, j, lo=0.0, hi=1.0):
    mn, mx = np.nanmin(x), np.nanmax(x)
    return lo + (hi - lo) * ((x - mn) if b else (mx - x)) / (mx - mn)


def z(x, b, j, ddof=1, m=0.0, s=1.0):
    zz = (x - np.nanmean(x)) / np.nanstd(x, ddof=ddof)
    return m + s * (zz if b else -zz)


def goalposts(x, j, cap=True):
    L, U = GOALPOSTS[j]
    d = DIRS[j]
    if d == "b":
        t = (x - L) / (U - L)
    elif d == "c":
        t = (U - x) / (U - L)
    elif d == "t":
        t = 1 - np.abs(x - TARGET) / max(TARGET - L, U - TARGET)
    else:
        far = max(LO - L, U - HI)
        t = keep_nan(x, np.where(x < LO, 1 - (LO - x) / far, np.where(x > HI, 1 - (x - HI) / far, 1.0)))
    return np.clip(t, 0, 1) if cap else t


def target(x, b, j, formula, cap=True):
    t = POLICY_TARGETS.get(j, 1.0)
    if formula == "ratio":
        y, c = (x / t if b else t / x), 1.0
    elif formula == "gap":
        y, c = ((x - t) / t if b else (t - x) / t), 0.0
    else:
        y, c = ((x - np.nanmin(x)) / (t - np.nanmin(x)) if b else (np.nanmax(x) - x) / (np.nanmax(x) - t)), 1.0
    return np.minimum(y, c) if cap else y


def frontier(x, b, j, formula):
    mn, mx = np.nanmin(x), np.nanmax(x)
    if formula == "ratio":
        return x / mx if b else mn / x
    if formula == "gap":
        return (x - mx) / mx if b else (mn - x) / mn
    return min_max(x, b, j)


def ranks(x, b, method):
    r = np.full(x.shape, nan)
    ok = ~np.isnan(x)
    r[ok] = rankdata(x[ok] if b else -x[ok], method=method)
    return r


def ratio(x, b, kind, rule):
    f = {"max": lambda v: v / np.nanmax(v), "vec": lambda v: v / np.sqrt(np.nansum(v**2)),
         "sum": lambda v: v / np.nansum(v)}[kind]
    if b:
        return f(x)
    return f(1 / x) if rule == "rec" else 1 - f(x)


def log_norm(x, b, j):
    y = np.log(x) / np.nansum(np.log(x))
    return y if b else (1 - y) / (np.sum(~np.isnan(x)) - 1)


def categorical(x, b, cuts, scores):
    c = np.searchsorted(cuts, x, side="right").astype(float)
    cat = c if b else len(cuts) - c
    return keep_nan(x, np.asarray(scores, dtype=float)[np.where(np.isnan(x), 0, cat).astype(int)])


def emit(name, M):
    vals = ["kNaN" if np.isnan(v) else repr(float(v)) for v in np.asarray(M, dtype=float).ravel()]
    lines, line = [], "   "
    for v in vals:
        if len(line) + len(v) + 2 > 118:
            lines.append(line)
            line = "   "
        line += " " + v + ","
    print(f"const std::vector<double> {name} = {{\n" + "\n".join(lines + [line[:-1]]) + "};")


emit("kOrientMax", per_column(lambda x, b, j: x if b else orient(x, "c", "max")))
emit("kOrientReciprocal", per_column(lambda x, b, j: x if b else orient(x, "c", "rec")))
emit("kMinMax01", per_column(min_max))
emit("kMinMax0100", per_column(lambda x, b, j: min_max(x, b, j, 0, 100)))
emit("kZSample", per_column(z))
emit("kZPopulation100x10", per_column(lambda x, b, j: z(x, b, j, 0, 100, 10)))
emit("kGoalposts", np.column_stack([goalposts(X[:, j], j) for j in range(5)]))
emit("kGoalpostsUncapped0100", 100 * np.column_stack([goalposts(X[:, j], j, False) for j in range(5)]))
for f in ("ratio", "gap", "scaled"):
    emit(f"kTarget_{f}", per_column(lambda x, b, j: target(x, b, j, f)))
emit("kTarget_ratio_uncapped", per_column(lambda x, b, j: target(x, b, j, "ratio", False)))
for f in ("ratio", "gap"):
    emit(f"kFrontier_{f}", per_column(lambda x, b, j: frontier(x, b, j, f)))
emit("kFractionReciprocal", per_column(lambda x, b, j: ratio(x, b, "max", "rec")))
emit("kFractionComplement", per_column(lambda x, b, j: ratio(x, b, "max", "cmp")))
for m in ("average", "min", "max"):
    emit(f"kRank_{m}", per_column(lambda x, b, j: ranks(x, b, m)))
emit("kPercentile", per_column(lambda x, b, j: (ranks(x, b, "average") - 1) / (np.sum(~np.isnan(x)) - 1)))
emit("kBordaMin", per_column(lambda x, b, j: ranks(x, b, "min") - 1))
for k in ("vec", "sum"):
    for rule in ("rec", "cmp"):
        emit(f"k_{k}_{rule}", per_column(lambda x, b, j: ratio(x, b, k, rule)))
LOGM = np.array([[2.0, 4.0], [3.5, 1.5], [8.0, 2.5], [1.2, nan], [5.0, 3.0]])
emit("kLogarithmic", per_column(log_norm, LOGM, "bc"))
CUTS = [[10, 20], [3, 6], [0.5, 0.9], [0.5, 1.0], [0.4, 0.6]]
emit("kCategoricalValue", per_column(lambda x, b, j: categorical(x, b, CUTS[j], [0, 50, 100])))
emit("kCategoricalQuantile",
     per_column(lambda x, b, j: categorical(x, b, np.quantile(x[~np.isnan(x)], [0.25, 0.5, 0.75]), [0, 20, 60, 100])))
# Vector normalisation of the fighter-aircraft decision matrix of Hwang & Yoon (1981), all columns as benefit.
AIR = np.array([[2.0, 1500, 20000, 5.5, 5, 9], [2.5, 2700, 18000, 6.5, 3, 5], [1.8, 2000, 21000, 4.5, 7, 7],
                [2.2, 1800, 20000, 5.0, 5, 5]])
emit("kAircraftVector", AIR / np.sqrt((AIR**2).sum(axis=0)))
