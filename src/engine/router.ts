import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { EngineContext } from './context.js';
import { controlOperation } from './control-handlers.js';
import { ApiError, schemasError, sfnError } from './errors.js';
import type { Control } from './faults.js';
import {
  discardBody,
  parseJsonBody,
  readBody,
  sendError,
  sendJson,
  type Answer,
  type Protocol,
} from './http.js';
import { schemaArn } from '../aws/arn.js';
import { schemasOperation } from './schemas-handlers.js';
import { taggingOperations } from './tagging-handlers.js';
import { sfnOperations } from './sfn-handlers.js';
import { asBody } from './validate.js';

/**
 * Dispatches a request to its service: Step Functions by X-Amz-Target on any
 * host (StartSyncExecution's `sync-` host prefix included), Schemas by REST
 * path, and /_local control endpoints, which faults and the call log skip.
 */

export interface RouterDeps {
  ctx: EngineContext;
  /** Aborted when the engine closes, to cut injected latency short. */
  closing: AbortSignal;
}

const SFN_TARGET_PREFIX = 'AWSStepFunctions.';
const TAGGING_TARGET_PREFIX = 'ResourceGroupsTaggingAPI_20170126.';
const SCHEMA_PATH = /^\/v1\/registries\/name\/([^/]+)\/schemas\/name\/([^/]+)\/?$/;

export async function route(req: IncomingMessage, res: ServerResponse, deps: RouterDeps): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://engine.local');
  const method = req.method ?? 'GET';
  let protocol: Protocol = 'plain';
  try {
    if (url.pathname.startsWith('/_local/') || url.pathname === '/_local') {
      const text = await readBody(req);
      const result = controlOperation(deps.ctx, method, url.pathname, () =>
        parseJsonBody(text, badControlJson),
      );
      sendJson(res, 'plain', result.status, result.body);
      return;
    }
    const target = req.headers['x-amz-target'];
    if (typeof target === 'string' && target.startsWith(TAGGING_TARGET_PREFIX)) {
      protocol = 'json1.1';
      await tagging(req, res, deps, target);
      return;
    }
    if (typeof target === 'string' || (method === 'POST' && url.pathname === '/')) {
      protocol = 'json1.0';
      await stepFunctions(req, res, deps, typeof target === 'string' ? target : undefined);
      return;
    }
    const schemaPath = SCHEMA_PATH.exec(url.pathname);
    if (schemaPath) {
      protocol = 'rest-json';
      await schemas(req, res, deps, url, schemaPath[1]!, schemaPath[2]!);
      return;
    }
    throw new ApiError(
      'UnknownOperationException',
      `Nothing is served at ${method} ${url.pathname}: Step Functions is POST / with X-Amz-Target: AWSStepFunctions.<Operation>; ` +
        'Schemas is /v1/registries/name/{registry}/schemas/name/{schema}; controls are under /_local/',
      404,
    );
  } catch (err) {
    respondError(res, protocol, err, deps);
  }
}

function badControlJson(message: string): ApiError {
  return new ApiError('SerializationException', message);
}

function respondError(res: ServerResponse, protocol: Protocol, err: unknown, deps: RouterDeps): void {
  if (err instanceof ApiError) {
    sendError(res, protocol, err);
    return;
  }
  deps.ctx.log.error({ err }, 'unexpected error while handling a request');
  const internal =
    protocol === 'rest-json'
      ? new ApiError('InternalServerErrorException', 'The local engine failed to handle the request', 500)
      : new ApiError('InternalFailure', 'The local engine failed to handle the request', 500);
  sendError(res, protocol, internal);
}

/**
 * Called by a handler once it knows which resource the request names (or that it names none), with the
 * X-Ray trace header a start request carries, for the call log.
 */
type Seen = (arn: string | undefined, traceHeader?: string) => void;

/** How a service words the errors the fault injection makes up. */
interface FaultErrors {
  throttle: () => ApiError;
  lost: () => ApiError;
}

/**
 * Runs one AWS API operation and sends its answer or its error: throttled as AWS would when its quota is
 * spent (with `quotas`); with the controls on, through the injected faults, and logged in the call log
 * once the answer is known.
 */
async function answer(
  res: ServerResponse,
  protocol: Protocol,
  deps: RouterDeps,
  operation: string,
  errors: FaultErrors,
  handle: (seen: Seen) => Promise<Answer>,
): Promise<void> {
  const { control } = deps.ctx;
  const at = Date.now();
  let status = 500;
  let errorType: string | undefined;
  let arn: string | undefined;
  let traceHeader: string | undefined;
  try {
    if (deps.ctx.quotas && !deps.ctx.quotas.admit(operation)) throw errors.throttle();
    const result = control
      ? await withFaults(control, deps.closing, operation, errors, (seen) =>
          handle((named, trace) => {
            arn = named;
            traceHeader = trace;
            seen(named);
          }),
        )
      : await handle(() => undefined);
    status = result.status;
    sendJson(res, protocol, result.status, result.body);
  } catch (err) {
    if (err instanceof ApiError) {
      status = err.status;
      errorType = err.type;
    } else {
      errorType = protocol === 'rest-json' ? 'InternalServerErrorException' : 'InternalFailure';
    }
    respondError(res, protocol, err, deps);
  } finally {
    control?.calls.record({
      operation,
      at,
      status,
      ...(arn !== undefined ? { arn } : {}),
      ...(traceHeader !== undefined ? { traceHeader } : {}),
      ...(errorType ? { errorType } : {}),
    });
  }
}

