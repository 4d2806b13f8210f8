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

Usage: alphanet_numpy.py X.npy WINDOW STRIDE Y.npy [REPEATS]
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


def alphanet(x, window, stride):
    rows, cols = np.triu_indices(x.shape[1], k=1)
    out = [alphanet_window(x[:, :, start:start + length], rows, cols)
           for start, length in window_spans(x.shape[2], window, stride)]
    return np.stack(out, axis=2)


def main():
    if len(sys.argv) not in (5, 6):
        raise SystemExit(__doc__)
    x = np.load(sys.argv[1])
    if x.dtype != np.float32 or x.ndim != 3:
        raise SystemExit(f"{sys.argv[1]}: expected float32 [N, F, T], got {x.dtype} {x.shape}")
    window, stride, repeats = int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[5]) if len(sys.argv) == 6 else 5
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
