/**
 * How search_workflows ranks the selected workflows for a query. Pure and deterministic: the same
 * tools and query always give the same order.
 *
 * The query is cut into words (letters and digits; camelCase and snake_case split; any case). Each
 * query word scores against a workflow by its best match: a word of the tool name or machine name
 * (6 for the whole word, 4 when one starts with the other), else a word of the description, which
 * carries the machine's description and its definition's Comment (2 whole, 1 starting). Workflows
 * that match no query word are left out. Order: more query words matched first, then the higher
 * total score, then the tool name (by code units). An empty query matches every workflow, in name order.
 */
import type { MachineTool } from '../../catalog/types.js';
import { byCodeUnits } from '../../order.js';

/** Two words of which one starts with the other match in part when the shorter has at least this many characters. */
const MIN_PREFIX = 3;

const WEIGHTS = { nameWord: 6, namePrefix: 4, textWord: 2, textPrefix: 1 } as const;

/** The words of a text: letters and digits, lower-cased, split at other characters and at camelCase humps. */
export function wordsOf(text: string): string[] {
  return text
    .replace(/(\p{Ll}|\p{N})(\p{Lu})/gu, '$1 $2')
    .replace(/(\p{Lu})(\p{Lu}\p{Ll})/gu, '$1 $2')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0);
}

/** The distinct words of a query, in the order written. */
export function queryWords(query: string): string[] {
  return [...new Set(wordsOf(query))];
}

interface SearchIndex {
  name: Set<string>;
  text: Set<string>;
}

/** Words per tool, kept while the catalogue keeps the tool object. */
const indexes = new WeakMap<MachineTool, SearchIndex>();

function indexOf(tool: MachineTool): SearchIndex {
  let index = indexes.get(tool);
  if (!index) {
    index = {
      name: new Set([...wordsOf(tool.name), ...wordsOf(tool.machine.name)]),
      text: new Set(wordsOf(tool.description)),
    };
    indexes.set(tool, index);
  }
  return index;
}

/** 2: the same word; 1: one starts with the other (the shorter long enough); 0: no match. */
function closeness(queryWord: string, words: ReadonlySet<string>): 0 | 1 | 2 {
  if (words.has(queryWord)) return 2;
  for (const w of words) {
    const [short, long] = w.length < queryWord.length ? [w, queryWord] : [queryWord, w];
    if (short.length >= MIN_PREFIX && long.startsWith(short)) return 1;
  }
  return 0;
}

/** One query word's score against a tool: its best match, name words above description words. */
export function wordScore(queryWord: string, tool: MachineTool): number {
  const index = indexOf(tool);
  const inName = closeness(queryWord, index.name);
  if (inName === 2) return WEIGHTS.nameWord;
  const inText = closeness(queryWord, index.text);
  const nameScore = inName === 1 ? WEIGHTS.namePrefix : 0;
  const textScore = inText === 2 ? WEIGHTS.textWord : inText === 1 ? WEIGHTS.textPrefix : 0;
  return Math.max(nameScore, textScore);
}

/** The tools that match the query, best first (see the module comment for the rule). */
export function rankTools(tools: readonly MachineTool[], query: string): MachineTool[] {
  const words = queryWords(query);
  if (words.length === 0) return [...tools].sort((a, b) => byCodeUnits(a.name, b.name));
  const scored: Array<{ tool: MachineTool; matched: number; score: number }> = [];
  for (const tool of tools) {
    let matched = 0;
    let score = 0;
    for (const word of words) {
      const s = wordScore(word, tool);
      if (s > 0) matched++;
      score += s;
    }
    if (matched > 0) scored.push({ tool, matched, score });
  }
  scored.sort((a, b) => b.matched - a.matched || b.score - a.score || byCodeUnits(a.tool.name, b.tool.name));
  return scored.map((s) => s.tool);
}
