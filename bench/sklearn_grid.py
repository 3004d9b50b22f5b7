#!/usr/bin/python3
"""The pandas + scikit-learn reference for `npm run bench`: the same pipeline and grid as pushlab, timed.

    /usr/bin/python3 bench/sklearn_grid.py --data FILE --out result.json
        [--definition experiments/default.json] [--only SUBSTRING]
        [--l1-solver saga|liblinear] [--saga-max-iter N] [--lbfgs-max-iter N] [--tol T]

It does what pushlab does (read lib/ for the definitions; everything below is a port of it):
  1. pandas read_csv with parse_dates=[created_at, order_date] (the usual notebook call);
  2. the business filter: keep orders with sum(outcome) >= 5 (lib/data/order-filter.ts);
  3. the temporal split on the filtered rows: distinct orders per order_date, cumulative share,
     train <= 0.70, validation <= 0.90, test the rest (lib/data/temporal-split.ts);
  4. per encoding, the features (lib/features/*.ts): 4 binary + 15 numeric columns + created_hour +
     created_day_of_week ((epoch days + 4) % 7, 0 = Sunday), then an encoding of product_type and vendor:
     frequency (share of train rows, unseen -> 0), target (cross-fitted over 5 folds grouped by order with
     pushlab's orderFold, smoothing m = 20 toward the training-fold prior, unseen -> prior), target-leaky
     (full-train means for train rows too), one-hot (top 10 train categories by count, ties by name,
     + "(other)"); then StandardScaler fitted on train over all columns;
  5. every experiment of the definition, expanded like lib/experiments/definitions/definition.ts (same ids), fitted
     with LogisticRegression (C as scikit-learn: it multiplies the summed log-loss): none / l2 -> lbfgs,
     l1 / elasticnet -> saga (or liblinear for l1 with --l1-solver liblinear; liblinear penalises the
     intercept and has no elastic-net, which then stays on saga);
  6. validation metrics: average_precision_score and roc_auc_score.

Prints progress on stderr and writes one JSON document (stages, experiments, versions) to --out.
"""
import argparse
import json
import os
import platform
import resource
import sys
import time
import warnings

import numpy as np
import pandas as pd
import sklearn
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import average_precision_score, roc_auc_score
from sklearn.preprocessing import StandardScaler

BINARY = ["ordered_before", "abandoned_before", "active_snoozed", "set_as_regular"]
NUMERIC = [
    "user_order_seq", "normalised_price", "discount_pct", "global_popularity", "count_adults",
    "count_children", "count_babies", "count_pets", "people_ex_baby",
    "days_since_purchase_variant_id", "avg_days_to_buy_variant_id", "std_days_to_buy_variant_id",
    "days_since_purchase_product_type", "avg_days_to_buy_product_type", "std_days_to_buy_product_type",
]
DERIVED = ["created_hour", "created_day_of_week"]
BASE_FEATURES = BINARY + NUMERIC + DERIVED
CATEGORICAL = ["product_type", "vendor"]  # schema order, as lib/data/schema.ts
MIN_ITEMS = 5
TARGET_FOLDS = 5
TARGET_SMOOTHING = 20.0
ONEHOT_TOP = 10
OTHER = "(other)"


def log(message):
    sys.stderr.write(f"[sklearn {time.strftime('%H:%M:%S')}] {message}\n")
    sys.stderr.flush()


def cpu_seconds():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


class Stopwatch:
    """Wall and process-CPU seconds of a block (CPU > wall means BLAS used both cores)."""

    def __enter__(self):
        self.wall0, self.cpu0 = time.perf_counter(), cpu_seconds()
        return self

    def __exit__(self, *exc):
        self.wall = time.perf_counter() - self.wall0
        self.cpu = cpu_seconds() - self.cpu0


# ---------------------------------------------------------------- experiment ids (definition.ts)

def js_number(x):
    """String(x) as JavaScript writes it, for the small numbers of a definition."""
    return str(int(x)) if float(x).is_integer() else repr(float(x))


def format_c(c):
    """formatC of lib/experiments/definitions/definition.ts: C.toExponential().replace('e+', 'e'): 1e-6 -> '1e-6', 100 -> '1e2'."""
    s = np.format_float_scientific(float(c), unique=True, trim="-", exp_digits=1)
    return s.replace("e+", "e")


