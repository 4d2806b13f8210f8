#!/usr/bin/python3
"""Reference NumPy implementation of AlphaNet's seven operator layers, for `bench operators`.

As the issue describes the usual research code: windows looped in Python, the batch of stocks and
all feature pairs vectorised inside each window. Same semantics as plugins/Operators
(ARCHITECTURE.md): sample statistics (n - 1); ts_corr is the Pearson correlation, 0 where either
window is constant (not the reference reproduction's ts_corr, which divides by the wrong std);
ts_cov the sample covariance; ts_zscore = mean / std (0 where std is 0); ts_return = last / first - 1
(0 where first is 0); ts_decaylinear weights k / sum(k), k = 1 for the oldest day. Windows as
plugins/Operators/Windows.cs cuts them: full windows at 0, s, 2s, ... and, when (T - d) % s != 0,
one shorter tail window from the next start to T.

Usage: alphanet_numpy.py X.npy WINDOW STRIDE Y.npy reproduction|fused [REPEATS]
  reproduction: the reproduction's structure (one function per operator, each looping over windows;
                pairs gathered as (i, j) and (j, i) combinations, as in ts_corr4d / ts_cov4d)
  fused:        one pass per window computing each statistic once (a tuned NumPy baseline)
  X float32 [N, F, T] -> Y float32 [N, K, W], rows: corr pairs, cov pairs (i < j, row-major),
  then stddev, zscore, return, decaylinear, mean (F rows each). Prints `numpy_ms_median`, `numpy_ms_min`.
"""
import sys
import time

import numpy as np


def window_spans(days, window, stride):
    if window < 1 or stride < 1 or window > days:
        raise SystemExit(f"window {window} / stride {stride} do not fit {days} days")
    full = (days - window) // stride + 1
    spans = [(k * stride, window) for k in range(full)]
    if (days - window) % stride != 0:
        tail_start = full * stride
        spans.append((tail_start, days - tail_start))
    return spans


# ---- style "reproduction": the research reproduction's structure (one function per operator, each
# looping over the windows, pairs by fancy indexing with (i, j) and (j, i) combinations), semantics fixed.

def combinations(features):
    rows, cols = np.triu_indices(features, k=1)
    return np.stack([rows, cols], 1), np.stack([cols, rows], 1)


def per_window(x, spans, statistic):
    return np.stack([statistic(x[:, :, start:start + length]) for start, length in spans], axis=-1)


def ts_cov(x, spans, combination, combination_rev):
    def cov(w):
        data, data2 = w[:, combination, :], w[:, combination_rev, :]                  # [N, P, 2, L]
        spread1 = data - data.mean(-1, keepdims=True)
        spread2 = data2 - data2.mean(-1, keepdims=True)
        degenerate = (w.max(-1) == w.min(-1))[:, combination].any(-1)
        if w.shape[-1] < 2:
            return np.zeros(degenerate.shape, w.dtype)
        return np.where(degenerate, 0, ((spread1 * spread2).sum(-1) / np.float32(w.shape[-1] - 1)).mean(-1))
    return per_window(x, spans, cov)


def ts_corr(x, spans, combination, combination_rev):
    def std_product(w):
        data, data2 = w[:, combination, :], w[:, combination_rev, :]
        return (sample_std(data) * sample_std(data2)).mean(-1)                          # [N, P]
    cov = ts_cov(x, spans, combination, combination_rev)
    std = per_window(x, spans, std_product)
    degenerate = std == 0
    return np.where(degenerate, 0, cov / np.where(degenerate, 1, std))


def sample_std(w):
    if w.shape[-1] < 2:
        return np.zeros(w.shape[:-1], w.dtype)
    constant = w.max(-1) == w.min(-1)
    return np.where(constant, 0, w.std(-1, ddof=1))


def ts_stddev(x, spans):
    return per_window(x, spans, sample_std)


def ts_zscore(x, spans):
    def zscore(w):
        std = sample_std(w)
        return np.where(std == 0, 0, w.mean(-1) / np.where(std == 0, 1, std))
    return per_window(x, spans, zscore)


