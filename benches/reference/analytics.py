"""The reference analytics for `make bench`: pandas computes, from the same order files the app
imported, what the dashboard's exports say, and compares them to the cent.

The rules are the README's ("Analytics: what counts"): cancelled and refunded orders are not
sales; a return (status "return" or negative quantities) counts negatively; an order's amount is
the sum of its lines; a purchase is a sale of zero or more; the total is every sale, refunds
and returns included; the average order is over purchases, rounded half away from zero to the
cent; RFM scores are ceil(5 * rank / n) with ties taking their lowest rank, among customers with
a purchase; recency and tenure are days to the as-of day.

Usage: analytics.py FIGURES_CSV MONTHS_CSV ORDERS_CSV...  -> prints one JSON object with what was
compared and every difference found (none when Fieldbook and pandas agree).
"""

import json
import sys
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

SEGMENTS = [  # (name, R range, F range): the first match names the segment.
    ("Champions", (4, 5), (4, 5)),
    ("Can't lose", (1, 2), (5, 5)),
    ("At risk", (1, 2), (3, 4)),
    ("Loyal", (3, 5), (3, 5)),
    ("New", (5, 5), (1, 1)),
    ("Potential", (3, 5), (1, 2)),
    ("Hibernating", (2, 2), (1, 2)),
    ("Lost", (1, 1), (1, 2)),
]


def segment(r, f):
    for name, (r0, r1), (f0, f1) in SEGMENTS:
        if r0 <= r <= r1 and f0 <= f <= f1:
            return name
    raise ValueError((r, f))


def cents(text):
    """Exact cents of a decimal text (no binary floats on the way)."""
    value = (Decimal(str(text)) * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return int(value)


def quintiles(values):
    n = len(values)
    rank = values.rank(method="min").astype("int64")
    return (5 * rank + n - 1) // n


def main():
    figures_path, months_path, *order_paths = sys.argv[1:]
    shown = pd.read_csv(figures_path, dtype=str, keep_default_na=False)
    # id, id in the imported file, name, purchases, total, average order, first and last
    # purchase, recency, tenure, R, F, M, segment (headers are in the app's language).
    source_col, last_col, recency_col = shown.columns[1], shown.columns[7], shown.columns[8]

    lines = pd.concat(
        [pd.read_csv(p, dtype=str, keep_default_na=False) for p in order_paths], ignore_index=True
    )
    lines["quantity"] = lines["quantity"].astype("int64")
    lines["cents"] = [cents(p) for p in lines["unit_price"]]
    lines["cents"] *= lines["quantity"]
    # Only customers the app holds (rows the import refused have no figures there).
    known = set(shown[source_col])
    dropped = int((~lines["customer_id"].isin(known)).sum())
    lines = lines[lines["customer_id"].isin(known)]
    orders = lines.groupby("order_id", sort=False).agg(
        customer=("customer_id", "first"), date=("order_date", "first"),
        status=("status", "first"), cents=("cents", "sum"),
    )
    orders.loc[orders["status"] == "return", "cents"] = -orders["cents"].abs()
    sales = orders[~orders["status"].isin(["cancelled", "refunded"])].copy()
    sales["date"] = pd.to_datetime(sales["date"])
    purchases = sales[sales["cents"] >= 0]

    per = pd.DataFrame(index=sorted(known))
    per["total"] = sales.groupby("customer")["cents"].sum()
    per["purchases"] = purchases.groupby("customer").size()
    per["gross"] = purchases.groupby("customer")["cents"].sum()
    per["first"] = purchases.groupby("customer")["date"].min()
    per["last"] = purchases.groupby("customer")["date"].max()
    per[["total", "purchases", "gross"]] = per[["total", "purchases", "gross"]].fillna(0).astype("int64")

    # The as-of day the app counted to: any buyer's last purchase plus its recency.
    with_recency = shown[shown[recency_col] != ""].iloc[0]
    as_of = pd.Timestamp(with_recency[last_col]) + pd.Timedelta(days=int(with_recency[recency_col]))

    buyers = per[per["purchases"] > 0].copy()
    buyers["R"] = quintiles(buyers["last"])
    buyers["F"] = quintiles(buyers["purchases"])
    buyers["M"] = quintiles(buyers["total"])
    buyers["segment"] = [segment(r, f) for r, f in zip(buyers["R"], buyers["F"])]
    buyers["aov"] = (buyers["gross"] + buyers["purchases"] // 2) // buyers["purchases"]

    problems = []
    for values in shown.itertuples(index=False, name=None):
        source = values[1]
        got = {
            "purchases": int(values[3]),
            "total": cents(values[4]),
            "aov": cents(values[5]) if values[5] else None,
            "first": values[6] or None,
            "last": values[7] or None,
            "recency": int(values[8]) if values[8] else None,
            "tenure": int(values[9]) if values[9] else None,
            "R": int(values[10]) if values[10] else None,
            "F": int(values[11]) if values[11] else None,
            "M": int(values[12]) if values[12] else None,
        }
        p = per.loc[source]
        want = {"purchases": int(p["purchases"]), "total": int(p["total"]), "aov": None,
                "first": None, "last": None, "recency": None, "tenure": None,
                "R": None, "F": None, "M": None}
        if source in buyers.index:
            b = buyers.loc[source]
            want.update({
                "aov": int(b["aov"]),
                "first": b["first"].strftime("%Y-%m-%d"), "last": b["last"].strftime("%Y-%m-%d"),
                "recency": int((as_of - b["last"]).days), "tenure": int((as_of - b["first"]).days),
                "R": int(b["R"]), "F": int(b["F"]), "M": int(b["M"]),
            })
        for key, value in want.items():
            if got[key] != value:
                problems.append(f"customer {source}: {key} Fieldbook {got[key]}, pandas {value}")
        if source in buyers.index and values[13] != buyers.loc[source, "segment"]:
            problems.append(f"customer {source}: segment Fieldbook {values[13]}, pandas {buyers.loc[source, 'segment']}")

    shown_months = pd.read_csv(months_path, dtype=str, keep_default_na=False)
    month_totals = sales.groupby(sales["date"].dt.to_period("M"))["cents"].sum()
    expected = {period.strftime("%b %Y"): int(total) for period, total in month_totals.items()}
    compared_months = 0
    for label, revenue in zip(shown_months.iloc[:, 0], shown_months.iloc[:, 1]):
        compared_months += 1
        got = cents(revenue.replace(",", ""))
        if expected.get(label, 0) != got:
            problems.append(f"month {label}: Fieldbook {got}, pandas {expected.get(label, 0)}")
    missing_months = sorted(set(expected) - set(shown_months.iloc[:, 0]))
    problems.extend(f"month {label} is missing from Fieldbook's table" for label in missing_months)

    print(json.dumps({
        "customers": len(shown),
        "buyers": len(buyers),
        "orders": len(sales),
        "lines_without_a_stored_customer": dropped,
        "months": compared_months,
        "revenue_cents": int(sales["cents"].sum()),
        "as_of": as_of.strftime("%Y-%m-%d"),
        "problems": problems[:50],
        "problem_count": len(problems),
        "versions": {"pandas": pd.__version__},
    }))


if __name__ == "__main__":
    main()
