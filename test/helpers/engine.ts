/**
 * The local engine for tests and benchmarks: starting it (with fault injection and the call log on), the
 * `useEngine` fixture that test files share, real SDK clients pointed at it, and machines made through them.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import {
  CreateStateMachineCommand,
  SFNClient,
  TagResourceCommand,
  type SFNClientConfig,
  type StateMachineType,
} from '@aws-sdk/client-sfn';
import { CreateSchemaCommand, SchemasClient, type SchemasClientConfig } from '@aws-sdk/client-schemas';
import { startEngine, type Engine, type EngineOptions } from '../../src/engine/index.js';
import { createAwsClients, destroyAwsClients, type AwsClients } from '../../src/aws/clients.js';
import type { PacingOptions } from '../../src/aws/pacing.js';
import { testLogger } from './log-capture.js';
import { TEST_AWS_CREDENTIALS } from './secrets.js';

export { type Engine };

/** Any credentials do: the engine does not check them. Marked for the log scan (test/helpers/secrets.ts). */
const credentials = { ...TEST_AWS_CREDENTIALS };

/**
 * An engine on an ephemeral loopback port with its controls on (`engine.faults`, `engine.calls`), logging
 * at debug level into the run's log folder (test/helpers/log-capture.ts).
 */
export async function startTestEngine(dir?: string, options: EngineOptions = {}): Promise<Engine> {
  return startEngine({
    port: 0,
    control: true,
    log: testLogger('engine'),
    ...(dir ? { dir } : {}),
    ...options,
  });
}

export function sfnClient(engine: Engine, extra: Partial<SFNClientConfig> = {}): SFNClient {
  // disableHostPrefix: StartSyncExecution would otherwise go to sync-127.0.0.1.
  return new SFNClient({
    region: engine.region,
    endpoint: engine.endpoint,
    credentials,
    disableHostPrefix: true,
    ...extra,
  });
}

export function schemasClient(engine: Engine, extra: Partial<SchemasClientConfig> = {}): SchemasClient {
  return new SchemasClient({ region: engine.region, endpoint: engine.endpoint, credentials, ...extra });
}

/** Plain SDK clients pointed at the engine; the caller destroys them. */
export function sdkClients(engine: Engine): { sfn: SFNClient; schemas: SchemasClient } {
  return { sfn: sfnClient(engine), schemas: schemasClient(engine) };
}

/**
 * The server's own AWS clients (as `serve` builds them), pointed at the engine; paced only when `pacing`
 * says how (the engine emulates AWS's quotas only when started with them).
 */
export function engineClients(engine: Engine, pacing?: PacingOptions): AwsClients {
  return createAwsClients({ region: engine.region, endpoint: engine.endpoint, credentials }, pacing);
}

/** What {@link useEngine} hands a test file. Every member is ready inside tests and hooks only. */
export interface EngineFixture {
  readonly engine: Engine;
  /** An SDK client, made on first use and destroyed after the file's tests. */
  readonly sfn: SFNClient;
  readonly schemas: SchemasClient;
  /** The server's own AWS clients ({@link engineClients}), made on first use and destroyed after. */
  readonly clients: AwsClients;
}

/** Settings for the SDK clients a fixture makes, e.g. `{ sfn: { maxAttempts: 1 } }`. */
export interface FixtureClientConfig {
  sfn?: Partial<SFNClientConfig>;
  schemas?: Partial<SchemasClientConfig>;
}

/**
 * Starts an engine before the tests of the surrounding file (or `describe`) and closes it, and the clients
 * made from it, after them. `options` go to startEngine over the test defaults (ephemeral port, controls on);
 * a function gives them when the engine starts, e.g. a folder an earlier `beforeAll` wrote.
 *
 * ```ts
 * const local = useEngine();
 * it('lists', async () => { await local.sfn.send(new ListStateMachinesCommand({})); });
 * ```
 */
