/**
 * Property test of the call path (callMachineTool, src/execution/call.ts) against the local engine: no
 * input starts an execution unless the tool's inputSchema accepts it and it fits Step Functions' 256 KiB;
 * and an input that is accepted starts exactly one execution, with exactly that input. The schemas are
 * generated draft-04 documents served as the catalogue serves them; the arguments are shaped after them
 * or arbitrary (objects, arrays, scalars, null, 300 KB strings). What started is read from the engine's
 * call log and DescribeExecution; the oracle is a separate Ajv 2020-12 instance, checking the generators'
 * formats when the run's tool was compiled to check them (SFN_MCP_CHECK_FORMATS) and none otherwise. fast-check prints the
 * seed and the shrunk counterexample of a failure.
 */
import { DescribeExecutionCommand, type StateMachineType } from '@aws-sdk/client-sfn';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { schemaCheck } from '../../src/catalog/json-schema.js';
import { openInputSchema, registrySchemaToInputSchema } from '../../src/catalog/schema.js';
import type { MachineTool } from '../../src/catalog/types.js';
import { callMachineTool, type ToolCallResult } from '../../src/execution/index.js';
import { executionInputOf, MAX_INPUT_BYTES } from '../../src/execution/input.js';
import { createMachines, useEngine } from '../helpers/engine.js';
import { testLogger } from '../helpers/log-capture.js';
import { INPUT_MARKER } from '../helpers/secrets.js';
import { anyJson, draft4Document, valuesFor } from '../catalog/schema-arbitraries.js';

const RUNS = 120;
const addFormats = addFormatsModule.default;
/** The formats the generators use (test/catalog/schema-arbitraries.ts). */
const CHECKED = ['date-time', 'email', 'uuid'];
const checking = new Ajv2020({ strict: false, allErrors: true, addUsedSchema: false, logger: false });
addFormats(checking);
const annotating = new Ajv2020({
  strict: false,
  allErrors: true,
  addUsedSchema: false,
  logger: false,
  validateFormats: false,
});

const local = useEngine();
const machines: Record<StateMachineType, string> = { STANDARD: '', EXPRESS: '' };
const log = testLogger('call.property');

beforeAll(async () => {
  const [standard, express] = await createMachines(local.engine, [
    { name: 'prop-standard' },
    { name: 'prop-express', type: 'EXPRESS' },
  ]);
  Object.assign(machines, { STANDARD: standard, EXPRESS: express });
});

/**
 * A tool as discovery builds one: the document's converted schema, or the open schema, checking the
 * generators' formats or none.
 */
function toolFor(
  document: Record<string, unknown> | undefined,
  type: StateMachineType,
  formats: boolean,
): MachineTool | undefined {
  let converted = { inputSchema: openInputSchema(), wrapsInput: false };
  if (document) {
    try {
      const { inputSchema, wrapsInput } = registrySchemaToInputSchema({
        type: 'JSONSchemaDraft4',
        content: JSON.stringify(document),
      });
      // Discovery serves a schema Ajv cannot compile (a repeated `id` anchor) without it: not this tool.
      if (!schemaCheck()(inputSchema).ok) return undefined;
      converted = { inputSchema, wrapsInput };
    } catch {
      return undefined;
    }
  }
  const arn = machines[type];
  const name = type === 'EXPRESS' ? 'prop-express' : 'prop-standard';
  return {
    name: name.replace('-', '_'),
    description: name,
    ...converted,
    hasSchema: document !== undefined,
    ...(formats ? { checkedFormats: CHECKED } : {}),
    annotations: { title: name },
    machine: { arn, name, type, invokeArn: arn },
  };
}

/** Whether the call may start anything: the schema accepts the arguments and the input fits. */
function mayStart(tool: MachineTool, args: unknown, formats: boolean): boolean {
  const oracle = formats ? checking : annotating;
  const validate = oracle.compile(tool.inputSchema);
  oracle.removeSchema(tool.inputSchema);
  const value = args ?? {};
  if (!validate(value)) return false;
  const input = executionInputOf(tool, value);
  return input === undefined || Buffer.byteLength(JSON.stringify(input), 'utf8') <= MAX_INPUT_BYTES;
}

const startsOf = (arn: string): number =>
  local.engine.calls
    .entries()
    .filter(
      (e) => (e.operation === 'StartExecution' || e.operation === 'StartSyncExecution') && e.arn === arn,
    ).length;

/** The input the run received: DescribeExecution for Standard, the Pass state's output for Express. */
async function receivedInput(tool: MachineTool, result: ToolCallResult): Promise<unknown> {
  if (tool.machine.type === 'EXPRESS') return JSON.parse(result.content[0]!.text);
  const out = await local.sfn.send(
    new DescribeExecutionCommand({ executionArn: String(result._meta?.executionArn) }),
  );
  return JSON.parse(out.input ?? '{}');
}

// Marked (test/helpers/secrets.ts): an input that reached a log line would fail the run's log scan.
const big = fc.constantFrom(1_000, 300_000).map((n) => ({ id: INPUT_MARKER.padEnd(n, 'x') }));
const cases = fc
  .tuple(
    fc.option(draft4Document, { nil: undefined, freq: 4 }),
    fc.constantFrom<StateMachineType>('STANDARD', 'EXPRESS'),
    fc.boolean(),
  )
  .chain(([document, type, formats]) =>
    fc.tuple(
      fc.constant({ document, type, formats }),
      fc.oneof(
        document ? valuesFor(document, document).map((v) => ({ input: v })) : big,
        document ? valuesFor(document, document) : big,
        fc.oneof(anyJson, fc.constant(undefined), fc.constant(null)),
      ),
    ),
  );

describe('callMachineTool', () => {
  it('starts one execution, with the input the schema accepted, or none', async () => {
    await fc.assert(
      fc.asyncProperty(cases, async ([{ document, type, formats }, args]) => {
        const tool = toolFor(document, type, formats);
        fc.pre(tool !== undefined);
        const before = startsOf(tool.machine.arn);
        const result = await callMachineTool(local.clients, tool, args, { log, waitBudgetMs: 0 });
        const started = startsOf(tool.machine.arn) - before;
        if (!mayStart(tool, args, formats)) {
          expect({ started, isError: result.isError }).toEqual({ started: 0, isError: true });
          return;
        }
        expect({ started, text: result.content[0]!.text.slice(0, 200) }).toMatchObject({ started: 1 });
        const input = executionInputOf(tool, args ?? {});
        // The execution's input is JSON: what arrives is the arguments as JSON writes them (-0 as 0).
        const sent: unknown = input === undefined ? {} : JSON.parse(JSON.stringify(input));
        expect(await receivedInput(tool, result)).toEqual(sent);
      }),
      { numRuns: RUNS },
    );
  });
});
