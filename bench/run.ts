/** `npm run bench`: every benchmark, one run each, ratios and medians on stdout. */
import { benchDiscovery } from './discovery.js';
import { benchCalls } from './calls.js';

const results = {
  discovery: await benchDiscovery(),
  calls: await benchCalls(),
};
console.log('\nJSON:', JSON.stringify(results));
