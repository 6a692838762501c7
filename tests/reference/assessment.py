"""Independent reference values for tests/assessment/test_run_end_to_end.cpp (qualis::run()).

Pure Python 3 standard library, written from the published formulas and the documented conventions, not from
the C++ code:
  - coverage screening, pooled (OECD/JRC 2008 Handbook step 3; COINr Screen()): a unit's share counts its cells
    in the periods where it is active (joined); an indicator's share counts its cells of the active
    (unit, period) pairs; share < threshold removes (unit 2/3, indicator 0.65);
  - min-max onto [0, 100] per period over the active units (Handbook step 5; COINr n_minmax):
    benefit 100 (x - min) / (max - min), cost 100 (max - x) / (max - min);
  - weighted arithmetic mean re-weighted over a unit's observed children, weighted geometric mean with shift c:
    exp(sum w ln(x + c) / sum w) - c over the observed children (Handbook step 6);
  - AHP eigenvector weights, lambda_max, CI = (lambda - n) / (n - 1), CR = CI / RI(3), RI(3) = 0.58
    (Saaty 1980);
  - effective weight = product of normalised sibling weights on the path (Handbook; COINr get_eff_weights);
  - step index = 100 * sum_k w_k (l_k / m_k) / sum_k w_k over rated steps (completion(), unrated excluded);
    score = (1 - s) composite + s step index;
  - ranks: highest first, min ties ("1224"), missing scores unranked; within cohort the same per cohort;
  - fixed grade bands A >= 70, B >= 50, C >= 30, D below;
  - obstacle degree O_ij = w_j (1 - x_ij / 100) / sum_k w_k (1 - x_ik / 100) over observed k (the obstacle
    degree model as documented in score/diagnosis.hpp), dimension obstacle = sum over its indicators; contribution
    c_ij = w_j x_ij / sum_k w_k x_ik; gap to best b_j - x_ij with b_j the period's maximum over active units;
  - coupling coordination (Wang et al. 2021 normative form): C = n [prod U / (sum U)^n]^(1/n),
    T = sum a_i U_i (a = 1/n), D = sqrt(C T), grade = the tenth of [0, 1] that holds D (10 for D = 1).
Run: python3 tests/reference/assessment.py
"""
import math

nan = float("nan")
P = [2019, 2020, 2021]
units = ["a", "b", "c", "d", "e", "x1", "x2"]
cohort = {"a": "2019", "b": "2019", "c": "2019", "d": "2019", "e": "2019",
          "x1": "X", "x2": "X"}
joined = {"a": 2019, "b": 2019, "c": 2019, "d": 2019, "e": 2019, "x1": 2021, "x2": 2021}
inds = ["rev", "emp", "pat", "rd", "pass", "compl", "std"]
cost = {"compl"}
N = nan
# raw[period][unit] = values of inds (the same table as panel() in the test)
raw = {
    2019: {"a": [10, 200, 5, 2.0, 90, 4, 3], "b": [30, 150, 15, 3.0, 95, 2, 5], "c": [20, N, 10, 1.0, 85, 6, 2],
           "d": [50, 400, 20, 4.0, 80, 8, 4], "e": [N, N, N, 1.5, N, N, 1], "x1": [N] * 7, "x2": [N] * 7},
    2020: {"a": [12, 210, 6, 2.5, 92, 3, 3], "b": [28, 160, 18, 3.5, 96, 2, 6], "c": [25, 180, 12, N, 88, 5, 2],
           "d": [45, 380, 22, 4.5, 82, 7, 5], "e": [N, 300, N, N, N, N, 2], "x1": [40, 100, 9, 2.0, 91, 3, 4],
           "x2": [N] * 7},
    2021: {"a": [15, 220, 8, 3.0, 93, 3, 4], "b": [26, 170, 20, 3.0, 97, 1, 6], "c": [30, 190, 14, 2.0, 90, N, 3],
           "d": [40, 360, 25, 5.0, 84, 6, 5], "e": [8, N, N, N, 70, N, N], "x1": [60, 250, 30, 6.0, 95, 2, 7],
           "x2": [18, 120, N, 1.0, 86, 4, 2]},
}
isnan = math.isnan


def fmt(v):
    return "nan" if isnan(v) else repr(float(v))


# ---- members and values observed before joining ----
member = {(u, p): p >= joined[u] for u in units for p in P}
ignored_before = sum(1 for u in units for p in P if not member[(u, p)] for v in raw[p][u] if not isnan(v))
print("ignored_before_joining", ignored_before)

# ---- pooled screening ----
removed_units = []
for u in units:
    cells = [v for p in P if member[(u, p)] for v in raw[p][u]]
    share = sum(not isnan(v) for v in cells) / len(cells)
    print("unit coverage", u, share)
    if share < 2.0 / 3.0:
        removed_units.append(u)
