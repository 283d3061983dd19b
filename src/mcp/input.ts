/**
 * Asking the person at the client, on every revision, for the provider's Question/Answer/InputNeeded
 * (src/mcp/provider.ts):
 *
 * - tools/call, written once with the SDK's `inputRequired`: on 2026-07-28 it goes to the client as an
 *   `input_required` result and the client calls again with `inputResponses` and `requestState`; on 2025
 *   revisions the SDK's legacy shim sends `elicitation/create` on the same connection and re-enters the
 *   handler with the answers. `resume` travels as `requestState`, signed (HMAC) and bound to the caller.
 * - 2025-11-25 `tasks/result`: pushed `elicitation/create` requests tied to the task (`ask`).
 *
 * Whether a request can carry a form: its client declared elicitation (form mode), in the 2026-07-28
 * per-request capabilities or in the 2025 `initialize`. Stateless Streamable HTTP on 2025 revisions never
 * can: each request gets a fresh server instance that saw no `initialize`, and the client's answer to a
 * server-to-client request would come as another POST to another instance.
 */
import { createHash, randomBytes } from 'node:crypto';
import {
  CLIENT_CAPABILITIES_META_KEY,
  RELATED_TASK_META_KEY,
  createRequestStateCodec,
  inputRequired,
  inputResponse,
  type ClientCapabilities,
  type ElicitRequestFormParams,
  type ElicitResult,
  type InputRequiredResult,
  type RequestStateCodec,
  type Server,
  type ServerContext,
} from '@modelcontextprotocol/server';
import { isObject } from '../result.js';
import type { Answer, InputNeeded, PersonContext, Question } from './provider.js';

/** How long the person has to answer one form before the request gives up (the client may allow less). */
export const ASK_TIMEOUT_MS = 10 * 60_000;
/** How long a signed `requestState` stays valid: a 2026-07-28 client may come back this late. */
export const REQUEST_STATE_TTL_SECONDS = 24 * 3600;

export type ResumeCodec = RequestStateCodec<Record<string, unknown>>;

const codecs = new Map<string, ResumeCodec>();
const RANDOM = '\0random';

/**
 * The codec that signs `resume`: from the operator's secret (SFN_MCP_REQUEST_STATE_KEY), the same on
 * every instance, or else a random key for this process. One per secret, made once.
 */
export function resumeCodec(secret: string | undefined): ResumeCodec {
  const id = secret ?? RANDOM;
  let codec = codecs.get(id);
  if (!codec) {
    const key =
      secret === undefined
        ? randomBytes(32)
        : createHash('sha256').update(`stepfunctions-tool-mcp-server requestState\0${secret}`).digest();
    codec = createRequestStateCodec({ key, ttlSeconds: REQUEST_STATE_TTL_SECONDS, bind: caller });
    codecs.set(id, codec);
  }
  return codec;
}

/** Who is calling over HTTP (client and subject of the token), so a state minted for one caller fails for another. */
function caller(ctx: ServerContext): string {
  const auth = ctx.http?.authInfo;
  if (!auth) return '';
  const subject = (auth.extra as { subject?: unknown } | undefined)?.subject;
  return `${auth.clientId}\0${typeof subject === 'string' ? subject : ''}`;
}

type Elicitation = ClientCapabilities['elicitation'];

/** Whether the client of this request declared form elicitation (bare `elicitation: {}` means form). */
export function canElicitForm(server: Server, ctx: ServerContext): boolean {
  const envelope = (ctx.mcpReq.envelope as Record<string, unknown> | undefined)?.[
    CLIENT_CAPABILITIES_META_KEY
  ] as ClientCapabilities | undefined;
  // getClientCapabilities: the 2025 initialize of this connection (none on stateless HTTP).
  const elicitation: Elicitation = (envelope ?? server.getClientCapabilities())?.elicitation;
  if (!isObject(elicitation)) return false;
  return elicitation.form !== undefined || Object.keys(elicitation).length === 0;
}

/** What the request knows of the person: whether it can ask, the answers it carries, the verified resume. */
export function personContext(server: Server, ctx: ServerContext): PersonContext {
  const answers = answersOf(ctx.mcpReq.inputResponses);
  const resume = ctx.mcpReq.requestState<unknown>();
  return {
    canAsk: canElicitForm(server, ctx),
    ...(answers ? { answers } : {}),
    ...(isObject(resume) ? { resume } : {}),
  };
}

/** The elicitation answers among `inputResponses`, by key; anything else is left out. */
export function answersOf(
  responses: Record<string, unknown> | undefined,
): Record<string, Answer> | undefined {
  if (!responses) return undefined;
  const answers: Record<string, Answer> = {};
  for (const key of Object.keys(responses)) {
    const view = inputResponse(responses, key);
    if (view.kind === 'elicit') answers[key] = toAnswer(view.action, view.content);
  }
  return Object.keys(answers).length ? answers : undefined;
}

function toAnswer(action: ElicitResult['action'], content: unknown): Answer {
  if (action !== 'accept') return { action };
  return { action: 'accept', content: isObject(content) ? content : {} };
}

function elicitParams(question: Question): ElicitRequestFormParams {
  return {
    mode: 'form',
    message: question.message,
    // Built by the provider to the elicitation schema's rules (flat primitives).
    requestedSchema: question.form as ElicitRequestFormParams['requestedSchema'],
  };
}

/** The input-required result that asks the questions; `resume` rides along signed as `requestState`. */
export async function inputRequiredResult(
  needed: InputNeeded,
  codec: ResumeCodec,
  ctx: ServerContext,
): Promise<InputRequiredResult> {
  const { questions, resume } = needed.inputNeeded;
  const inputRequests = Object.fromEntries(
    questions.map((q) => [q.key, inputRequired.elicit(elicitParams(q))]),
  );
  const requestState = resume ? await codec.mint(resume, ctx) : undefined;
  return inputRequired({ inputRequests, ...(requestState !== undefined ? { requestState } : {}) });
}

/** 2026-07-28 `inputRequests` for a task in `input_required`. */
export function taskInputRequests(questions: readonly Question[]): Record<string, unknown> {
  return Object.fromEntries(questions.map((q) => [q.key, inputRequired.elicit(elicitParams(q))]));
}

/** 2025-11-25 tasks/result: asks on the request's own stream, tied to the task. */
export function pushAsk(ctx: ServerContext, taskId: string): (question: Question) => Promise<Answer> {
  return async (question) => {
    const result = await ctx.mcpReq.elicitInput(
      { ...elicitParams(question), _meta: { [RELATED_TASK_META_KEY]: { taskId } } },
      { timeout: ASK_TIMEOUT_MS, signal: ctx.mcpReq.signal },
    );
    return toAnswer(result.action, result.content);
  };
}
