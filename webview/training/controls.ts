/**
 * Start, Pause/Resume, Step, Stop and Reset, and the status line that announces the epoch, the
 * losses and the speed (aria-live="polite", updated at most once a second while training so a
 * screen reader is not flooded).
 */
import * as l10n from '@vscode/l10n';
import type { PanelToHost, RunStatus } from '../../src/protocol/training';
import { h } from './dom';

export type ControlState = 'idle' | 'starting' | RunStatus;

export class Controls {
  readonly element: HTMLElement;
  readonly status: HTMLElement;
  private readonly start = h(
    'button',
    { type: 'button', id: 'start', class: 'primary' },
    l10n.t('Start'),
  );
  private readonly pause = h('button', { type: 'button', id: 'pause' }, l10n.t('Pause'));
  private readonly step = h(
    'button',
    { type: 'button', id: 'step', title: l10n.t('Train one more epoch, then pause') },
    l10n.t('Step'),
  );
  private readonly stop = h('button', { type: 'button', id: 'stop' }, l10n.t('Stop'));
  private readonly reset = h(
    'button',
    { type: 'button', id: 'reset', class: 'secondary' },
    l10n.t('Reset'),
  );
  private state: ControlState = 'idle';

  constructor(post: (m: PanelToHost) => void, onStart: () => void, onReset: () => void) {
    this.status = h('p', {
      id: 'status',
      class: 'status',
      'aria-live': 'polite',
      'data-status': 'idle',
    });
    this.start.addEventListener('click', onStart);
    this.pause.addEventListener('click', () =>
      post({ type: 'train/control', action: this.state === 'paused' ? 'resume' : 'pause' }),
    );
    this.step.addEventListener('click', () => post({ type: 'train/control', action: 'step' }));
    this.stop.addEventListener('click', () => post({ type: 'train/control', action: 'stop' }));
    this.reset.addEventListener('click', onReset);
    this.element = h(
      'section',
      { id: 'controls', 'aria-labelledby': 'controls-heading' },
      h('h2', { id: 'controls-heading', class: 'visually-hidden' }, l10n.t('Training controls')),
      h(
        'div',
        { class: 'buttons', role: 'group', 'aria-label': l10n.t('Training controls') },
        this.start,
        this.pause,
        this.step,
        this.stop,
        this.reset,
      ),
      this.status,
    );
  }

  /** Enable what makes sense in `state`; Start also needs valid data and settings. */
  update(state: ControlState, canStart: boolean): void {
    this.state = state;
    const active = state === 'running' || state === 'paused' || state === 'starting';
    this.start.disabled = active || !canStart;
    this.pause.disabled = !(state === 'running' || state === 'paused');
    this.pause.textContent = state === 'paused' ? l10n.t('Resume') : l10n.t('Pause');
    this.pause.setAttribute('aria-pressed', String(state === 'paused'));
    this.step.disabled = !(state === 'running' || state === 'paused');
    this.stop.disabled = !(state === 'running' || state === 'paused');
    this.reset.disabled = state === 'idle' || state === 'starting';
  }

  setStatus(state: ControlState, text: string): void {
    this.status.dataset['status'] = state;
    if (this.status.textContent !== text) this.status.textContent = text;
  }
}
