import { readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { buildGraph } from './src/view/model.ts';
import { layoutGraph } from './src/view/layout.ts';
import { renderSvg } from './src/view/svg.ts';
for (const d of process.argv.slice(2)) {
  const def = readFileSync(`examples/state-machines/${d}/definition.asl.json`,'utf8');
  const g = buildGraph(def);
  if (!g.ok) throw new Error(g.error);
  const l = await layoutGraph(g.value);
  writeFileSync(`/tmp/view-${d}.svg`, renderSvg(l, undefined, {title: d}));
}
