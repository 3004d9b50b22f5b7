#!/usr/bin/python3
"""The pandas + scikit-learn reference for `pushlab predict` in `npm run bench`: score the full file.

    /usr/bin/python3 bench/sklearn_predict.py --data FILE --model MODEL.json --out PREDICTIONS.csv --json RESULT.json
        [--compare PUSHLAB_PREDICTIONS.csv]

The usual notebook way to batch-score a feature frame, timed stage by stage:
  1. pandas read_csv of the whole file (parse_dates=[created_at, order_date], as bench/sklearn_grid.py);
  2. the model's features: the base columns plus created_hour and created_day_of_week
     (bench/sklearn_grid.py's port of lib/features/base-features.ts), standardised with the model's
     scaler (StandardScaler with the stored mean_ / scale_);
  3. LogisticRegression.predict_proba with the stored coef_ / intercept_ (the registry model pushlab
     scores with, so the two outputs can be compared row by row), and the decision at its threshold;
  4. DataFrame.to_csv of the input columns plus purchase_probability and predicted_purchase.
Only models without categorical encoders are supported (the bench scores lr-none-l2-C1e-6-unweighted).

With --compare, after the timed stages, reads pushlab's output and reports the largest absolute
difference of the probabilities and the number of differing decisions.
"""
import argparse
import json
import resource
import sys
import time

import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler

from sklearn_grid import Stopwatch  # bench/ is on sys.path when run as bench/sklearn_predict.py


def log(message):
    sys.stderr.write(f"[sklearn-predict {time.strftime('%H:%M:%S')}] {message}\n")
    sys.stderr.flush()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--model", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--json", required=True)
    ap.add_argument("--compare", default=None)
    args = ap.parse_args()

    with open(args.model) as fh:
        model = json.load(fh)
    pipeline = model["pipeline"]
    if pipeline["encoders"]:
        raise SystemExit(f"{args.model}: models with categorical encoders are not supported by this script")
    features = pipeline["featureNames"]
    stages = {}
    started = time.perf_counter()

    with Stopwatch() as sw:
        df = pd.read_csv(args.data, parse_dates=["created_at", "order_date"])
    stages["read_csv"] = {"wall": sw.wall, "cpu": sw.cpu}
    log(f"read_csv: {len(df):,} rows in {sw.wall:.1f} s")

    with Stopwatch() as sw:
        seconds = df["created_at"].to_numpy().astype("datetime64[s]").astype(np.int64)
        derived = {"created_hour": (seconds % 86400) // 3600, "created_day_of_week": (seconds // 86400 + 4) % 7}
        X = np.column_stack([derived[c] if c in derived else df[c].to_numpy(np.float64) for c in features]).astype(np.float64)
        scaler = StandardScaler()
        scaler.mean_ = np.asarray(pipeline["scaler"]["mean"], dtype=np.float64)
        scaler.scale_ = np.asarray(pipeline["scaler"]["scale"], dtype=np.float64)
        scaler.var_ = scaler.scale_ ** 2
        scaler.n_features_in_ = len(features)
        X = scaler.transform(X)
    stages["features"] = {"wall": sw.wall, "cpu": sw.cpu}

    with Stopwatch() as sw:
        clf = LogisticRegression()
        clf.classes_ = np.array([0, 1])
        clf.coef_ = np.asarray([model["coef"]], dtype=np.float64)
        clf.intercept_ = np.asarray([model["intercept"]], dtype=np.float64)
        clf.n_features_in_ = len(features)
        proba = clf.predict_proba(X)[:, 1]
        df["purchase_probability"] = proba
        df["predicted_purchase"] = (proba >= model["threshold"]).astype(np.int64)
    stages["predict"] = {"wall": sw.wall, "cpu": sw.cpu}

    with Stopwatch() as sw:
        # Dates back in the input's format (read_csv parsed them; to_csv would write the same text).
        df.to_csv(args.out, index=False, date_format="%Y-%m-%d %H:%M:%S")
    stages["to_csv"] = {"wall": sw.wall, "cpu": sw.cpu}
    total = time.perf_counter() - started
    parts = ", ".join("%s %.1f s" % (name, stage["wall"]) for name, stage in stages.items())
    log(f"predict: {len(df):,} rows in {total:.1f} s ({parts})")

    out = {"rows": len(df), "stages": stages, "totalSeconds": total, "maxRssKB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}
    if args.compare:
        theirs = pd.read_csv(args.compare, usecols=["purchase_probability", "predicted_purchase"])
        if len(theirs) != len(df):
            out["compare"] = {"rows": len(theirs), "error": f"{len(theirs)} rows vs {len(df)}"}
        else:
            delta = np.abs(theirs["purchase_probability"].to_numpy(np.float64) - proba)
            out["compare"] = {
                "rows": len(theirs),
                "maxAbsProbabilityDelta": float(delta.max()),
                "differentDecisions": int((theirs["predicted_purchase"].to_numpy() != df["predicted_purchase"].to_numpy()).sum()),
            }
        log(f"compare with {args.compare}: {json.dumps(out['compare'])}")
    with open(args.json, "w") as fh:
        json.dump(out, fh, indent=1)


if __name__ == "__main__":
    main()
