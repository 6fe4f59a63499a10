"""Helper-function templates for the synthetic step scripts.

Real step scripts are long mostly because of pandas/numpy helper functions: cleaning, encoding,
aggregation, reporting. Each template below is one such helper, written the way those scripts are
(docstrings, logging, defensive checks), with ``$name``-style placeholders the generator fills with
varied function and column names, so no two scripts are textually identical.
"""

from __future__ import annotations

import random
from string import Template

COLUMN_WORDS: tuple[str, ...] = (
    "amount",
    "price",
    "quantity",
    "age_days",
    "score",
    "count_30d",
    "ratio",
    "latency_ms",
    "balance",
    "discount",
    "rating",
    "visits",
    "tenure",
    "weight",
    "distance_km",
)

CATEGORY_WORDS: tuple[str, ...] = (
    "country",
    "currency",
    "channel",
    "device_type",
    "category",
    "segment",
    "payment_method",
    "region",
    "marketplace",
    "seller_tier",
)

VERBS: tuple[str, ...] = (
    "compute",
    "derive",
    "apply",
    "build",
    "normalise",
    "summarise",
    "filter",
    "encode",
    "collect",
    "validate",
)

TEMPLATES: tuple[Template, ...] = (
    Template('''
def $fn(frame: pd.DataFrame, column: str = "$num") -> pd.DataFrame:
    """Clip ``column`` to its $low-th and $high-th percentiles and add a z-score column."""
    if column not in frame.columns:
        logger.warning("column %s missing; skipping clipping", column)
        return frame
    values = pd.to_numeric(frame[column], errors="coerce")
    lower, upper = np.nanpercentile(values, [$low, $high])
    clipped = values.clip(lower=lower, upper=upper)
    std = clipped.std(ddof=0)
    result = frame.copy()
    result[column] = clipped
    result[f"{column}_z"] = (clipped - clipped.mean()) / std if std > 0 else 0.0
    logger.info("clipped %s to [%.3f, %.3f]", column, lower, upper)
    return result
'''),
    Template('''
def $fn(frame: pd.DataFrame, key: str = "$cat", min_count: int = $small) -> dict[str, float]:
    """Smoothed target rate per value of ``key`` (risk table), rare values pooled."""
    if key not in frame.columns or "label" not in frame.columns:
        return {}
    grouped = frame.groupby(key)["label"].agg(["sum", "count"])
    prior = float(frame["label"].mean()) if len(frame) else 0.0
    table: dict[str, float] = {}
    for value, row in grouped.iterrows():
        weight = row["count"] / (row["count"] + min_count)
        table[str(value)] = float(weight * row["sum"] / max(row["count"], 1) + (1 - weight) * prior)
    rare = grouped[grouped["count"] < min_count].index
    for value in rare:
        table[str(value)] = prior
    logger.info("risk table for %s: %d values, prior %.4f", key, len(table), prior)
    return table
'''),
    Template('''
def $fn(frame: pd.DataFrame, columns: list[str] | None = None) -> pd.DataFrame:
    """Fill numeric gaps with the median and categorical gaps with ``"$fill"``."""
    columns = columns if columns is not None else list(frame.columns)
    result = frame.copy()
    for column in columns:
        if column not in result.columns:
            continue
        if pd.api.types.is_numeric_dtype(result[column]):
            median = result[column].median()
            result[column] = result[column].fillna(0.0 if pd.isna(median) else median)
        else:
            result[column] = result[column].fillna("$fill").astype(str)
    missing = int(result[columns].isna().sum().sum()) if columns else 0
    if missing:
        logger.warning("%d values still missing after imputation", missing)
    return result
'''),
    Template('''
def $fn(frame: pd.DataFrame, column: str = "$cat") -> tuple[pd.DataFrame, dict[str, int]]:
    """Integer-encode ``column``; unseen or missing values map to $small."""
    mapping: dict[str, int] = {}
    if column in frame.columns:
        values = sorted(frame[column].dropna().astype(str).unique())
        mapping = {value: index + 1 for index, value in enumerate(values)}
    result = frame.copy()
    if column in result.columns:
        result[column] = result[column].astype(str).map(mapping).fillna($small).astype(int)
    logger.debug("encoded %s into %d codes", column, len(mapping))
    return result, mapping
'''),
    Template('''
def $fn(frame: pd.DataFrame, group: str = "$cat", value: str = "$num") -> pd.DataFrame:
    """Per-``group`` aggregates of ``value`` joined back onto each row."""
    if group not in frame.columns or value not in frame.columns:
        return frame
    stats = (
        frame.groupby(group)[value]
        .agg(["mean", "std", "min", "max", "count"])
        .rename(columns=lambda name: f"{value}_{name}_by_{group}")
        .reset_index()
    )
    merged = frame.merge(stats, on=group, how="left")
    for column in stats.columns:
        if column != group:
            merged[column] = merged[column].fillna(0.0)
    return merged
'''),
    Template('''
def $fn(frame: pd.DataFrame, id_field: str = "id") -> pd.DataFrame:
    """Drop exact duplicates and keep the last row per ``id_field`` (by ``$num``)."""
    before = len(frame)
    result = frame.drop_duplicates()
    if id_field in result.columns:
        if "$num" in result.columns:
            result = result.sort_values("$num", kind="mergesort")
        result = result.drop_duplicates(subset=[id_field], keep="last")
    logger.info("deduplicated %d -> %d rows", before, len(result))
    return result.reset_index(drop=True)
'''),
    Template('''
def $fn(frame: pd.DataFrame, bins: int = $small) -> pd.DataFrame:
    """Quantile-bucketise every numeric column into ``bins`` buckets (suffix ``_bucket``)."""
    result = frame.copy()
    for column in frame.select_dtypes(include=[np.number]).columns:
        if column == "label" or frame[column].nunique() < bins:
            continue
        try:
            result[f"{column}_bucket"] = pd.qcut(frame[column], q=bins, labels=False, duplicates="drop")
        except ValueError as error:
            logger.warning("cannot bucketise %s: %s", column, error)
    return result
'''),
    Template('''
def $fn(frame: pd.DataFrame, output_dir: Path, name: str = "$word") -> Path:
    """Write a JSON summary (shape, dtypes, missing counts) next to the data."""
    summary: dict[str, Any] = {
        "name": name,
        "rows": len(frame),
        "columns": len(frame.columns),
        "dtypes": {str(column): str(dtype) for column, dtype in frame.dtypes.items()},
        "missing": {str(column): int(count) for column, count in frame.isna().sum().items()},
    }
    numeric = frame.select_dtypes(include=[np.number])
    if not numeric.empty:
        summary["means"] = {str(k): float(v) for k, v in numeric.mean().items()}
    output_dir.mkdir(parents=True, exist_ok=True)
    target = output_dir / f"{name}_summary.json"
    target.write_text(json.dumps(summary, indent=2, sort_keys=True))
    return target
'''),
    Template('''
def $fn(frame: pd.DataFrame, rate_column: str = "$num", currency: str = "$cat") -> pd.DataFrame:
    """Convert ``rate_column`` to USD with a static rate table (unknown currencies kept)."""
    rates = {"USD": 1.0, "EUR": 1.$small, "GBP": 1.27, "JPY": 0.0067, "INR": 0.012, "CAD": 0.74}
    if rate_column not in frame.columns or currency not in frame.columns:
        return frame
    result = frame.copy()
    factors = result[currency].astype(str).str.upper().map(rates).fillna(1.0)
    result[rate_column] = pd.to_numeric(result[rate_column], errors="coerce") * factors
    unknown = sorted(set(result[currency].astype(str).str.upper()) - set(rates))
    if unknown:
        logger.warning("no rate for currencies %s", ", ".join(unknown[:5]))
    return result
'''),
    Template('''
def $fn(labels: np.ndarray, scores: np.ndarray, thresholds: int = $big) -> dict[str, float]:
    """Precision, recall and F1 at the best of ``thresholds`` evenly spaced cut-offs."""
    best = {"threshold": 0.5, "precision": 0.0, "recall": 0.0, "f1": 0.0}
    if len(labels) == 0:
        return best
    for threshold in np.linspace(0.0, 1.0, thresholds):
        predicted = scores >= threshold
        true_positive = float(np.sum(predicted & (labels == 1)))
        precision = true_positive / max(float(np.sum(predicted)), 1.0)
        recall = true_positive / max(float(np.sum(labels == 1)), 1.0)
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        if f1 > best["f1"]:
            best = {"threshold": float(threshold), "precision": precision, "recall": recall, "f1": f1}
    return best
'''),
    Template('''
def $fn(frame: pd.DataFrame, fraction: float = 0.$small, seed: int = $big) -> pd.DataFrame:
    """Down-sample the majority class to ``fraction`` of its rows (stratified by label)."""
    if "label" not in frame.columns:
        return frame.sample(frac=fraction, random_state=seed) if len(frame) else frame
    counts = frame["label"].value_counts()
    if counts.empty:
        return frame
    majority = counts.idxmax()
    kept = frame[frame["label"] != majority]
    sampled = frame[frame["label"] == majority].sample(frac=fraction, random_state=seed)
    result = pd.concat([kept, sampled]).sort_index()
    logger.info("sampled majority class %s: %d -> %d", majority, counts.max(), len(sampled))
    return result
'''),
    Template('''
def $fn(text: pd.Series, max_length: int = $big) -> pd.Series:
    """Lower-case, strip punctuation and truncate free-text values."""
    cleaned = (
        text.fillna("")
        .astype(str)
        .str.lower()
        .str.replace(r"[^a-z0-9 ]+", " ", regex=True)
        .str.replace(r"\\s+", " ", regex=True)
        .str.strip()
    )
    too_long = int((cleaned.str.len() > max_length).sum())
    if too_long:
        logger.debug("truncating %d values to %d characters", too_long, max_length)
    return cleaned.str.slice(0, max_length)
'''),
    Template('''
def $fn(paths: list[Path], expected_columns: list[str] | None = None) -> pd.DataFrame:
    """Read and concatenate CSV/Parquet shards, checking they share the expected columns."""
    frames: list[pd.DataFrame] = []
    for path in sorted(paths):
        if path.suffix == ".parquet":
            frame = pd.read_parquet(path)
        elif path.suffix in (".csv", ".gz"):
            frame = pd.read_csv(path)
        else:
            logger.debug("skipping %s", path)
            continue
        if expected_columns is not None:
            missing = [column for column in expected_columns if column not in frame.columns]
            if missing:
                raise ValueError(f"{path} lacks columns {missing}")
        frames.append(frame)
    if not frames:
        raise FileNotFoundError("no data shards found")
    return pd.concat(frames, ignore_index=True)
'''),
)


