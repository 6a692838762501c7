#!/usr/bin/python3
"""Expected values of tests/tool/test_cli_trend.cpp and tests/trend/test_batch.cpp, from pymannkendall (checked out
at /tmp/pymk) and from the published formulas. Run: /usr/bin/python3 tests/reference/trend_batch.py

Time stamps: qualis stamps an annual period Y at Y + 0.5 (period_time); pymannkendall uses positions 0..n-1. For
consecutive years the Sen slope per year is the same, and Conover's intercept median(y) - slope * median(t) is
pymannkendall's intercept minus slope * (first year + 0.5).
"""
import sys
sys.path.insert(0, "/tmp/pymk")
import numpy as np
import pymannkendall as mk

a = [4.1, 4.5, 4.3, 5.2, 5.2, 5.9, 6.4, 6.1, 7.3, 7.8]  # 产业集群A, 2015..2024
down = [9.5, 9.9, 8.7, 8.1, 8.4, 7.2]                   # down, 2017..2022
for name, x, first in (("A", a, 2015), ("down", down, 2017)):
    r = mk.original_test(x)
    print(name, "original", repr(r.trend), int(r.h), repr(r.p), repr(r.z), repr(r.Tau), int(r.s), repr(r.var_s),
          repr(r.slope), "intercept(qualis)", repr(r.intercept - r.slope * (first + 0.5)))
    r = mk.hamed_rao_modification_test(x)
    print(name, "hamed_rao(pymk |sum|)", repr(r.p), repr(r.var_s))
    r = mk.yue_wang_modification_test(x)
    print(name, "yue_wang", repr(r.p), repr(r.z), repr(r.var_s))
# CAGR of g, 2018 -> 2023 (OECD): (19.1 / 10) ** (1 / 5) - 1
print("cagr g", repr((19.1 / 10.0) ** (1.0 / 5.0) - 1.0))
# OLS of 产业集群A on t = 2015.5 .. 2024.5 (Montgomery et al. 2012): slope = Sxy / Sxx
t = np.arange(10) + 2015.5
y = np.array(a)
b = ((t - t.mean()) * (y - y.mean())).sum() / ((t - t.mean()) ** 2).sum()
print("ols A slope", repr(b), "intercept", repr(y.mean() - b * t.mean()))
