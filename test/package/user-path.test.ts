/**
 * The path a user takes: the package packed from a clean checkout (`prepack` builds it), installed with
 * production dependencies only into an empty folder, and run through the INSTALLED bin, as
 * `npx -y stepfunctions-tool-mcp-server` does for a desktop client. One pack and one install, shared by
 * every case below.
 */
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  REPO_ROOT,
  installTarball,
  packCleanCheckout,
  packReport,
  pathWithThisNode,
  runProcess,
  type Packed,
} from './pack.js';
import { underCi } from '../helpers/chromium.js';
import { stdioTransport } from '../helpers/server.js';

const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  bin: Record<string, string>;
  engines: { node: string };
};

const EXAMPLE_TOOLS = [
  'demo_customer_lookup',
  'demo_data_export',
  'demo_invoice_summary',
  'demo_order_fulfillment',
  'demo_refund_approval',
  'demo_refund_request',
  'demo_shipping_quotes',
  'demo_stock_level',
];

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The sample input and output examples/state-machines/README.md gives for `machine`: the JSON in
 * backticks after "Input" and after "Output:" in that machine's section.
 */
function documentedRun(readme: string, machine: string): { input: Record<string, unknown>; output: unknown } {
  const section = readme.split(/^### /m).find((s) => s.startsWith(`${machine} `)) ?? '';
  const input = /Input\s*`(\{.*?\})`/s.exec(section)?.[1];
  const output = /Output:\s*`(\{.*?\})`/s.exec(section)?.[1];
  if (!input || !output)
    throw new Error(`examples/state-machines/README.md gives no sample run of ${machine}`);
  return { input: JSON.parse(input) as Record<string, unknown>, output: JSON.parse(output) };
}

/** The first `node` on PATH, outside node_modules, older than 22; undefined when there is none. */
async function findOldNode(): Promise<{ path: string; version: string } | undefined> {
  const seen = new Set<string>();
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir || dir.includes('node_modules')) continue;
    const path = await realpath(join(dir, 'node')).catch(() => undefined);
    if (!path || seen.has(path)) continue;
    seen.add(path);
    const outcome = await runProcess(path, ['-p', 'process.versions.node'], { env: {}, timeoutMs: 10_000 });
    const version = outcome.stdout.trim();
    if (outcome.code === 0 && Number.parseInt(version, 10) < 22) return { path, version };
  }
  return undefined;
}

