/**
 * The Python both exported scripts share: read the CSV with the csv module, clean cells with
 * GradLab's rules (missing markers, the number grammar, the decimal comma, booleans), split with
 * the seed, refit the preprocessing on the training rows, encode, and run GradLab's own trained
 * weights in NumPy. Only the standard library and NumPy run at import time, so a test can load a
 * script and compare its encoding and predictions with the engine's without torch or sklearn.
 */
import type { TrainedModel } from '../trainedModel';
import type { TrainConfig } from '../config';
import { MISSING_TOKENS } from '../../data/tokens';

/** Where the model came from: the settings and the CSV's dialect (set by the training run). */
export interface Provenance {
  config: TrainConfig;
  csv: { delimiter: string; decimal: '.' | ',' };
  metrics?: { train: Record<string, number>; val: Record<string, number> | null };
}

export interface ScriptOptions {
  /** The CSV's path as the script should open it by default (a command-line argument overrides it). */
  csvPath: string;
}

/** A Python expression for `value`: json.loads of a JSON string literal (valid Python escapes). */
export function pyJson(value: unknown): string {
  return `json.loads(${JSON.stringify(JSON.stringify(value))})`;
}

/** A Python string literal. */
export function pyStr(s: string): string {
  return JSON.stringify(s);
}

/** The constants block: data location, settings, fitted preprocessing and GradLab's weights. */
export function constantsBlock(model: TrainedModel, p: Provenance, options: ScriptOptions): string {
  const pre = model.preprocessing;
  return [
    `CSV_PATH = sys.argv[1] if len(sys.argv) > 1 else ${pyStr(options.csvPath)}`,
    `DELIMITER = ${pyStr(p.csv.delimiter)}`,
    `DECIMAL = ${pyStr(p.csv.decimal)}`,
    `TARGET = ${pyStr(pre.target.name)}`,
    `MODEL = ${pyStr(model.kind)}`,
    `HEAD = ${pyStr(model.head)}  # regression | binary (one logit) | multiclass (softmax)`,
    `LOSS = ${pyStr(model.loss)}`,
    `SETTINGS = ${pyJson(p.config)}`,
    '# GradLab\'s preprocessing, fitted on its training rows: features in order with their scaling or levels.',
    `PREPROCESSING = ${pyJson(pre)}`,
    '# GradLab\'s trained network: per layer W [inputs, units] then b, and the activations.',
    `GRADLAB_WEIGHTS = ${pyJson(model.network.toJSON().weights)}`,
    `GRADLAB_ACTIVATION = ${pyStr(model.network.options.activation ?? 'relu')}`,
    `GRADLAB_METRICS = ${pyJson(p.metrics ?? null)}`,
    `MISSING_TOKENS = set(${pyJson([...MISSING_TOKENS])})`,
  ].join('\n');
}