removed_inds = []
for j, i in enumerate(inds):
    cells = [raw[p][u][j] for u in units for p in P if member[(u, p)]]
    share = sum(not isnan(v) for v in cells) / len(cells)
    print("indicator coverage", i, share)
    if share < 0.65:
        removed_inds.append(i)
print("removed units", removed_units, "removed indicators", removed_inds)
assert not removed_inds
active = {(u, p): member[(u, p)] and u not in removed_units for u in units for p in P}

# ---- min-max per period over active units ----
norm = {}
for p in P:
    rows = [u for u in units if active[(u, p)]]
    for j, i in enumerate(inds):
        obs = [raw[p][u][j] for u in rows if not isnan(raw[p][u][j])]
        lo, hi = min(obs), max(obs)
        for u in rows:
            v = raw[p][u][j]
            if isnan(v):
                norm[(u, i, p)] = nan
            elif i in cost:
                norm[(u, i, p)] = 100.0 * (hi - v) / (hi - lo)
            else:
                norm[(u, i, p)] = 100.0 * (v - lo) / (hi - lo)


# ---- AHP eigenvector for quality (pass, compl, std) ----
A = [[1.0, 2.0, 4.0], [0.5, 1.0, 3.0], [0.25, 1.0 / 3.0, 1.0]]
w = [1.0 / 3.0] * 3
for _ in range(500):
    Aw = [sum(A[r][c] * w[c] for c in range(3)) for r in range(3)]
    s = sum(Aw)
    w = [x / s for x in Aw]
Aw = [sum(A[r][c] * w[c] for c in range(3)) for r in range(3)]
lam = sum(Aw[r] / w[r] for r in range(3)) / 3.0
ci = (lam - 3.0) / 2.0
cr = ci / 0.58
print("ahp weights", [fmt(x) for x in w], "lambda", fmt(lam), "CI", fmt(ci), "CR", fmt(cr))

# ---- framework: local weights (normalised among siblings) ----
local = {"capacity": 2.0 / 3.0, "quality": 1.0 / 3.0, "scale": 0.5, "innovation": 0.5,
         "rev": 2.0 / 3.0, "emp": 1.0 / 3.0, "pat": 0.5, "rd": 0.5, "pass": w[0], "compl": w[1], "std": w[2]}
parent = {"capacity": "", "quality": "", "scale": "capacity", "innovation": "capacity", "rev": "scale",
          "emp": "scale", "pat": "innovation", "rd": "innovation", "pass": "quality", "compl": "quality",
          "std": "quality"}
eff = {}
for n in ["capacity", "scale", "rev", "emp", "innovation", "pat", "rd", "quality", "pass", "compl", "std"]:
    eff[n] = local[n] * (1.0 if parent[n] == "" else eff[parent[n]])
print("effective weights", {k: fmt(v) for k, v in eff.items()})


def wam(vals, ws):
    pairs = [(v, x) for v, x in zip(vals, ws) if not isnan(v)]
    return sum(v * x for v, x in pairs) / sum(x for _, x in pairs) if pairs else nan


def wgm(vals, ws, c):
    pairs = [(v, x) for v, x in zip(vals, ws) if not isnan(v)]
    if not pairs:
        return nan
    return math.exp(sum(x * math.log(v + c) for v, x in pairs) / sum(x for _, x in pairs)) - c


score = {}
for p in P:
    for u in units:
        if not active[(u, p)]:
            continue
        g = lambda i: norm[(u, i, p)]
        sc = wam([g("rev"), g("emp")], [2.0, 1.0])
        inn = wgm([g("pat"), g("rd")], [1.0, 1.0], 1.0)
        cap = wam([sc, inn], [1.0, 1.0])
        qual = wam([g("pass"), g("compl"), g("std")], w)
        comp = wam([cap, qual], [2.0, 1.0])
        score[(u, p)] = {"scale": sc, "innovation": inn, "capacity": cap, "quality": qual, "composite": comp}

# ---- step index (eleven steps, weights 1, top level 4; '-' = not rated) ----
steps = {
    ("a", 2019): "21021110100", ("a", 2020): "22121211-10", ("a", 2021): "32232221211",
    ("b", 2019): "32221221112", ("b", 2020): "33232321212", ("b", 2021): "43332332322",
    ("c", 2019): "1100-000100", ("c", 2020): "21110101100", ("c", 2021): "2121121-211",
    ("d", 2019): "43332332232", ("d", 2020): "43333343332", ("d", 2021): "44343443433",
    ("x1", 2020): "11111111111", ("x1", 2021): "3223222-122", ("x2", 2021): "10100010000",
    ("e", 2021): "22222222222",
}
share = 0.2
ignored_steps = 0
for (u, p), s in steps.items():
    if not active[(u, p)]:
        ignored_steps += 1
        continue
    lv = [int(ch) for ch in s if ch != "-"]
    idx = 100.0 * sum(l / 4.0 for l in lv) / len(lv)
    score[(u, p)]["step_index"] = idx
    score[(u, p)]["score"] = (1.0 - share) * score[(u, p)]["composite"] + share * idx
