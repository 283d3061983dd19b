import { describe, expect, it } from 'vitest';
import {
  checkName,
  checkTags,
  compileSelection,
  ignoredQualifiers,
  selectByName,
  tagValue,
  unmatchedEntryWarning,
  unmatchedListEntries,
} from '../../src/catalog/selection.js';
import type { SelectionConfig } from '../../src/catalog/types.js';

const ACCOUNT = '123456789012';
const arn = (name: string, qualifier?: string): string =>
  `arn:aws:states:us-east-1:${ACCOUNT}:stateMachine:${name}${qualifier ? `:${qualifier}` : ''}`;
const machine = (name: string) => ({ name, arn: arn(name) });
const config = (over: Partial<SelectionConfig> = {}): SelectionConfig => ({
  prefix: '',
  list: [],
  tagKey: '',
  tagValue: '',
  ...over,
});

describe('checkName', () => {
  it('passes every machine when neither prefix nor list is set', () => {
    const rules = compileSelection(config());
    expect(checkName(rules, machine('anything'))).toEqual({
      pass: true,
      invokeArn: arn('anything'),
      matchedEntries: [],
    });
  });

  it('matches the prefix case-sensitively', () => {
    const rules = compileSelection(config({ prefix: 'app-' }));
    expect(checkName(rules, machine('app-orders')).pass).toBe(true);
    expect(checkName(rules, machine('App-orders'))).toEqual({
      pass: false,
      reason: 'prefix',
      detail: 'name does not start with the prefix "app-"',
    });
  });

  it('matches list names exactly', () => {
    const rules = compileSelection(config({ list: ['Orders'] }));
    expect(checkName(rules, machine('Orders')).pass).toBe(true);
    expect(checkName(rules, machine('Orders2'))).toEqual({
      pass: false,
      reason: 'list',
      detail: 'not named in STATE_MACHINE_LIST',
    });
  });

  it('passes on prefix OR list', () => {
    const rules = compileSelection(config({ prefix: 'app-', list: ['Billing'] }));
    expect(checkName(rules, machine('app-x')).pass).toBe(true);
    expect(checkName(rules, machine('Billing')).pass).toBe(true);
    expect(checkName(rules, machine('other'))).toEqual({
      pass: false,
      reason: 'prefix-or-list',
      detail: 'name does not start with the prefix "app-" and is not named in STATE_MACHINE_LIST',
    });
  });

  it('matches an ARN entry by ARN, not by name', () => {
    const rules = compileSelection(config({ list: [arn('Orders')] }));
    expect(checkName(rules, machine('Orders'))).toMatchObject({ pass: true, invokeArn: arn('Orders') });
    const otherRegion = { name: 'Orders', arn: `arn:aws:states:eu-west-1:${ACCOUNT}:stateMachine:Orders` };
    expect(checkName(rules, otherRegion).pass).toBe(false);
  });

  it('starts the version or alias a qualified entry names', () => {
    const version = compileSelection(config({ list: [arn('Orders', '3')] }));
    expect(checkName(version, machine('Orders'))).toMatchObject({
      pass: true,
      invokeArn: arn('Orders', '3'),
    });
    const alias = compileSelection(config({ list: [arn('Orders', 'prod')] }));
    expect(checkName(alias, machine('Orders'))).toMatchObject({
      pass: true,
      invokeArn: arn('Orders', 'prod'),
    });
  });

  it('prefers a qualified entry over a name or prefix match, the first one listed', () => {
    const rules = compileSelection(
      config({ prefix: 'Ord', list: ['Orders', arn('Orders', 'prod'), arn('Orders', '2')] }),
    );
    const check = checkName(rules, machine('Orders'));
    expect(check).toMatchObject({ pass: true, invokeArn: arn('Orders', 'prod') });
    expect(ignoredQualifiers('Orders', check)).toBe(
      `state machine Orders: STATE_MACHINE_LIST names it with several versions or aliases; the tool starts ${arn('Orders', 'prod')} and ignores ${arn('Orders', '2')}`,
    );
  });

  it('ignores a malformed entry with a warning', () => {
    const rules = compileSelection(config({ list: ['arn:aws:states:x', 'Good', '  '] }));
    expect(rules.entries).toHaveLength(1);
    expect(rules.warnings).toHaveLength(1);
    expect(rules.warnings[0]).toMatch(
      /^STATE_MACHINE_LIST entry ignored: "arn:aws:states:x" is not a valid state machine ARN/,
    );
  });
});

