/** The view's status line for a run. Pure. */
import type { RunOverlay } from '../run-types.js';

export function runSummary(run: RunOverlay): { text: string; kind: string } {
  if (run.status === 'EXPRESS') {
    const failed = run.outcome?.includes('failed') ?? false;
    return { text: run.outcome ?? 'The run ended.', kind: failed ? 'failed' : 'succeeded' };
  }
  const states = Object.entries(run.states);
  const waiting = states.find(([, s]) => s.status === 'waiting');
  if (run.status === 'RUNNING') {
    if (waiting) {
      const [name, s] = waiting;
      const who =
        s.waitingFor === 'person'
          ? `a person's decision${s.question ? `: ${s.question}` : ''}`
          : 'a callback';
      return { text: `Running: ${name} is waiting for ${who}`, kind: 'waiting' };
    }
    const current = states.filter(([, s]) => s.status === 'running').map(([name]) => name);
    return { text: `Running${current.length ? `: ${current.join(', ')}` : ''}`, kind: 'running' };
  }
  if (run.status === 'SUCCEEDED')
    return { text: `Succeeded (${states.length} states run).`, kind: 'succeeded' };
  const failure = [run.error, run.cause].filter(Boolean).join(': ');
  return { text: `${run.status}${failure ? ` — ${failure}` : ''}`, kind: 'failed' };
}
