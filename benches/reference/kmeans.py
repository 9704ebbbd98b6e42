"""scikit-learn's k-means on the matrix Fieldbook's native benchmark clustered, for `make bench`.

The matrix is the standardised (recency, frequency, monetary, tenure) of every customer with a
purchase, written by `benches/core.rs` as little-endian f64 rows after a header of two u64
(rows, columns). Same k (5), same initialisation (k-means++, one run), same iteration cap (300)
and scikit-learn's default tolerance, which Fieldbook's tolerance matches on standardised data.

Usage: kmeans.py MATRIX RUNS  -> one JSON object: seconds per run (on every core, as scikit-learn
runs by default, and on one thread), inertia and iterations.
"""

import json
import sys
import time

import numpy as np
from sklearn.cluster import KMeans
from threadpoolctl import threadpool_limits


def main():
    path, runs = sys.argv[1], int(sys.argv[2])
    raw = np.fromfile(path, dtype="<u8", count=2)
    rows, columns = int(raw[0]), int(raw[1])
    matrix = np.fromfile(path, dtype="<f8", offset=16).reshape(rows, columns)
    def fit(run):
        return KMeans(n_clusters=5, init="k-means++", n_init=1, max_iter=300, random_state=run).fit(matrix)

    seconds, inertia, iterations, one_thread = [], [], [], []
    for run in range(runs):
        start = time.perf_counter()
        model = fit(run)
        seconds.append(time.perf_counter() - start)
        inertia.append(float(model.inertia_))
        iterations.append(int(model.n_iter_))
    # The same on one thread (scikit-learn's k-means uses every core through OpenMP; the
    # browser's worker is one thread).
    with threadpool_limits(limits=1):
        for run in range(runs):
            start = time.perf_counter()
            fit(run)
            one_thread.append(time.perf_counter() - start)
    print(json.dumps({
        "rows": rows,
        "columns": columns,
        "seconds": seconds,
        "inertia": inertia,
        "iterations": iterations,
        "seconds_one_thread": one_thread,
        "versions": {"scikit-learn": __import__("sklearn").__version__, "numpy": np.__version__},
    }))


if __name__ == "__main__":
    main()
