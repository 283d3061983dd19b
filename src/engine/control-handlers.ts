import { checkFaults } from './faults.js';
import { setQuotas } from './quotas.js';
import type { EngineQuotaOptions } from './types.js';
import { isObject, errorMessage } from '../result.js';
import type { EngineContext } from './context.js';
import { ApiError } from './errors.js';
import type { Answer } from './http.js';

/**
 * The /_local endpoints: health always; the call log and the fault settings only on an engine started with
 * `control: true` (the engine subcommand's --control).
 */

const CONTROL_ROUTES =
  'GET|DELETE /_local/calls, GET|PUT|DELETE /_local/faults, GET|PUT|DELETE /_local/quotas';

export function controlOperation(
  ctx: EngineContext,
  method: string,
  path: string,
  body: () => unknown,
): Answer {
  const route = `${method} ${path.replace(/\/+$/, '')}`;
  if (route === 'GET /_local/health') {
    const { store } = ctx;
    const health = {
      status: 'ok',
      stateMachines: store.machines.size,
      runningExecutions: store.running().length,
    };
    return { status: 200, body: health };
  }
  const { control } = ctx;
  if (!control) {
    throw new ApiError(
      'NotFound',
      `No control endpoint '${route}': this engine serves GET /_local/health only; ${CONTROL_ROUTES} ` +
        'are served when it is started with control on (startEngine({ control: true }), engine --control)',
      404,
    );
  }
  switch (route) {
    case 'GET /_local/calls':
      return { status: 200, body: { counts: control.calls.counts(), entries: control.calls.entries() } };
    case 'DELETE /_local/calls':
      control.calls.reset();
      return { status: 204 };
    case 'GET /_local/faults':
      return { status: 200, body: control.faults.get() };
    case 'PUT /_local/faults':
      control.faults.set(checkFaults(body()));
      return { status: 200, body: control.faults.get() };
    case 'DELETE /_local/faults':
      control.faults.reset();
      return { status: 200, body: control.faults.get() };
    case 'GET /_local/quotas':
      return { status: 200, body: quotasBody(ctx) };
    case 'PUT /_local/quotas':
      putQuotas(ctx, body());
      return { status: 200, body: quotasBody(ctx) };
    case 'DELETE /_local/quotas':
      ctx.quotas?.reset();
      return { status: 200, body: quotasBody(ctx) };
    default:
      throw new ApiError(
        'NotFound',
        `No control endpoint '${route}'; available: GET /_local/health, ${CONTROL_ROUTES}`,
        404,
      );
  }
}

/** The emulated quotas (table, scale, buckets) and the requests they throttled. */
function quotasBody(ctx: EngineContext): unknown {
  const { quotas } = ctx;
  if (!quotas) return { enabled: false, throttled: { total: 0, byOperation: {} } };
  const { table, scale } = quotas;
  return { enabled: true, table, scale, quotas: quotas.quotas, throttled: quotas.throttled() };
}

/** PUT /_local/quotas: `{ table?, scale? }` emulates those quotas from now on; `null` none. */
function putQuotas(ctx: EngineContext, body: unknown): void {
  if (body !== null && !isObject(body))
    throw new ApiError(
      'ValidationException',
      'Quota settings must be { "table": "auto|large|other", "scale": <n> } or null',
    );
  const unknown = body ? Object.keys(body).filter((k) => k !== 'table' && k !== 'scale') : [];
  if (unknown.length > 0)
    throw new ApiError('ValidationException', `Unknown quota setting '${unknown[0]}'; allowed: table, scale`);
  try {
    setQuotas(ctx, body === null ? undefined : (body as EngineQuotaOptions));
  } catch (err) {
    throw new ApiError('ValidationException', errorMessage(err));
  }
}
