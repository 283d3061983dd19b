import { isObject } from '../result.js';
import { ApiError } from './errors.js';
import type { CallRecord, FailureRule, FaultSettings } from './types.js';

/**
 * Fault injection (latency, throttling, response loss, failures, wait and timeout scaling) and the call log, for tests
 * and benchmarks. An engine has them only when started with `control: true`.
 */

/** The fault settings and call log of an engine started with `control: true`. */
export interface Control {
  faults: Faults;
  calls: CallLog;
}

const DEFAULTS: FaultSettings = { latencyMs: 0, throttleRate: 0, waitScale: 1 };
const LIST_KEYS = ['throttleOperations', 'responseLossOperations', 'failures'] as const;
const MAX_LATENCY_MS = 60_000;
// Entries beyond this are dropped oldest-first; counts stay exact.
const MAX_ENTRIES = 50_000;

/** Error diffusion: spreads the calls a rate hits evenly, so a rate of 0.5 hits every other call. */
class EvenSpread {
  private debt = 0;

  hit(rate: number): boolean {
    if (rate <= 0) return false;
    this.debt += rate;
    if (this.debt < 1 - 1e-9) return false;
    this.debt -= 1;
    return true;
  }

  reset(): void {
    this.debt = 0;
  }
}

/** Whether a fault limited to `operations` (absent: all) applies to `operation`. */
function appliesTo(operations: string[] | undefined, operation: string): boolean {
  return !operations || operations.includes(operation);
}

export class Faults {
  private settings: FaultSettings = { ...DEFAULTS };
  private readonly throttles = new EvenSpread();
  private readonly losses = new EvenSpread();

  get(): FaultSettings {
    return structuredClone(this.settings);
  }

  set(patch: Partial<FaultSettings>): void {
    const next = { ...this.settings, ...checkFaults(patch) };
    for (const key of LIST_KEYS) {
      if (key in patch && patch[key] === undefined) delete next[key];
    }
    this.settings = next;
    this.throttles.reset();
    this.losses.reset();
  }

  reset(): void {
    this.settings = { ...DEFAULTS };
    this.throttles.reset();
    this.losses.reset();
  }

  /** Decides, per performed call, whether its response is lost (answered with a retryable 500). */
  shouldLoseResponse(operation: string): boolean {
    const { responseLossRate = 0, responseLossOperations } = this.settings;
    return appliesTo(responseLossOperations, operation) && this.losses.hit(responseLossRate);
  }

  /** The configured failure for this operation and resource, if any. */
  failureFor(operation: string, arn: string | undefined): ApiError | undefined {
    const rule = this.settings.failures?.find(
      (f) => f.operation === operation && (f.arn === undefined || f.arn === arn),
    );
    if (!rule) return undefined;
    return new ApiError(
      rule.errorType,
      rule.message ??
        `User: arn:aws:sts::000000000000:assumed-role/local/test is not authorized to perform: ${operation}` +
          (arn ? ` on resource: ${arn}` : '') +
          ' (injected failure)',
      rule.status ?? 400,
    );
  }

  waitScale(): number {
    return this.settings.waitScale ?? 1;
  }

  timeoutScale(): number {
    return this.settings.timeoutScale ?? 1;
  }

  latencyMs(): number {
    return this.settings.latencyMs;
  }

  /** Decides, per call, whether this one is throttled. */
  shouldThrottle(operation: string): boolean {
    const { throttleRate, throttleOperations } = this.settings;
    return appliesTo(throttleOperations, operation) && this.throttles.hit(throttleRate);
  }
}

