/**
 * A trained model: the network (an nn MLP; linear, logistic and softmax regression are MLPs with no
 * hidden layer), its preprocessing and its head. It predicts on raw rows, reports linear
 * coefficients in the CSV's original units, and saves to / loads from plain JSON.
 */
import { GradLabError } from '../errors';
import { encodeRawRows, type Preprocessing, type RawRow } from '../data';
import { MLP, type LossName, type MLPJson } from '../nn';
import type { LossKind, ModelKind, Task } from './config';
import type { Provenance } from './export/pythonCommon';

export const MODEL_FORMAT = 'gradlab-model';
export const MODEL_VERSION = 1;

/** How the network's outputs are read: one value, one logit (binary), or K logits. */
export type Head = 'regression' | 'binary' | 'multiclass';

export interface ModelJson {
  format: typeof MODEL_FORMAT;
  version: number;
  model: ModelKind;
  task: Task;
  head: Head;
  loss: LossKind;
  preprocessing: Preprocessing;
  network: MLPJson;
  /** How it was trained (settings, CSV dialect, final metrics): what the script exports need. */
  provenance?: Provenance;
}

export type Prediction = { value: number } | { label: string; probabilities: Record<string, number> };

export class TrainedModel {
  /** Set by the training run; kept in the JSON. */
  provenance: Provenance | undefined;

  constructor(
    readonly kind: ModelKind,
    readonly network: MLP,
    readonly preprocessing: Preprocessing,
    readonly head: Head,
    readonly loss: LossKind,
  ) {}

  get task(): Task {
    return this.head === 'regression' ? 'regression' : 'classification';
  }

  /** Class labels (classification), else []. */
  get classes(): string[] {
    const t = this.preprocessing.target;
    return t.type === 'classes' ? t.classes : [];
  }

  /** The network loss the head trains with. */
  get networkLoss(): LossName {
    if (this.head === 'binary') return 'bceWithLogits';
    if (this.head === 'multiclass') return 'softmaxCrossEntropy';
    return this.loss === 'cross-entropy' ? 'mse' : this.loss;
  }

  /** Raw network outputs for encoded rows (rows × outputSize); the MLP runs them in chunks. */
  outputs(x: Float64Array): Float64Array {
    return this.network.predict(x);
  }

  /**
   * Regression: predictions in the target's units (rows). Classification: class probabilities
   * (rows × classes, row-major).
   */
  predictEncoded(x: Float64Array): Float64Array {
    return this.readOutputs(this.outputs(x));
  }

  /** Turn network outputs into target-unit values or probabilities (see predictEncoded). */
  readOutputs(z: Float64Array): Float64Array {
    const t = this.preprocessing.target;
    if (this.head === 'regression' && t.type === 'numeric') {
      const out = new Float64Array(z.length);
      for (let i = 0; i < z.length; i++) out[i] = t.mean + t.std * z[i]!;
      return out;
    }
    if (this.head === 'binary') {
      const out = new Float64Array(z.length * 2);
      for (let i = 0; i < z.length; i++) {
        const p = 1 / (1 + Math.exp(-z[i]!));
        out[2 * i] = 1 - p;
        out[2 * i + 1] = p;
      }
      return out;
    }
    const k = this.network.outputSize;
    const out = new Float64Array(z.length);
    for (let r = 0; r < z.length / k; r++) {
      let max = -Infinity;
      for (let c = 0; c < k; c++) max = Math.max(max, z[r * k + c]!);
      let s = 0;
      for (let c = 0; c < k; c++) s += out[r * k + c] = Math.exp(z[r * k + c]! - max);
      for (let c = 0; c < k; c++) out[r * k + c] = out[r * k + c]! / s;
    }
    return out;
  }

  /** Predict raw rows keyed by column name: `model.predict([{ rooms: 3, city: 'Lyon' }])`. */
  predict(rows: readonly RawRow[]): Prediction[] {
    const p = this.predictEncoded(encodeRawRows(this.preprocessing, rows));
    if (this.task === 'regression') return Array.from(p, (value) => ({ value }));
    const classes = this.classes;
    const k = classes.length;
    return rows.map((_, r) => {
      const probabilities: Record<string, number> = {};
      let best = 0;
      for (let c = 0; c < k; c++) {
        probabilities[classes[c]!] = p[r * k + c]!;
        if (p[r * k + c]! > p[r * k + best]!) best = c;
      }
      return { label: classes[best]!, probabilities };
    });
  }

  /**
   * For linear regression (target units) and binary logistic regression (log-odds): the intercept
   * and one weight per encoded input, in the CSV's original units, undoing the standardization:
   * a weight w on z = (x − m)/s is w/s on x, and the intercept absorbs −Σ w·m/s. Else null.
   */
  coefficients(): { intercept: number; weights: Record<string, number> } | null {
    if (this.network.layers.length !== 1 || this.network.outputSize !== 1) return null;
    const layer = this.network.layers[0]!;
    const pre = this.preprocessing;
    const t = pre.target;
    const scale = this.head === 'regression' && t.type === 'numeric' ? t.std : 1;
    let intercept = (this.head === 'regression' && t.type === 'numeric' ? t.mean : 0) + scale * layer.bias.data[0]!;
    const weights: Record<string, number> = {};
    let j = 0;
    for (const f of pre.features) {
      if (f.type === 'numeric') {
        const w = (scale * layer.weight.data[j]!) / f.std;
        weights[pre.inputs[j]!] = w;
        intercept -= w * f.mean;
        j++;
      } else {
        for (let k = 1; k < f.levels.length; k++, j++) weights[pre.inputs[j]!] = scale * layer.weight.data[j]!;
      }
    }
    return { intercept, weights };
  }

  toJSON(): ModelJson {
    return {
      format: MODEL_FORMAT,
      version: MODEL_VERSION,
      model: this.kind,
      task: this.task,
      head: this.head,
      loss: this.loss,
      preprocessing: this.preprocessing,
      network: this.network.toJSON(),
      ...(this.provenance ? { provenance: this.provenance } : {}),
    };
  }

  /** A model saved by toJSON (the object, or its JSON text). */
  static fromJSON(json: ModelJson | string): TrainedModel {
    let m: ModelJson;
    try {
      m = typeof json === 'string' ? (JSON.parse(json) as ModelJson) : json;
    } catch (e) {
      throw new GradLabError('bad-argument', `This model file is not valid JSON: ${(e as Error).message}`, undefined, { cause: e });
    }
    if (!m || m.format !== MODEL_FORMAT || typeof m.version !== 'number') {
      throw new GradLabError('bad-argument', 'This is not a GradLab model file (its "format" is not "gradlab-model").');
    }
    if (m.version > MODEL_VERSION) {
      throw new GradLabError('unsupported', `This model file has version ${m.version}; this GradLab reads version ${MODEL_VERSION}. Update GradLab.`);
    }
    const p = m.preprocessing;
    if (!p || !Array.isArray(p.features) || !Array.isArray(p.inputs) || !p.target || !m.network) {
      throw new GradLabError('bad-argument', 'The model file is missing its preprocessing or network.');
    }
    const network = MLP.fromJSON(m.network);
    if (network.inputSize !== p.inputs.length) {
      throw new GradLabError('shape', `The model file's network takes ${network.inputSize} inputs but its preprocessing makes ${p.inputs.length}.`);
    }
    const model = new TrainedModel(m.model, network, p, m.head, m.loss);
    model.provenance = m.provenance;
    return model;
  }
}
