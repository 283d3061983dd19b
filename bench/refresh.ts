/**
 * Refresh of 1,000 unchanged machines against a full discovery, in AWS calls (from the engine's call
 * log), for the three ways tags can be needed: not at all, per machine, in bulk.
 */
import { destroyAwsClients } from '../src/aws/clients.js';
import { LiveCatalog } from '../src/catalog/live.js';
import { resolveConfig } from '../src/config/index.js';
import { silentLogger } from '../src/log.js';
import { discoveryOptions } from '../src/runtime.js';
import { attachSchema, createMachines, engineClients, startTestEngine } from '../test/helpers/engine.js';
import { fmt, median, timed } from './stats.js';

const MACHINES = 1_000;
const REFRESHES = 6;

export async function benchRefresh(): Promise<Record<string, number>> {
  const engine = await startTestEngine();
  const clients = engineClients(engine);
  try {
    const arns = await createMachines(
      engine,
      Array.from({ length: MACHINES }, (_, i) => ({ name: `fleet-${i}`, tags: { team: 'fleet' } })),
    );
    await attachSchema(engine, arns[0]!, 'schema', {
      registry: 'fleet',
      name: 'Shared',
      type: 'JSONSchemaDraft4',
      content: '{"type":"object"}',
    });
    const total = () => Object.values(engine.calls.counts()).reduce((a, b) => a + b, 0);
    const out: Record<string, number> = {};
    const cases: Array<[string, Record<string, string>]> = [
      ['prefix only', { STATE_MACHINE_PREFIX: 'fleet-' }],
      [
        'tag filter + schema tag, tags per machine',
        {
          STATE_MACHINE_PREFIX: 'fleet-',
          STATE_MACHINE_TAG_KEY: 'team',
          STATE_MACHINE_TAG_VALUE: 'fleet',
          STATE_MACHINE_INPUT_SCHEMA_ARN_TAG_KEY: 'schema',
          SFN_MCP_TAGS_IN_BULK: 'false',
        },
      ],
      [
        'tag filter + schema tag, tags in bulk',
        {
          STATE_MACHINE_PREFIX: 'fleet-',
          STATE_MACHINE_TAG_KEY: 'team',
          STATE_MACHINE_TAG_VALUE: 'fleet',
          STATE_MACHINE_INPUT_SCHEMA_ARN_TAG_KEY: 'schema',
          SFN_MCP_TAGS_IN_BULK: 'true',
        },
      ],
    ];
    console.log(
      `\nRefresh of ${MACHINES} unchanged machines vs a full discovery (AWS calls; ${REFRESHES} refreshes)`,
    );
    for (const [label, env] of cases) {
      const config = resolveConfig({}, env);
      const live = new LiveCatalog(clients, config.selection, discoveryOptions(config, silentLogger()));
      engine.calls.reset();
      const first = await timed(() => live.ready());
      if (first.value.tools.length !== MACHINES) throw new Error(`expected ${MACHINES} tools`);
      const fullCalls = total();
      const perRefresh: number[] = [];
      const refreshMs: number[] = [];
      for (let i = 0; i < REFRESHES; i++) {
        engine.calls.reset();
        const r = await timed(() => live.refresh());
        if (r.value.changed) throw new Error('nothing changed, yet the refresh says it did');
        perRefresh.push(total());
        refreshMs.push(r.ms);
      }
      const key = label.replace(/[^a-z]+/g, '_');
      out[`${key}_fullCalls`] = fullCalls;
      out[`${key}_refreshCallsMedian`] = median(perRefresh);
      out[`${key}_refreshOverFull`] = median(perRefresh) / fullCalls;
      console.log(
        `  ${label.padEnd(42)} full ${String(fullCalls).padStart(5)} calls (${fmt(first.ms)}), refresh median ${String(median(perRefresh)).padStart(5)} calls (${fmt(median(refreshMs))}), ratio ${(median(perRefresh) / fullCalls).toFixed(2)}`,
      );
    }
    return out;
  } finally {
    destroyAwsClients(clients);
    await engine.close();
  }
}
