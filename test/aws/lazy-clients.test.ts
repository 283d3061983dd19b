/**
 * The clients only some runs need are made on their first request (createAwsClients): the Schemas and Tagging
 * API clients, and a named profile's credentials, which are read from the shared files when the SDK
 * first asks. Real SDK clients; the local engine answers their requests.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListStateMachinesCommand } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createAwsClients,
  destroyAwsClients,
  loadSchemasSdk,
  lazyClient,
  loadTaggingSdk,
} from '../../src/aws/clients.js';
import { engineClients, startTestEngine, type Engine } from '../helpers/engine.js';

let engine: Engine;
let folder: string;
const saved = { ...process.env };

beforeAll(async () => {
  engine = await startTestEngine();
  folder = await mkdtemp(join(tmpdir(), 'lazy-clients-'));
});

afterAll(async () => {
  process.env = saved;
  await engine?.close();
  if (folder) await rm(folder, { recursive: true, force: true });
});

describe('clients made on first read', () => {
  it('makes the Schemas and Tagging clients once, on their first request, with the configured endpoint', async () => {
    const clients = engineClients(engine);
    try {
      expect(clients.schemas).toBe(clients.schemas);
      expect(clients.tagging).toBe(clients.tagging);
      const { GetResourcesCommand } = await loadTaggingSdk();
      const page = await clients.tagging.send(new GetResourcesCommand({ ResourcesPerPage: 10 }));
      expect(page.ResourceTagMappingList).toEqual([]);
      const { DescribeSchemaCommand } = await loadSchemasSdk();
      const missing = await clients.schemas
        .send(new DescribeSchemaCommand({ RegistryName: 'none', SchemaName: 'none' }))
        .catch((err: unknown) => err);
      expect((missing as Error).name).toBe('NotFoundException');
    } finally {
      destroyAwsClients(clients);
    }
  });

  it('makes the StartSyncExecution client once, on first read, paced like the others', async () => {
    const clients = engineClients(engine);
    try {
      expect(clients.sfnSync).toBe(clients.sfnSync);
      expect(clients.sfnSync).not.toBe(clients.sfn);
      // The pacing middleware is on it (src/aws/pacing.ts), as on the control-plane client.
      const names = (c: { middlewareStack: { identify(): string[] } }) => c.middlewareStack.identify();
      expect(names(clients.sfnSync).filter((n) => !names(clients.sfn).includes(n))).toEqual([]);
      expect(names(clients.sfnSync).some((n) => /pacing/i.test(n))).toBe(true);
    } finally {
      destroyAwsClients(clients);
    }
  });

  it('reads a named profile from the shared credentials file when the SDK first needs it', async () => {
    const file = join(folder, 'credentials');
    await writeFile(file, '[bench]\naws_access_key_id = AKIDPROFILE\naws_secret_access_key = secret\n');
    process.env.AWS_SHARED_CREDENTIALS_FILE = file;
    process.env.AWS_CONFIG_FILE = join(folder, 'no-config');
    const clients = createAwsClients({ region: 'us-east-1', endpoint: engine.endpoint, profile: 'bench' });
    try {
      await clients.sfn.send(new ListStateMachinesCommand({}));
      const credentials = await clients.sfn.config.credentials();
      expect(credentials.accessKeyId).toBe('AKIDPROFILE');
    } finally {
      destroyAwsClients(clients);
    }
  });
});

describe('lazyClient', () => {
  /** A stand-in with an SDK client's two methods, counting what it was asked. */
  function counting() {
    const seen = { made: 0, sent: 0, destroyed: 0 };
    const make = async () => {
      seen.made++;
      return {
        send: async () => ++seen.sent,
        destroy: () => void seen.destroyed++,
      };
    };
    return { seen, make };
  }

  it('makes the client once, on the first request, and destroys it with the rest', async () => {
    const { seen, make } = counting();
    const client = lazyClient(make);
    expect(seen.made).toBe(0);
    client.destroy();
    expect(seen.destroyed).toBe(0);
    const fresh = lazyClient(make);
    await Promise.all([fresh.send(), fresh.send()]);
    expect(seen).toEqual({ made: 1, sent: 2, destroyed: 0 });
    fresh.destroy();
    expect(seen.destroyed).toBe(1);
  });

  it('destroys a client made after destroy: its first request was loading the package at shutdown', async () => {
    const { seen, make } = counting();
    const client = lazyClient(make);
    const sent = client.send();
    client.destroy();
    await sent;
    expect(seen).toEqual({ made: 1, sent: 1, destroyed: 1 });
  });
});