def expand_definition(definition):
    specs = [{"kind": "baseline", "id": f"baseline-{b['score']}", "score": b["score"]} for b in definition.get("baselines", [])]
    for grid in definition.get("grids", []):
        if grid.get("features"):
            raise SystemExit("sklearn_grid.py: grids with a 'features' subset are not supported")
        for encoding in grid["encodings"]:
            for block in grid["penalties"]:
                penalty = block["penalty"]
                cs = [None] if penalty == "none" else block["C"]
                ratios = block["l1Ratio"] if penalty == "elasticnet" else [None]
                for c in cs:
                    for ratio in ratios:
                        for weight in grid.get("classWeights", ["none"]):
                            parts = ["lr", encoding, penalty]
                            if c is not None and penalty != "none":
                                parts.append(f"C{format_c(c)}")
                            if penalty == "elasticnet" and ratio is not None:
                                parts.append(f"l1r{js_number(ratio)}")
                            parts.append("balanced" if weight == "balanced" else "unweighted")
                            specs.append({
                                "kind": "logreg", "id": "-".join(parts), "encoding": encoding, "penalty": penalty,
                                "C": c, "l1Ratio": ratio, "classWeight": weight,
                            })
    seen, out = set(), []
    for s in specs:
        if s["id"] not in seen:
            seen.add(s["id"])
            out.append(s)
    return out


# ---------------------------------------------------------------- features (lib/features)

def order_fold(order_ids, folds):
    """orderFold of lib/features/target-encoder.ts: murmur3's finaliser over the id's two 32-bit halves."""
    ids = np.asarray(order_ids, dtype=np.float64)
    m32 = np.uint64(0xFFFFFFFF)
    lo = (ids.astype(np.int64).astype(np.uint64)) & m32
    hi = np.floor(ids / 4294967296.0).astype(np.int64).astype(np.uint64) & m32
    h = lo ^ (((hi ^ np.uint64(0x9E3779B9)) * np.uint64(0x85EBCA6B)) & m32)
    h ^= h >> np.uint64(16)
    h = (h * np.uint64(0x85EBCA6B)) & m32
    h ^= h >> np.uint64(13)
    h = (h * np.uint64(0xC2B2AE35)) & m32
    h ^= h >> np.uint64(16)
    return (h % np.uint64(folds)).astype(np.int64)


def smoothed_means(cat, y, prior):
    g = pd.DataFrame({"c": cat, "y": y}).groupby("c", sort=False)["y"].agg(["sum", "count"])
    return (g["sum"] + TARGET_SMOOTHING * prior) / (g["count"] + TARGET_SMOOTHING)


def encode_columns(encoding, train, valid):
    """(names, train block, validation block) of the encoded categorical columns."""
    names, tr_cols, va_cols = [], [], []
    y = train["outcome"].to_numpy()
    for col in CATEGORICAL:
        tr_cat, va_cat = train[col], valid[col]
        if encoding == "frequency":
            freq = tr_cat.value_counts(sort=False) / len(tr_cat)
            names.append(f"{col}:frequency")
            tr_cols.append(tr_cat.map(freq).fillna(0.0).to_numpy(np.float64))
            va_cols.append(va_cat.map(freq).fillna(0.0).to_numpy(np.float64))
        elif encoding in ("target", "target-leaky"):
            prior = y.mean()
            means = smoothed_means(tr_cat.to_numpy(), y, prior)
            names.append(f"{col}:target")
            va_cols.append(va_cat.map(means).fillna(prior).to_numpy(np.float64))
            if encoding == "target-leaky":
                tr_cols.append(tr_cat.map(means).fillna(prior).to_numpy(np.float64))
            else:
                fold = order_fold(train["order_id"].to_numpy(), TARGET_FOLDS)
                values = np.empty(len(train))
                cats = tr_cat.to_numpy()
                for f in range(TARGET_FOLDS):
                    inside = fold == f
                    fold_prior = y[~inside].mean()
                    fold_means = smoothed_means(cats[~inside], y[~inside], fold_prior)
                    values[inside] = pd.Series(cats[inside]).map(fold_means).fillna(fold_prior).to_numpy(np.float64)
                tr_cols.append(values)
        elif encoding == "onehot":
            counts = tr_cat.value_counts()
            top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:ONEHOT_TOP]
            categories = [k for k, _ in top]
            slot = {k: j for j, k in enumerate(categories)}
            for part, cat in ((tr_cols, tr_cat), (va_cols, va_cat)):
                idx = cat.map(slot).fillna(len(categories)).to_numpy(np.int64)
                block = np.zeros((len(cat), len(categories) + 1))
                block[np.arange(len(cat)), idx] = 1.0
                part.extend(block.T)
            names.extend(f"{col}={v}" for v in categories + [OTHER])
        elif encoding != "none":
            raise ValueError(f"unknown encoding {encoding}")
    return names, tr_cols, va_cols


