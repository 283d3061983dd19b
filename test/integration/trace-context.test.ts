/**
 * Trace context: a W3C `traceparent` in a tools/call request's `_meta` becomes the X-Ray `traceHeader` of
 * the StartExecution (and StartSyncExecution) the call sends, over stdio and Streamable HTTP, for plain and
 * task-augmented calls; the local engine keeps it (DescribeExecution) and logs it (its call log).
 */
import { DescribeExecutionCommand } from '@aws-sdk/client-sfn';
import type { Client } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { createMachines, useEngine } from '../helpers/engine.js';
import {
  connectStdio,
  engineEnv,
  startHttpServer,
  type Connected,
  type HttpServer,
} from '../helpers/server.js';

const QUICK = { StartAt: 'Done', States: { Done: { Type: 'Pass', End: true } } };
const TRACE_ID = '5759e988bd862e3fe1be46a994272793';
const XRAY_ROOT = 'Root=1-5759e988-bd862e3fe1be46a994272793';

const local = useEngine();
let stdio: Connected;
let http: HttpServer;
const clients: Record<string, Client> = {};

beforeAll(async () => {
  await createMachines(local.engine, [
    { name: 'tc-standard', definition: QUICK },
    { name: 'tc-express', type: 'EXPRESS', definition: QUICK },
  ]);
  const env = engineEnv(local.engine.endpoint, { STATE_MACHINE_PREFIX: 'tc-' });
  [stdio, http] = await Promise.all([connectStdio(env), startHttpServer(env)]);
  clients.stdio = stdio.client;
  clients.http = await http.connect('2026-07-28');
});

afterAll(async () => {
  await Promise.allSettled([stdio?.close(), http?.close()]);
});

/** A traceparent whose parent id says which test sent it. */
const traceparent = (parent: string, flags = '01'): string => `00-${TRACE_ID}-${parent}-${flags}`;

async function traceHeaderOf(executionArn: string): Promise<string | undefined> {
  return (await local.sfn.send(new DescribeExecutionCommand({ executionArn }))).traceHeader;
}

/** The trace headers the engine's call log holds for one start operation, in order. */
const loggedHeaders = (operation: string): Array<string | undefined> =>
  local.engine.calls
    .entries()
    .filter((e) => e.operation === operation)
    .map((e) => e.traceHeader);

describe.each(['stdio', 'http'])('over %s', (transport) => {
  const parent = transport === 'stdio' ? '00000000000000a1' : '00000000000000b1';

  it('a Standard call starts its execution with the X-Ray form of the traceparent', async () => {
    const result = await clients[transport]!.callTool({
      name: 'standard',
      arguments: {},
      _meta: { traceparent: traceparent(parent) },
    });
    expect(result.isError).toBeFalsy();
    const executionArn = String(result._meta?.executionArn);
    expect(await traceHeaderOf(executionArn)).toBe(`${XRAY_ROOT};Parent=${parent};Sampled=1`);
  });

  it('an Express call sends it with StartSyncExecution, unsampled as the flags say', async () => {
    const expressParent = parent.replace(/1$/, '2');
    const result = await clients[transport]!.callTool({
      name: 'express',
      arguments: {},
      _meta: { traceparent: traceparent(expressParent, '00') },
    });
    expect(result.isError).toBeFalsy();
    expect(loggedHeaders('StartSyncExecution')).toContain(`${XRAY_ROOT};Parent=${expressParent};Sampled=0`);
  });

  it('a call without a traceparent, or with an invalid one, starts without a trace header', async () => {
    for (const meta of [undefined, { traceparent: 'not-a-traceparent' }]) {
      const result = await clients[transport]!.callTool({
        name: 'standard',
        arguments: {},
        ...(meta ? { _meta: meta } : {}),
      });
      expect(result.isError).toBeFalsy();
      expect(await traceHeaderOf(String(result._meta?.executionArn))).toBeUndefined();
    }
  });
});

it('a task-augmented call (2025-11-25) starts its execution with the trace header too', async () => {
  const parentId = '00000000000000c1';
  const created = (await stdio.client.request(
    {
      method: 'tools/call',
      params: {
        name: 'standard',
        arguments: {},
        task: { ttl: 60_000 },
        _meta: { traceparent: traceparent(parentId) },
      },
    },
    z.looseObject({ task: z.looseObject({ taskId: z.string() }) }),
  )) as { task: { taskId: string } };
  const executionArn = Buffer.from(created.task.taskId.slice('sfn.v1.'.length), 'base64url').toString();
  expect(await traceHeaderOf(executionArn)).toBe(`${XRAY_ROOT};Parent=${parentId};Sampled=1`);
});
