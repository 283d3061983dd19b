import type { Step, StepResult } from '../runtime.js';
import { executeChoice } from './choice.js';
import { executeMap } from './map.js';
import { executeParallel } from './parallel.js';
import { executePass } from './pass.js';
import { executeFail, executeSucceed } from './terminal.js';
import { executeTask } from './task.js';
import { executeWait } from './wait.js';

/** One attempt of a state, by its type. */
export function executeState(step: Step): Promise<StepResult> {
  switch (step.state.type) {
    case 'Pass':
      return executePass(step);
    case 'Task':
      return executeTask(step);
    case 'Choice':
      return executeChoice(step);
    case 'Wait':
      return executeWait(step);
    case 'Succeed':
      return executeSucceed(step);
    case 'Fail':
      return executeFail(step);
    case 'Parallel':
      return executeParallel(step);
    case 'Map':
      return executeMap(step);
  }
}
