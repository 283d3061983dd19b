/**
 * No container engine runs here, so the Dockerfile is checked by reading it: the image must run Node >= the
 * package's engines.node, hold the packed package (the tarball test/package/user-path.test.ts installs)
 * and nothing else from the build context, start package.json's bin, and run unprivileged; .dockerignore
 * must let in what the build copies and keep secrets and local artefacts out. What the build needs is read
 * from package.json's prepack script (packInputs below), so a new build step fails here until the Dockerfile
 * copies what it reads.
 */
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, posix, relative, sep } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { minimumVersion } from '../../src/node-version.js';
import { REPO_ROOT } from './pack.js';

interface Instruction {
  keyword: string;
  args: string;
}

/** Dockerfile instructions: comments dropped, continuation lines joined, keywords upper-cased. */
function parseDockerfile(text: string): Instruction[] {
  const instructions: Instruction[] = [];
  let current = '';
  for (const line of text.split('\n')) {
    if (/^\s*#/.test(line) || (!current && !line.trim())) continue;
    const continued = /\\\s*$/.test(line);
    current += `${line.replace(/\\\s*$/, '').trim()} `;
    if (continued) continue;
    const m = /^(\S+)\s*(.*)$/.exec(current.trim());
    if (m) instructions.push({ keyword: m[1]!.toUpperCase(), args: m[2]! });
    current = '';
  }
  return instructions;
}

/** The stages: each FROM and the instructions up to the next one. */
function stagesOf(instructions: Instruction[]): Instruction[][] {
  const stages: Instruction[][] = [];
  for (const instruction of instructions) {
    if (instruction.keyword === 'FROM') stages.push([]);
    stages.at(-1)?.push(instruction);
  }
  return stages;
}

/** COPY's flags, sources and destination (shell form). */
function copyParts(args: string): { from?: string; sources: string[]; dest: string } {
  const words = args.split(/\s+/).filter(Boolean);
  const from = words.find((w) => w.startsWith('--from='))?.slice('--from='.length);
  const paths = words.filter((w) => !w.startsWith('--'));
  return { from, sources: paths.slice(0, -1), dest: paths.at(-1)! };
}

/**
 * A .dockerignore pattern as a RegExp, with Docker's rules (Go's filepath.Match plus `**`): `*` and `?` do
 * not cross `/` but do match a leading dot, `**` matches any number of folders.
 */
function dockerignoreRegExp(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (pattern.startsWith('**/', i)) {
      source += '(?:.*/)?';
      i += 2;
    } else if (pattern.startsWith('**', i)) {
      source += '.*';
      i += 1;
    } else if (c === '*') source += '[^/]*';
    else if (c === '?') source += '[^/]';
    else source += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

/** Whether .dockerignore lets `path` into the build context: the last pattern matching it or a parent wins. */
function inContext(path: string, patterns: string[]): boolean {
  let included = true;
  for (const raw of patterns) {
    const exception = raw.startsWith('!');
    const pattern = dockerignoreRegExp(posix.normalize(exception ? raw.slice(1) : raw).replace(/\/$/, ''));
    const parts = path.split('/');
    if (parts.some((_, i) => pattern.test(parts.slice(0, i + 1).join('/')))) included = exception;
  }
  return included;
}

const read = (file: string) => readFileSync(join(REPO_ROOT, file), 'utf8');
const pkg = JSON.parse(read('package.json')) as {
  name: string;
  bin: Record<string, string>;
  files: string[];
  engines: { node: string };
  scripts: Record<string, string>;
};

/** A path of the checkout, relative to its root with `/` separators. */
function inCheckout(path: string): string {
  return relative(REPO_ROOT, isAbsolute(path) ? path : join(REPO_ROOT, path))
    .split(sep)
    .join('/');
}

/** The commands an npm script runs, `npm run <script>` followed into that script. */
function scriptCommands(name: string): string[] {
  const script = pkg.scripts[name];
  if (script === undefined) throw new Error(`package.json has no "${name}" script`);
  return script.split('&&').flatMap((part) => {
    const command = part.trim();
    const npmRun = /^npm run (\S+)/.exec(command);
    return npmRun ? scriptCommands(npmRun[1]!) : [command];
  });
}

/** What `tsc -p <config>` reads, as the compiler resolves it: the config, the configs it extends, every input. */
function tscInputs(config: string): { inputs: string[]; outDir: string } {
  const parsed = ts.getParsedCommandLineOfConfigFile(join(REPO_ROOT, config), undefined, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    },
  });
  if (!parsed?.options.outDir) throw new Error(`${config} names no outDir`);
  return {
    inputs: [
      config,
      ...((parsed.options.configFile as ts.TsConfigSourceFile | undefined)?.extendedSourceFiles ?? []),
      ...parsed.fileNames,
    ].map(inCheckout),
    outDir: inCheckout(parsed.options.outDir),
  };
}