def helper_functions(rng: random.Random, target_lines: int) -> tuple[list[str], list[str]]:
    """Helper sources adding up to about ``target_lines`` lines, and the names of those helpers
    that map a data frame to a data frame (the ones ``main`` chains)."""
    sources: list[str] = []
    chainable: list[str] = []
    lines = 0
    while lines < target_lines:
        template = TEMPLATES[rng.randrange(len(TEMPLATES))]
        name = f"{rng.choice(VERBS)}_{rng.choice(COLUMN_WORDS)}_{len(sources)}"
        source = template.substitute(
            fn=name,
            num=rng.choice(COLUMN_WORDS),
            cat=rng.choice(CATEGORY_WORDS),
            word=rng.choice(COLUMN_WORDS),
            fill=rng.choice(("unknown", "missing", "__NA__", "other")),
            low=rng.randrange(1, 10),
            high=rng.randrange(90, 100),
            small=rng.randrange(2, 20),
            big=rng.randrange(50, 500),
        )
        sources.append(source)
        signature = source[: source.index(":\n")]
        if signature.startswith(f"\ndef {name}(frame: pd.DataFrame") and signature.endswith(
            "-> pd.DataFrame"
        ):
            chainable.append(name)
        lines += source.count("\n") + 1
    return sources, chainable
