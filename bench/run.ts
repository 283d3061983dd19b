/** `npm run bench`: every benchmark, one run each, ratios and medians on stdout. */
import { benchDiscovery } from './discovery.js';
import { benchCalls } from './calls.js';
import { benchRefresh } from './refresh.js';

const results = {
  discovery: await benchDiscovery(),
  calls: await benchCalls(),
  refresh: await benchRefresh(),
};
console.log('\nJSON:', JSON.stringify(results));
