/**
 * A runnable PyTorch script that rebuilds the model and retrains it with the same settings: same
 * preprocessing, architecture, initialisation scheme, loss, penalties, optimizer (with GradLab's
 * RMSprop constants), clipping, batches, epochs and early stopping. Random numbers come from torch,
 * so the run matches GradLab closely, not bit for bit; the script also evaluates GradLab's own
 * trained weights so the two can be compared on the same rows.
 */
import { GradLabError } from '../../errors';
import type { TrainedModel } from '../trainedModel';
import { DATA_FUNCTIONS, PY_IMPORTS, constantsBlock, type Provenance, type ScriptOptions } from './pythonCommon';

const TORCH_PART = String.raw`

def build_network(inputs, outputs):
    """GradLab's architecture and initialisation: He normal before ReLU, Glorot uniform otherwise, zero biases."""
    import torch
    from torch import nn

    hidden = SETTINGS["hidden"] if MODEL == "mlp" else []
    sizes = [inputs] + hidden + [outputs]
    act = {"relu": nn.ReLU, "tanh": nn.Tanh, "sigmoid": nn.Sigmoid}[SETTINGS["activation"]]
    layers = []
    for i in range(len(sizes) - 1):
        linear = nn.Linear(sizes[i], sizes[i + 1])
        last = i == len(sizes) - 2
        if not last and SETTINGS["activation"] == "relu":
            nn.init.kaiming_normal_(linear.weight, nonlinearity="relu")
        else:
            nn.init.xavier_uniform_(linear.weight)
        nn.init.zeros_(linear.bias)
        layers.append(linear)
        if not last:
            layers.append(act())
    return nn.Sequential(*layers)


def make_optimizer(params):
    import torch

    lr, kind = SETTINGS["learningRate"], SETTINGS["optimizer"]
    if kind == "sgd":
        return torch.optim.SGD(params, lr=lr)
    if kind == "momentum":
        return torch.optim.SGD(params, lr=lr, momentum=0.9)
    if kind == "rmsprop":
        return torch.optim.RMSprop(params, lr=lr, alpha=0.9, eps=1e-7)  # GradLab uses Keras's constants
    return torch.optim.Adam(params, lr=lr)


def data_loss(net, x, y):
    """The loss GradLab trains with (mean over rows), without penalties."""
    import torch.nn.functional as F

    out = net(x)
    if HEAD == "binary":
        return F.binary_cross_entropy_with_logits(out[:, 0], y)
    if HEAD == "multiclass":
        return F.cross_entropy(out, y)
    if LOSS == "mae":
        return F.l1_loss(out[:, 0], y)
    if LOSS == "huber":
        return F.huber_loss(out[:, 0], y, delta=1.0)
    return F.mse_loss(out[:, 0], y)


def penalty(net):
    """l1·Σ|W| + l2·ΣW² over the weight matrices (not the biases), as GradLab adds it."""
    total = 0.0
    for name, p in net.named_parameters():
        if name.endswith("weight"):
            total = total + SETTINGS["l1"] * p.abs().sum() + SETTINGS["l2"] * (p ** 2).sum()
    return total


def train(x_train, y_train, x_val, y_val, loss_scale):
    import torch

    torch.manual_seed(SETTINGS["seed"])
    outputs = len(PREPROCESSING["target"].get("classes", [])) if HEAD == "multiclass" else 1
    net = build_network(x_train.shape[1], outputs)
    with torch.no_grad():  # as GradLab: an input that is 0 in every training row starts at weight 0
        net[0].weight[:, (x_train.abs() <= 1e-9).all(dim=0)] = 0.0
    opt = make_optimizer(net.parameters())
    generator = torch.Generator().manual_seed(SETTINGS["seed"])
    batch, n = SETTINGS["batchSize"], x_train.shape[0]
    best, best_state, wait, history = float("inf"), None, 0, []
    for epoch in range(1, SETTINGS["epochs"] + 1):
        net.train()
        order = torch.randperm(n, generator=generator)
        for start in range(0, n, batch):
            idx = order[start:start + batch]
            opt.zero_grad()
            loss = data_loss(net, x_train[idx], y_train[idx]) + penalty(net)
            if not torch.isfinite(loss):
                print(f"epoch {epoch}: the loss is not finite; try a smaller learning rate")
                return net, history, "diverged"
            loss.backward()
            if SETTINGS["clip"] > 0:
                torch.nn.utils.clip_grad_norm_(net.parameters(), SETTINGS["clip"])
            opt.step()
        net.eval()
        with torch.no_grad():
            train_loss = float(data_loss(net, x_train, y_train)) * loss_scale
            val_loss = float(data_loss(net, x_val, y_val)) * loss_scale if len(x_val) else None
        history.append((epoch, train_loss, val_loss))
        print(f"epoch {epoch:4d}  train loss {train_loss:.6g}" + (f"  val loss {val_loss:.6g}" if val_loss is not None else ""))
        if SETTINGS["earlyStopping"]:
            # Keras EarlyStopping: improvement = current < best - min_delta; stop after patience epochs without.
            monitored = val_loss if val_loss is not None and SETTINGS.get("monitor") != "loss" else train_loss
            wait += 1
            if monitored + SETTINGS["minDelta"] < best:
                best, wait = monitored, 0
                best_state = {k: v.clone() for k, v in net.state_dict().items()}
            elif wait >= SETTINGS["patience"] and epoch > 1:
                if SETTINGS["restoreBestWeights"] and best_state is not None:
                    net.load_state_dict(best_state)
                return net, history, "early-stopping"
    return net, history, "completed"


def main():
    import torch

    torch.set_default_dtype(torch.float64)  # GradLab computes in float64
    data, y, spec, train_rows, val_rows = load()
    x_train = torch.tensor(encode(data, spec, train_rows))
    x_val = torch.tensor(encode(data, spec, val_rows))
    t = spec["target"]
    if HEAD == "regression":
        to_target = lambda rows: torch.tensor((y[rows] - t["mean"]) / t["std"])
        loss_scale = t["std"] if LOSS == "mae" else t["std"] ** 2
    else:
        to_target = (lambda rows: torch.tensor(y[rows], dtype=torch.float64)) if HEAD == "binary" else (lambda rows: torch.tensor(y[rows]))
        loss_scale = 1.0
    net, history, stopped = train(x_train, to_target(train_rows), x_val, to_target(val_rows), loss_scale)
    print(f"stopped: {stopped}")
    net.eval()

    def predict(x):
        with torch.no_grad():
            out = net(x).numpy()
        if HEAD == "regression":
            return t["mean"] + t["std"] * out[:, 0]
        if HEAD == "binary":
            p = 1.0 / (1.0 + np.exp(-out[:, 0]))
            return np.stack([1 - p, p], axis=1)
        e = np.exp(out - out.max(axis=1, keepdims=True))
        return e / e.sum(axis=1, keepdims=True)

    print("PyTorch  train", metrics(y[train_rows], predict(x_train)))
    if len(val_rows):
        print("PyTorch  val  ", metrics(y[val_rows], predict(x_val)))
    rows = np.concatenate([train_rows, val_rows])
    print("GradLab weights on all rows", metrics(y[rows], gradlab_predict(encode(data, PREPROCESSING, rows))))
    print("GradLab's own report", GRADLAB_METRICS)
`;

