"""Several metrics typed as one name ("precision and recall", "F1 / latency"): the method wants one number.

A name counts as several when it splits, on "and", "&", "+", "vs", a comma, a semicolon or a slash,
into at least two parts that each name a known metric. Single names that merely contain a metric
word ("precision@10", "mean average precision", "precision-recall AUC", "revenue/user") stay one.
"""

from __future__ import annotations

import re

SEPARATORS = re.compile(r"\s+(?:and|vs\.?|versus|plus)\s+|\s*[&+,;/]\s*", re.IGNORECASE)
WORD = re.compile(r"[a-z][a-z0-9]*", re.IGNORECASE)

# Words that name a metric by themselves (lower case; matched as whole words of a part).
METRIC_WORDS = frozenset(
    {
        "precision", "recall", "accuracy", "f1", "f2", "fscore", "auc", "roc", "map", "mae", "mse", "rmse",
        "mape", "latency", "throughput", "runtime", "cost", "error", "loss", "iou", "bleu", "rouge", "ndcg",
        "mrr", "perplexity", "specificity", "sensitivity", "coverage", "ctr", "conversion", "revenue", "wer",
        "cer", "hit", "fpr", "tpr", "fnr", "calibration", "brier", "r2",
    }
)  # fmt: skip


def _names_a_metric(part: str) -> bool:
    words = {w.lower() for w in WORD.findall(part.replace("-score", "score").replace("F-", "F"))}
    return bool(words & METRIC_WORDS)


def metrics_named(name: str) -> list[str]:
    """The metrics a name combines, when it names two or more; otherwise an empty list."""
    parts = [p.strip() for p in SEPARATORS.split(name) if p and p.strip()]
    if len(parts) < 2 or not all(_names_a_metric(p) for p in parts):
        return []
    return parts
