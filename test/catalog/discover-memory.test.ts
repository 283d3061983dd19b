/**
 * What discovery holds while it runs and after: at most twice the call bound of machines are being
 * read at once (not every machine of a large account, each holding its answers until the end), and
 * what a run remembers of a machine is its description and Comment, not its definition. Through the
 * real SDK clients against the local engine; the SFN client is wrapped only to watch its answers.
 */
import { DescribeStateMachineCommand, ListTagsForResourceCommand } from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import { runDiscovery, type CatalogClients } from '../../src/catalog/discover.js';
import { DiscoveryMemo } from '../../src/catalog/memo.js';
import { listedMachines, listStateMachines } from '../../src/catalog/listing.js';
import { compileSelection, selectByName } from '../../src/catalog/selection.js';
import { silentLogger } from '../../src/log.js';
import { selectionOf, useCatalogEngine } from './engine-fixture.js';

const MACHINES = 40;
const CONCURRENCY = 2;
const COMMENT = 'Reads an order and returns it enriched.';

const fx = useCatalogEngine(async () => {
  for (let i = 0; i < MACHINES; i++) {
    await fx.createMachine(`m-${String(i).padStart(2, '0')}`, {
      description: `Machine ${i}`,
      tags: { team: 'a' },
      definition: JSON.stringify({
        Comment: COMMENT,
        StartAt: 'Done',
        States: { Done: { Type: 'Pass', Result: { padding: 'x'.repeat(2_000) }, End: true } },
      }),
    });
  }
});

/** The engine's SFN client, reporting each machine whose tags were answered and whose description was not yet. */
function watchedSfn() {
  const tagged = new Set<string>();
  let mostWaiting = 0;
  const sfn = {
    send: async (command: object): Promise<unknown> => {
      const out: unknown = await fx.clients.sfn.send(command as never);
      if (command instanceof ListTagsForResourceCommand) {
        tagged.add(command.input.resourceArn!);
        mostWaiting = Math.max(mostWaiting, tagged.size);
      }
      if (command instanceof DescribeStateMachineCommand) tagged.delete(command.input.stateMachineArn!);
      return out;
    },
  };
  return { sfn: sfn as unknown as CatalogClients['sfn'], mostWaiting: () => mostWaiting };
}

describe('discovery memory', () => {
  it('reads at most twice the call bound of machines at once', async () => {
    const watched = watchedSfn();
    const rules = compileSelection(selectionOf({ tagKey: 'team', tagValue: 'a' }));
    const { catalog } = await runDiscovery(
      { sfn: watched.sfn, schemas: fx.clients.schemas },
      rules,
      new DiscoveryMemo(),
      { log: silentLogger(), concurrency: CONCURRENCY, full: true },
    );
    expect(catalog.tools).toHaveLength(MACHINES);
    // Every machine's tags come first (the tag filter), so an unbounded run would hold all 40.
    expect(watched.mostWaiting()).toBeGreaterThan(0);
    expect(watched.mostWaiting()).toBeLessThanOrEqual(2 * CONCURRENCY);
  });

  it('remembers the Comment of each definition, not the definition', async () => {
    const memo = new DiscoveryMemo();
    const rules = compileSelection(selectionOf());
    const { catalog } = await runDiscovery(fx.clients, rules, memo, { log: silentLogger(), full: true });
    const tool = catalog.tools.find((t) => t.name === 'm_07')!;
    expect(tool.description).toBe(`Machine 7\n\nWorkflow Description: ${COMMENT}`);
    const listed = listedMachines(await listStateMachines(fx.clients.sfn));
    const { candidates } = selectByName(rules, listed);
    const candidate = candidates.find((c) => c.machine.name === 'm-07')!;
    // What a later run reuses of this one's reading: the description and the Comment, nothing else.
    expect(memo.reusable(candidate, Number.MAX_SAFE_INTEGER)).toEqual({
      description: 'Machine 7',
      comment: COMMENT,
      qualifier: undefined,
    });
  });
});
