// GradLab gradient check demo. Each function below has a hand-written gradient next to it.
// Click "Check gradient" above a function, or put the cursor in it and run
// "GradLab: Gradient Check Function". "Derive gradient" appears where no gradient is written yet.

const xs = [0.5, 1.5, 2.0, 3.0];
const ys = [1.2, 2.9, 4.1, 6.2];

/**
 * Mean squared error of the line y = w·x + b on the four points above; p = [w, b].
 * @point [1, 0]
 * @point [2, 0.5]
 */
export function mse(p: number[]): number {
  let sum = 0;
  for (let i = 0; i < xs.length; i++) {
    const r = p[0]! * xs[i]! + p[1]! - ys[i]!;
    sum += r * r;
  }
  return sum / xs.length;
}

/** ∂/∂w = (2/n)·Σ r·x and ∂/∂b = (2/n)·Σ r, with r = w·x + b − y. This one is right. */
export function mseGrad(p: number[]): number[] {
  let gw = 0;
  let gb = 0;
  for (let i = 0; i < xs.length; i++) {
    const r = p[0]! * xs[i]! + p[1]! - ys[i]!;
    gw += 2 * r * xs[i]!;
    gb += 2 * r;
  }
  return [gw / xs.length, gb / xs.length];
}

/**
 * A small model's loss: f(x) = x₀·x₁ + x₀·sin(x₂) + x₂².
 * @point [1.5, -0.5, 0.8]
 */
export function model(x: number[]): number {
  return x[0]! * x[1]! + x[0]! * Math.sin(x[2]!) + x[2]! * x[2]!;
}

/** One component is wrong: ∂f/∂x₂ should be x₀·cos(x₂) + 2x₂, but the factor x₀ was forgotten. */
export function modelGrad(x: number[]): number[] {
  return [x[1]! + Math.sin(x[2]!), x[0]!, Math.cos(x[2]!) + 2 * x[2]!];
}

/** softplus(x) = log(1 + eˣ). No gradient written yet: GradLab can derive one and insert it. */
export function softplus(x: number): number {
  return Math.log(1 + Math.exp(x));
}
