"""Independent numpy reference values for tests/score/test_weights.cpp and test_ahp.cpp.

Run: /usr/bin/python3 tests/reference/weights.py  (numpy only). Each block prints the numbers that the
C++ tests paste, with 17 significant digits. Written from the formulas in docs/reference/weights.md and
ahp.md, not from the C++ code.
"""
import numpy as np

np.set_printoptions(precision=17, floatmode="unique", linewidth=150)


def show(name, v):
    print(name, ", ".join(repr(float(x)) for x in np.ravel(v)))


def minmax(x, cost=None):
    lo, hi = x.min(0), x.max(0)
    z = (x - lo) / (hi - lo)
    if cost is not None:
        z[:, cost] = 1 - z[:, cost]
    return z


def entropy(x):
    p = x / x.sum(0)
    plogp = np.where(p > 0, p * np.log(np.where(p > 0, p, 1)), 0.0)
    e = -plogp.sum(0) / np.log(x.shape[0])
    d = 1 - e
    return e, d / d.sum()


def critic(z):
    s = z.std(0, ddof=1)
    c = s * (1 - np.corrcoef(z, rowvar=False)).sum(0)
    return c, c / c.sum()


def varimax(L, eps=1e-15, iters=100000):  # SVD form (Kaiser normalisation), a different algorithm from the C++
    h = np.sqrt((L ** 2).sum(1))
    A = L / h[:, None]
    p, k = A.shape
    T = np.eye(k)
    for _ in range(iters):  # stop on the rotation itself: the criterion is flat at the optimum
        B = A @ T
        u, s, vt = np.linalg.svd(A.T @ (B ** 3 - B * (B ** 2).sum(0) / p))
        T, T_old = u @ vt, T
        if np.abs(T - T_old).max() <= eps:
            break
    return (A @ T) * h[:, None]


def pca(x, k, rotate=True):
    ev, V = np.linalg.eigh(np.corrcoef(x, rowvar=False))
    ev, V = ev[::-1], V[:, ::-1]
    L = V[:, :k] * np.sqrt(ev[:k])
    if rotate and k > 1:
        L = varimax(L)
    ex = (L ** 2).sum(0)
    S = L ** 2 / ex
    q = S.argmax(1)
    raw = S[np.arange(len(q)), q] * (ex / ex.sum())[q]
    return ev, L, ex, raw / raw.sum()


def ahp(A):
    ev, V = np.linalg.eig(A)
    i = np.argmax(ev.real)
    w = np.abs(V[:, i].real)
    w /= w.sum()
    gm = np.exp(np.log(A).mean(1))
    gm /= gm.sum()
    cm = (A / A.sum(0)).mean(1)
    ratio = lambda v: ((A @ v) / v).mean()
    return ev[i].real, w, gm, ratio(gm), cm, ratio(cm)


# Entropy, raw data (normalization none): Xu (2004); Zavadskas & Podvezko (2016); Hwang & Yoon (1981).
xu = np.array([[30, 30, 38, 29], [19, 54, 86, 29], [19, 15, 85, 28.9], [68, 70, 60, 29]])
zp = np.array([[3.0, 100, 10, 7], [2.5, 80, 8, 5], [1.8, 50, 20, 11], [2.2, 70, 12, 9]])
hy = np.array([[2.0, 1500, 20000, 5.5, 5, 9], [2.5, 2700, 18000, 6.5, 3, 5],
               [1.8, 2000, 21000, 4.5, 7, 7], [2.2, 1800, 20000, 5.0, 5, 5]])
for name, x in (("xu", xu), ("zp", zp), ("hy", hy)):
    e, w = entropy(x)
    show("entropy_raw_" + name + "_e", e)
    show("entropy_raw_" + name + "_w", w)
# Entropy, min-max honouring directions (Zavadskas & Podvezko data: criteria 0 and 2 are cost).
e, w = entropy(minmax(zp, cost=[0, 2]))
show("entropy_minmax_zp_e", e)
show("entropy_minmax_zp_w", w)
e, w = entropy(minmax(zp, cost=[0, 2]) + 1e-4)
show("entropy_shift_zp_w", w)

# CRITIC: Tus & Aytac Adali (2019) data, cost criterion 0; ignore and reverse handling.
tus = np.array([[5000, 3, 3, 4, 3, 2], [680, 5, 3, 2, 2, 1], [2000, 3, 2, 3, 4, 3],
                [600, 4, 3, 1, 2, 2], [800, 2, 4, 3, 3, 4]], float)
c, w = critic(minmax(tus))
show("critic_ignore_c", c)
show("critic_ignore_w", w)
c, w = critic(minmax(tus, cost=[0]))
show("critic_reverse_c", c)
show("critic_reverse_w", w)

