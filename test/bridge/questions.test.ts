/** The questions put to the person and the notes for clients that cannot show them (pure). */
import { describe, expect, it } from 'vitest';
import type { PendingApproval } from '../../src/approvals/index.js';
import type { MachineTool } from '../../src/catalog/types.js';
import { approvalNote, approvalQuestion, confirmQuestion, decisionOf } from '../../src/bridge/questions.js';

const approval: PendingApproval = {
  eventId: 12,
  state: 'AskForApproval',
  token: 'tok',
  message: 'Refund 250 USD?',
  schema: { type: 'object', properties: { approved: { type: 'boolean' } }, required: ['approved'] },
};

describe('approvalQuestion', () => {
  it('is keyed by the TaskScheduled event, shows the message, and puts a refused answer first', () => {
    expect(approvalQuestion(approval)).toEqual({
      ok: true,
      value: {
        key: 'approval-12',
        message: 'Refund 250 USD?',
        form: { type: 'object', properties: { approved: { type: 'boolean' } }, required: ['approved'] },
      },
    });
    const again = approvalQuestion(approval, '/approved: must be boolean');
    expect(again.ok && again.value.message).toBe(
      'Your answer could not be used (/approved: must be boolean). Please answer again.\n\nRefund 250 USD?',
    );
  });

  it('fails, naming the state, when no form can show the answer schema', () => {
    const nested = { ...approval, schema: { properties: { address: { type: 'object' } } } };
    expect(approvalQuestion(nested)).toEqual({
      ok: false,
      error:
        'state "AskForApproval" asks for an answer that a form cannot show: answer field "address" is an object; a form field is text, a number, an integer, true/false, or a choice of texts',
    });
  });
});

describe('confirmQuestion', () => {
  it('shows the arguments and asks for no fields (accept starts, decline does not)', () => {
    const tool = { name: 'refund', annotations: { title: 'Refund' } } as MachineTool;
    expect(confirmQuestion(tool, { orderId: 'ORD-1' })).toEqual({
      key: 'confirm',
      message: 'Start the workflow "Refund" (tool refund) with these arguments?\n{\n  "orderId": "ORD-1"\n}',
      form: { type: 'object', properties: {} },
    });
  });
});

describe('decisionOf and approvalNote', () => {
  it('an accepted answer carries the checked content; decline and cancel carry none', () => {
    expect(decisionOf({ action: 'accept', content: { x: 1 } }, { x: 1 })).toEqual({
      action: 'accept',
      answer: { x: 1 },
      by: 'person',
    });
    expect(decisionOf({ action: 'cancel' }, {})).toEqual({ action: 'cancel', by: 'person' });
  });

  it('says who may answer: only a person, unless the operator lets the agent', () => {
    const opts = { why: 'No form.', executionArn: 'arn:x' };
    expect(approvalNote(approval, { ...opts, agentMayAnswer: false })).toContain(
      'Only a person can answer it (you cannot)',
    );
    const agent = approvalNote(approval, { ...opts, agentMayAnswer: true });
    expect(agent).toContain('call answer_approval with executionArn "arn:x"');
    expect(agent).toContain('"Refund 250 USD?"');
  });
});
