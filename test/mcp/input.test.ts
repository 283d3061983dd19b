/** The answers a retried call carries (`inputResponses`), read as the provider's Answers (pure). */
import { describe, expect, it } from 'vitest';
import { answersOf } from '../../src/mcp/input.js';

describe('answersOf', () => {
  it('keeps elicitation results by key: accept with its content, decline and cancel without', () => {
    expect(
      answersOf({
        'approval-12': { action: 'accept', content: { approved: true } },
        confirm: { action: 'decline' },
        other: { action: 'cancel' },
        bare: { action: 'accept' },
      }),
    ).toEqual({
      'approval-12': { action: 'accept', content: { approved: true } },
      confirm: { action: 'decline' },
      other: { action: 'cancel' },
      bare: { action: 'accept', content: {} },
    });
  });

  it('leaves out responses of other kinds, and is undefined when nothing is left', () => {
    expect(answersOf({ roots: { roots: [] } })).toBeUndefined();
    expect(answersOf(undefined)).toBeUndefined();
  });
});
