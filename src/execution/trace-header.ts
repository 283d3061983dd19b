/**
 * W3C trace context to the X-Ray trace header that StartExecution and StartSyncExecution take
 * (`traceHeader`), so that an execution an agent starts joins the agent's trace. Pure.
 *
 * The mapping is the one AWS X-Ray documents for its tracing header and the OpenTelemetry X-Ray
 * propagator implements: the 32 hex digits of the W3C trace id are the X-Ray trace id's 8-digit epoch
 * part and its 24-digit unique part (`Root=1-<8>-<24>`), the W3C parent id is the parent segment id
 * (`Parent=<16>`), and the sampled bit of the trace flags is `Sampled=0|1`.
 */
import { fail, ok, type Result } from '../result.js';

const HEX2 = /^[0-9a-f]{2}$/;
const TRACE_ID = /^[0-9a-f]{32}$/;
const PARENT_ID = /^[0-9a-f]{16}$/;

/**
 * The X-Ray header for a `traceparent` value (W3C Trace Context level 1), or why the value is not one:
 * a version other than `00` may carry more fields after the flags (they are ignored, as the W3C
 * specification asks); version `ff`, upper-case hex, and all-zero trace or parent ids are invalid.
 */
export function xrayTraceHeader(traceparent: unknown): Result<string> {
  if (typeof traceparent !== 'string') return fail('traceparent is not a string');
  const value = traceparent.trim();
  const [version = '', traceId = '', parentId = '', flags = '', ...rest] = value.split('-');
  if (!HEX2.test(version) || version === 'ff') return fail(`traceparent version "${version}" is not valid`);
  if (version === '00' && rest.length > 0) return fail('a version 00 traceparent has exactly four fields');
  if (!TRACE_ID.test(traceId) || /^0+$/.test(traceId))
    return fail('traceparent trace-id is not 32 lower-case hex digits, not all zero');
  if (!PARENT_ID.test(parentId) || /^0+$/.test(parentId))
    return fail('traceparent parent-id is not 16 lower-case hex digits, not all zero');
  if (!HEX2.test(flags)) return fail('traceparent trace-flags are not 2 lower-case hex digits');
  const sampled = parseInt(flags, 16) & 1;
  return ok(`Root=1-${traceId.slice(0, 8)}-${traceId.slice(8)};Parent=${parentId};Sampled=${sampled}`);
}

/**
 * The trace header for a call whose request carried `traceparent` (undefined when it carried none). An
 * invalid value starts the execution without one, as W3C asks of a receiver that cannot parse it; the
 * value itself is not logged (the client chose it).
 */
export function traceHeaderFor(
  traceparent: string | undefined,
  log: { debug: (fields: object, message: string) => void },
): string | undefined {
  if (traceparent === undefined) return undefined;
  const header = xrayTraceHeader(traceparent);
  if (header.ok) return header.value;
  log.debug({ reason: header.error }, 'traceparent ignored');
  return undefined;
}
