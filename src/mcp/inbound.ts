/**
 * What every server instance checks in each message as it arrives from its transport, before the SDK's
 * schema validation rebuilds the message, on stdio and HTTP alike:
 *
 * - Nesting: a message deeper than MAX_MESSAGE_DEPTH is refused (Invalid Request) before anything
 *   recursive meets it (over HTTP the body was already measured, src/mcp/http/body.ts, with the same
 *   rule). A tools/call's arguments count as one level of the message and are judged by the arguments'
 *   own limit (src/json-nesting.ts): arguments deeper than it never reach the SDK's request handling or a
 *   tool (the request goes on with empty arguments, marked), and the call is answered with a tool error
 *   naming the limit. Over HTTP they are replaced before the SDK sees the body (markTooDeepArguments).
 * - Request ids: a request whose id is still in use by one in progress is refused (two answers could not
 *   be told apart, and it would run twice).
 * - `tools/call` arguments: JSON.parse keeps a top-level `__proto__` key as an own property, but the SDK's
 *   validation copies the arguments into a fresh object, where that key vanishes. The arguments as
 *   received are kept for the handler (argumentsAsReceived), so the input schema judges every key sent
 *   (`additionalProperties: false` refuses it; an open schema passes it on to the execution).
 */
import { randomUUID } from 'node:crypto';
import {
  Server,
  type JSONRPCMessage,
  type RequestId,
  type Transport,
  type TransportSendOptions,
} from '@modelcontextprotocol/server';
import { MAX_ARGUMENT_DEPTH, nestingDepth } from '../json-nesting.js';
import { isObject } from '../result.js';

/**
 * How deeply a JSON-RPC message may nest (objects and arrays, the message itself is level 1). A tools/call's
 * arguments, three levels down, count as one level here: they have their own limit (src/json-nesting.ts).
 */
export const MAX_MESSAGE_DEPTH = 100;

/** A tools/call's arguments object, which the message limit counts as one level; undefined for anything else. */
function toolCallArguments(message: unknown): Record<string, unknown> | undefined {
  if (!isObject(message) || message.method !== 'tools/call' || !isObject(message.params)) return undefined;
  return isObject(message.params.arguments) ? message.params.arguments : undefined;
}

/** The message with a tools/call's arguments replaced (other keys copied as they are, `__proto__` included). */
function withArguments<T>(message: T, args: Record<string, unknown>): T {
  const m = message as Record<string, unknown>;
  return { ...m, params: { ...(m.params as Record<string, unknown>), arguments: args } } as T;
}

/** A key no client can know: arguments that are `{ [key]: true }` stand for arguments that were too deep. */
const TOO_DEEP_MARK = `too-deep-arguments-${randomUUID()}`;

function argumentsTooDeep(args: Record<string, unknown>): boolean {
  if (Object.hasOwn(args, TOO_DEEP_MARK)) return true;
  return nestingDepth(args, MAX_ARGUMENT_DEPTH) > MAX_ARGUMENT_DEPTH;
}

/**
 * The message, a tools/call's arguments deeper than MAX_ARGUMENT_DEPTH replaced by a mark that the server
 * instance recognises as such. For a transport that carries messages through code that recurses before the
 * instance sees them: the SDK's HTTP adapter serializes the parsed body again (src/mcp/http/body.ts).
 */
export function markTooDeepArguments(message: unknown): unknown {
  const args = toolCallArguments(message);
  return args && argumentsTooDeep(args) ? withArguments(message, { [TOO_DEEP_MARK]: true }) : message;
}

/** Whether a JSON-RPC message (not a batch) nests deeper than MAX_MESSAGE_DEPTH, a tools/call's arguments aside. */
export function messageTooDeep(message: unknown): boolean {
  const envelope = toolCallArguments(message) ? withArguments(message, {}) : message;
  return nestingDepth(envelope, MAX_MESSAGE_DEPTH) > MAX_MESSAGE_DEPTH;
}

export const INVALID_REQUEST = -32600;

/** The refusal of a message nested too deeply, as every transport words it. */
export function tooDeepMessage(): string {
  return (
    `Invalid Request: the JSON-RPC message nests objects and arrays more than ${MAX_MESSAGE_DEPTH} levels deep; ` +
    `at most ${MAX_MESSAGE_DEPTH} levels are accepted`
  );
}

/** What a tools/call's handler must know of its arguments as received: a kept copy, or that they were too deep. */
type ReceivedArguments = Record<string, unknown> | typeof TOO_DEEP | undefined;
const TOO_DEEP = Symbol('arguments nested too deeply');

/** The requests an instance is answering, by id, with what the tools/call ones need of their arguments. */
class InFlightRequests {
  private readonly byId = new Map<RequestId, ReceivedArguments>();

