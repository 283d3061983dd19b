/**
 * JSON-RPC batches (a body that is an array of messages) per protocol revision. Revision 2025-06-18
 * removed them ("The body of the POST request MUST be a single JSON-RPC request, notification, or
 * response"), so under it and later revisions a batch is refused. Under the older revisions the SDK
 * still negotiates (2025-03-26, which a request without an MCP-Protocol-Version header is taken to
 * speak), a batch is served, but not when two of its requests share an id: both would run and only one
 * answer could come back. Either refusal comes before anything in the batch runs.
 */
import { SUPPORTED_PROTOCOL_VERSIONS } from '@modelcontextprotocol/server';
import { INVALID_REQUEST } from '../inbound.js';
import { jsonRpcError } from './responses.js';

/** The revision that removed batches; revisions are dates, so they compare as strings. */
const BATCHES_REMOVED_IN = '2025-06-18';
/** What a request without an MCP-Protocol-Version header speaks (the 2025-06-18 transport rules). */
const ASSUMED_REVISION = '2025-03-26';

const BATCHING_REVISIONS = SUPPORTED_PROTOCOL_VERSIONS.filter((v) => v < BATCHES_REMOVED_IN);

/** A 400 refusing the body when it is a batch the revision does not allow, else undefined. */
export function batchRefusal(body: unknown, protocolVersion: string | undefined): Response | undefined {
  if (!Array.isArray(body)) return undefined;
  const revision = protocolVersion?.trim() || ASSUMED_REVISION;
  if (!BATCHING_REVISIONS.includes(revision)) {
    return jsonRpcError(400, INVALID_REQUEST, batchesRemoved(revision, 'in its own POST'));
  }
  const repeated = repeatedId(body);
  if (repeated !== undefined) {
    return jsonRpcError(
      400,
      INVALID_REQUEST,
      `Invalid Request: more than one request in the batch has the id ${short(JSON.stringify(repeated))}; ` +
        'each request needs its own id. Nothing in the batch was run.',
    );
  }
  return undefined;
}

function batchesRemoved(revision: string, sendEach: string): string {
  return (
    `Invalid Request: JSON-RPC batches are not accepted under protocol revision ${short(revision)} ` +
    `(revision ${BATCHES_REMOVED_IN} removed them); send each message ${sendEach}. Nothing in the batch was run.`
  );
}

/**
 * The refusal of a batch on stdio, where the SDK reads one message per line under every revision: worded
 * like HTTP's under the revisions that removed batches, and as a limit of this transport under the older
 * ones (or before the handshake has negotiated one).
 */
export function stdioBatchRefusal(revision: string | undefined): string {
  if (revision && !BATCHING_REVISIONS.includes(revision)) return batchesRemoved(revision, 'on its own line');
  return (
    'Invalid Request: JSON-RPC batches are not accepted over stdio, under any protocol revision (this server ' +
    'reads one message per line); send each message on its own line. Nothing in the batch was run.'
  );
}

/** The first id that two requests of the batch share, if any (1 and "1" are different ids). */
function repeatedId(batch: unknown[]): string | number | undefined {
  const seen = new Set<string>();
  for (const message of batch) {
    if (typeof message !== 'object' || message === null || !('method' in message) || !('id' in message))
      continue;
    const id = message.id;
    if (typeof id !== 'string' && typeof id !== 'number') continue;
    const key = `${typeof id}:${id}`;
    if (seen.has(key)) return id;
    seen.add(key);
  }
  return undefined;
}

/** A client-chosen value in a message: at most 100 characters. */
function short(text: string): string {
  return text.length > 100 ? `${text.slice(0, 100)}…` : text;
}
