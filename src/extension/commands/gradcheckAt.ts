import * as vscode from 'vscode';
import { GradLabError } from '../../engine/errors';
import { isArrayOf, isFiniteNumber, isRecord, isString } from '../../protocol/is';
import type { GradcheckReport } from '../../protocol/gradcheck';
import type { ExtensionServices } from '../services';
import { gradcheckFeature } from '../gradcheck/feature';
import { runGradcheck } from '../gradcheck/runGradcheck';

/**
 * `gradlab.gradcheckAt` (hidden from the palette): the CodeLens's command. Arguments
 * `{uri, functionName, points?}`; resolves to the report (the tests' hook).
 */
export async function gradcheckAt(
  services: ExtensionServices,
  arg: unknown,
): Promise<GradcheckReport | undefined> {
  if (
    !isRecord(arg) ||
    !isString(arg['functionName']) ||
    !(arg['uri'] instanceof vscode.Uri || isString(arg['uri']))
  ) {
    throw new GradLabError(
      'bad-argument',
      'gradlab.gradcheckAt expects {uri, functionName, points?}.',
    );
  }
  const points = arg['points'];
  if (
    points !== undefined &&
    !isArrayOf(points, (p): p is number[] => isArrayOf(p, isFiniteNumber))
  ) {
    throw new GradLabError(
      'bad-point',
      'gradlab.gradcheckAt: points must be an array of number arrays.',
    );
  }
  const uri = isString(arg['uri']) ? vscode.Uri.parse(arg['uri']) : arg['uri'];
  return runGradcheck(services, gradcheckFeature(services), {
    uri,
    functionName: arg['functionName'],
    ...(points ? { points } : {}),
  });
}