/** Injected latency, throttling and per-resource failures, the operation itself, then an injected response loss. */
async function withFaults(
  { faults }: Control,
  closing: AbortSignal,
  operation: string,
  errors: FaultErrors,
  handle: (seen: Seen) => Promise<Answer>,
): Promise<Answer> {
  const latency = faults.latencyMs();
  if (latency > 0) await sleep(latency, undefined, { signal: closing });
  if (faults.shouldThrottle(operation)) throw errors.throttle();
  const result = await handle((named) => {
    const failure = faults.failureFor(operation, named);
    if (failure) throw failure;
  });
  // The operation took effect; only its answer goes missing.
  if (faults.shouldLoseResponse(operation)) throw errors.lost();
  return result;
}

async function stepFunctions(
  req: IncomingMessage,
  res: ServerResponse,
  deps: RouterDeps,
  target: string | undefined,
): Promise<void> {
  const operationName = target?.startsWith(SFN_TARGET_PREFIX)
    ? target.slice(SFN_TARGET_PREFIX.length)
    : undefined;
  const operation =
    operationName !== undefined && Object.hasOwn(sfnOperations, operationName)
      ? sfnOperations[operationName]
      : undefined;
  if (!operation) {
    await discardBody(req, deps.ctx.log);
    const shown = target === undefined ? 'no X-Amz-Target header' : `X-Amz-Target '${target.slice(0, 100)}'`;
    throw new ApiError(
      'UnknownOperationException',
      `Unknown operation: ${shown}; expected AWSStepFunctions.<Operation> with one of ${Object.keys(sfnOperations).join(', ')}`,
    );
  }
  const requestClosed = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) requestClosed.abort();
  });
  await answer(
    res,
    'json1.0',
    deps,
    operationName!,
    {
      throttle: () => new ApiError('ThrottlingException', 'Rate exceeded'),
      lost: () => new ApiError('InternalFailure', 'The response was lost (injected fault)', 500),
    },
    async (seen) => {
      const text = await readBody(req);
      const body = asBody(parseJsonBody(text, sfnError.serialization));
      seen(namedResource(body), typeof body.traceHeader === 'string' ? body.traceHeader : undefined);
      return { status: 200, body: await operation(body, deps.ctx, requestClosed.signal) };
    },
  );
}

function namedResource(body: Record<string, unknown>): string | undefined {
  for (const key of [
    'stateMachineArn',
    'resourceArn',
    'executionArn',
    'stateMachineVersionArn',
    'stateMachineAliasArn',
  ]) {
    const value = body[key];
    if (typeof value === 'string') return value;
  }
  return undefined;
}

/** The Resource Groups Tagging API (JSON 1.1): GetResources over the engine's state machines. */
async function tagging(
  req: IncomingMessage,
  res: ServerResponse,
  deps: RouterDeps,
  target: string,
): Promise<void> {
  const name = target.slice(TAGGING_TARGET_PREFIX.length);
  const operation = Object.hasOwn(taggingOperations, name) ? taggingOperations[name] : undefined;
  if (!operation) {
    await discardBody(req, deps.ctx.log);
    throw new ApiError(
      'UnknownOperationException',
      `Unknown operation: X-Amz-Target '${target.slice(0, 100)}'; the local engine serves ${Object.keys(
        taggingOperations,
      )
        .map((o) => TAGGING_TARGET_PREFIX + o)
        .join(', ')}`,
    );
  }
  await answer(
    res,
    'json1.1',
    deps,
    name,
    {
      // The Tagging API's throttling error.
      throttle: () => new ApiError('ThrottledException', 'Rate exceeded'),
      lost: () => new ApiError('InternalServiceException', 'The response was lost (injected fault)', 500),
    },
    async (seen) => {
      const text = await readBody(req);
      const body = asBody(parseJsonBody(text, (m) => new ApiError('InvalidParameterException', m)));
      seen(undefined);
      return { status: 200, body: operation(body, deps.ctx) };
    },
  );
}

async function schemas(
  req: IncomingMessage,
  res: ServerResponse,
  deps: RouterDeps,
  url: URL,
  rawRegistry: string,
  rawSchema: string,
): Promise<void> {
  let registry: string;
  let schema: string;
  try {
    registry = decodeURIComponent(rawRegistry);
    schema = decodeURIComponent(rawSchema);
  } catch {
    await discardBody(req, deps.ctx.log);
    throw schemasError.badRequest(`The path ${url.pathname} has a malformed percent-encoding`);
  }
  const text = await readBody(req);
  const op = schemasOperation(deps.ctx, {
    method: req.method ?? 'GET',
    registry,
    schema,
    query: url.searchParams,
  });
  await answer(
    res,
    'rest-json',
    deps,
    op.operation,
    {
      // The Schemas service signals throttling with HTTP 429 TooManyRequestsException.
      throttle: () => new ApiError('TooManyRequestsException', 'Rate exceeded', 429),
      lost: () => new ApiError('InternalServerErrorException', 'The response was lost (injected fault)', 500),
    },
    async (seen) => {
      seen(schemaArn(deps.ctx.scope, registry, schema));
      const body = parseJsonBody(text, (m) => schemasError.badRequest(m));
      return { status: op.status, body: op.run(body) };
    },
  );
}