/** Reading, cleaning, splitting and encoding, as GradLab does them. */
export const DATA_FUNCTIONS = String.raw`
NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")
GROUPED = {".": re.compile(r"^[+-]?[1-9]\d{0,2}(,\d{3})+(\.\d*)?$"), ",": re.compile(r"^[+-]?[1-9]\d{0,2}(\.\d{3})+(,\d*)?$")}


def read_text(path):
    """The file as text: UTF-8 (with or without BOM) or UTF-16 (BOM, or mostly-ASCII without one)."""
    with open(path, "rb") as f:
        raw = f.read()
    if raw[:2] == b"\xff\xfe":
        return raw[2:].decode("utf-16-le", errors="replace")
    if raw[:2] == b"\xfe\xff":
        return raw[2:].decode("utf-16-be", errors="replace")
    head = raw[: min(len(raw), 1024) & ~1]
    pairs = len(head) // 2
    even, odd = head[0::2].count(0), head[1::2].count(0)
    if pairs >= 2 and odd >= pairs / 2 and even * 20 < odd:
        return raw.decode("utf-16-le", errors="replace")
    if pairs >= 2 and even >= pairs / 2 and odd * 20 < even:
        return raw.decode("utf-16-be", errors="replace")
    return raw.decode("utf-8-sig")


def read_columns(path):
    """The CSV's cells as strings, by column name (blank lines skipped, as GradLab does)."""
    text = read_text(path)
    if re.match(r"(?i)sep=.[ \t]*(\r\n|\r|\n)", text):  # Excel's delimiter line
        text = re.sub(r"^[^\r\n]*(\r\n|\r|\n)", "", text, count=1)
    rows = [r for r in csv.reader(io.StringIO(text, newline=""), delimiter=DELIMITER) if r and any(c.strip() for c in r)]
    header = [h.strip() for h in rows[0]]
    given = set(header)
    for i, h in enumerate(header):
        if not h:
            name = f"column {i + 1}"
            while name in given:
                name += "_"
            header[i] = name
    columns = {name: [] for name in header}
    for line, r in enumerate(rows[1:], start=2):
        if len(r) != len(header):
            raise ValueError(f"record {line} has {len(r)} fields but the header has {len(header)}")
        for name, cell in zip(header, r):
            columns[name].append(cell)
    return columns


def is_missing(text):
    return text.strip(" \t").lower() in MISSING_TOKENS


def to_number(text):
    t = text.strip(" \t")
    group, point = (".", ",") if DECIMAL == "," else (",", ".")
    if GROUPED[DECIMAL].match(t):  # thousands separators: 1,234.5 (or 1.234,5)
        t = t.replace(group, "")
    elif point == "," and "." in t:
        raise ValueError(f"not a number: {text!r}")
    t = t.replace(",", ".") if point == "," else t
    if not NUMBER.match(t):
        raise ValueError(f"not a number: {text!r}")
    return float(t)


def clean(columns):
    """Features as float arrays (NaN = missing) or lists of levels (None = missing); the target too."""
    data = {}
    for spec in PREPROCESSING["features"]:
        cells = columns[spec["name"]]
        if spec["type"] == "numeric":
            data[spec["name"]] = np.array([np.nan if is_missing(c) else to_number(c) for c in cells])
        elif spec["type"] == "boolean":
            data[spec["name"]] = [None if is_missing(c) else c.strip().lower() for c in cells]
        else:
            data[spec["name"]] = [None if is_missing(c) else c.strip() for c in cells]
    t = PREPROCESSING["target"]
    cells = columns[t["name"]]
    if t["type"] == "numeric":
        y = np.array([np.nan if is_missing(c) else to_number(c) for c in cells])
        present = ~np.isnan(y)
    else:
        labels = [class_label(c, t["classes"]) for c in cells]
        present = np.array([l is not None for l in labels])
        y = np.array([t["classes"].index(l) if l is not None else -1 for l in labels], dtype=np.int64)
    return data, y, present


def class_label(cell, classes):
    """The class a target cell names: its text, a lower-cased boolean, or a number as GradLab writes it."""
    if is_missing(cell):
        return None
    s = cell.strip()
    if s in classes:
        return s
    if s.lower() in classes and set(classes) <= {"false", "true"}:
        return s.lower()
    try:
        label = format_number(to_number(s))
    except ValueError:
        label = s
    if label not in classes:
        raise ValueError(f"target value {cell!r} is not one of the classes {classes[:10]}")
    return label


def format_number(v):
    """A number as JavaScript's String() writes it (GradLab names numeric classes that way)."""
    return str(int(v)) if v == int(v) and abs(v) < 1e21 else repr(v)


def keep_rows(data, present):
    """Apply the missing-value policy: returns the indices of the rows to use."""
    keep = present.copy()
    policy = SETTINGS["missing"]
    for spec in PREPROCESSING["features"]:
        col = data[spec["name"]]
        missing = np.isnan(col) if spec["type"] == "numeric" else np.array([v is None for v in col])
        if missing.any() and policy == "error":
            raise ValueError(f"column {spec['name']!r} has missing values; GradLab was trained with missing='error'")
        if policy == "drop":
            keep &= ~missing
    if not present.all() and policy == "error":
        raise ValueError("the target has missing values")
    return np.flatnonzero(keep)


def split_rows(n, val_split, seed):
    """A seeded shuffle and split. (NumPy's generator, not GradLab's: the rows differ, the sizes match.)"""
    order = np.random.default_rng(seed).permutation(n)
    n_val = 0 if val_split == 0 else max(1, round(n * val_split))
    return order[: n - n_val], order[n - n_val:]


def mean_std(v):
    """Mean and population std as GradLab computes them: deviations scaled before squaring (values
    near 1e-300 keep their spread); a constant column (spread below 1e-12 of the mean) gets
    max(1, |mean|), which leaves it at about 0."""
    mean = float(v.mean()) if len(v) else 0.0
    largest = float(np.max(np.abs(v - mean))) if len(v) else 0.0
    std = largest * float(np.sqrt(np.mean(((v - mean) / largest) ** 2))) if largest > 0 else 0.0
    with np.errstate(divide="ignore", over="ignore"):
        usable = std > 1e-12 * abs(mean) and np.isfinite(std) and np.isfinite(1.0 / std)
    return mean, (std if usable else max(1.0, abs(mean)))


def fit_preprocessing(data, y, train):
    """GradLab's preprocessing refitted on these training rows: mean, population std, mode."""
    features = []
    for spec in PREPROCESSING["features"]:
        col = data[spec["name"]]
        if spec["type"] == "numeric":
            v = col[train]
            mean, std = mean_std(v[~np.isnan(v)])
            features.append({**spec, "mean": mean, "std": std})
        else:
            present = [col[i] for i in train if col[i] is not None]
            mode = max(set(present), key=present.count) if present else spec["levels"][0]
            features.append({**spec, "mode": mode})
    target = dict(PREPROCESSING["target"])
    if target["type"] == "numeric":
        target["mean"], target["std"] = mean_std(y[train])
    return {"features": features, "target": target}


def encode(data, spec, rows):
    """Standardized numbers (missing → the mean), one-hot levels without the first (reference) level."""
    blocks = []
    for f in spec["features"]:
        col = data[f["name"]]
        if f["type"] == "numeric":
            v = col[rows]
            v = np.where(np.isnan(v), f["mean"], v)
            blocks.append(((v - f["mean"]) / f["std"])[:, None])
        else:
            levels = f["levels"]
            cells = [col[i] if col[i] is not None else f["mode"] for i in rows]
            unknown = sorted(set(cells) - set(levels))
            if unknown:
                raise ValueError(f"column {f['name']!r}: unknown levels {unknown[:5]}")
            onehot = np.zeros((len(rows), len(levels) - 1))
            for r, c in enumerate(cells):
                k = levels.index(c)
                if k > 0:
                    onehot[r, k - 1] = 1.0
            blocks.append(onehot)
    return np.hstack(blocks) if blocks else np.zeros((len(rows), 0))


def activate(z, name):
    if name == "relu":
        return np.maximum(z, 0.0)
    if name == "tanh":
        return np.tanh(z)
    if name == "sigmoid":
        return 1.0 / (1.0 + np.exp(-z))
    return z


def gradlab_predict(x):
    """GradLab's trained model on encoded rows x: target-unit values, or class probabilities."""
    h = x
    layers = len(GRADLAB_WEIGHTS) // 2
    for l in range(layers):
        w = np.array(GRADLAB_WEIGHTS[2 * l]).reshape(h.shape[1], -1)
        h = h @ w + np.array(GRADLAB_WEIGHTS[2 * l + 1])
        if l < layers - 1:
            h = activate(h, GRADLAB_ACTIVATION)
    t = PREPROCESSING["target"]
    if HEAD == "regression":
        return t["mean"] + t["std"] * h[:, 0]
    if HEAD == "binary":
        p = 1.0 / (1.0 + np.exp(-h[:, 0]))
        return np.stack([1 - p, p], axis=1)
    e = np.exp(h - h.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def metrics(actual, predicted):
    """GradLab's metric definitions: R², MSE, RMSE, MAE; or accuracy and log-loss from probabilities."""
    if HEAD == "regression":
        r = predicted - actual
        mse = float(np.mean(r ** 2))
        sst = float(np.sum((actual - actual.mean()) ** 2))
        r2 = 1 - float(np.sum(r ** 2)) / sst if sst > 0 else (1.0 if mse == 0 else 0.0)
        return {"r2": r2, "mse": mse, "rmse": mse ** 0.5, "mae": float(np.mean(np.abs(r)))}
    p = np.clip(predicted[np.arange(len(actual)), actual], 1e-15, 1 - 1e-15)
    return {"accuracy": float(np.mean(predicted.argmax(axis=1) == actual)), "logLoss": float(-np.mean(np.log(p)))}


def load():
    """Everything up to the model: encoded train/validation rows and targets."""
    data, y, present = clean(read_columns(CSV_PATH))
    rows = keep_rows(data, present)
    train, val = split_rows(len(rows), SETTINGS["valSplit"], SETTINGS["seed"])
    train, val = rows[train], rows[val]
    spec = fit_preprocessing(data, y, train)
    return data, y, spec, train, val
`;

/** The shared header: imports that always work (standard library and NumPy). */
export const PY_IMPORTS = ['import csv', 'import io', 'import json', 'import re', 'import sys', '', 'import numpy as np'].join('\n');
