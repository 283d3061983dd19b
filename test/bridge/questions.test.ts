/** The questions put to the person and the notes for clients that cannot show them (pure). */
import { describe, expect, it } from 'vitest';
import type { PendingApproval } from '../../src/approvals/index.js';
import type { MachineTool } from '../../src/catalog/types.js';
import {
  approvalNote,
  approvalQuestion,
  cannotConfirmResult,
  confirmQuestion,
  decisionOf,
  notStartedResult,
} from '../../src/bridge/questions.js';

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

  it('names the workflow through run_workflow when the client called that (its own tool is not listed)', () => {
    const tool = { name: 'refund', annotations: { title: 'Refund' } } as MachineTool;
    expect(confirmQuestion(tool, {}, 'run-tool').message).toBe(
      'Start the workflow "Refund" (refund, through run_workflow) with these arguments?\n{}',
    );
  });
});

describe('refusals before a tagged machine starts', () => {
  const tool = { name: 'refund', annotations: { title: 'Refund' } } as MachineTool;
  const textOf = (r: { content: Array<{ text: string }> }) => r.content[0]!.text;

  it('through the own tool: the tool by name, "do not call it again"', () => {
    expect(textOf(notStartedResult(tool, 'decline'))).toBe(
      'Not started: the user declined the start of refund. Nothing was started; do not call it again unless the user asks.',
    );
    expect(textOf(cannotConfirmResult(tool))).toMatch(
      /^Refused: refund starts only after the user confirms its arguments .* Nothing was started\. Use a client/,
    );
  });

  it('through run_workflow: the workflow by name and run_workflow, never the unlisted tool as a tool', () => {
    const declined = notStartedResult(tool, 'cancel', 'run-tool');
    expect(textOf(declined)).toBe(
      'Not started: the user dismissed without confirming the start of workflow "refund". Nothing was ' +
        'started; do not call run_workflow for it again unless the user asks.',
    );
    expect(declined).toMatchObject({ isError: true, _meta: { confirmation: 'cancel' } });
    const refused = textOf(cannotConfirmResult(tool, 'run-tool'));
    expect(refused).toMatch(/^Refused: workflow "refund" starts only after the user confirms its arguments/);
    expect(refused).toContain('calling run_workflow for it again from this client will not start it either');
    expect(refused).not.toMatch(/call it again/);
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