# Coefficient of variation and standard deviation.
cv = zp.std(0, ddof=1) / np.abs(zp.mean(0))
show("cv_zp_w", cv / cv.sum())
sal = np.array([[0.619, 0.449, 0.447], [0.862, 0.466, 0.006], [0.458, 0.698, 0.771],
                [0.777, 0.631, 0.491], [0.567, 0.992, 0.968]])
sd = sal.std(0, ddof=1)
show("sd_none_sal_w", sd / sd.sum())
sd = minmax(zp).std(0, ddof=1)
show("sd_minmax_zp_w", sd / sd.sum())

# PCA weights on the OECD/JRC (2008) TAI data (Handbook pp. 152-153, 23 countries x 8 indicators).
tai = np.array([
    [187, 125.6, 200.2, 50.7, 3.08, 4.15, 10, 27.4], [289, 130, 179.1, 66.2, 3, 4.07, 12, 13.9],
    [271, 156.6, 125.8, 59.7, 3.1, 4.14, 11.4, 15.3], [994, 64.6, 49, 80.8, 3, 3.86, 9.5, 10],
    [779, 9.8, 4.8, 66.7, 2.97, 3.65, 10.8, 23.2], [189, 151.2, 136, 50.9, 3.02, 3.77, 9.4, 9.5],
    [82, 134, 57.4, 61.9, 3.02, 3.73, 9.4, 14.9], [31, 38.6, 108, 48.7, 2.94, 4.18, 11.6, 14.2],
    [75, 18.2, 125.9, 16.2, 2.94, 3.94, 10.9, 25.3], [8, 25.5, 72.3, 74.9, 2.95, 3.83, 7.1, 24.2],
    [235, 36.8, 41.2, 64.2, 2.94, 3.75, 10.2, 14.4], [103, 20.2, 193.6, 19, 3.12, 4.39, 11.9, 11.2],
    [106, 110.3, 48.6, 53.6, 2.97, 3.68, 9.4, 12.3], [72, 73.9, 58.9, 47.6, 2.91, 3.86, 9.3, 13.6],
    [103, 13, 146.7, 15.4, 2.86, 3.91, 11.7, 13.1], [165, 14.8, 84.2, 50.3, 2.99, 3.79, 8.4, 13.6],
    [205, 33.6, 36.4, 58.9, 2.97, 3.8, 7.9, 12.6], [74, 43.6, 43.2, 45, 2.96, 3.74, 9.6, 11],
    [42, 8.6, 21, 53.4, 2.86, 3.62, 7.3, 15.6], [13, 9.8, 30.4, 51, 3, 3.65, 7.2, 13],
    [28, 4.2, 25, 51.7, 2.75, 3.68, 9.5, 8.2], [26, 6.2, 21.6, 63.5, 2.73, 3.46, 9.1, 7.7],
    [105, 4, 20.3, 49.5, 2.84, 3.71, 7.1, 10.6]])
ev, L, ex, w = pca(tai, 4)
show("pca_tai_eigenvalues", ev)
show("pca_tai4_explained", np.sort(ex)[::-1])
show("pca_tai4_w", w)
ev, L, ex, w = pca(tai, 2)
show("pca_tai2_w", w)
ev, L, ex, w = pca(tai, 4, rotate=False)
show("pca_tai4_norot_w", w)

# AHP: Saaty (1990) house example, criteria matrix (8 x 8) and "size of house" matrix (3 x 3).
t = 1 / np.array([1, 2, 3, 4, 5, 6, 7, 8, 9.0])
house = np.array([[1, 5, 3, 7, 6, 6, 1 / 3, 1 / 4], [1 / 5, 1, 1 / 3, 5, 3, 3, 1 / 5, 1 / 7],
                  [1 / 3, 3, 1, 6, 3, 4, 6, 1 / 5], [1 / 7, 1 / 5, 1 / 6, 1, 1 / 3, 1 / 4, 1 / 7, 1 / 8],
                  [1 / 6, 1 / 3, 1 / 3, 3, 1, 1 / 2, 1 / 5, 1 / 6], [1 / 6, 1 / 3, 1 / 4, 4, 2, 1, 1 / 5, 1 / 6],
                  [3, 5, 1 / 6, 7, 5, 5, 1, 1 / 2], [4, 7, 5, 8, 6, 6, 2, 1]])
size = np.array([[1, 6, 8], [1 / 6, 1, 4], [1 / 8, 1 / 4, 1]])
for name, A in (("house", house), ("size", size)):
    lam, w, gm, lgm, cm, lcm = ahp(A)
    show("ahp_" + name + "_lambda", lam)
    show("ahp_" + name + "_eig_w", w)
    show("ahp_" + name + "_gm_w", gm)
    show("ahp_" + name + "_gm_lambda", lgm)
    show("ahp_" + name + "_cm_w", cm)
    show("ahp_" + name + "_cm_lambda", lcm)
