#!/usr/bin/env python3
"""Independent numpy computations behind the reference values in tests/score/test_{topsis,vikor,gra,fuzzy}.cpp.

Written from the formulas in the primary sources (see docs/reference/mcda.md), not from qualis' code.
Run: /usr/bin/python3 tests/reference/mcda.py
"""
import numpy as np

np.set_printoptions(precision=17, linewidth=150)


def topsis(X, w, benefit, norm="vector", dist="euclidean"):
    X, w = np.asarray(X, float), np.asarray(w, float) / np.sum(w)
    if norm == "vector":
        R = X / np.sqrt((X ** 2).sum(0))
    elif norm == "min_max":
        R = (X - X.min(0)) / (X.max(0) - X.min(0))
    elif norm == "sum":
        R = X / X.sum(0)
    else:
        R = X / X.max(0)
    V = R * w
    best = np.where(benefit, V.max(0), V.min(0))
    worst = np.where(benefit, V.min(0), V.max(0))
    f = {"euclidean": lambda D: np.sqrt((D ** 2).sum(1)), "manhattan": lambda D: np.abs(D).sum(1),
         "chebyshev": lambda D: np.abs(D).max(1)}[dist]
    dp, dm = f(V - best), f(V - worst)
    return dp, dm, dm / (dp + dm)


def vikor(X, w, benefit, v=0.5):
    X, w = np.asarray(X, float), np.asarray(w, float) / np.sum(w)
    fb = np.where(benefit, X.max(0), X.min(0))
    fw = np.where(benefit, X.min(0), X.max(0))
    D = w * (fb - X) / (fb - fw)
    S, R = D.sum(1), D.max(1)
    Q = v * (S - S.min()) / (S.max() - S.min()) + (1 - v) * (R - R.min()) / (R.max() - R.min())
    return S, R, Q


def gra(X, w, benefit, rho=0.5, norm="min_max", ref=None):
    X, w = np.asarray(X, float), np.asarray(w, float) / np.sum(w)
    x0 = np.where(benefit, X.max(0), X.min(0)) if ref is None else np.asarray(ref, float)
    if norm == "min_max":
        A = np.vstack([x0, X])
        lo, hi = A.min(0), A.max(0)
        A = np.where(benefit, (A - lo) / (hi - lo), (hi - A) / (hi - lo))
    elif norm == "initial_value":
        A = np.vstack([x0, X]) / x0
    elif norm == "mean_value":
        A = np.vstack([x0, X]) / X.mean(0)
    D = np.abs(A[1:] - A[0])
    xi = (D.min() + rho * D.max()) / (D + rho * D.max())
    return xi, xi @ w


def membership(x, b):
    """Grade memberships as piecewise-linear interpolation of the unit vectors (np.interp clamps the ends)."""
    b = np.asarray(b, float)
    order = np.argsort(b)
    return np.array([np.interp(x, b[order], np.eye(len(b))[k][order]) for k in range(len(b))])


def compose(w, R, op):
    w, R = np.asarray(w, float) / np.sum(w), np.asarray(R, float)
    if op == "max_min":
        return np.minimum(w[:, None], R).max(0)
    if op == "max_product":
        return (w[:, None] * R).max(0)
    if op == "bounded_min_sum":
        return np.minimum(1, np.minimum(w[:, None], R).sum(0))
    return np.minimum(1, w @ R)


print("== TOPSIS: Hwang & Yoon (1981) fighter aircraft")
AIR = [[2.0, 1500, 20000, 5.5, 5, 9], [2.5, 2700, 18000, 6.5, 3, 5], [1.8, 2000, 21000, 4.5, 7, 7],
       [2.2, 1800, 20000, 5.0, 5, 5]]
AIR_W, AIR_B = [.2, .1, .1, .1, .2, .3], np.array([1, 1, 1, 0, 1, 1], bool)
for part in topsis(AIR, AIR_W, AIR_B):
    print(part)
print("== TOPSIS: Opricovic & Tzeng (2004) data, min_max")
OT = [[1, 3000], [2, 3750], [5, 4500]]
print(topsis(OT, [.5, .5], np.array([0, 1], bool), "min_max")[2])
print("== TOPSIS: 5 x 4 mixed, every normalisation x distance")
M5 = [[7, 9, 9, 8], [8, 7, 8, 7], [9, 6, 8, 9], [6, 7, 8, 6], [7.5, 8, 6, 5]]
M5_W, M5_B = [.3, .2, .4, .1], np.array([1, 1, 0, 1], bool)
for nm in ["vector", "min_max", "sum", "max"]:
    for d in ["euclidean", "manhattan", "chebyshev"]:
        print(nm, d, topsis(M5, M5_W, M5_B, nm, d)[2])

