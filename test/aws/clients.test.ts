/**
 * Where the server's SDK clients send their requests, built by createAwsClients from the configuration:
 * StartSyncExecution to `syncEndpoint` when set, otherwise to the Step Functions endpoint (host prefix
 * dropped), otherwise to the SDK's own `sync-` host. Real SDK clients against two local engines; the
 * hosts of real AWS are read from the request the SDK builds, stopped before it leaves.
 */
import { ListStateMachinesCommand, StartSyncExecutionCommand, type SFNClient } from '@aws-sdk/client-sfn';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createAwsClients,
  destroyAwsClients,
  syncEndpointOf,
  type AwsClients,
} from '../../src/aws/clients.js';
import type { AwsConfig } from '../../src/config/index.js';
import { callMachineTool } from '../../src/execution/index.js';
import { silentLogger } from '../../src/log.js';
import { toolWith } from '../execution/fixtures.js';
import { PASS_DEFINITION, createMachines, useEngine } from '../helpers/engine.js';
import { TEST_AWS_CREDENTIALS } from '../helpers/secrets.js';

const credentials = { ...TEST_AWS_CREDENTIALS };
const region = 'us-east-1';

/** Two engines: one for the Step Functions endpoint, one for the synchronous one. */
const control = useEngine();
const sync = useEngine();
let machineArn: string;

beforeAll(async () => {
  // The same machine on both engines (same region and account, so the same ARN).
  const machines = { name: 'Echo', type: 'EXPRESS' as const, definition: PASS_DEFINITION };
  [[machineArn]] = (await Promise.all([
    createMachines(control.engine, [machines]),
    createMachines(sync.engine, [machines]),
  ])) as [[string], [string]];
});

beforeEach(() => {
  control.engine.calls.reset();
  sync.engine.calls.reset();
});

/** Runs `fn` with clients built from `aws`, destroyed afterwards. */
async function withClients<T>(aws: AwsConfig, fn: (clients: AwsClients) => Promise<T>): Promise<T> {
  const clients = createAwsClients(aws);
  try {
    return await fn(clients);
  } finally {
    destroyAwsClients(clients);
  }
}

const echo = () =>
  toolWith(
    { type: 'object', additionalProperties: true },
    { machine: { arn: machineArn, name: 'Echo', type: 'EXPRESS', invokeArn: machineArn } },
  );

describe('the StartSyncExecution endpoint, on the local engines', () => {
  it('goes to syncEndpoint when it is set; every other call to the Step Functions endpoint', async () => {
    const aws = {
      region,
      credentials,
      endpoint: control.engine.endpoint,
      syncEndpoint: sync.engine.endpoint,
    };
    const r = await withClients(aws, async (clients) => {
      await clients.sfn.send(new ListStateMachinesCommand({}));
      return callMachineTool(clients, echo(), { id: 'to-sync' }, { log: silentLogger() });
    });
    expect(r.isError, r.content[0]!.text).toBeUndefined();
    expect(r.structuredContent).toEqual({ id: 'to-sync' });
    expect(sync.engine.calls.counts()).toEqual({ StartSyncExecution: 1 });
    expect(control.engine.calls.counts()).toEqual({ ListStateMachines: 1 });
  });

  it('goes to the Step Functions endpoint without syncEndpoint, with no `sync-` host prefix', async () => {
    const r = await withClients({ region, credentials, endpoint: control.engine.endpoint }, (clients) =>
      callMachineTool(clients, echo(), { id: 'to-control' }, { log: silentLogger() }),
    );
    expect(r.isError, r.content[0]!.text).toBeUndefined();
    expect(control.engine.calls.counts()).toEqual({ StartSyncExecution: 1 });
    expect(sync.engine.calls.counts()).toEqual({});
  });

  it('a Step Functions endpoint wins over the general one, for StartSyncExecution too', async () => {
    const aws = { region, credentials, endpoint: 'http://127.0.0.1:1', sfnEndpoint: sync.engine.endpoint };
    const r = await withClients(aws, (clients) =>
      callMachineTool(clients, echo(), { id: 'sfn-endpoint' }, { log: silentLogger() }),
    );
    expect(r.isError, r.content[0]!.text).toBeUndefined();
    expect(sync.engine.calls.counts()).toEqual({ StartSyncExecution: 1 });
  });
});

/** The URL the client would send StartSyncExecution to: the built request, stopped before it leaves. */
async function syncRequestUrl(sfn: SFNClient): Promise<string> {
  let url = '';
  sfn.middlewareStack.add(
    () => async (args) => {
      const req = args.request as { protocol: string; hostname: string; port?: number; path: string };
      url = `${req.protocol}//${req.hostname}${req.port ? `:${req.port}` : ''}${req.path}`;
      throw new Error('stopped before sending');
    },
    { step: 'finalizeRequest', priority: 'low', name: 'captureUrl' },
  );
  await expect(sfn.send(new StartSyncExecutionCommand({ stateMachineArn: machineArn }))).rejects.toThrow(
    'stopped before sending',
  );
  return url;
}

describe('the StartSyncExecution endpoint, as the SDK builds the request', () => {
  it("without any endpoint: the SDK's own sync-states host", async () => {
    const url = await withClients({ region, credentials }, (c) => syncRequestUrl(c.sfnSync));
    expect(url).toBe('https://sync-states.us-east-1.amazonaws.com/');
  });

  it('with syncEndpoint alone (a PrivateLink endpoint): exactly that host, no prefix added', async () => {
    const syncEndpoint = 'https://vpce-0abc-x.sync-states.us-east-1.vpce.amazonaws.com';
    const aws = { region, credentials, syncEndpoint };
    expect(syncEndpointOf(aws)).toBe(syncEndpoint);
    const url = await withClients(aws, (c) => syncRequestUrl(c.sfnSync));
    expect(url).toBe(`${syncEndpoint}/`);
    // The control plane keeps the SDK's own endpoint.
    const controlHost = await withClients(aws, async (c) => {
      let host = '';
      c.sfn.middlewareStack.add(
        () => async (args) => {
          host = (args.request as { hostname: string }).hostname;
          throw new Error('stopped before sending');
        },
        { step: 'finalizeRequest', priority: 'low' },
      );
      await expect(c.sfn.send(new ListStateMachinesCommand({}))).rejects.toThrow('stopped');
      return host;
    });
    expect(controlHost).toBe('states.us-east-1.amazonaws.com');
  });
});