export function useEngine(
  options: EngineOptions | (() => EngineOptions | Promise<EngineOptions>) = {},
  config: FixtureClientConfig = {},
): EngineFixture {
  let engine: Engine | undefined;
  let made: { sfn?: SFNClient; schemas?: SchemasClient; clients?: AwsClients } = {};
  beforeAll(async () => {
    engine = await startTestEngine(undefined, typeof options === 'function' ? await options() : options);
  });
  afterAll(async () => {
    made.sfn?.destroy();
    made.schemas?.destroy();
    if (made.clients) destroyAwsClients(made.clients);
    made = {};
    await engine?.close();
    engine = undefined;
  });
  const running = (): Engine => {
    if (!engine)
      throw new Error('useEngine(): the engine runs from beforeAll to afterAll; use it in a test or hook');
    return engine;
  };
  return {
    get engine() {
      return running();
    },
    get sfn() {
      return (made.sfn ??= sfnClient(running(), config.sfn));
    },
    get schemas() {
      return (made.schemas ??= schemasClient(running(), config.schemas));
    },
    get clients() {
      return (made.clients ??= engineClients(running()));
    },
  };
}

export const ROLE_ARN = 'arn:aws:iam::123456789012:role/test';

export const PASS_DEFINITION = { StartAt: 'Done', States: { Done: { Type: 'Pass', End: true } } };

/** A one-state definition (as CreateStateMachine takes it) that answers `result`. */
export function passMachine(result: unknown = { ok: true }): string {
  return JSON.stringify({ StartAt: 'Done', States: { Done: { Type: 'Pass', Result: result, End: true } } });
}

export interface MachineSpec {
  name: string;
  type?: StateMachineType;
  definition?: Record<string, unknown>;
  description?: string;
  tags?: Record<string, string>;
}

/** Creates machines through the real SDK, as an operator's account would hold them. Returns their ARNs. */
export async function createMachines(engine: Engine, specs: MachineSpec[]): Promise<string[]> {
  const sfn = sfnClient(engine);
  try {
    const arns: string[] = [];
    for (const spec of specs) {
      const out = await sfn.send(
        new CreateStateMachineCommand({
          name: spec.name,
          type: spec.type ?? 'STANDARD',
          roleArn: `arn:aws:iam::${engine.accountId}:role/test`,
          definition: JSON.stringify(spec.definition ?? PASS_DEFINITION),
          // CreateStateMachine has no description field; the engine keeps the version description as it.
          ...(spec.description !== undefined ? { versionDescription: spec.description } : {}),
          ...(spec.tags ? { tags: Object.entries(spec.tags).map(([key, value]) => ({ key, value })) } : {}),
        }),
      );
      arns.push(out.stateMachineArn!);
    }
    return arns;
  } finally {
    sfn.destroy();
  }
}

/** Registers a schema and tags the machine with its ARN under `tagKey`. */
export async function attachSchema(
  engine: Engine,
  machineArn: string,
  tagKey: string,
  schema: { registry: string; name: string; type: 'OpenApi3' | 'JSONSchemaDraft4'; content: string },
): Promise<string> {
  const { sfn, schemas } = sdkClients(engine);
  try {
    const out = await schemas.send(
      new CreateSchemaCommand({
        RegistryName: schema.registry,
        SchemaName: schema.name,
        Type: schema.type,
        Content: schema.content,
      }),
    );
    await sfn.send(
      new TagResourceCommand({ resourceArn: machineArn, tags: [{ key: tagKey, value: out.SchemaArn! }] }),
    );
    return out.SchemaArn!;
  } finally {
    sfn.destroy();
    schemas.destroy();
  }
}

export type FolderSpec = Record<string, Record<string, string | object>>;

/**
 * Writes a machine folder: { MachineName: { 'definition.asl.json': {...}, 'handlers.mjs': 'export default ...',
 * 's3/bucket/items.json': [...] } }.
 */
export async function machineFolder(
  spec: FolderSpec,
): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'sfn-engine-'));
  for (const [machine, files] of Object.entries(spec)) {
    await mkdir(join(dir, machine), { recursive: true });
    for (const [file, content] of Object.entries(files)) {
      // A file may sit in a sub-folder, e.g. the S3 stand-in's 's3/<bucket>/<key>'.
      await mkdir(dirname(join(dir, machine, file)), { recursive: true });
      await writeFile(
        join(dir, machine, file),
        typeof content === 'string' ? content : JSON.stringify(content, null, 2),
      );
    }
  }
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}
