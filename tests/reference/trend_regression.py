"""Independent computation of the numbers checked in tests/trend/test_regression.cpp, test_change_point.cpp and
test_growth.cpp.

Written from the published formulas, not from the C++ code:
- OLS line: scipy.stats.linregress (slope, intercept, their standard errors, r, slope p) and the textbook
  formulas in numpy (Montgomery, Peck & Vining, Introduction to Linear Regression Analysis, 5th ed., ch. 2), as
  statsmodels OLS computes them: se(a), t and p of the intercept, intervals with scipy's Student t quantile,
  se of the fitted mean s*sqrt(1/n + d^2/Sxx) and of a new observation s*sqrt(1 + 1/n + d^2/Sxx).
- Pettitt (1979): U_t = sum_{i<=t} sum_{j>t} sign(x_i - x_j) by the double sum, K = max |U_t|, first argmax,
  p = min(1, 2 exp(-6 K^2 / (n^3 + n^2))).
- Growth: the ratios written out.
Run: /usr/bin/python3 tests/reference/trend_regression.py
"""
import numpy as np
from scipy import stats

nan = np.nan


def ols(t, y, conf=0.95, new_t=()):
    t = np.asarray(t, float)
    y = np.asarray(y, float)
    keep = ~np.isnan(y)
    t, y = t[keep], y[keep]
    n = len(t)
    lr = stats.linregress(t, y)
    tbar = t.mean()
    sxx = ((t - tbar) ** 2).sum()
    resid = y - lr.intercept - lr.slope * t
    s = np.sqrt((resid ** 2).sum() / (n - 2))
    se_b = s / np.sqrt(sxx)
    se_a = s * np.sqrt(1 / n + tbar ** 2 / sxx)
    q = stats.t.ppf(0.5 + conf / 2, n - 2)
    t_a = lr.intercept / se_a
    p_a = 2 * stats.t.sf(abs(t_a), n - 2)
    print(f"  n={n} slope={lr.slope!r} intercept={lr.intercept!r}")
    print(f"  slope_se={lr.stderr!r} (numpy {se_b!r}) intercept_se={lr.intercept_stderr!r} (numpy {se_a!r})")
    print(f"  slope_t={lr.slope / se_b!r} slope_p={lr.pvalue!r} intercept_t={t_a!r} intercept_p={p_a!r}")
    print(f"  slope_ci=({lr.slope - q * se_b!r}, {lr.slope + q * se_b!r})")
    print(f"  intercept_ci=({lr.intercept - q * se_a!r}, {lr.intercept + q * se_a!r})")
    print(f"  r_squared={lr.rvalue ** 2!r} residual_sd={s!r} tbar={tbar!r} sxx={sxx!r}")
    for t0 in new_t:
        d = t0 - tbar
        fit = lr.intercept + lr.slope * t0
        sm = s * np.sqrt(1 / n + d * d / sxx)
        sp = s * np.sqrt(1 + 1 / n + d * d / sxx)
        print(f"  at t={t0!r}: fit={fit!r} se_mean={sm!r} mean_ci=({fit - q * sm!r}, {fit + q * sm!r})")
        print(f"      se_pred={sp!r} pred_int=({fit - q * sp!r}, {fit + q * sp!r})")


print("Anscombe (1973) quartet, set I, sorted by x; published: intercept 3.00, slope 0.500, r^2 0.67")
ax = [4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]
ay = [4.26, 5.68, 7.24, 4.82, 6.95, 8.81, 8.04, 8.33, 10.84, 7.58, 9.96]
ols(ax, ay, 0.95, new_t=[9.0, 20.0])

print("Half-year stamps with a gap and a missing value (period_time of 2015H1..2019H2)")
ht = [2015.25, 2015.75, 2016.25, 2016.75, 2017.75, 2018.25, 2019.75]
hy = [10.2, 11.1, 11.9, nan, 13.8, 14.1, 17.9]
ols(ht, hy, 0.90, new_t=[2021.25, 2016.0])

print("Three points: (0, 1), (1, 3), (2, 2)")
ols([0, 1, 2], [1, 3, 2], 0.95, new_t=[3.0])


def pettitt(x):
    x = np.asarray(x, float)
    x = x[~np.isnan(x)]
    n = len(x)
    u = np.array([sum(np.sign(x[i] - x[j]) for i in range(t) for j in range(t, n)) for t in range(1, n)])
    k = np.abs(u).max()
    tau = int(np.argmax(np.abs(u))) + 1  # first maximum, 1-based: last point of the first segment
    p = min(1.0, 2 * np.exp(-6 * k ** 2 / (n ** 3 + n ** 2)))
    print(f"  n={n} K={k!r} tau={tau} p={p!r} mean_before={x[:tau].mean()!r} mean_after={x[tau:].mean()!r}")
    print("  U =", [int(v) for v in u])


print("Pettitt: Page's data, Pettitt (1979) Table 1 (R trend::PagesData); published K=232, tau=17, p=0.014")
pages = [-1.05, 0.96, 1.22, 0.58, -0.98, -0.03, -1.54, -0.71, -0.35, 0.66, 0.44, 0.91, -0.02, -1.42, 1.26, -1.02,
         -0.81, 1.66, 1.05, 0.97, 2.14, 1.22, -0.24, 1.6, 0.72, -0.12, 0.44, 0.03, 0.66, 0.56, 1.37, 1.66, 0.1, 0.8,
         1.29, 0.49, -0.07, 1.18, 3.29, 1.84]
pettitt(pages)
print("Pettitt: ties and a missing value")
pettitt([3, 3, 2, nan, 3, 5, 6, 5, 5, 7])

print("Growth: 2020H1..2022H2 = 100, 110, 121, NaN, 133.1, 150")
v = {"2020H1": 100, "2020H2": 110, "2021H1": 121, "2021H2": nan, "2022H1": 133.1, "2022H2": 150}
print("  pop 2022H2:", repr(v["2022H2"] / v["2022H1"] - 1), "change", repr(v["2022H2"] - v["2022H1"]))
print("  yoy 2021H1:", repr(v["2021H1"] / v["2020H1"] - 1), "yoy 2022H1:", repr(v["2022H1"] / v["2021H1"] - 1))
print("  cagr 2020H1->2022H2 (2.5 years):", repr((150 / 100) ** (1 / 2.5) - 1))
print("  cagr 2020Q1->2022Q3 100->130 (2.5 years):", repr((130 / 100) ** (1 / 2.5) - 1))
print("  cagr 2020 -> 2021H2 (1.25 years) 100 -> 120:", repr((120 / 100) ** (1 / 1.25) - 1))
print("  index base 2020H2:", [repr(100 * x / 110) for x in v.values()])