/** Validates a partial FaultSettings from code or from PUT /_local/faults. */
export function checkFaults(value: unknown): Partial<FaultSettings> {
  if (!isObject(value)) {
    throw new ApiError(
      'ValidationException',
      'Fault settings must be a JSON object with latencyMs, throttleRate, throttleOperations and/or waitScale',
    );
  }
  const input = value;
  const out: Partial<FaultSettings> = {};
  const known = new Set([
    'latencyMs',
    'throttleRate',
    'throttleOperations',
    'waitScale',
    'timeoutScale',
    'responseLossRate',
    'responseLossOperations',
    'failures',
  ]);
  for (const key of Object.keys(input)) {
    if (!known.has(key))
      throw new ApiError(
        'ValidationException',
        `Unknown fault setting '${key}'; allowed: ${[...known].join(', ')}`,
      );
  }
  const num = (key: string, min: number, max: number, minExclusive = false): number | undefined => {
    const v = input[key];
    if (v === undefined) return undefined;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max || (minExclusive && v === min)) {
      throw new ApiError(
        'ValidationException',
        `${key} must be a number ${minExclusive ? 'above' : 'from'} ${min} ${minExclusive ? 'and at most' : 'to'} ${max}, got ${JSON.stringify(v)}`,
      );
    }
    return v;
  };
  const latencyMs = num('latencyMs', 0, MAX_LATENCY_MS);
  if (latencyMs !== undefined) out.latencyMs = latencyMs;
  const throttleRate = num('throttleRate', 0, 1);
  if (throttleRate !== undefined) out.throttleRate = throttleRate;
  const waitScale = num('waitScale', 0, 1000, true);
  if (waitScale !== undefined) out.waitScale = waitScale;
  const timeoutScale = num('timeoutScale', 0, 1000, true);
  if (timeoutScale !== undefined) out.timeoutScale = timeoutScale;
  const responseLossRate = num('responseLossRate', 0, 1);
  if (responseLossRate !== undefined) out.responseLossRate = responseLossRate;
  for (const key of ['throttleOperations', 'responseLossOperations'] as const) {
    const ops = input[key];
    if (ops !== undefined && ops !== null) {
      if (!Array.isArray(ops) || ops.some((o) => typeof o !== 'string')) {
        throw new ApiError(
          'ValidationException',
          `${key} must be a list of operation names such as ["StartExecution", "DescribeSchema"]`,
        );
      }
      out[key] = [...(ops as string[])];
    } else if (ops === null) {
      out[key] = undefined;
    }
  }
  const failures = input.failures;
  if (failures !== undefined && failures !== null) {
    if (!Array.isArray(failures)) throw new ApiError('ValidationException', 'failures must be a list');
    out.failures = failures.map((f: unknown, i) => checkFailure(f, i));
  } else if (failures === null) {
    out.failures = undefined;
  }
  return out;
}

function checkFailure(value: unknown, i: number): FailureRule {
  const bad = (why: string): ApiError =>
    new ApiError(
      'ValidationException',
      `failures[${i}] ${why}; expected { operation, errorType, arn?, status?, message? }`,
    );
  if (!isObject(value)) throw bad('is not an object');
  const f = value;
  for (const key of Object.keys(f)) {
    if (!['operation', 'arn', 'errorType', 'status', 'message'].includes(key)) throw bad(`has '${key}'`);
  }
  if (typeof f.operation !== 'string' || !f.operation) throw bad('needs an operation name');
  if (typeof f.errorType !== 'string' || !f.errorType) throw bad('needs an errorType');
  if (f.arn !== undefined && typeof f.arn !== 'string') throw bad('has an arn that is not a string');
  if (f.message !== undefined && typeof f.message !== 'string')
    throw bad('has a message that is not a string');
  if (
    f.status !== undefined &&
    (typeof f.status !== 'number' || !Number.isInteger(f.status) || f.status < 400 || f.status > 599)
  )
    throw bad('has a status outside 400..599');
  return {
    operation: f.operation,
    errorType: f.errorType,
    ...(f.arn !== undefined ? { arn: f.arn as string } : {}),
    ...(f.status !== undefined ? { status: f.status as number } : {}),
    ...(f.message !== undefined ? { message: f.message as string } : {}),
  };
}

export class CallLog {
  private readonly perOperation = new Map<string, number>();
  private log: CallRecord[] = [];

  record(entry: CallRecord): void {
    this.perOperation.set(entry.operation, (this.perOperation.get(entry.operation) ?? 0) + 1);
    this.log.push(entry);
    if (this.log.length > MAX_ENTRIES) this.log = this.log.slice(-MAX_ENTRIES / 2);
  }

  counts(): Record<string, number> {
    return Object.fromEntries(this.perOperation);
  }

  entries(): CallRecord[] {
    return this.log.map((e) => ({ ...e }));
  }

  reset(): void {
    this.perOperation.clear();
    this.log = [];
  }
}
