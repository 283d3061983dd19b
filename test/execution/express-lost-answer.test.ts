/**
 * An Express call whose answer breaks off after AWS said 200: the real SFN client against a local HTTP
 * server that plays Step Functions' part badly (the engine always answers whole). StartSyncExecution ran
 * (it answered 200), so the call must say the workflow may already have run, never "call again", and must
 * not send the request a second time.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAwsClients, destroyAwsClients, type AwsClients } from '../../src/aws/clients.js';
import { callMachineTool } from '../../src/execution/index.js';
import { MACHINE_ARN, toolWith } from './fixtures.js';
import { testLogger } from '../helpers/log-capture.js';
import { TEST_AWS_CREDENTIALS } from '../helpers/secrets.js';

type Answer = 'broken-body' | 'unparseable-body';

let server: Server;
let clients: AwsClients;
let answer: Answer = 'broken-body';
let requests: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push(String(req.headers['x-amz-target']));
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': 'r-1' });
      if (answer === 'unparseable-body') {
        res.end('{"executionArn": "arn:aws:states:us-east-1:123456789012:express:Orders:mcp-1", "stat');
        return;
      }
      // The status line and half the body go out, then the connection breaks.
      res.flushHeaders();
      res.write('{"executionArn": "arn:aws:states:us-east-1:123456789012:express:Or', () =>
        res.socket?.destroy(),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  clients = createAwsClients({
    region: 'us-east-1',
    endpoint: `http://127.0.0.1:${port}`,
    credentials: { ...TEST_AWS_CREDENTIALS },
  });
});

afterAll(async () => {
  if (clients) destroyAwsClients(clients);
  await new Promise((resolve) => server?.close(resolve));
});

beforeEach(() => {
  requests = [];
});

const express = toolWith(
  { type: 'object', additionalProperties: true },
  { machine: { arn: MACHINE_ARN, name: 'Orders', type: 'EXPRESS', invokeArn: MACHINE_ARN } },
);

describe('an Express answer lost after a 200', () => {
  it.each<[Answer, RegExp]>([
    ['broken-body', /^AWS error in StartSyncExecution: ECONNRESET: /],
    ['unparseable-body', /^AWS error in StartSyncExecution: SyntaxError: /],
  ])('%s: the call says the workflow may already have run, and sends nothing again', async (kind, first) => {
    answer = kind;
    const r = await callMachineTool(
      clients,
      express,
      { id: 'x' },
      { log: testLogger('express-lost-answer') },
    );
    expect(requests).toEqual(['AWSStepFunctions.StartSyncExecution']);
    expect(r.isError).toBe(true);
    const text = r.content[0]!.text;
    expect(text).toMatch(first);
    expect(text).toContain('the Express workflow may already have run');
    expect(text).toContain('Do not call the tool again blindly');
    expect(text).not.toContain('then call again');
    expect(r._meta).toMatchObject({ outcome: 'unknown', executionName: expect.stringMatching(/^mcp-/) });
  });
});
