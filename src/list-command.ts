import type { Config } from './config.js';
import { discoverCatalog } from './catalog/index.js';
import type { Logger } from './log.js';
import { startRuntime } from './runtime.js';

/** The `list` dry run: which machines become which tools, and why others are left out. Returns the exit code. */
export async function listCommand(config: Config, log: Logger, json: boolean): Promise<number> {
  const runtime = await startRuntime(config, log);
  try {
    const catalog = await discoverCatalog(runtime.clients, runtime.config.selection, {
      log,
      concurrency: runtime.config.discoveryConcurrency,
    });
    if (json) {
      process.stdout.write(
        JSON.stringify(
          {
            tools: catalog.tools.map((t) => ({
              tool: t.name,
              machine: t.machine.name,
              arn: t.machine.invokeArn,
              type: t.machine.type,
              schema: t.hasSchema,
            })),
            excluded: catalog.excluded,
            warnings: catalog.warnings,
          },
          null,
          2,
        ) + '\n',
      );
    } else {
      const rows = catalog.tools.map((t) => [
        t.name,
        t.machine.name,
        t.machine.type,
        t.hasSchema ? 'yes' : 'no',
      ]);
      process.stdout.write(table(['TOOL', 'MACHINE', 'TYPE', 'SCHEMA'], rows));
      if (catalog.excluded.length > 0) {
        process.stdout.write('\nLeft out:\n');
        process.stdout.write(
          table(
            ['MACHINE', 'REASON', 'DETAIL'],
            catalog.excluded.map((e) => [e.name, e.reason, e.detail]),
          ),
        );
      }
      for (const w of catalog.warnings) process.stdout.write(`\nWarning: ${w}\n`);
      process.stdout.write(
        `\n${catalog.tools.length} tool(s), ${catalog.excluded.length} machine(s) left out.\n`,
      );
    }
    return catalog.tools.length > 0 ? 0 : 1;
  } finally {
    await runtime.close();
  }
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n') + '\n';
}
