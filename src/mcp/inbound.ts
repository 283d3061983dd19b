/**
 * What every server instance checks in each message as it arrives from its transport, before the SDK's
 * schema validation rebuilds the message, on stdio and HTTP alike:
 *
 * - Nesting: a message deeper than MAX_MESSAGE_DEPTH is refused (Invalid Request) before anything
 *   recursive meets it. Over HTTP the raw body was already scanned (src/mcp/http/body.ts); over stdio
 *   this is the first look at the parsed line.
 * - Request ids: a request whose id is still in use by one in progress is refused (two answers could not
 *   be told apart, and it would run twice).
 * - `tools/call` arguments: JSON.parse keeps a top-level `__proto__` key as an own property, but the SDK's
 *   validation copies the arguments into a fresh object, where that key vanishes. The arguments as
 *   received are kept for the handler (argumentsAsReceived), so the input schema judges every key sent
 *   (`additionalProperties: false` refuses it; an open schema passes it on to the execution).
 */
import {
  Server,
  type JSONRPCMessage,
  type RequestId,
  type Transport,
  type TransportSendOptions,
} from '@modelcontextprotocol/server';
import { nestingDepth } from '../json-nesting.js';
import { isObject } from '../result.js';

/**
 * How deeply a JSON-RPC message may nest (objects and arrays, the message itself is level 1). Tool
 * arguments, three levels down, get their own tighter limit (src/execution/validate.ts).
 */
export const MAX_MESSAGE_DEPTH = 100;

export const INVALID_REQUEST = -32600;

/** The refusal of a message nested too deeply, as every transport words it. */
export function tooDeepMessage(): string {
  return (
    `Invalid Request: the JSON-RPC message nests objects and arrays more than ${MAX_MESSAGE_DEPTH} levels deep; ` +
    `at most ${MAX_MESSAGE_DEPTH} levels are accepted`
  );
}

/** The requests an instance is answering, by id, with the raw arguments of the tools/call ones that need them. */
class InFlightRequests {
  private readonly byId = new Map<RequestId, Record<string, unknown> | undefined>();

  has(id: RequestId): boolean {
    return this.byId.has(id);
  }

  begin(id: RequestId, rawArguments: Record<string, unknown> | undefined): void {
    this.byId.set(id, rawArguments);
  }

  end(id: RequestId): void {
    this.byId.delete(id);
  }

  rawArguments(id: RequestId): Record<string, unknown> | undefined {
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
      if (verdict === 'dispatch') dispatch?.(message, extra);
      // Refusals go out unwrapped: their id may be that of a request still in flight.
      else if (verdict !== 'drop') void send(verdict).catch(() => undefined);
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
    return this.inFlight.rawArguments(id);
  }

  /** Whether to dispatch the message, drop it, or answer this error instead. */
  private admit(message: JSONRPCMessage): 'dispatch' | 'drop' | JSONRPCMessage {
    const request = requestOf(message);
    if (nestingDepth(message, MAX_MESSAGE_DEPTH) > MAX_MESSAGE_DEPTH) {
      // A notification or response too deep is dropped: there is no one to answer.
      return request ? errorResponse(request.id, tooDeepMessage()) : 'drop';
    }
    if (!request) {
      // A cancelled request is never answered (the SDK drops its result): its id is free again.
      const cancelled = cancelledId(message);
      if (cancelled !== undefined) this.inFlight.end(cancelled);
      return 'dispatch';
    }
    if (this.inFlight.has(request.id)) {
      return errorResponse(
        null,
        `Invalid Request: id ${shortJson(request.id)} is already in use by a request in progress; ` +
          'give every request its own id. This one was not run.',
      );
    }
    this.inFlight.begin(
      request.id,
      request.method === 'tools/call' ? keptArguments(request.params) : undefined,
    );
    return 'dispatch';
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

/** The raw arguments when the SDK's copy would lose a key: an own `__proto__`. */
function keptArguments(params: unknown): Record<string, unknown> | undefined {
  if (!isObject(params) || !isObject(params.arguments)) return undefined;
  return Object.hasOwn(params.arguments, '__proto__') ? params.arguments : undefined;
}

function errorResponse(id: RequestId | null, message: string): JSONRPCMessage {
  return { jsonrpc: '2.0', id, error: { code: INVALID_REQUEST, message } } as unknown as JSONRPCMessage;
}

/** A client-chosen value in a message: at most 100 characters of its JSON. */
function shortJson(value: unknown): string {
  const text = JSON.stringify(value);
  return text.length > 100 ? `${text.slice(0, 100)}…` : text;
}
