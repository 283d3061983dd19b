/**
 * The execution input of an event tool: the call's arguments are the detail, the machine gets the whole
 * event EventBridge would deliver. eventInput alone (pure), then through callMachineTool against the
 * local engine's echo machine, whose output is its input.
 */
import { describe, expect, it } from 'vitest';
import { buildTool } from '../../src/catalog/assemble.js';
import { ENVELOPE_ARGUMENT } from '../../src/catalog/event-schema.js';
import type { MachineTool } from '../../src/catalog/types.js';
import { eventInput, eventTime } from '../../src/execution/event-envelope.js';
import type { ToolCallResult } from '../../src/execution/index.js';
import {
  minimalEvent,
  PARTNER_SOURCE,
  PARTNER_TICKET,
  PUBLICATION_REQUESTED,
} from '../catalog/event-documents.js';
import { useEchoEngine } from './echo-engine.js';
import { MACHINE_ARN, toolWith } from './fixtures.js';

const NOW = new Date('2019-02-26T19:42:21.123Z');
const ID = '6a7e8feb-b491-4cf7-a9f1-bf3703467718';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function eventTool(
  extra: Partial<MachineTool> = {},
): MachineTool & { event: NonNullable<MachineTool['event']> } {
  return {
    ...toolWith({ type: 'object' }),
    event: {
      source: 'unicorn.web',
      detailType: 'PublicationApprovalRequested',
      envelopeArgument: ENVELOPE_ARGUMENT,
    },
    ...extra,
  } as MachineTool & { event: NonNullable<MachineTool['event']> };
}

describe('eventInput', () => {
  it('wraps the arguments in the event, fields in the order EventBridge writes them', () => {
    const event = eventInput(eventTool(), { property_id: 'p-1' }, { now: NOW, id: ID });
    expect(JSON.stringify(event)).toBe(
      JSON.stringify({
        version: '0',
        id: ID,
        'detail-type': 'PublicationApprovalRequested',
        source: 'unicorn.web',
        account: '123456789012',
        time: '2019-02-26T19:42:21Z',
        region: 'us-east-1',
        resources: [],
        detail: { property_id: 'p-1' },
      }),
    );
    expect(MACHINE_ARN).toContain(':us-east-1:123456789012:');
  });

  it('takes every field the envelope argument sets, and keeps that argument out of the detail', () => {
    const overrides = {
      version: '1',
      id: 'my-id',
      'detail-type': 'Other',
      source: 'com.example',
      account: '210987654321',
      time: '2019-02-26T19:42:21',
      region: 'eu-west-1',
      resources: ['arn:aws:s3:::unicorn-images/front.jpg'],
    };
    const event = eventInput(
      eventTool(),
      { property_id: 'p-1', [ENVELOPE_ARGUMENT]: overrides },
      { now: NOW, id: ID },
    );
    expect(event).toEqual({ ...overrides, detail: { property_id: 'p-1' } });
  });

  it('leaves out source and detail-type when the document names none and the call sets none', () => {
    const event = eventInput(
      eventTool({ event: { envelopeArgument: ENVELOPE_ARGUMENT } }),
      {},
      { now: NOW, id: ID },
    );
    expect(Object.keys(event)).toEqual(['version', 'id', 'account', 'time', 'region', 'resources', 'detail']);
  });

  it('unwraps a wrapped detail, and keeps a field called like the envelope argument when the tool has none', () => {
    const wrapped = eventInput(
      eventTool({ wrapsInput: true }),
      { input: ['a', 'b'], [ENVELOPE_ARGUMENT]: { id: 'x' } },
      { now: NOW, id: ID },
    );
    expect(wrapped).toMatchObject({ id: 'x', detail: ['a', 'b'] });
    const own = eventInput(
      eventTool({ event: { source: 's', detailType: 'd' } }),
      { [ENVELOPE_ARGUMENT]: 'mine' },
      { now: NOW, id: ID },
    );
    expect(own).toMatchObject({ id: ID, detail: { [ENVELOPE_ARGUMENT]: 'mine' } });
  });

  it('writes time in UTC to the second', () => {
    expect(eventTime(new Date('2024-07-01T23:59:59.999+02:00'))).toBe('2024-07-01T21:59:59Z');
  });
});

describe('calling an event tool', () => {
  const echo = useEchoEngine();

  /** The tool discovery builds for the document, on the echo machine. */
  function toolOf(document: object): MachineTool {
    const { tool } = buildTool(
      {
        machine: { arn: MACHINE_ARN, name: 'Orders', type: 'EXPRESS', invokeArn: MACHINE_ARN },
        schema: {
          arn: 'arn:aws:schemas:us-east-1:123456789012:schema/r/s',
          type: 'OpenApi3',
          content: JSON.stringify(document),
        },
      },
      'Orders',
    );
    return tool;
  }

  function outputOf(r: ToolCallResult): Record<string, unknown> {
    expect(r.isError, r.content[0]?.text).toBeUndefined();
    return r.structuredContent as Record<string, unknown>;
  }

  it('starts the machine with the whole event around a call that gives only the detail', async () => {
    const tool = toolOf(PARTNER_TICKET);
    const detail = { ticketId: 'T-1', customer: { email: 'ada@example.com' } };
    const before = eventTime(new Date());
    const event = outputOf(await echo.call(tool.inputSchema, detail, { event: tool.event! }));
    const after = eventTime(new Date());
    expect(echo.engine.calls.counts()).toEqual({ StartSyncExecution: 1 });
    expect(event).toEqual({
      version: '0',
      id: expect.stringMatching(UUID),
      'detail-type': 'Ticket.Created',
      source: PARTNER_SOURCE,
      account: echo.engine.accountId,
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      region: 'us-east-1',
      resources: [],
      detail,
    });
    expect(String(event.time) >= before && String(event.time) <= after).toBe(true);
  });

  it('gives each call its own event id', async () => {
    const tool = toolOf(PARTNER_TICKET);
    const detail = { ticketId: 'T-1', customer: { email: 'ada@example.com' } };
    const first = outputOf(await echo.call(tool.inputSchema, detail, { event: tool.event! }));
    const second = outputOf(await echo.call(tool.inputSchema, detail, { event: tool.event! }));
    expect(first.id).not.toBe(second.id);
  });

  it('refuses a detail the schema refuses, naming the path, and starts nothing', async () => {
    const tool = toolOf(PUBLICATION_REQUESTED);
    const r = await echo.call(
      tool.inputSchema,
      { property_id: 'p-1', [ENVELOPE_ARGUMENT]: { resources: [{}] } },
      { event: tool.event! },
    );
    expect(r.isError).toBe(true);
    expect(r.content[0]!.text).toContain(`- /${ENVELOPE_ARGUMENT}/resources/0: must be string`);
    expect(r.content[0]!.text).toContain("- (root): must have required property 'address'");
    expect(echo.engine.calls.counts()).toEqual({});
  });

  it('holds the whole event, not only the detail, to the 256 KiB input limit', async () => {
    const tool = toolOf(minimalEvent({ type: 'object' }));
    // A detail of 262,100 bytes fits alone; the envelope takes the event past 262,144.
    const detail = { blob: 'x'.repeat(262_100 - '{"blob":""}'.length) };
    expect(JSON.stringify(detail).length).toBe(262_100);
    const r = await echo.call(tool.inputSchema, detail, { event: tool.event! });
    expect(r.isError).toBe(true);
    expect(r.content[0]!.text).toMatch(/^Input too large: 262,[0-9]{3} bytes as JSON/);
    expect(echo.engine.calls.counts()).toEqual({});
  });
});