describe('the package a user installs', () => {
  let root: string | undefined;
  let packed: Packed;
  let installed: string; // <user project>/node_modules/stepfunctions-tool-mcp-server
  let bin: string; // <user project>/node_modules/.bin/stepfunctions-tool-mcp-server
  let examples: string;
  let home: string;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'sfn-mcp-package-'));
    const started = performance.now();
    packed = await packCleanCheckout(root);
    const packedAt = performance.now();
    const project = join(root, 'user');
    await installTarball(packed.tarball, project);
    const done = performance.now();
    installed = join(project, 'node_modules', pkg.name);
    bin = join(project, 'node_modules', '.bin', Object.keys(pkg.bin)[0]!);
    examples = join(installed, 'examples', 'state-machines');
    home = join(root, 'home'); // no AWS configuration in it
    await mkdir(home);
    console.log(
      `${packReport(packed)}\n` +
        `pack (with the prepack build) ${((packedAt - started) / 1000).toFixed(1)} s, ` +
        `install ${((done - packedAt) / 1000).toFixed(1)} s`,
    );
  }, 600_000);

  afterAll(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });

  /** The environment a desktop client gives the bin: PATH (this Node first), HOME, and nothing from AWS. */
  function userEnv(extra: Record<string, string> = {}): Record<string, string> {
    return {
      PATH: pathWithThisNode(),
      HOME: home,
      AWS_EC2_METADATA_DISABLED: 'true',
      SFN_MCP_LOG_LEVEL: 'warn',
      ...extra,
    };
  }

  it('holds the bin, package.json with engines, the examples and the docs, and nothing else', () => {
    const paths = packed.files.map((f) => f.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'package.json',
        'README.md',
        'LICENSE',
        'CHANGELOG.md',
        pkg.bin[pkg.name],
        // The licenses of the packages the bundle holds code of.
        'dist/THIRD-PARTY-NOTICES.txt',
        'examples/state-machines/demo-customer-lookup/definition.asl.json',
        'examples/state-machines/demo-customer-lookup/handlers.mjs',
        // The workflow view's page, which the server serves as an MCP Apps resource.
        'dist/view/workflow-view.html',
      ]),
    );
    const unexpected = paths.filter(
      (p) =>
        !/^(package\.json|README\.md|LICENSE|CHANGELOG\.md)$/.test(p) &&
        !/^dist\/.+\.js$/.test(p) &&
        p !== 'dist/view/workflow-view.html' &&
        p !== 'dist/THIRD-PARTY-NOTICES.txt' &&
        !/^examples\/.+\.(json|mjs|md)$/.test(p),
    );
    expect(unexpected).toEqual([]);
    expect(paths.filter((p) => /^(src|test|bench|docs|node_modules|\.ci)\//.test(p))).toEqual([]);
    expect(paths.filter((p) => p.endsWith('.ts') || p.endsWith('.map'))).toEqual([]);
  });

  it('installs a package.json that keeps engines.node, which the bin reads before anything else', async () => {
    const installedPkg = JSON.parse(await readFile(join(installed, 'package.json'), 'utf8')) as typeof pkg;
    expect(installedPkg.engines).toEqual(pkg.engines);
    expect(installedPkg.bin).toEqual(pkg.bin);
    // Built for the package: no source map comments pointing at files the package does not hold.
    expect(await readFile(join(installed, 'dist', 'cli.js'), 'utf8')).not.toContain('sourceMappingURL');
  });

  it('needs no other package: the bin holds its dependencies, so installing it installs nothing else', async () => {
    const installedPkg = JSON.parse(await readFile(join(installed, 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
    };
    expect(installedPkg.dependencies ?? {}).toEqual({});
    // The user's node_modules: npm's own files (.bin, .package-lock.json) and this package alone.
    const packages = (await readdir(dirname(installed))).filter((name) => !name.startsWith('.'));
    expect(packages).toEqual([pkg.name]);
  });

  it('answers --help and --version through the installed bin', async () => {
    const [help, version] = await Promise.all([
      runProcess(bin, ['--help'], { env: userEnv() }),
      runProcess(bin, ['--version'], { env: userEnv() }),
    ]);
    expect(help).toMatchObject({ code: 0, stderr: '' });
    expect(help.stdout).toMatch(/^Usage: stepfunctions-tool-mcp-server \[options\] \[command\]/);
    expect(help.stdout).toMatch(/^ {2}serve \[options\] /m);
    expect(help.stdout).toMatch(/^ {2}list \[options\] /m);
    expect(version).toMatchObject({ code: 0, stdout: `${pkg.version}\n`, stderr: '' });
  });

  it('is what npx runs: the bin is named after the package', async () => {
    // --no-install: npx must find the installed bin by the package's name, never fetch anything.
    const outcome = await runProcess('npx', ['--no-install', pkg.name, '--version'], {
      cwd: dirname(dirname(installed)),
      env: { ...userEnv(), HOME: process.env.HOME ?? home },
    });
    expect(outcome.code, outcome.stderr).toBe(0);
    expect(outcome.stdout).toBe(`${pkg.version}\n`);
  });

  it("lists the installed package's example machines, as a table and as JSON", async () => {
    const [table, json] = await Promise.all([
      runProcess(bin, ['list', '--local', examples], { env: userEnv() }),
      runProcess(bin, ['list', '--local', examples, '--json'], { env: userEnv() }),
    ]);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/^demo_customer_lookup +demo-customer-lookup +EXPRESS +- +yes$/m);
    expect(table.stdout).toMatch(/^demo_stock_level +demo-stock-level +EXPRESS +- +no$/m);
    expect(table.stdout).toContain('8 tool(s), 0 machine(s) left out.');

    expect(json.code, json.stderr).toBe(0);
    const listed = JSON.parse(json.stdout) as {
      tools: Array<{ tool: string; type: string; schema: boolean }>;
    };
    expect(listed.tools.map((t) => t.tool)).toEqual(EXAMPLE_TOOLS);
    expect(listed.tools.find((t) => t.tool === 'demo_order_fulfillment')).toMatchObject({
      type: 'STANDARD',
      schema: true,
    });
  });

  it('serves the examples over stdio to the MCP client SDK and runs an Express tool', async () => {
    const transport = stdioTransport(
      { command: bin, args: ['serve', '--local', examples], env: userEnv({ STATE_MACHINE_PREFIX: 'demo-' }) },
      'installed-package',
    );
    let stderr = '';
    transport.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
    const client = new Client({ name: 'package-test', version: '1.0.0' });
    try {
      await client.connect(transport);
      expect(client.getServerVersion()).toMatchObject({ name: pkg.name, version: pkg.version });
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name)).toEqual(
        expect.arrayContaining(EXAMPLE_TOOLS.map((t) => t.replace(/^demo_/, ''))),
      );
      // The sample input and the output that the installed examples/state-machines/README.md documents.
      const readme = await readFile(join(examples, 'README.md'), 'utf8');
      const { input, output } = documentedRun(readme, 'demo-customer-lookup');
      expect(input).toEqual({ customerId: 'C-1001' });
      const result = await client.callTool({ name: 'customer_lookup', arguments: input });
      expect(result.isError, JSON.stringify(result.content)).toBeFalsy();
      expect(result.structuredContent).toEqual(output);
      expect(result.structuredContent).toMatchObject({
        customerId: 'C-1001',
        name: 'Ana Souza',
        tier: 'GOLD',
      });
      expect(result._meta?.status).toBe('SUCCEEDED');
    } catch (error) {
      throw new Error(`${String(error)}\nserver stderr:\n${stderr}`, { cause: error });
    } finally {
      await client.close();
    }
  });

  it('refuses a Node older than engines.node with one line on stderr and exit code 2', async (ctx) => {
    const old = await findOldNode();
    if (!old) {
      const missing = 'no node older than 22 on PATH outside node_modules to start the bin with';
      // Under CI this case must run (the CI machine has its system Node 20 on PATH): a missing old Node fails.
      if (underCi()) {
        throw new Error(
          `${missing}, and CI is set (CI=${process.env.CI}): under CI the refusal of an old Node must be ` +
            'tested. Put a Node.js older than 22 on PATH (outside node_modules), e.g. the system Node 20.',
        );
      }
      console.warn(`SKIPPED: the refusal of an old Node (${missing}, and CI is not set)`);
      ctx.skip(true, missing);
      return;
    }
    const { path, version } = old;
    const expected = new RegExp(
      `^stepfunctions-tool-mcp-server needs Node\\.js >=22\\.12 but was started with Node\\.js ` +
        `${escapeRegExp(version)} \\(${escapeRegExp(path)}\\); install Node\\.js 22\\.12 or newer, ` +
        `or point the MCP client's "command" at a newer node\\n$`,
    );
    // The bin through its `#!/usr/bin/env node` line, as a desktop client starts it: the old node first on PATH.
    const viaBin = await runProcess(bin, ['serve', '--local', examples], {
      env: { ...userEnv(), PATH: `${dirname(path)}${delimiter}${process.env.PATH ?? ''}` },
    });
    expect(viaBin).toMatchObject({ code: 2, stdout: '' });
    expect(viaBin.stderr).toMatch(expected);
    // The same file started as `node dist/cli.js`, the form of the local-checkout client configurations.
    const viaCli = await runProcess(path, [join(installed, pkg.bin[pkg.name]!), '--help'], {
      env: userEnv(),
    });
    expect(viaCli).toMatchObject({ code: 2, stdout: '' });
    expect(viaCli.stderr).toMatch(expected);
  });
});
