"""The reference pipeline for `make bench`: pandas + scikit-learn doing the same work as
Fieldbook's segmentation pipeline on the same orders file.

Stages: read the CSV, drop duplicate rows, fill missing values (quantity -> 1, amount ->
quantity x unit price), per customer the number of distinct orders and the sum of amounts,
sort by total (descending, ties by customer id), standardise both figures, k-means with
k = 5 (one initialisation, k-means++).

Usage: pipeline.py ORDERS_CSV RUNS  -> prints one JSON object: per-stage seconds for every run
and a summary of the result, which the harness compares with Fieldbook's.
"""

import json
import sys
import time

import pandas as pd
from sklearn.cluster import KMeans
from sklearn.preprocessing import StandardScaler


def run_once(path):
    times = {}
    t = time.perf_counter()

    def lap(stage):
        nonlocal t
        now = time.perf_counter()
        times[stage] = now - t
        t = now

    df = pd.read_csv(path, dtype={"order_id": str, "customer_id": str, "product_id": str})
    rows_read = len(df)
    lap("read")
    df = df.drop_duplicates()
    lap("dedupe")
    df["quantity"] = df["quantity"].fillna(1)
    df["amount"] = df["amount"].fillna(df["quantity"] * df["unit_price"])
    lap("fill")
    per_customer = df.groupby("customer_id").agg(
        orders=("order_id", "nunique"), total=("amount", "sum")
    )
    lap("aggregate")
    per_customer = per_customer.sort_values("total", ascending=False, kind="stable")
    lap("sort")
    features = StandardScaler().fit_transform(per_customer[["orders", "total"]])
    lap("standardise")
    model = KMeans(n_clusters=5, n_init=1, random_state=0).fit(features)
    lap("kmeans")
    top = [
        [cid, int(row.orders), int(round(row.total * 100))]
        for cid, row in per_customer.head(5).iterrows()
    ]
    summary = {
        "rows_read": rows_read,
        "rows_kept": len(df),
        "customers": len(per_customer),
        "total_cents": int(round(df["amount"].sum() * 100)),
        "top": top,
        "inertia": float(model.inertia_),
        "iterations": int(model.n_iter_),
        "cluster_sizes": sorted(int(n) for n in pd.Series(model.labels_).value_counts()),
    }
    times["pipeline"] = sum(times.values())
    return times, summary


def main():
    path, runs = sys.argv[1], int(sys.argv[2])
    stages, summary = {}, None
    for _ in range(runs):
        times, summary = run_once(path)
        for stage, seconds in times.items():
            stages.setdefault(stage, []).append(seconds)
    versions = {"pandas": pd.__version__, "scikit-learn": __import__("sklearn").__version__}
    print(json.dumps({"stages": stages, "summary": summary, "versions": versions}))


if __name__ == "__main__":
    main()
