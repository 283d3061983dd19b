/**
 * The execution input of an event tool (src/catalog/event-schema.ts): the call's arguments are the
 * event's detail, and the machine receives the whole event, as an EventBridge rule would deliver it.
 * Pure: the caller gives the time and the event id.
 */
import { parseStateMachineArn } from '../aws/arn.js';
import type { EventTemplate, MachineTool } from '../catalog/types.js';
import { isObject } from '../result.js';
import { executionInputOf } from './input.js';

/** What changes from one call to the next. */
export interface EventContext {
  now: Date;
  /** The event's id (EventBridge gives each event a UUID). */
  id: string;
}

/** EventBridge's envelope, in the order EventBridge writes its fields. */
export interface EventEnvelope {
  version: string;
  id: string;
  'detail-type'?: string;
  source?: string;
  account?: string;
  time: string;
  region?: string;
  resources: unknown[];
  detail: unknown;
}

/**
 * The event a call of an event tool starts the machine with: `version` "0", a fresh `id`, `source` and
 * `detail-type` from the document, the machine's `account` and `region` (from its ARN), `time` now (to
 * the second, as EventBridge writes it), no `resources`, and the arguments as `detail`. The envelope
 * argument, when the tool offers one and the call gives it, sets any of those fields.
 */
export function eventInput(
  tool: MachineTool & { event: EventTemplate },
  args: unknown,
  ctx: EventContext,
): EventEnvelope {
  const { event } = tool;
  const { detailArgs, overrides } = splitEnvelopeArgument(event, args);
  const machine = parseStateMachineArn(tool.machine.arn);
  const fields: Record<string, unknown> = {
    version: '0',
    id: ctx.id,
    'detail-type': event.detailType,
    source: event.source,
    account: machine.ok ? machine.value.accountId : undefined,
    time: eventTime(ctx.now),
    region: machine.ok ? machine.value.region : undefined,
    resources: [],
    ...overrides,
  };
  const envelope = Object.fromEntries(
    ENVELOPE_ORDER.filter((field) => fields[field] !== undefined).map((field) => [field, fields[field]]),
  );
  // The schema of the envelope argument admits exactly these fields, so the shape holds.
  return { ...envelope, detail: executionInputOf(tool, detailArgs) } as EventEnvelope;
}

/** The order EventBridge writes an event's fields in. */
const ENVELOPE_ORDER = ['version', 'id', 'detail-type', 'source', 'account', 'time', 'region', 'resources'];

/** The arguments without the envelope argument, and the envelope fields it set. */
function splitEnvelopeArgument(
  event: EventTemplate,
  args: unknown,
): { detailArgs: unknown; overrides: Record<string, unknown> } {
  const name = event.envelopeArgument;
  if (name === undefined || !isObject(args) || !Object.hasOwn(args, name)) {
    return { detailArgs: args, overrides: {} };
  }
  const { [name]: given, ...detailArgs } = args;
  return { detailArgs, overrides: isObject(given) ? given : {} };
}

/** `2019-02-26T19:42:21Z`: ISO 8601 in UTC, whole seconds, as EventBridge writes `time`. */
export function eventTime(now: Date): string {
  return now.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
