"""Independent numpy reference values for tests/score/test_diagnosis.cpp (qualis/score/diagnosis.hpp).

Run: /usr/bin/python3 tests/reference/diagnosis.py
Each block prints the values pasted into the test, with 17 significant digits.
"""
import numpy as np

np.set_printoptions(precision=17, floatmode="unique", linewidth=200)

# Obstacle degree: 4 units x 5 indicators on [0, 100], weights not summing to 1, dimensions {0,0,1,1,2}.
X = np.array([[80.0, 60.0, 90.0, 40.0, 70.0],
              [100.0, 100.0, 100.0, 100.0, 100.0],
              [20.0, 50.0, 0.0, 75.0, 100.0],
              [55.0, 30.0, 65.0, 10.0, 45.0]])
w = np.array([0.3, 0.2, 0.25, 0.15, 0.1]) * 2.0
S = 100.0
I = 1.0 - X / S
F = w
num = F * I
with np.errstate(invalid="ignore"):
    O = num / num.sum(axis=1, keepdims=True)
O[1, :] = 0.0  # unit 1 has no deviation: documented outcome, all zeros
print("deviation\n", repr(I))
print("obstacle\n", repr(O))
dims = np.array([0, 0, 1, 1, 2])
U = np.stack([O[:, dims == d].sum(axis=1) for d in range(3)], axis=1)
print("dimension obstacle\n", repr(U))

# Same data, skip rule: unit 3 misses indicator 1 (renormalise over the observed four).
o3 = np.array([F[j] * I[3, j] for j in [0, 2, 3, 4]])
print("unit 3 skipping indicator 1\n", repr(o3 / o3.sum()))

# Contribution to a weighted arithmetic composite (same X, w).
C = (w * X) / (w * X).sum(axis=1, keepdims=True)
print("contribution\n", repr(C))
print("score\n", repr((w * X).sum(axis=1) / w.sum()))

# Coupling coordination, 3 subsystems, weights (0.5, 0.3, 0.2).
Us = np.array([[0.2, 0.5, 0.8], [0.6, 0.6, 0.6], [0.9, 0.1, 0.4], [0.05, 0.3, 0.0]])
a = np.array([0.5, 0.3, 0.2])
n = Us.shape[1]
Cn = n * (Us.prod(axis=1) / Us.sum(axis=1) ** n) ** (1.0 / n)        # normative form
Cv = (Us.prod(axis=1) / (Us.sum(axis=1) / n) ** n) ** (1.0 / n)      # common variant
assert np.allclose(Cn, Cv, rtol=1e-15, atol=0)
T = Us @ a
D = np.sqrt(Cn * T)
print("C\n", repr(Cn))
print("T\n", repr(T))
print("D\n", repr(D))
print("grade\n", np.minimum(np.floor(D * 10 + 1e-12), 9).astype(int) + 1)
