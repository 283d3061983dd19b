/**
 * `stepfunctions-tool-mcp-server graph` end to end: the built CLI draws every example machine and a 60-state
 * machine with `--local`, an execution's run from an engine reached over HTTP, PNG through Chromium, and
 * says what is wrong when something is.
 */
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readdirSync, readFileSync } from 'node:fs';
import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumSkipReason } from '../helpers/chromium.js';
import { useEngine } from '../helpers/engine.js';
import { EXAMPLES, engineEnv, runCli } from '../helpers/server.js';
import { waitFor } from '../helpers/wait-for.js';
import { stateNames, syntheticDefinition, writeSyntheticMachine } from '../view/synthetic.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'graph-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** What a server started with --local needs from the environment: nothing of the machine's AWS set-up. */
const localEnv = (extra: Record<string, string> = {}): Record<string, string> => ({
  PATH: process.env.PATH ?? '',
  HOME: process.env.HOME ?? '/tmp',
  AWS_REGION: 'us-east-1',
  AWS_EC2_METADATA_DISABLED: 'true',
  SFN_MCP_LOG_LEVEL: 'info',
  ...extra,
});

/** The states the SVG draws (a node per state), by name, and each one's run status (`none` when not run). */
function drawnStates(svg: string): Map<string, string> {
  const states = new Map<string, string>();
  for (const m of svg.matchAll(/<g class="((?:container )?node [^"]*)" data-state="([^"]*)"/g)) {
    states.set(m[2]!, /\bs-(\w+)/.exec(m[1]!)?.[1] ?? 'none');
  }
  return states;
}

const examples = readdirSync(EXAMPLES).filter((d) => !d.endsWith('.md'));
const definitionOf = (machine: string) =>
  JSON.parse(readFileSync(join(EXAMPLES, machine, 'definition.asl.json'), 'utf8')) as {
    States: Record<string, Record<string, unknown>>;
  };

describe('graph --local', () => {
  it.each(examples)('%s: an SVG with every state', async (machine) => {
    const out = join(dir, `${machine}.svg`);
    const run = await runCli(['graph', machine, '--local', EXAMPLES, '--out', out], localEnv());
    expect(run.stderr).not.toContain('graph:');
    expect(run.code).toBe(0);
    const names = stateNames(definitionOf(machine).States);
    expect(run.stdout).toBe(`Wrote ${out}: ${machine}, ${names.length} states.\n`);
    const svg = await readFile(out, 'utf8');
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect([...drawnStates(svg).keys()].sort()).toEqual(names.sort());
  });

  it('a 60-state machine, named by its tool', async () => {
    const machines = join(dir, 'machines');
    await writeSyntheticMachine(machines, 'synthetic-60', 60);
    const out = join(dir, 'synthetic.svg');
    const run = await runCli(['graph', 'synthetic_60', '--local', machines, '--out', out], localEnv());
    expect(run.code).toBe(0);
    const drawn = drawnStates(await readFile(out, 'utf8'));
    expect(drawn.size).toBe(60);
    expect([...drawn.keys()].sort()).toEqual(stateNames(syntheticDefinition(60).States).sort());
  });

  it('refuses an unknown machine, naming the selected tools, and writes nothing', async () => {
    const out = join(dir, 'nothing.svg');
    const run = await runCli(
      ['graph', 'demo_nope', '--local', EXAMPLES, '--out', out],
      localEnv({ STATE_MACHINE_PREFIX: 'demo-refund' }),
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      'graph: "demo_nope" is not a selected tool, nor the name or ARN of a selected state machine. ' +
        'The selected tools: _approval, _request. Run list with the same settings',
    );
    await expect(stat(out)).rejects.toThrow(/ENOENT/);
  });

  it('refuses an --out that is neither .svg nor .png, and --execution with --local, before starting', async () => {
    const jpg = await runCli(['graph', 'x', '--local', EXAMPLES, '--out', 'x.jpg'], localEnv());
    expect(jpg.code).toBe(2);
    expect(jpg.stderr).toContain("--out: 'x.jpg' is not allowed; give a file name ending in .svg or .png");
    const arn = 'arn:aws:states:us-east-1:123456789012:execution:demo-refund-approval:run-1';
    const local = await runCli(
      ['graph', 'x', '--local', EXAMPLES, '--execution', arn, '--out', 'x.svg'],
      localEnv(),
    );
    expect(local.code).toBe(2);
    expect(local.stderr).toContain('--execution with --local: the embedded engine starts empty');
    expect(local.stderr).not.toContain('local engine started');
  });
});