/** The PyTorch script for a trained model (its provenance must be set: a model from a run or a saved file). */
export function exportPytorchScript(model: TrainedModel, options: ScriptOptions): string {
  const p = requireProvenance(model);
  const title = `GradLab export (PyTorch): ${model.kind} model predicting "${model.preprocessing.target.name}".`;
  return [
    '#!/usr/bin/env python3',
    `"""${escapeDocstring(title)}`,
    '',
    'Rebuilds the preprocessing, network, loss and optimizer GradLab used and retrains with the same',
    'settings (torch\'s random numbers differ, so results are close, not identical), then scores',
    'GradLab\'s own trained weights on the same rows.',
    '',
    'Requires: numpy, torch.   Run: python3 this_script.py [path/to/data.csv]',
    '"""',
    PY_IMPORTS,
    '',
    constantsBlock(model, p, options),
    DATA_FUNCTIONS + TORCH_PART,
    '',
    'if __name__ == "__main__":',
    '    main()',
    '',
  ].join('\n');
}

export function requireProvenance(model: TrainedModel): Provenance {
  if (!model.provenance) {
    throw new GradLabError('bad-argument', 'This model does not record how it was trained (settings and CSV dialect), so no script can reproduce it. Train it again in GradLab, then export.');
  }
  return model.provenance;
}

export function escapeDocstring(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/"""/g, '\\"\\"\\"');
}
