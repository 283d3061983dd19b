/**
 * The state machines of the operations tests, as a folder for the local engine (`machineFolder`): a
 * Standard workflow with a retried Task, an inline Map and a Parallel state, whose Task fails once per
 * execution with a flaky error and, for an expired card, a second time (so that a redrive succeeds); a
 * Standard one that waits; one whose inline Map writes a history of thousands of events (several pages of
 * GetExecutionHistory); one that returns its input; an Express one; a machine whose tool would be named
 * like an operations tool; and one outside the prefix.
 */
import type { FolderSpec } from './engine.js';

export const PREFIX = 'op-';

const ORDERS = {
  Comment: 'Takes an order: validates it, charges the card, packs the items, notifies two teams',
  StartAt: 'Validate',
  States: {
    Validate: { Type: 'Pass', Next: 'Charge' },
    Charge: {
      Type: 'Task',
      Resource: 'arn:aws:lambda:us-east-1:123456789012:function:charge',
      Retry: [{ ErrorEquals: ['Flaky'], IntervalSeconds: 1, MaxAttempts: 2 }],
      ResultPath: '$.charge',
      Next: 'Items',
    },
    Items: {
      Type: 'Map',
      ItemsPath: '$.items',
      ItemProcessor: {
        ProcessorConfig: { Mode: 'INLINE' },
        StartAt: 'Pack',
        States: { Pack: { Type: 'Pass', End: true } },
      },
      ResultPath: '$.packed',
      Next: 'Fan',
    },
    Fan: {
      Type: 'Parallel',
      Branches: [
        { StartAt: 'Left', States: { Left: { Type: 'Pass', End: true } } },
        { StartAt: 'Right', States: { Right: { Type: 'Pass', End: true } } },
      ],
      ResultPath: '$.fan',
      Next: 'Done',
    },
    Done: { Type: 'Pass', OutputPath: '$.charge', End: true },
  },
};

/** First attempt of each execution: Flaky (retried); second: PaymentDeclined for an expired card; then success. */
const ORDERS_HANDLERS = `
const attempts = new Map();
const failure = (error, message) => Object.assign(new Error(message), { error });
export default {
  Charge: async (input, context) => {
    const n = (attempts.get(context.executionArn) ?? 0) + 1;
    attempts.set(context.executionArn, n);
    if (n === 1) throw failure('Flaky', 'the gateway hiccupped');
    if (n === 2 && input.card === 'expired') throw failure('PaymentDeclined', 'card expired');
    return { charged: true, attempt: n };
  },
};
`;

const HOLD = { StartAt: 'Hold', States: { Hold: { Type: 'Wait', Seconds: 100000, End: true } } };
const PASS = { StartAt: 'Done', States: { Done: { Type: 'Pass', End: true } } };

/** Each item of `$.items` is one Map iteration: four events (iteration started, Pass entered and exited, iteration succeeded). */
const MANY = {
  StartAt: 'Each',
  States: {
    Each: {
      Type: 'Map',
      ItemsPath: '$.items',
      ItemProcessor: {
        ProcessorConfig: { Mode: 'INLINE' },
        StartAt: 'Touch',
        States: { Touch: { Type: 'Pass', End: true } },
      },
      ResultPath: null,
      End: true,
    },
  },
};

export const OPERATIONS_MACHINES: FolderSpec = {
  'op-orders': { 'definition.asl.json': ORDERS, 'handlers.mjs': ORDERS_HANDLERS },
  'op-hold': { 'definition.asl.json': HOLD },
  'op-many': { 'definition.asl.json': MANY },
  'op-echo': { 'definition.asl.json': PASS },
  'op-express': { 'definition.asl.json': PASS, 'machine.json': { type: 'EXPRESS' } },
  'op-list_executions': { 'definition.asl.json': PASS },
  'zz-outside': { 'definition.asl.json': PASS },
};