/**
 * What `node <script>` reads: the script, and each path it joins onto the checkout's root
 * (`join(root, 'src', …)`); for the bin's bundler (scripts/build.mjs), also every source the last build
 * bundled (dist/modules.json: the entry's whole import graph) and the tsconfig.json esbuild reads.
 */
function nodeScriptInputs(script: string): string[] {
  const joined = [...read(script).matchAll(/join\(root((?:\s*,\s*'[^']*')+)\s*\)/g)].map((m) =>
    [...m[1]!.matchAll(/'([^']*)'/g)].map((part) => part[1]!).join('/'),
  );
  if (!read(script).includes("from 'esbuild'") || !joined.includes('dist')) return [script, ...joined];
  const bundled = JSON.parse(read('dist/modules.json')) as Record<string, string[]>;
  const sources = Object.values(bundled)
    .flat()
    .filter((input) => !input.startsWith('node_modules/'));
  return [script, ...joined, ...sources, 'tsconfig.json'];
}

/**
 * Every file `npm pack` reads from the checkout: package.json and the lockfile (`npm ci`), what `files`
 * lists and npm always packs, and what the prepack script's commands read. A command this cannot read
 * fails the test, so that a new build step is not overlooked.
 */
function packInputs(): string[] {
  const inputs = ['package.json', 'package-lock.json', 'README.md', 'LICENSE'];
  inputs.push(...pkg.files.filter((f) => !f.startsWith('dist')));
  // dist/ is what the build writes.
  const outputs: string[] = ['dist'];
  for (const command of scriptCommands('prepack')) {
    const tsc = /^tsc -p (\S+)/.exec(command);
    const node = /^node (?!-)(\S+)/.exec(command);
    if (tsc) {
      const { inputs: read, outDir } = tscInputs(tsc[1]!);
      inputs.push(...read);
      outputs.push(outDir);
    } else if (node) inputs.push(...nodeScriptInputs(node[1]!));
    else if (!/^node -e /.test(command)) {
      throw new Error(`prepack runs \`${command}\`: teach packInputs what it reads from the checkout`);
    }
  }
  const built = (path: string) => outputs.some((out) => path === out || path.startsWith(`${out}/`));
  return [...new Set(inputs)].filter((path) => !built(path)).sort();
}
const stages = stagesOf(parseDockerfile(read('Dockerfile')));
const build = stages[0]!;
const runtime = stages.at(-1)!;
const dockerignore = read('.dockerignore')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith('#'));

const all = (stage: Instruction[], keyword: string) => stage.filter((i) => i.keyword === keyword);
const last = (stage: Instruction[], keyword: string) => all(stage, keyword).at(-1);

describe('the .dockerignore reading', () => {
  it("follows Docker's matching: last pattern wins, a folder's pattern covers its files, * matches dot files", () => {
    const patterns = ['*', '!src', '**/*.pem', 'src/gen/*.js'];
    expect(inContext('src/a/b.ts', patterns)).toBe(true);
    expect(inContext('src/a/b.pem', patterns)).toBe(false);
    expect(inContext('src/gen/x.js', patterns)).toBe(false);
    expect(inContext('src/gen/sub/x.js', patterns)).toBe(true);
    expect(inContext('.git/HEAD', patterns)).toBe(false);
    expect(inContext('srcs', patterns)).toBe(false);
    expect(inContext('x.md', [])).toBe(true);
  });
});

describe('parseDockerfile', () => {
  it('joins continuation lines and drops comments', () => {
    expect(parseDockerfile('# c\nFROM node:22 AS b\nRUN a \\\n  && b\n\ncmd ["x"]\n')).toEqual([
      { keyword: 'FROM', args: 'node:22 AS b' },
      { keyword: 'RUN', args: 'a && b' },
      { keyword: 'CMD', args: '["x"]' },
    ]);
  });
});

describe('the Dockerfile', () => {
  it('is a build stage and a runtime stage, both on an official Node image that satisfies engines.node', () => {
    expect(stages).toHaveLength(2);
    const [major, minor] = minimumVersion(pkg.engines.node);
    for (const stage of stages) {
      const m = /^node:(\d+)(?:\.(\d+))?[^\s]*(\s+AS\s+\S+)?$/i.exec(stage[0]!.args);
      expect(m, stage[0]!.args).not.toBeNull();
      const tagMajor = Number(m![1]);
      // A bare major tag (node:22-slim) is that line's newest release, which is past 22.12.
      expect(tagMajor >= major && (tagMajor > major || m![2] === undefined || Number(m![2]) >= minor)).toBe(
        true,
      );
    }
  });

  it("starts package.json's bin with the image's Node, from the folder the package is unpacked into", () => {
    const entrypoint = JSON.parse(last(runtime, 'ENTRYPOINT')!.args) as string[];
    const bin = posix.normalize(pkg.bin[pkg.name]!);
    expect(entrypoint).toEqual(['node', bin]);
    expect(JSON.parse(last(runtime, 'CMD')!.args)).toEqual(['serve']);
    const workdir = last(runtime, 'WORKDIR')!.args;
    // Everything in the runtime stage comes from the package the build stage unpacked: no other COPY.
    const copies = all(runtime, 'COPY').map((c) => copyParts(c.args));
    expect(copies).toHaveLength(1);
    const unpacked = /tar -xzf \/tmp\/(\S+)-\*\.tgz -C (\S+) --strip-components=1/.exec(
      all(build, 'RUN')
        .map((r) => r.args)
        .join(' && '),
    );
    expect(unpacked?.[1]).toBe(pkg.name);
    expect(copies[0]).toEqual({ from: 'build', sources: [unpacked![2]], dest: './' });
    expect(all(runtime, 'ADD')).toEqual([]);
    expect(workdir).toBe(unpacked![2]);
  });

  it('builds with npm pack, then installs the locked production dependencies into the unpacked package', () => {
    const steps = all(build, 'RUN').map((r) => r.args);
    const packStep = steps.find((s) => s.includes('npm pack'));
    expect(packStep).toBeDefined();
    expect(/npm pack[^&]*/.exec(packStep!)![0]).not.toContain('--ignore-scripts'); // prepack is the build
    expect(packStep).toMatch(/cd \/app && npm ci --omit=dev --ignore-scripts/);
    expect(steps.join(' ')).not.toMatch(/\btsc\b|npm run build/); // built by prepack only, as for a user
  });

  it('copies into the build, each at its own path, every file the prepack build reads, and nothing else', () => {
    const copies = all(build, 'COPY').map((c) => copyParts(c.args));
    const needed = packInputs();
    // The derivation reads the real build: the bin bundler's sources, the view bundler's script and its page.
    expect(needed).toEqual(
      expect.arrayContaining([
        'tsconfig.json',
        'src/cli.ts',
        'src/engine/index.ts',
        'scripts/build.mjs',
        'scripts/build-view.mjs',
        'src/view/app/main.ts',
        'src/view/app/page.html',
        'CHANGELOG.md',
        'examples',
      ]),
    );
    expect(needed.filter((p) => p.startsWith('dist/'))).toEqual([]);
    const covers = (source: string, path: string) => path === source || path.startsWith(`${source}/`);
    for (const { sources, dest } of copies) {
      for (const source of sources) {
        // Each lands at the path it has in the checkout, where the build looks for it.
        expect(dest === './' || dest === `./${source}`, `COPY ${source} ${dest}`).toBe(true);
        expect(
          needed.some((path) => covers(source, path)),
          `${source} is copied but not needed`,
        ).toBe(true);
      }
    }
    const sources = copies.flatMap((c) => c.sources);
    const missing = needed.filter((path) => !sources.some((source) => covers(source, path)));
    expect(missing, 'read by the build, never copied into it').toEqual([]);
    const shutOut = needed.filter((path) => !inContext(path, dockerignore));
    expect(shutOut, 'read by the build, kept out of the context by .dockerignore').toEqual([]);
    for (const path of needed) expect(existsSync(join(REPO_ROOT, path)), path).toBe(true);
    expect(inContext('examples/state-machines/demo-stock-level/handlers.mjs', dockerignore)).toBe(true);
  });

  it('runs unprivileged, checks its health and stops on SIGTERM', () => {
    expect(last(runtime, 'USER')?.args).toMatch(/^(?!root$|0$)\S+$/);
    expect(last(runtime, 'HEALTHCHECK')?.args).toContain('/healthz');
    expect(last(runtime, 'STOPSIGNAL')?.args).toBe('SIGTERM');
  });
});

describe('.dockerignore', () => {
  it('keeps secrets, local artefacts and everything the package does not need out of the context', () => {
    for (const path of [
      '.git/config',
      'node_modules/pino/package.json',
      'dist/cli.js',
      'test/package/user-path.test.ts',
      'bench/run.ts',
      'docs/deployment.md',
      'tokens',
      'mcp-tokens.txt',
      '.env',
      '.env.production',
      'src/.env',
      'server.pem',
      'examples/tls/server.key',
      'coverage/index.html',
    ]) {
      expect(inContext(path, dockerignore), path).toBe(false);
    }
  });
});