def ts_return(x, spans):
    def ret(w):
        first, last = w[..., 0], w[..., -1]
        return np.where(first == 0, 0, last / np.where(first == 0, 1, first) - 1)
    return per_window(x, spans, ret)


def ts_decaylinear(x, spans):
    def decay(w):
        weight = np.arange(1, w.shape[-1] + 1, dtype=np.float32)
        return (w * (weight / weight.sum())).sum(-1)
    return per_window(x, spans, decay)


def ts_mean(x, spans):
    return per_window(x, spans, lambda w: w.mean(-1))


def alphanet_reproduction(x, window, stride):
    spans = window_spans(x.shape[2], window, stride)
    combination, combination_rev = combinations(x.shape[1])
    parts = [ts_corr(x, spans, combination, combination_rev), ts_cov(x, spans, combination, combination_rev),
             ts_stddev(x, spans), ts_zscore(x, spans), ts_return(x, spans), ts_decaylinear(x, spans), ts_mean(x, spans)]
    return np.concatenate(parts, axis=1).astype(np.float32, copy=False)


# ---- style "fused": the same numbers in one pass per window, each statistic computed once (a tuned NumPy baseline).

def alphanet_window(w, rows, cols):
    """w: [N, F, L] -> [N, K] for one window."""
    length = w.shape[-1]
    mean = w.mean(-1, keepdims=True)
    centred = w - mean
    constant = w.max(-1) == w.min(-1)
    squares = (centred * centred).sum(-1)                         # [N, F]
    cross = (centred[:, rows, :] * centred[:, cols, :]).sum(-1)    # [N, P]
    degenerate = constant[:, rows] | constant[:, cols]

    corr = np.where(degenerate, 0, cross / np.sqrt(np.where(degenerate, 1, squares[:, rows] * squares[:, cols])))
    if length < 2:
        cov = np.zeros_like(cross)
        std = np.zeros_like(squares)
    else:
        cov = np.where(degenerate, 0, cross / np.float32(length - 1))
        std = np.where(constant, 0, np.sqrt(np.where(constant, 1, squares / np.float32(length - 1))))
    zscore = np.where(constant, 0, mean[..., 0] / np.where(constant, 1, std))
    first, last = w[..., 0], w[..., -1]
    ret = np.where(first == 0, 0, last / np.where(first == 0, 1, first) - 1)
    k = np.arange(1, length + 1, dtype=np.float32)
    decay = w @ (k / k.sum())
    return np.concatenate([corr, cov, std, zscore, ret, decay, mean[..., 0]], axis=1).astype(np.float32, copy=False)


def alphanet_fused(x, window, stride):
    rows, cols = np.triu_indices(x.shape[1], k=1)
    out = [alphanet_window(x[:, :, start:start + length], rows, cols)
           for start, length in window_spans(x.shape[2], window, stride)]
    return np.stack(out, axis=2)


STYLES = {"reproduction": alphanet_reproduction, "fused": alphanet_fused}


def main():
    if len(sys.argv) not in (6, 7) or sys.argv[5] not in STYLES:
        raise SystemExit(__doc__)
    alphanet = STYLES[sys.argv[5]]
    x = np.load(sys.argv[1])
    if x.dtype != np.float32 or x.ndim != 3:
        raise SystemExit(f"{sys.argv[1]}: expected float32 [N, F, T], got {x.dtype} {x.shape}")
    window, stride, repeats = int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[6]) if len(sys.argv) == 7 else 5
    with np.errstate(divide="ignore", invalid="ignore"):  # np.where evaluates both branches
        y = alphanet(x, window, stride)  # warm-up
        times = []
        for _ in range(repeats):
            start = time.perf_counter()
            y = alphanet(x, window, stride)
            times.append((time.perf_counter() - start) * 1000)
    np.save(sys.argv[4], np.ascontiguousarray(y, dtype="<f4"))
    print(f"numpy_ms_median {float(np.median(times)):.3f}")
    print(f"numpy_ms_min {min(times):.3f}")


if __name__ == "__main__":
    main()
