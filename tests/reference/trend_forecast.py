"""Independent computation of the numbers checked in tests/trend/test_forecast.cpp.

Plain numpy/scipy, written from the published formulas (not from the C++ code):
- Holt's linear method (Holt 1957; Hyndman & Athanasopoulos, FPP 2nd ed. sec. 7.2, 3rd ed. sec. 8.2):
    l_t = alpha y_t + (1 - alpha)(l_{t-1} + b_{t-1}),  b_t = beta (l_t - l_{t-1}) + (1 - beta) b_{t-1},
  started as R's HoltWinters(gamma = FALSE) (l_2 = y_2, b_2 = y_2 - y_1, residuals from t = 3) or in state-space
  form (l_0 = y_1, b_0 = y_2 - y_1, residuals from t = 1). The fit minimises the one-step SSE over [0, 1]^2 with
  scipy.optimize.minimize (L-BFGS-B, bounds [0, 1]) from a 5 x 5 grid of starts, then polished with
  bounded Nelder-Mead from the same starts; the best SSE wins. statsmodels is not installed, so this is the peer.
  Forecast variance: sigma^2 [1 + (h - 1)(A^2 + A B h + B^2 h (2h - 1) / 6)] with A = alpha, B = alpha beta
  (FPP's closed form for ETS(A,A,N)), which must equal the sum form sigma^2 [1 + sum_j alpha^2 (1 + j beta)^2].
- GM(1,1) (Deng 1982; Liu Sifeng & Lin Yi, Grey Systems: Theory and Applications, 2010): AGO, background
  values, least squares (numpy.linalg.lstsq, an SVD solver), time response, IAGO, posterior error test.
Run: /usr/bin/python3 tests/reference/trend_forecast.py
"""
import numpy as np
from scipy import optimize, stats


def holt(y, alpha, beta, init="first_difference"):
    y = np.asarray(y, dtype=float)
    n = len(y)
    fitted = np.full(n, np.nan)
    if init == "first_difference":
        level, trend, start = y[1], y[1] - y[0], 2
    else:
        level, trend, start = y[0], y[1] - y[0], 0
    for t in range(start, n):
        fitted[t] = level + trend
        new_level = alpha * y[t] + (1 - alpha) * (level + trend)
        trend = beta * (new_level - level) + (1 - beta) * trend
        level = new_level
    resid = y - fitted
    sse = np.nansum(resid ** 2)
    return fitted, sse, level, trend, int(np.sum(~np.isnan(fitted)))


def fit(y, init="first_difference"):
    f = lambda p: holt(y, p[0], p[1], init)[1]
    best = None
    for a0 in np.linspace(0.1, 0.9, 5):
        for b0 in np.linspace(0.1, 0.9, 5):
            for method in ("L-BFGS-B", "Nelder-Mead"):
                r = optimize.minimize(f, [a0, b0], method=method, bounds=[(0, 1), (0, 1)],
                                      options={"ftol": 1e-15, "gtol": 1e-12} if method == "L-BFGS-B" else
                                      {"xatol": 1e-12, "fatol": 1e-15, "maxiter": 4000})
                if best is None or r.fun < best.fun:
                    best = r
    return best.x, best.fun


def intervals(alpha, beta, sigma2, horizon, level=0.95):
    z = stats.norm.ppf(0.5 + level / 2)
    out = []
    for h in range(1, horizon + 1):
        s = sum((alpha * (1 + j * beta)) ** 2 for j in range(1, h))
        A, B = alpha, alpha * beta
        closed = (h - 1) * (A * A + A * B * h + B * B * h * (2 * h - 1) / 6)
        assert abs(s - closed) <= 1e-12 * max(1, closed), (s, closed)
        out.append((np.sqrt(sigma2 * (1 + s)), z))
    return out


def show_holt(name, y, alpha, beta, init, horizon):
    fitted, sse, level, trend, m = holt(y, alpha, beta, init)
    print(f"{name}: alpha={alpha!r} beta={beta!r} init={init}")
    print("  fitted =", [repr(v) for v in fitted])
    print(f"  sse={sse!r} sigma2={sse / m!r} level={level!r} trend={trend!r} m={m}")
    for h, (sd, z) in enumerate(intervals(alpha, beta, sse / m, horizon), start=1):
        fc = level + h * trend
        print(f"  h={h} forecast={fc!r} sd={sd!r} lower={fc - z * sd!r} upper={fc + z * sd!r}")