describe('graph --execution', () => {
  const engine = useEngine({ dir: EXAMPLES });
  const machineArn = (name: string) =>
    `arn:aws:states:${engine.engine.region}:${engine.engine.accountId}:stateMachine:${name}`;
  const graph = (args: string[]) => runCli(['graph', ...args], engineEnv(engine.engine.endpoint));

  it('draws a run in flight: the states it passed, and the callback step waiting for a person', async () => {
    const { executionArn } = await engine.sfn.send(
      new StartExecutionCommand({
        stateMachineArn: machineArn('demo-refund-approval'),
        name: 'graph-waiting',
        input: JSON.stringify({ orderId: 'ORD-7002', amount: 250, reason: 'NOT_RECEIVED' }),
      }),
    );
    await waitFor(async () => {
      const { events } = await engine.sfn.send(new GetExecutionHistoryCommand({ executionArn }));
      return events?.some((e) => e.type === 'TaskSubmitted') ? true : undefined;
    }, 'the approval request');
    const out = join(dir, 'waiting.svg');
    const run = await graph(['demo_refund_approval', '--execution', executionArn!, '--out', out]);
    expect(run.code).toBe(0);
    const states = stateNames(definitionOf('demo-refund-approval').States).length;
    expect(run.stdout).toBe(
      `Wrote ${out}: demo-refund-approval, ${states} states, execution graph-waiting RUNNING.\n`,
    );
    const svg = await readFile(out, 'utf8');
    const drawn = drawnStates(svg);
    expect(drawn.get('Register')).toBe('succeeded');
    expect(drawn.get('NeedsApproval')).toBe('succeeded');
    expect(drawn.get('AskForApproval')).toBe('waiting');
    expect(drawn.get('IssueRefund')).toBe('none');
    expect(svg).toContain('waiting for a person');
    expect(svg).toContain('<title>demo-refund-approval · graph-waiting · RUNNING</title>');
  });

  it('draws a failed run with its error and cause, named by the machine', async () => {
    const { executionArn } = await engine.sfn.send(
      new StartExecutionCommand({
        stateMachineArn: machineArn('demo-refund-request'),
        name: 'graph-failed',
        input: JSON.stringify({ orderId: 'ORD-5002', amount: 650, reason: 'CHANGED_MIND' }),
      }),
    );
    await waitFor(async () => {
      const d = await engine.sfn.send(new DescribeExecutionCommand({ executionArn }));
      return d.status !== 'RUNNING' ? d.status : undefined;
    }, 'the refund to fail');
    const out = join(dir, 'failed.svg');
    const run = await graph(['demo-refund-request', '--execution', executionArn!, '--out', out]);
    expect(run.code).toBe(0);
    const svg = await readFile(out, 'utf8');
    expect(drawnStates(svg).get('RefundLimitExceeded')).toBe('failed');
    expect(svg).toContain('error: RefundLimitExceeded');
    expect(svg).toMatch(/cause: A refund of 650 USD for order ORD-5002 is over the automatic refund limit/);
  });

  it("refuses another machine's execution, a missing one, and an Express one, in one line each", async () => {
    const other = `arn:aws:states:${engine.engine.region}:${engine.engine.accountId}:execution:demo-data-export:x`;
    const wrong = await graph(['demo_refund_request', '--execution', other, '--out', join(dir, 'w.svg')]);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain(
      'graph: --execution: the execution belongs to state machine "demo-data-export", not to demo-refund-request.',
    );
    const gone = other.replace('demo-data-export', 'demo-refund-request');
    const missing = await graph(['demo_refund_request', '--execution', gone, '--out', join(dir, 'm.svg')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/graph: Could not read arn:aws:states:.*:x: ExecutionDoesNotExist/);
    const express = `${other.replace(':execution:', ':express:')}:id-1`;
    const refused = await graph([
      'demo_customer_lookup',
      '--execution',
      express,
      '--out',
      join(dir, 'e.svg'),
    ]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--execution: this is an Express execution');
  });
});

const pngSkip = chromiumSkipReason('graph --out file.png');

/** The PNG signature, then the IHDR chunk's width and height. */
function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  expect(png.subarray(12, 16).toString('ascii')).toBe('IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

describe.skipIf(pngSkip !== undefined)('graph --out file.png', () => {
  it('draws the picture at twice its size through Chromium', async () => {
    const svgOut = join(dir, 'approval.svg');
    const pngOut = join(dir, 'approval.png');
    const args = ['graph', 'demo_refund_approval', '--local', EXAMPLES, '--out'];
    const [svgRun, pngRun] = [
      await runCli([...args, svgOut], localEnv()),
      await runCli([...args, pngOut], localEnv()),
    ];
    expect([svgRun.code, pngRun.code]).toEqual([0, 0]);
    const svg = await readFile(svgOut, 'utf8');
    const [, width, height] = /viewBox="0 0 (\d+) (\d+)"/.exec(svg)!;
    expect(pngSize(await readFile(pngOut))).toEqual({ width: 2 * Number(width), height: 2 * Number(height) });
  });
});

describe('graph --out file.png without Chromium', () => {
  it('says what is missing and how to install it, and starts nothing', async () => {
    const out = join(dir, 'no.png');
    const run = await runCli(
      ['graph', 'demo_refund_approval', '--local', EXAMPLES, '--out', out],
      localEnv({ CHROMIUM_PATH: join(dir, 'no-chromium') }),
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      `graph: PNG is drawn in a headless Chromium. CHROMIUM_PATH names ${join(dir, 'no-chromium')}, which does not exist.`,
    );
    expect(run.stderr).toContain('apt-get install -y chromium');
    expect(run.stderr).not.toContain('local engine started');
    await expect(stat(out)).rejects.toThrow(/ENOENT/);
  });
});
