/** The user-facing names of the settings' values and the sentences for refused fields. */
import * as l10n from '@vscode/l10n';
import type {
  ActivationKind,
  FieldProblem,
  LossKind,
  ModelKind,
  OptimizerKind,
  RunStatus,
} from '../../src/protocol/training';

export function modelLabel(m: ModelKind): string {
  switch (m) {
    case 'linear':
      return l10n.t('Linear regression');
    case 'logistic':
      return l10n.t('Logistic regression (two classes)');
    case 'softmax':
      return l10n.t('Softmax regression (several classes)');
    case 'mlp':
      return l10n.t('MLP (neural network)');
  }
}

export function lossLabel(l: LossKind): string {
  switch (l) {
    case 'mse':
      return l10n.t('Mean squared error (MSE)');
    case 'mae':
      return l10n.t('Mean absolute error (MAE)');
    case 'huber':
      return l10n.t('Huber');
    case 'cross-entropy':
      return l10n.t('Cross-entropy');
  }
}

export function optimizerLabel(o: OptimizerKind): string {
  return { sgd: 'SGD', momentum: l10n.t('SGD with momentum'), rmsprop: 'RMSprop', adam: 'Adam' }[o];
}

export function activationLabel(a: ActivationKind): string {
  return { relu: 'ReLU', tanh: 'tanh', sigmoid: 'sigmoid' }[a];
}

export function problemText(p: FieldProblem): string {
  switch (p.code) {
    case 'not-number':
      return l10n.t('Enter a number.');
    case 'not-integer':
      return l10n.t('Enter a whole number.');
    case 'range':
      return p.exclusiveMin
        ? l10n.t('Enter a number above {0} and at most {1}.', p.min, p.max)
        : l10n.t('Enter a number from {0} to {1}.', p.min, p.max);
    case 'hidden-list':
      return l10n.t(
        'Enter 1 to {0} layer widths separated by commas, each from 1 to {1}, e.g. 16, 8.',
        p.maxLayers,
        p.maxWidth,
      );
  }
}

export function metricLabel(key: string): string {
  const known: Record<string, string> = {
    r2: 'R²',
    mse: 'MSE',
    rmse: 'RMSE',
    mae: 'MAE',
    accuracy: l10n.t('Accuracy'),
    logLoss: l10n.t('Log-loss'),
    loss: l10n.t('Loss'),
  };
  return known[key] ?? key;
}

export function statusWord(s: RunStatus): string {
  switch (s) {
    case 'running':
      return l10n.t('Training');
    case 'paused':
      return l10n.t('Paused');
    case 'completed':
      return l10n.t('Completed');
    case 'early-stopping':
      return l10n.t('Stopped early');
    case 'diverged':
      return l10n.t('Diverged');
    case 'stopped':
      return l10n.t('Stopped');
    case 'error':
      return l10n.t('Error');
  }
}