print("== VIKOR: Opricovic & Tzeng (2004)")
print(vikor(OT, [.5, .5], np.array([0, 1], bool)))
print("== VIKOR: Yang & Wu (2020)")
YW = [[78, 56, 34, 6], [4, 45, 3, 97], [18, 2, 50, 63], [9, 14, 11, 92], [85, 9, 100, 29]]
print(vikor(YW, [.25] * 4, np.ones(4, bool)))
print("== VIKOR: 5 x 4 mixed, v = 0.5 and v = 0.3")
print(vikor(M5, M5_W, M5_B))
print(vikor(M5, M5_W, M5_B, 0.3))

print("== VIKOR: compromise cases (C1, C2), equal weights, benefit criteria; Q order and compromise set")
CASES = {"C1 C2": [[5, 4, 3], [1, 6, 6], [5, 9, 9], [2, 6, 6], [3, 3, 5]],
         "C1 !C2": [[7, 1, 3], [8, 2, 7], [7, 6, 3], [3, 3, 5], [2, 8, 8]],
         "!C1 C2": [[2, 7, 7], [1, 2, 5], [4, 8, 5], [4, 4, 6], [6, 2, 7]],
         "!C1 !C2": [[4, 5, 8], [6, 9, 5], [7, 4, 9], [2, 5, 2], [1, 1, 3]]}
for name, X in CASES.items():
    S, R, Q = vikor(X, [1, 1, 1], np.ones(3, bool))
    o, dq = np.argsort(Q, kind="stable"), 1 / (len(Q) - 1)
    c1, c2 = Q[o[1]] - Q[o[0]] >= dq, S[o[0]] == S.min() or R[o[0]] == R.min()
    comp = [o[0]] if c1 and c2 else ([o[0], o[1]] if c1 else [i for i in o if Q[i] - Q[o[0]] < dq])
    print(name, S, R, Q, o.tolist(), c1, c2, [int(i) for i in comp])

print("== GRA: Si & Sun supplier selection (rows = suppliers)")
SUP = np.array([[0.83, 0.90, 0.99, 0.92, 0.87, 0.95], [326, 295, 340, 287, 310, 303], [21, 38, 25, 19, 27, 10],
                [3.2, 2.4, 2.2, 2.0, 0.9, 1.7], [0.20, 0.25, 0.12, 0.33, 0.20, 0.09],
                [0.15, 0.20, 0.14, 0.09, 0.15, 0.17], [250, 180, 300, 200, 150, 175],
                [0.23, 0.15, 0.27, 0.30, 0.18, 0.26], [0.87, 0.95, 0.99, 0.89, 0.82, 0.94]]).T
SUP_B = np.array([1, 0, 0, 0, 1, 1, 1, 1, 1], bool)
xi, g = gra(SUP, np.ones(9), SUP_B)
print(xi[:, 0], g)
print("== GRA: 5 x 4 mixed, weighted, rho 0.5 / 0.3, initial and mean value, custom reference")
print(gra(M5, M5_W, M5_B)[1])
print(gra(M5, M5_W, M5_B, rho=0.3)[1])
print(gra(M5, M5_W, M5_B, norm="initial_value")[1])
print(gra(M5, M5_W, M5_B, norm="mean_value")[1])
print(gra(M5, M5_W, M5_B, ref=[10, 10, 5, 10])[1])
print(gra(M5, M5_W, M5_B, norm="initial_value", ref=[10, 10, 5, 10])[1])

print("== FCE: 人事考核 single level (Si & Sun)")
A = [0.25, 0.2, 0.25, 0.3]
R = [[.1, .5, .4, 0, 0], [.2, .5, .2, .1, 0], [.2, .5, .3, 0, 0], [.2, .6, .2, 0, 0]]
for op in ["max_min", "max_product", "bounded_min_sum", "weighted_average"]:
    B = compose(A, R, op)
    print(op, B, B / B.sum(), (B / B.sum()) @ [95, 85, 75, 65, 50])
print("== FCE: value-based, 3 units x 3 criteria, 5 grades")
TH = [[95, 85, 75, 65, 50], [1, 2, 4, 6, 10], [0.9, 0.8, 0.7, 0.6, 0.5]]
XV = [[88, 3.0, 0.86], [97, 0.5, 0.40], [70, 7.0, 0.75]]
WV = [0.5, 0.3, 0.2]
for x in XV:
    Rx = np.array([membership(x[j], TH[j]) for j in range(3)])
    for op in ["max_min", "weighted_average"]:
        B = compose(WV, Rx, op)
        print(op, Rx.tolist(), B / B.sum(), (B / B.sum()) @ [95, 85, 75, 65, 50])
