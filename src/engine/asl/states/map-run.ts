import type { Step } from '../runtime.js';

export async function executeDistributedMap(_step: Step): Promise<unknown> {
  throw new Error('not yet');
}