def design(encoding, train, valid):
    names, tr_enc, va_enc = encode_columns(encoding, train, valid)
    Xtr = np.column_stack([train[c].to_numpy(np.float64) for c in BASE_FEATURES] + tr_enc)
    Xva = np.column_stack([valid[c].to_numpy(np.float64) for c in BASE_FEATURES] + va_enc)
    scaler = StandardScaler().fit(Xtr)
    return BASE_FEATURES + names, scaler.transform(Xtr), scaler.transform(Xva)


# ---------------------------------------------------------------- main

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--definition", default=os.path.join(os.path.dirname(__file__), "..", "experiments", "default.json"))
    ap.add_argument("--only", default=None, help="only experiment ids containing one of these comma-separated texts (and the baselines)")
    ap.add_argument("--l1-solver", choices=["saga", "liblinear"], default="saga")
    ap.add_argument("--tol", type=float, default=1e-6)
    ap.add_argument("--lbfgs-max-iter", type=int, default=1000)
    ap.add_argument("--saga-max-iter", type=int, default=1000)
    ap.add_argument("--saga-tol", type=float, default=None, help="tol for saga (default: --tol)")
    args = ap.parse_args()

    started = time.perf_counter()
    stages = {}
    with open(args.definition) as fh:
        specs = expand_definition(json.load(fh))
    if args.only:
        wanted = args.only.split(",")
        specs = [s for s in specs if s["kind"] == "baseline" or any(w in s["id"] for w in wanted)]
    log(f"{len(specs)} experiments from {args.definition}")

    with Stopwatch() as sw:
        df = pd.read_csv(args.data, parse_dates=["created_at", "order_date"])
    stages["read_csv"] = {"wall": sw.wall, "cpu": sw.cpu}
    log(f"read_csv: {len(df):,} rows in {sw.wall:.1f} s")

    with Stopwatch() as sw:
        items = df.groupby("order_id")["outcome"].transform("sum")
        kept = df[items >= MIN_ITEMS]
    stages["filter"] = {"wall": sw.wall, "cpu": sw.cpu}
    log(f"filter: {kept['order_id'].nunique()} orders, {len(kept):,} rows in {sw.wall:.2f} s")

    with Stopwatch() as sw:
        per_day = kept.groupby("order_date")["order_id"].nunique().sort_index()
        share = per_day.cumsum() / per_day.sum()
        eps = 1e-12
        day_split = pd.Series(np.where(share <= 0.7 + eps, "train", np.where(share <= 0.9 + eps, "validation", "test")), index=per_day.index)
        split = kept["order_date"].map(day_split)
        train = kept[split == "train"].copy()
        valid = kept[split == "validation"].copy()
        test = kept[split == "test"]
    stages["split"] = {"wall": sw.wall, "cpu": sw.cpu}
    split_info = {}
    for name, part in (("train", train), ("validation", valid), ("test", test)):
        split_info[name] = {
            "rows": len(part), "orders": int(part["order_id"].nunique()), "positives": int(part["outcome"].sum()),
            "firstDay": str(part["order_date"].min().date()), "lastDay": str(part["order_date"].max().date()),
        }
    log(f"split: {json.dumps(split_info)} in {sw.wall:.2f} s")

    with Stopwatch() as sw:
        # Derived base features, as lib/features/base-features.ts: from UTC epoch seconds.
        for part in (train, valid):
            seconds = part["created_at"].to_numpy().astype("datetime64[s]").astype(np.int64)
            part["created_hour"] = (seconds % 86400) // 3600
            part["created_day_of_week"] = (seconds // 86400 + 4) % 7
    derived_seconds = {"wall": sw.wall, "cpu": sw.cpu}
    y_train = train["outcome"].to_numpy(np.float64)
    y_valid = valid["outcome"].to_numpy(np.float64)
    del df, kept

    experiments = []
    features = {}
    l1_converged = []
    for spec in specs:
        if spec["kind"] == "baseline":
            with Stopwatch() as sw:
                popularity = valid["global_popularity"].to_numpy(np.float64)
                if spec["score"] == "global_popularity":
                    scores = popularity
                else:
                    # ordered_before_then_popularity (lib/experiments/running/baselines.ts): customers who
                    # ordered the product before first, then by popularity (lexicographic order).
                    step = popularity.max() - popularity.min() + 1 if len(popularity) else 1.0
                    scores = np.where(valid["ordered_before"].to_numpy(np.float64) > 0, step, 0.0) + popularity
                ap_ = average_precision_score(y_valid, scores)
                auc = roc_auc_score(y_valid, scores)
            experiments.append({"id": spec["id"], "kind": "baseline", "averagePrecision": ap_, "rocAuc": auc,
                                "fitSeconds": 0.0, "evaluateSeconds": sw.wall})
            log(f"{spec['id']}: AP {ap_:.5f}")

    encodings = []
    for s in specs:
        if s["kind"] == "logreg" and s["encoding"] not in encodings:
            encodings.append(s["encoding"])
    for encoding in encodings:
        with Stopwatch() as sw:
            names, Xtr, Xva = design(encoding, train, valid)
        features[encoding] = {"wall": sw.wall, "cpu": sw.cpu, "columns": len(names)}
        log(f"features {encoding}: {Xtr.shape[0]:,} x {Xtr.shape[1]} in {sw.wall:.1f} s")
        for spec in [s for s in specs if s["kind"] == "logreg" and s["encoding"] == encoding]:
            penalty = spec["penalty"]
            kw = {"class_weight": "balanced" if spec["classWeight"] == "balanced" else None, "tol": args.tol}
            if penalty in ("none", "l2"):
                kw.update(solver="lbfgs", max_iter=args.lbfgs_max_iter)
                kw.update(penalty=None) if penalty == "none" else kw.update(penalty="l2", C=spec["C"])
            elif penalty == "l1" and args.l1_solver == "liblinear":
                # liblinear penalises the intercept; a large intercept_scaling makes that negligible.
                kw.update(solver="liblinear", penalty="l1", C=spec["C"], max_iter=args.lbfgs_max_iter, intercept_scaling=100.0)
            else:
                kw.update(solver="saga", penalty=penalty, C=spec["C"], max_iter=args.saga_max_iter, random_state=0,
                          tol=args.saga_tol if args.saga_tol is not None else args.tol)
                if penalty == "elasticnet":
                    kw["l1_ratio"] = spec["l1Ratio"]
            model = LogisticRegression(**kw)
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always", ConvergenceWarning)
                with Stopwatch() as fit_sw:
                    model.fit(Xtr, y_train)
            converged = not any(issubclass(w.category, ConvergenceWarning) for w in caught)
            with Stopwatch() as ev_sw:
                proba = model.predict_proba(Xva)[:, 1]
                ap_ = average_precision_score(y_valid, proba)
                auc = roc_auc_score(y_valid, proba)
            experiments.append({
                "id": spec["id"], "kind": "logreg", "encoding": encoding, "penalty": penalty, "C": spec["C"],
                "l1Ratio": spec["l1Ratio"], "classWeight": spec["classWeight"], "solver": kw["solver"],
                "averagePrecision": ap_, "rocAuc": auc, "fitSeconds": fit_sw.wall, "fitCpuSeconds": fit_sw.cpu,
                "evaluateSeconds": ev_sw.wall, "iterations": int(np.max(model.n_iter_)), "converged": converged,
                "zeroCoefs": int(np.sum(model.coef_ == 0)),
            })
            log(f"{spec['id']}: AP {ap_:.5f} AUC {auc:.4f} fit {fit_sw.wall:.1f} s ({kw['solver']}, "
                f"{int(np.max(model.n_iter_))} it{'' if converged else ', NOT converged'})")
        del Xtr, Xva

    total = time.perf_counter() - started
    fits = [e for e in experiments if e["kind"] == "logreg"]
    out = {
        "versions": {"python": platform.python_version(), "pandas": pd.__version__, "numpy": np.__version__,
                     "sklearn": sklearn.__version__},
        "settings": {"tol": args.tol, "lbfgsMaxIter": args.lbfgs_max_iter, "sagaMaxIter": args.saga_max_iter,
                     "sagaTol": args.saga_tol if args.saga_tol is not None else args.tol, "l1Solver": args.l1_solver,
                     "only": args.only},
        "rows": {"kept": sum(v["rows"] for v in split_info.values())},
        "split": split_info,
        "stages": {**stages, "derivedFeatures": derived_seconds},
        "features": features,
        "fitSecondsTotal": sum(e["fitSeconds"] for e in fits),
        "fitCpuSecondsTotal": sum(e["fitCpuSeconds"] for e in fits),
        "evaluateSecondsTotal": sum(e["evaluateSeconds"] for e in experiments),
        "totalSeconds": total,
        "maxRssKB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        "experiments": experiments,
    }
    with open(args.out, "w") as fh:
        json.dump(out, fh, indent=1)
    log(f"done in {total:.1f} s; wrote {args.out}")


if __name__ == "__main__":
    main()
