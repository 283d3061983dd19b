import { ApiError } from './errors.js';
import type { CallRecord, FaultSettings } from './types.js';

/** Fault injection (latency, throttling, wait scaling) and the call log, for tests and benchmarks. */

const DEFAULTS: FaultSettings = { latencyMs: 0, throttleRate: 0, waitScale: 1 };
const MAX_LATENCY_MS = 60_000;
// Entries beyond this are dropped oldest-first; counts stay exact.
const MAX_ENTRIES = 50_000;

export class Faults {
  private settings: FaultSettings = { ...DEFAULTS };
  /** Error diffusion: spreads throttles evenly, so a rate of 0.5 throttles every other call. */
  private debt = 0;

  get(): FaultSettings {
    const { throttleOperations, ...rest } = this.settings;
    return { ...rest, ...(throttleOperations ? { throttleOperations: [...throttleOperations] } : {}) };
  }

  set(patch: Partial<FaultSettings>): void {
    const next = { ...this.settings, ...checkFaults(patch) };
    if (patch.throttleOperations === undefined && 'throttleOperations' in patch)
      delete next.throttleOperations;
    this.settings = next;
    this.debt = 0;
  }

  reset(): void {
    this.settings = { ...DEFAULTS };
    this.debt = 0;
  }

  waitScale(): number {
    return this.settings.waitScale ?? 1;
  }

  latencyMs(): number {
    return this.settings.latencyMs;
  }

  /** Decides, per call, whether this one is throttled. */
  shouldThrottle(operation: string): boolean {
    const { throttleRate, throttleOperations } = this.settings;
    if (throttleRate <= 0) return false;
    if (throttleOperations && !throttleOperations.includes(operation)) return false;
    this.debt += throttleRate;
    if (this.debt >= 1 - 1e-9) {
      this.debt -= 1;
      return true;
    }
    return false;
  }
}

/** Validates a partial FaultSettings from code or from PUT /_local/faults. */
export function checkFaults(value: unknown): Partial<FaultSettings> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ApiError(
      'ValidationException',
      'Fault settings must be a JSON object with latencyMs, throttleRate, throttleOperations and/or waitScale',
    );
  }
  const input = value as Record<string, unknown>;
  const out: Partial<FaultSettings> = {};
  const known = new Set(['latencyMs', 'throttleRate', 'throttleOperations', 'waitScale']);
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
  const ops = input.throttleOperations;
  if (ops !== undefined && ops !== null) {
    if (!Array.isArray(ops) || ops.some((o) => typeof o !== 'string')) {
      throw new ApiError(
        'ValidationException',
        'throttleOperations must be a list of operation names such as ["StartExecution", "DescribeSchema"]',
      );
    }
    out.throttleOperations = [...(ops as string[])];
  } else if (ops === null) {
    out.throttleOperations = undefined;
  }
  return out;
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