  has(id: RequestId): boolean {
    return this.byId.has(id);
  }

  begin(id: RequestId, received: ReceivedArguments): void {
    this.byId.set(id, received);
  }

  end(id: RequestId): void {
    this.byId.delete(id);
  }

  received(id: RequestId): ReceivedArguments {
    return this.byId.get(id);
  }

  clear(): void {
    this.byId.clear();
  }
}

/** A Server whose transport's messages pass the checks above before the SDK dispatches them. */
export class GuardedServer extends Server {
  private readonly inFlight = new InFlightRequests();

  override async connect(transport: Transport): Promise<void> {
    await super.connect(transport);
    const dispatch = transport.onmessage;
    const send = transport.send.bind(transport);
    transport.onmessage = (message, extra) => {
      const verdict = this.admit(message);
      if ('dispatch' in verdict) dispatch?.(verdict.dispatch, extra);
      // Refusals go out unwrapped: their id may be that of a request still in flight.
      else if ('refuse' in verdict) void send(verdict.refuse).catch(() => undefined);
    };
    transport.send = (message: JSONRPCMessage, options?: TransportSendOptions) => {
      if (isResponse(message) && message.id !== null) this.inFlight.end(message.id);
      return send(message, options);
    };
    const closed = transport.onclose;
    transport.onclose = () => {
      this.inFlight.clear();
      closed?.();
    };
  }

  /** The arguments of the tools/call with this id exactly as they arrived, when they differ from the SDK's copy. */
  argumentsAsReceived(id: RequestId): Record<string, unknown> | undefined {
    const received = this.inFlight.received(id);
    return received === TOO_DEEP ? undefined : received;
  }

  /** Whether the tools/call with this id came with arguments nested deeper than MAX_ARGUMENT_DEPTH (it got `{}`). */
  argumentsTooDeep(id: RequestId): boolean {
    return this.inFlight.received(id) === TOO_DEEP;
  }

  /** The message to dispatch, nothing (drop it), or the error to answer instead. */
  private admit(
    message: JSONRPCMessage,
  ): { dispatch: JSONRPCMessage } | { refuse: JSONRPCMessage } | { drop: true } {
    const request = requestOf(message);
    if (messageTooDeep(message)) {
      // A notification or response too deep is dropped: there is no one to answer.
      return request ? { refuse: errorResponse(request.id, tooDeepMessage()) } : { drop: true };
    }
    if (!request) {
      // A cancelled request is never answered (the SDK drops its result): its id is free again.
      const cancelled = cancelledId(message);
      if (cancelled !== undefined) this.inFlight.end(cancelled);
      return { dispatch: message };
    }
    if (this.inFlight.has(request.id)) {
      const inUse =
        `Invalid Request: id ${shortJson(request.id)} is already in use by a request in progress; ` +
        'give every request its own id. This one was not run.';
      return { refuse: errorResponse(null, inUse) };
    }
    const args = toolCallArguments(message);
    if (args && argumentsTooDeep(args)) {
      // Neither the SDK nor any tool meets them: the handler answers with the limit (argumentsTooDeep).
      this.inFlight.begin(request.id, TOO_DEEP);
      return { dispatch: withArguments(message, {}) };
    }
    this.inFlight.begin(request.id, args && Object.hasOwn(args, '__proto__') ? args : undefined);
    return { dispatch: message };
  }
}

interface InboundRequest {
  id: RequestId;
  method: string;
  params: unknown;
}

function requestOf(message: JSONRPCMessage): InboundRequest | undefined {
  const m = message as Record<string, unknown>;
  const id = m.id;
  if (typeof m.method !== 'string' || (typeof id !== 'string' && typeof id !== 'number')) return undefined;
  return { id, method: m.method, params: m.params };
}

function cancelledId(message: JSONRPCMessage): RequestId | undefined {
  const m = message as Record<string, unknown>;
  if (m.method !== 'notifications/cancelled' || !isObject(m.params)) return undefined;
  const id = m.params.requestId;
  return typeof id === 'string' || typeof id === 'number' ? id : undefined;
}

function isResponse(message: JSONRPCMessage): message is JSONRPCMessage & { id: RequestId | null } {
  return 'id' in message && ('result' in message || 'error' in message);
}

function errorResponse(id: RequestId | null, message: string): JSONRPCMessage {
  return { jsonrpc: '2.0', id, error: { code: INVALID_REQUEST, message } } as unknown as JSONRPCMessage;
}

/** A client-chosen value in a message: at most 100 characters of its JSON. */
function shortJson(value: unknown): string {
  const text = JSON.stringify(value);
  return text.length > 100 ? `${text.slice(0, 100)}…` : text;
}
