/**
 * A runnable scikit-learn script for the same model. Linear, logistic and softmax regression map
 * to estimators that minimize exactly GradLab's objective (penalties rescaled to scikit-learn's
 * conventions, derived in the comments), so their coefficients match GradLab's optimum. The MLP
 * maps to MLPRegressor/MLPClassifier with the nearest settings (close, not identical).
 */
import type { TrainedModel } from '../trainedModel';
import { DATA_FUNCTIONS, PY_IMPORTS, constantsBlock, type ScriptOptions } from './pythonCommon';
import { escapeDocstring, requireProvenance } from './pytorchScript';

const SKLEARN_PART = String.raw`

def build_estimator(n_train):
    """GradLab's objective in scikit-learn's terms (X and a regression y standardized, as GradLab trains).

    GradLab minimizes mean(loss) + l1·Σ|w| + l2·Σw² (weights only, intercept free). Rescaled:
    - Ridge:      ‖y − Xw‖² + α‖w‖²                    → α = n·l2
    - ElasticNet: ‖y − Xw‖²/2n + αρ‖w‖₁ + α(1−ρ)‖w‖²/2 → α = l1/2 + l2, ρ = (l1/2)/α
    - LogisticRegression: C·Σloss + ρ‖w‖₁ + (1−ρ)‖w‖²/2 → C = 1/(n(l1 + 2·l2)), ρ = l1/(l1 + 2·l2)
    """
    from sklearn.linear_model import ElasticNet, LinearRegression, LogisticRegression, Ridge, SGDRegressor
    from sklearn.neural_network import MLPClassifier, MLPRegressor

    s, l1, l2, n = SETTINGS, SETTINGS["l1"], SETTINGS["l2"], n_train
    if MODEL == "linear":
        if LOSS != "mse":
            # MAE and Huber have no closed form: stochastic gradient descent on the same loss.
            loss = "epsilon_insensitive" if LOSS == "mae" else "huber"
            return SGDRegressor(loss=loss, epsilon=0.0 if LOSS == "mae" else 1.0, penalty="elasticnet",
                                alpha=l1 / 2 + l2, l1_ratio=(l1 / 2) / (l1 / 2 + l2) if l1 + l2 > 0 else 0.0,
                                learning_rate="constant", eta0=s["learningRate"], max_iter=s["epochs"], random_state=s["seed"])
        if l1 == 0 and l2 == 0:
            return LinearRegression()
        if l1 == 0:
            return Ridge(alpha=n * l2)
        return ElasticNet(alpha=l1 / 2 + l2, l1_ratio=(l1 / 2) / (l1 / 2 + l2), max_iter=100000)
    if MODEL in ("logistic", "softmax"):
        if l1 == 0 and l2 == 0:
            return LogisticRegression(penalty=None, max_iter=10000)
        if l1 == 0:
            return LogisticRegression(C=1 / (2 * n * l2), max_iter=10000)
        return LogisticRegression(penalty="elasticnet", solver="saga", l1_ratio=l1 / (l1 + 2 * l2),
                                  C=1 / (n * (l1 + 2 * l2)), max_iter=10000)
    # MLP: the nearest settings. scikit-learn has no RMSprop (Adam instead), no L1, its squared loss is
    # halved and its L2 is α/(2·batch)·Σw², so α = 2·l2·batch.
    kw = dict(
        hidden_layer_sizes=tuple(s["hidden"]),
        activation={"relu": "relu", "tanh": "tanh", "sigmoid": "logistic"}[s["activation"]],
        solver="sgd" if s["optimizer"] in ("sgd", "momentum") else "adam",
        momentum=0.9 if s["optimizer"] == "momentum" else 0.0,
        nesterovs_momentum=False,
        learning_rate_init=s["learningRate"],
        batch_size=s["batchSize"],
        max_iter=s["epochs"],
        alpha=2 * l2 * s["batchSize"],
        random_state=s["seed"],
        early_stopping=s["earlyStopping"],
        # Without early stopping GradLab trains every epoch; keep scikit-learn from stopping on its own.
        n_iter_no_change=s["patience"] if s["earlyStopping"] else s["epochs"] + 1,
        tol=s["minDelta"],
    )
    if s["earlyStopping"]:
        kw["validation_fraction"] = s["valSplit"] or 0.1
    return MLPRegressor(**kw) if HEAD == "regression" else MLPClassifier(**kw)


def original_units(coef, intercept, spec):
    """Weights on standardized inputs (and target) back in the CSV's units, as GradLab reports them."""
    t = spec["target"]
    scale = t["std"] if HEAD == "regression" else 1.0
    b = (t["mean"] if HEAD == "regression" else 0.0) + scale * intercept
    weights, j = {}, 0
    for f in spec["features"]:
        if f["type"] == "numeric":
            w = scale * coef[j] / f["std"]
            weights[f["name"]] = w
            b -= w * f["mean"]
            j += 1
        elif f["type"] == "boolean":
            weights[f["name"]] = scale * coef[j]
            j += 1
        else:
            for level in f["levels"][1:]:
                weights[f"{f['name']}={level}"] = scale * coef[j]
                j += 1
    return b, weights


def main():
    data, y, spec, train_rows, val_rows = load()
    x_train, x_val = encode(data, spec, train_rows), encode(data, spec, val_rows)
    t = spec["target"]
    est = build_estimator(len(train_rows))
    if HEAD == "regression":
        est.fit(x_train, (y[train_rows] - t["mean"]) / t["std"])
        predict = lambda x: t["mean"] + t["std"] * est.predict(x)
    else:
        est.fit(x_train, y[train_rows])
        classes = list(est.classes_)

        def predict(x):
            # Columns in GradLab's class order, even if a class is absent from the training rows.
            p = est.predict_proba(x)
            out = np.zeros((len(x), len(t["classes"])))
            for k, c in enumerate(classes):
                out[:, c] = p[:, k]
            return out

    print("scikit-learn train", metrics(y[train_rows], predict(x_train)))
    if len(val_rows):
        print("scikit-learn val  ", metrics(y[val_rows], predict(x_val)))
    if MODEL == "linear" or (MODEL == "logistic" and HEAD == "binary"):
        intercept, weights = original_units(np.ravel(est.coef_), float(np.ravel(est.intercept_)[0]), spec)
        print("coefficients (original units): intercept", intercept)
        for name, w in weights.items():
            print(f"  {name}: {w}")
    rows = np.concatenate([train_rows, val_rows])
    print("GradLab weights on all rows", metrics(y[rows], gradlab_predict(encode(data, PREPROCESSING, rows))))
    print("GradLab's own report", GRADLAB_METRICS)
`;

/** The scikit-learn script for a trained model (its provenance must be set). */
export function exportSklearnScript(model: TrainedModel, options: ScriptOptions): string {
  const p = requireProvenance(model);
  const title = `GradLab export (scikit-learn): ${model.kind} model predicting "${model.preprocessing.target.name}".`;
  return [
    '#!/usr/bin/env python3',
    `"""${escapeDocstring(title)}`,
    '',
    'Rebuilds GradLab\'s preprocessing and fits the matching scikit-learn estimator with the same',
    'settings, then scores GradLab\'s own trained weights on the same rows.',
    '',
    'Requires: numpy, scikit-learn.   Run: python3 this_script.py [path/to/data.csv]',
    '"""',
    PY_IMPORTS,
    '',
    constantsBlock(model, p, options),
    DATA_FUNCTIONS + SKLEARN_PART,
    '',
    'if __name__ == "__main__":',
    '    main()',
    '',
  ].join('\n');
}
