/** Which definitions can wait for a task token at all (pure). */
import { describe, expect, it } from 'vitest';
import { hasCallbackTask } from '../../src/approvals/definition.js';

const machine = (states: Record<string, unknown>) =>
  JSON.stringify({ StartAt: Object.keys(states)[0], States: states });
const callback = { Type: 'Task', Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken', End: true };
const plain = { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', End: true };

describe('hasCallbackTask', () => {
  it('finds a .waitForTaskToken Task at the top, in a Parallel branch, in a Map iterator or item processor', () => {
    expect(hasCallbackTask(machine({ Ask: callback }))).toBe(true);
    expect(
      hasCallbackTask(
        machine({
          P: { Type: 'Parallel', Branches: [{ StartAt: 'A', States: { A: callback } }], End: true },
        }),
      ),
    ).toBe(true);
    expect(
      hasCallbackTask(
        machine({ M: { Type: 'Map', Iterator: { StartAt: 'A', States: { A: callback } }, End: true } }),
      ),
    ).toBe(true);
    expect(
      hasCallbackTask(
        machine({ M: { Type: 'Map', ItemProcessor: { StartAt: 'A', States: { A: callback } }, End: true } }),
      ),
    ).toBe(true);
  });

  it('is false for machines without one', () => {
    expect(hasCallbackTask(machine({ Call: plain }))).toBe(false);
    expect(
      hasCallbackTask(
        machine({ P: { Type: 'Parallel', Branches: [{ StartAt: 'A', States: { A: plain } }], End: true } }),
      ),
    ).toBe(false);
  });

  it('counts a definition it cannot read as one that may wait (rather than miss a decision)', () => {
    expect(hasCallbackTask('{not json')).toBe(true);
    expect(hasCallbackTask(undefined)).toBe(true);
  });
});
