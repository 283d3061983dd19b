/** `npm run bench`: every benchmark, one run each, ratios and medians on stdout. */
import { benchDiscovery } from './discovery.js';
import { benchCalls } from './calls.js';
import { benchRefresh } from './refresh.js';
import { benchMemory } from './memory.js';
import { benchSoak } from './soak.js';
import { benchQuotas } from './quotas.js';
import { benchToolsList } from './tools-list.js';
import { benchView } from './view.js';

const results = {
  discovery: await benchDiscovery(),
  calls: await benchCalls(),
  refresh: await benchRefresh(),
  toolsList: await benchToolsList(),
  view: await benchView(),
  memory: await benchMemory(),
  // Under AWS's real API quotas: minutes, most of them the 5,000 machines' descriptions at 20 a second.
  quotas: await benchQuotas(),
  // Last and longest: 20,000 calls; exits non-zero when the heap after GC grows over 10%.
  soak: await benchSoak(),
};
console.log('\nJSON:', JSON.stringify(results));