describe('tag filter', () => {
  it('keeps only the exact key=value', () => {
    const rules = compileSelection(config({ tagKey: 'team', tagValue: 'blue' }));
    expect(rules.needsTags).toBe(true);
    expect(checkTags(rules.tagFilter, [{ key: 'team', value: 'blue' }])).toEqual({ pass: true });
    expect(checkTags(rules.tagFilter, [{ key: 'team', value: 'Blue' }])).toEqual({
      pass: false,
      reason: 'tag',
      detail: 'no tag team=blue (its value is "Blue")',
    });
    expect(checkTags(rules.tagFilter, [])).toEqual({
      pass: false,
      reason: 'tag',
      detail: 'no tag team=blue (the tag team is absent)',
    });
  });

  it('selects nothing and names the missing variable when only the key is set', () => {
    const rules = compileSelection(config({ tagKey: 'team' }));
    expect(rules.tagFilter).toEqual({ kind: 'incomplete', missing: 'stateMachineTagValue' });
    expect(rules.warnings).toEqual([
      'STATE_MACHINE_TAG_KEY is set but STATE_MACHINE_TAG_VALUE is not: both are needed to filter by tag, so no state machine is selected',
    ]);
    expect(checkTags(rules.tagFilter, [{ key: 'team', value: 'blue' }])).toMatchObject({
      pass: false,
      reason: 'tag-filter-incomplete',
    });
  });

  it('selects nothing and names the missing variable when only the value is set', () => {
    const rules = compileSelection(config({ tagValue: 'blue' }));
    expect(rules.tagFilter).toEqual({ kind: 'incomplete', missing: 'stateMachineTagKey' });
    expect(rules.warnings[0]).toContain('STATE_MACHINE_TAG_VALUE is set but STATE_MACHINE_TAG_KEY is not');
  });

  it('passes everything without a filter, and reads tags only for the schema tag', () => {
    expect(compileSelection(config()).needsTags).toBe(false);
    expect(checkTags(compileSelection(config()).tagFilter, undefined)).toEqual({ pass: true });
    const withSchema = compileSelection(config({ schemaArnTagKey: 'schema' }));
    expect(withSchema.needsTags).toBe(true);
    expect(withSchema.schemaArnTagKey).toBe('schema');
    expect(compileSelection(config({ schemaArnTagKey: ' ' })).needsTags).toBe(false);
  });

  it('reads a tag value trimmed', () => {
    expect(tagValue([{ key: 'k', value: ' v ' }], 'k')).toBe('v');
    expect(tagValue([{ key: 'k', value: ' ' }], 'k')).toBeUndefined();
    expect(tagValue(undefined, 'k')).toBeUndefined();
  });
});

describe('unmatched list entries', () => {
  it('warns about list entries that match no machine', () => {
    const rules = compileSelection(config({ list: ['Orders', 'Typo', arn('Billing', '1'), arn('Gone')] }));
    const unmatched = unmatchedListEntries(rules, [machine('Orders'), machine('Billing')]);
    expect(unmatched).toEqual(['Typo', arn('Gone')]);
    expect(unmatched.map(unmatchedEntryWarning)).toEqual([
      'STATE_MACHINE_LIST entry "Typo" matches no state machine in this account and region',
      `STATE_MACHINE_LIST entry "${arn('Gone')}" matches no state machine in this account and region`,
    ]);
  });
});

describe('selectByName', () => {
  const listed = (name: string) => ({ ...machine(name), type: 'STANDARD' as const, creationDate: 7 });

  it('keeps the machines that pass the name check, with the version or alias they run', () => {
    const rules = compileSelection(
      config({ prefix: 'app-', list: [arn('Billing', 'prod'), arn('Orders', '3')] }),
    );
    const selected = selectByName(rules, [
      listed('app-a'),
      listed('Billing'),
      listed('Orders'),
      listed('other'),
    ]);
    expect(selected.candidates).toEqual([
      { machine: { ...machine('app-a'), type: 'STANDARD', invokeArn: arn('app-a') }, creationDate: 7 },
      {
        machine: {
          ...machine('Billing'),
          type: 'STANDARD',
          invokeArn: arn('Billing', 'prod'),
          alias: 'prod',
        },
        creationDate: 7,
      },
      {
        machine: { ...machine('Orders'), type: 'STANDARD', invokeArn: arn('Orders', '3'), version: '3' },
        creationDate: 7,
      },
    ]);
    expect(selected.excluded).toEqual([
      {
        name: 'other',
        arn: arn('other'),
        reason: 'prefix-or-list',
        detail: 'name does not start with the prefix "app-" and is not named in STATE_MACHINE_LIST',
      },
    ]);
    expect(selected.warnings).toEqual([]);
  });

  it('warns when several versions or aliases name one machine', () => {
    const rules = compileSelection(config({ list: [arn('Orders', '3'), arn('Orders', 'prod')] }));
    const selected = selectByName(rules, [listed('Orders')]);
    expect(selected.candidates.map((c) => c.machine.invokeArn)).toEqual([arn('Orders', '3')]);
    expect(selected.warnings).toEqual([
      `state machine Orders: STATE_MACHINE_LIST names it with several versions or aliases; the tool starts ${arn('Orders', '3')} and ignores ${arn('Orders', 'prod')}`,
    ]);
  });

  it('leaves every machine out, with nothing to read, when the tag filter is half set', () => {
    const selected = selectByName(compileSelection(config({ tagKey: 'team' })), [listed('a'), listed('b')]);
    expect(selected.candidates).toEqual([]);
    expect(selected.excluded.map((e) => [e.name, e.reason])).toEqual([
      ['a', 'tag-filter-incomplete'],
      ['b', 'tag-filter-incomplete'],
    ]);
  });
});
