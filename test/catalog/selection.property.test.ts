/**
 * Property tests of the selection (src/catalog/selection.ts) against a model written here from the
 * README's rules: a machine passes the name check when neither prefix nor list is set, or its name starts
 * with the prefix (case-sensitive), or a list entry names it (by name, or by its ARN, version ARN or alias
 * ARN); the first qualified ARN entry is what its tool runs; the tag check keeps exactly key=value when
 * both are set, nothing when one is set. fast-check prints the seed and the shrunk counterexample.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stateMachineArn, unqualifiedArn } from '../../src/aws/arn.js';
import {
  checkTags,
  compileSelection,
  selectByName,
  unmatchedListEntries,
} from '../../src/catalog/selection.js';

const RUNS = 300;
const SCOPE = { region: 'us-east-1', accountId: '123456789012' };
const TAG_KEYS = ['env', 'team'];
const TAG_VALUES = ['prod', 'dev', 'Prod'];

interface Machine {
  name: string;
  arn: string;
  tags: Array<{ key: string; value: string }>;
}

/** Names from a tiny alphabet, so prefixes and list entries often meet them. */
const name = fc.string({ unit: fc.constantFrom('a', 'b', 'A', '-'), minLength: 1, maxLength: 4 });
const tags = fc
  .uniqueArray(fc.constantFrom(...TAG_KEYS), { maxLength: 2 })
  .chain((keys) =>
    fc.tuple(...keys.map((key) => fc.constantFrom(...TAG_VALUES).map((value) => ({ key, value })))),
  );
const machines = fc
  .uniqueArray(fc.tuple(name, tags), { selector: ([n]) => n, minLength: 1, maxLength: 8 })
  .map((list): Machine[] => list.map(([n, t]) => ({ name: n, arn: stateMachineArn(SCOPE, n), tags: t })));

/** A list entry as an operator writes it: a name, a (version or alias) ARN, padded, or blank. */
const entry = fc
  .tuple(name, fc.constantFrom('name', 'arn', 'version', 'alias'), fc.constantFrom('', ' '))
  .map(([n, kind, pad]) => {
    const text =
      kind === 'name'
        ? n
        : stateMachineArn(SCOPE, n, kind === 'version' ? 3 : kind === 'alias' ? 'prod' : undefined);
    return `${pad}${text}${pad}`;
  });
const selection = fc.record({
  prefix: fc.oneof(
    fc.constant(''),
    fc.string({ unit: fc.constantFrom('a', 'b', 'A'), minLength: 1, maxLength: 2 }),
  ),
  list: fc.array(fc.oneof({ weight: 9, arbitrary: entry }, { weight: 1, arbitrary: fc.constant('  ') }), {
    maxLength: 4,
  }),
  tagKey: fc.constantFrom('', ...TAG_KEYS),
  tagValue: fc.constantFrom('', ...TAG_VALUES),
});
type Selection = typeof selection extends fc.Arbitrary<infer T> ? T : never;

// ---- the model -------------------------------------------------------------------------------------

const entriesOf = (s: Selection): string[] => s.list.map((e) => e.trim()).filter((e) => e !== '');
const isArn = (e: string): boolean => e.startsWith('arn:');
const names = (e: string, m: Machine): boolean => (isArn(e) ? unqualifiedArn(e) === m.arn : e === m.name);

function modelNameCheck(s: Selection, m: Machine): boolean {
  const entries = entriesOf(s);
  if (s.prefix === '' && entries.length === 0) return true;
  return (s.prefix !== '' && m.name.startsWith(s.prefix)) || entries.some((e) => names(e, m));
}

function modelInvokeArn(s: Selection, m: Machine): string {
  return entriesOf(s).find((e) => isArn(e) && e !== m.arn && names(e, m)) ?? m.arn;
}

function modelTagCheck(s: Selection, m: Machine): boolean {
  if (s.tagKey === '' && s.tagValue === '') return true;
  if (s.tagKey === '' || s.tagValue === '') return false;
  return m.tags.some((t) => t.key === s.tagKey && t.value === s.tagValue);
}

function modelExclusionReason(s: Selection): string {
  const list = entriesOf(s).length > 0;
  return s.prefix !== '' && list ? 'prefix-or-list' : s.prefix !== '' ? 'prefix' : 'list';
}

// ---- the properties --------------------------------------------------------------------------------

/** Name check, then tag check, as discovery applies them. */
function select(s: Selection, listed: Machine[]) {
  const rules = compileSelection({ ...s, list: s.list });
  const byName = selectByName(
    rules,
    listed.map((m) => ({ name: m.name, arn: m.arn, type: 'STANDARD' as const, creationDate: undefined })),
  );
  const tagsOf = (arn: string) => listed.find((m) => m.arn === arn)!.tags;
  const selected = byName.candidates.filter((c) => checkTags(rules.tagFilter, tagsOf(c.machine.arn)).pass);
  return { rules, byName, selected };
}

describe('selection', () => {
  it('selects exactly the machines the model selects, each running the ARN the model names', () => {
    fc.assert(
      fc.property(selection, machines, (s, listed) => {
        const { selected } = select(s, listed);
        const expected = listed.filter((m) => modelNameCheck(s, m) && modelTagCheck(s, m));
        expect(Object.fromEntries(selected.map((c) => [c.machine.name, c.machine.invokeArn]))).toEqual(
          Object.fromEntries(expected.map((m) => [m.name, modelInvokeArn(s, m)])),
        );
      }),
      { numRuns: RUNS },
    );
  });

  it('accounts for every machine once: a candidate, or left out with the reason the model gives', () => {
    fc.assert(
      fc.property(selection, machines, (s, listed) => {
        const { byName } = select(s, listed);
        const seen = [...byName.candidates.map((c) => c.machine.name), ...byName.excluded.map((e) => e.name)];
        expect(seen.sort()).toEqual(listed.map((m) => m.name).sort());
        const halfTagFilter = (s.tagKey === '') !== (s.tagValue === '');
        for (const excluded of byName.excluded) {
          const m = listed.find((l) => l.name === excluded.name)!;
          const reason = modelNameCheck(s, m) ? 'tag-filter-incomplete' : modelExclusionReason(s);
          expect({ machine: m.name, reason: excluded.reason }).toEqual({ machine: m.name, reason });
          if (reason === 'tag-filter-incomplete') expect(halfTagFilter).toBe(true);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('reports the list entries that name no listed machine', () => {
    fc.assert(
      fc.property(selection, machines, (s, listed) => {
        const rules = compileSelection(s);
        const expected = entriesOf(s).filter((e) => !listed.some((m) => names(e, m)));
        expect(unmatchedListEntries(rules, listed)).toEqual(expected);
      }),
      { numRuns: RUNS },
    );
  });
});