np.set_printoptions(precision=17)
# A cluster's annual output (made-up but plausible), used throughout the Holt tests.
output = [41.2, 44.8, 47.1, 52.3, 55.0, 58.9, 61.4, 66.8, 70.2, 73.5, 79.1, 83.0]
# A noisy series whose optimum is inside the square for both starts: 50 + 1.5 t + a random walk + noise,
# numpy default_rng(7), sd 1 each, rounded to 0.1 (the first such draw).
noisy = [50.7, 50.5, 52.6, 51.7, 53.4, 53.3, 56.5, 58.3, 60.9, 61.6, 63.3, 62.8, 66.4, 67.4, 69.1]

show_holt("output fixed", output, 0.5, 0.3, "first_difference", 3)
show_holt("output fixed state_space", output, 0.5, 0.3, "state_space", 3)
show_holt("hand", [1.0, 3.0, 4.0, 8.0], 0.5, 0.5, "first_difference", 2)
for name, y in (("output", output), ("noisy", noisy)):
    for init in ("first_difference", "state_space"):
        (a, b), sse = fit(y, init)
        print(f"FIT {name} {init}: alpha={a!r} beta={b!r} sse={sse!r}")
        show_holt(f"  fitted {name}", y, a, b, init, 2)


def gm11(x0, horizon):
    x0 = np.asarray(x0, dtype=float)
    n = len(x0)
    x1 = np.cumsum(x0)
    z = 0.5 * x1[1:] + 0.5 * x1[:-1]
    B = np.column_stack([-z, np.ones(n - 1)])
    a, b = np.linalg.lstsq(B, x0[1:], rcond=None)[0]
    k = np.arange(n + horizon)
    x1hat = (x0[0] - b / a) * np.exp(-a * k) + b / a
    x0hat = np.r_[x0[0], np.diff(x1hat)]
    e = x0 - x0hat[:n]
    rel = np.abs(e) / x0
    s1 = np.std(x0)          # divisor n
    s2 = np.std(e)           # divisor n, k = 1..n (e(1) = 0)
    c = s2 / s1
    p = np.mean(np.abs(e - e.mean()) < 0.6745 * s1)
    sigma = x0[:-1] / x0[1:]
    lo, hi = np.exp(-2 / (n + 1)), np.exp(2 / (n + 2))
    print(f"GM(1,1) n={n}: a={a!r} b={b!r}")
    print("  fitted =", [repr(v) for v in x0hat[:n]])
    print("  residuals =", [repr(v) for v in e])
    print(f"  mean_rel(k>=2)={rel[1:].mean()!r} s1={s1!r} s2={s2!r} C={c!r} P={p!r}")
    print(f"  class ratio bounds=({lo!r}, {hi!r}) all inside={bool(np.all((sigma > lo) & (sigma < hi)))}")
    print("  forecasts =", [repr(v) for v in x0hat[n:]])
    return a, b


# Published worked example: the AGO series X(1) of international dry-bulk fleet capacity printed in the paper
# "国际干散货航运市场船舶运力的预测以及浅析" (table 2, as shown at https://mtoou.info/tubiao/992967.html):
# X(1) = 2.86, 5.80, ..., 89.08; the paper reports a = -0.0749, b = 2.5948, C = 0.2096 (from Se, Sc), P = 1,
# grade good. x0 is the first difference of X(1).
x1_pub = np.array([2.86, 5.80, 8.81, 12.02, 15.46, 19.13, 23.05, 27.24, 31.86, 37.27, 43.48, 50.35, 57.62, 65.20,
                   72.97, 80.91, 89.08])
x0_pub = np.diff(np.r_[0.0, x1_pub])
print("x0_pub =", [repr(round(v, 2)) for v in x0_pub])
gm11(np.round(x0_pub, 2), 2)
# A cluster's output (made-up), 6 years, used for the forecasts and invariants.
gm11([41.2, 44.8, 47.1, 52.3, 55.0, 58.9], 3)
# Hand example: an exact geometric series x0(k) = 2^(k-1) is not reproduced exactly by GM(1,1) (the trapezoid
# background value is biased), which the test shows with the numbers below.
gm11([1.0, 2.0, 4.0, 8.0], 1)
