/** `npm run bench`: every benchmark, one run each, ratios and medians on stdout. */
import { benchDiscovery } from './discovery.js';
import { benchCalls } from './calls.js';
import { benchRefresh } from './refresh.js';
import { benchMemory } from './memory.js';

const results = {
  discovery: await benchDiscovery(),
  calls: await benchCalls(),
  refresh: await benchRefresh(),
  memory: await benchMemory(),
};
console.log('\nJSON:', JSON.stringify(results));
