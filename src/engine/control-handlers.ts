import { checkFaults, type CallLog } from './faults.js';
import type { EngineContext } from './context.js';
import { ApiError } from './errors.js';

/** The /_local control endpoints: health, call log and fault settings for out-of-process users. */

export interface ControlResult {
  status: number;
  body?: unknown;
}

export function controlOperation(
  ctx: EngineContext,
  calls: CallLog,
  method: string,
  path: string,
  body: () => unknown,
): ControlResult {
  const route = `${method} ${path.replace(/\/+$/, '')}`;
  switch (route) {
    case 'GET /_local/health':
      return {
        status: 200,
        body: {
          status: 'ok',
          stateMachines: ctx.store.machines.size,
          runningExecutions: ctx.store.running().length,
        },
      };
    case 'GET /_local/calls':
      return { status: 200, body: { counts: calls.counts(), entries: calls.entries() } };
    case 'DELETE /_local/calls':
      calls.reset();
      return { status: 204 };
    case 'GET /_local/faults':
      return { status: 200, body: ctx.faults.get() };
    case 'PUT /_local/faults':
      ctx.faults.set(checkFaults(body()));
      return { status: 200, body: ctx.faults.get() };
    case 'DELETE /_local/faults':
      ctx.faults.reset();
      return { status: 200, body: ctx.faults.get() };
    default:
      throw new ApiError(
        'NotFound',
        `No control endpoint '${route}'; available: GET /_local/health, GET|DELETE /_local/calls, GET|PUT|DELETE /_local/faults`,
        404,
      );
  }
}
