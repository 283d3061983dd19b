/**
 * What tools/list costs a model: every tool definition is read on every turn. The size of the `tools`
 * array a client receives, in bytes of its JSON and in tokens (o200k_base, the encoding of OpenAI's
 * current models, counted with gpt-tokenizer), for the example machines and for 200 documented synthetic
 * machines (each with an input schema), lean and with the schema written into the description too; and,
 * at 1,000 such machines, one tool per machine against the large-catalogue mode, with one search answer.
 * Each server is the built CLI over stdio, driven by the real MCP client.
 */
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { connectStdio, engineEnv, EXAMPLES } from '../test/helpers/server.js';
import { startEngineProcess, type EngineProcess } from './engine-process.js';
import { createFleet, documentedFleetPlan, FLEET_ENV, FLEET_PREFIX, SCHEMA_TAG_KEY } from './fleet.js';

export interface ListSize {
  tools: number;
  bytes: number;
  tokens: number;
}

/** The size of a list of tool definitions as JSON (or of a text as it is): bytes and o200k_base tokens. */
export function sizeOf(value: unknown, tools = Array.isArray(value) ? value.length : 0): ListSize {
  const json = typeof value === 'string' ? value : JSON.stringify(value);
  return { tools, bytes: Buffer.byteLength(json, 'utf8'), tokens: countTokens(json) };
}

/** tools/list waits for the whole catalogue: a thousand machines with schemas take longer than 60 s here. */
const CATALOGUE_TIMEOUT_MS = 600_000;

/** Lists the tools of one server started with `env` (and `args`); with `search`, one search answer too. */
export async function measureList(
  env: Record<string, string>,
  args: string[] = [],
  search?: Record<string, unknown>,
): Promise<{ list: ListSize; search?: ListSize }> {
  const conn = await connectStdio(env, args);
  try {
    const { tools } = await conn.client.listTools(undefined, { timeout: CATALOGUE_TIMEOUT_MS });
    if (!search) return { list: sizeOf(tools) };
    const answer = await conn.client.callTool({ name: 'search_workflows', arguments: search });
    if (answer.isError) throw new Error(`search failed: ${JSON.stringify(answer.content)}`);
    // What the model reads of the answer: its text (the same JSON as its structuredContent).
    const text = (answer.content as Array<{ text?: string }>).map((c) => c.text ?? '').join('\n');
    return { list: sizeOf(tools), search: sizeOf(text) };
  } finally {
    await conn.close();
  }
}

const LEAN = { SFN_MCP_SCHEMA_IN_DESCRIPTION: 'false' };
const FULL = { SFN_MCP_SCHEMA_IN_DESCRIPTION: 'true' };

/** The examples on the embedded engine (the AWS endpoint is never reached: --local replaces it). */
async function examples(): Promise<Record<string, ListSize>> {
  const env = (extra: Record<string, string>) => engineEnv('http://127.0.0.1:9', extra);
  const lean = await measureList(env(LEAN), ['--local', EXAMPLES]);
  const full = await measureList(env(FULL), ['--local', EXAMPLES]);
  return { lean: lean.list, full: full.list };
}

/** 200 of 1,000 documented machines through the tag filter, then all 1,000 without it. */
async function fleet(engine: EngineProcess): Promise<Record<string, ListSize>> {
  const env = (extra: Record<string, string>) => engineEnv(engine.endpoint, { ...FLEET_ENV, ...extra });
  const lean = await measureList(env(LEAN));
  const full = await measureList(env(FULL));
  const all = (extra: Record<string, string>) =>
    engineEnv(engine.endpoint, {
      STATE_MACHINE_PREFIX: FLEET_PREFIX,
      STATE_MACHINE_INPUT_SCHEMA_ARN_TAG_KEY: SCHEMA_TAG_KEY,
      ...extra,
    });
  const perMachine = await measureList(all({ ...LEAN, SFN_MCP_TOOL_BUDGET: '0' }));
  const large = await measureList(all(LEAN), [], { query: 'enriches order records' });
  return {
    lean200: lean.list,
    full200: full.list,
    perMachine1000: perMachine.list,
    large1000: large.list,
    search1000: large.search!,
  };
}

const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;
const row = (label: string, s: ListSize): string =>
  `  ${label.padEnd(52)} ${(s.tools > 0 ? `${s.tools} tools` : '').padStart(11)} ${kb(s.bytes).padStart(10)} ${String(s.tokens).padStart(7)} tokens`;
const less = (lean: ListSize, full: ListSize): string =>
  `  lean is ${(100 * (1 - lean.bytes / full.bytes)).toFixed(0)}% fewer bytes, ${(100 * (1 - lean.tokens / full.tokens)).toFixed(0)}% fewer tokens`;

export async function benchToolsList(): Promise<Record<string, number>> {
  const ex = await examples();
  const engine = await startEngineProcess();
  let fl: Record<string, ListSize>;
  try {
    await createFleet(engine, documentedFleetPlan(1_000, 200));
    fl = await fleet(engine);
  } finally {
    await engine.close();
  }
  console.log(
    '\ntools/list as a client receives it (JSON of the tools array; tokens: o200k_base, gpt-tokenizer)',
  );
  console.log(row('examples, lean (default)', ex.lean!));
  console.log(row('examples, schema in the description', ex.full!));
  console.log(less(ex.lean!, ex.full!));
  console.log(row('200 documented machines, lean (default)', fl.lean200!));
  console.log(row('200 documented machines, schema in the description', fl.full200!));
  console.log(less(fl.lean200!, fl.full200!));
  console.log(row('1,000 machines, one tool per machine (budget 0)', fl.perMachine1000!));
  console.log(row('1,000 machines, large catalogue (budget 40)', fl.large1000!));
  console.log(row('  one search_workflows answer (10 results)', fl.search1000!));
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries({ examples: ex, fleet: fl }))
    for (const [name, s] of Object.entries(v)) {
      out[`${k}.${name}.bytes`] = s.bytes;
      out[`${k}.${name}.tokens`] = s.tokens;
    }
  return out;
}