print("ignored_step_assessments", ignored_steps)


def ranks(vals):
    # min ties, highest first, NaN unranked
    out = {}
    for k, v in vals.items():
        out[k] = nan if isnan(v) else 1 + sum(1 for x in vals.values() if not isnan(x) and x > v)
    return out


def grade(v):
    return nan if isnan(v) else (0 if v >= 70 else 1 if v >= 50 else 2 if v >= 30 else 3)


print()
print("// ---- C++ literals ----")
nodes = ["score", "composite", "step_index", "capacity", "scale", "innovation", "quality"]
for p in P:
    print(f"// {p}: per unit {{" + ", ".join(nodes) + "}")
    for u in units:
        if active[(u, p)]:
            print(f'  {{"{u}", {{' + ", ".join(fmt(score[(u, p)][n]) for n in nodes) + "}},")
for p in P:
    for node in ["score", "composite"]:
        vals = {u: (score[(u, p)][node] if active[(u, p)] else nan) for u in units}
        r = ranks(vals)
        within = {}
        for coh in set(cohort.values()):
            within.update(ranks({u: v for u, v in vals.items() if cohort[u] == coh}))
        print(f"// ranks {p} {node}: overall", [r[u] for u in units], "within", [within[u] for u in units])
    print(f"// grades {p} score:", [grade(score[(u, p)]["score"]) if active[(u, p)] else nan for u in units])
rdv = {u: (norm[(u, "rd", 2021)] if active[(u, 2021)] else nan) for u in units}
rd21 = ranks(rdv)
rdw = {}
for coh in set(cohort.values()):
    rdw.update(ranks({u: v for u, v in rdv.items() if cohort[u] == coh}))
print("// ranks 2021 rd: overall", [rd21[u] for u in units], "within", [rdw[u] for u in units])

print("// normalised cells")
for (u, p) in [("x1", 2021), ("x2", 2021), ("c", 2019), ("c", 2021), ("a", 2020)]:
    print(f"//   {u} {p}:", ", ".join(fmt(norm[(u, i, p)]) for i in inds))

# ---- diagnosis of unit c in 2021 (compl missing) and of x1 in 2021 ----
ew = [eff[i] for i in inds]
for u, p in [("c", 2021), ("x2", 2021)]:
    x = [norm[(u, i, p)] for i in inds]
    dev = [ew[j] * (1.0 - x[j] / 100.0) for j in range(7)]
    tot = sum(d for d, v in zip(dev, x) if not isnan(v))
    O = [nan if isnan(x[j]) else dev[j] / tot for j in range(7)]
    print(f"// obstacles {u} {p}:", ", ".join(fmt(o) for o in O))
    dims = {"capacity": ["rev", "emp", "pat", "rd"], "scale": ["rev", "emp"], "innovation": ["pat", "rd"],
            "quality": ["pass", "compl", "std"]}
    for d, members in dims.items():
        vals = [O[inds.index(i)] for i in members if not isnan(O[inds.index(i)])]
        print(f"//   dimension obstacle {d}:", fmt(sum(vals)))
    cw = [ew[j] * x[j] for j in range(7)]
    ctot = sum(c for c, v in zip(cw, x) if not isnan(v))
    print(f"// contributions {u} {p}:", ", ".join(fmt(nan if isnan(x[j]) else cw[j] / ctot) for j in range(7)))
    rows = [v for v in units if active[(v, p)]]
    best = [max(norm[(v, i, p)] for v in rows if not isnan(norm[(v, i, p)])) for i in inds]
    print(f"// gaps {u} {p}:", ", ".join(fmt(best[j] - x[j]) for j in range(7)))
    print(f"// relative gaps {u} {p}:", ", ".join(fmt((best[j] - x[j]) / abs(best[j])) for j in range(7)))

# ---- coupling coordination between capacity and quality ----
for u, p in [("a", 2021), ("x1", 2021), ("b", 2019)]:
    U = [score[(u, p)]["capacity"] / 100.0, score[(u, p)]["quality"] / 100.0]
    n = len(U)
    C = n * (math.prod(U) / sum(U) ** n) ** (1.0 / n)
    T = sum(x / n for x in U)
    D = math.sqrt(C * T)
    g = min(int(math.floor(D * 10.0)), 9) + 1
    print(f"// coupling {u} {p}: C {fmt(C)} T {fmt(T)} D {fmt(D)} grade {g}")
