/** How search_workflows ranks workflows (src/bridge/meta-tools/ranking.ts): pure, deterministic. */
import { describe, expect, it } from 'vitest';
import type { MachineTool } from '../../../src/catalog/types.js';
import { queryWords, rankTools, wordScore, wordsOf } from '../../../src/bridge/meta-tools/ranking.js';

function tool(name: string, description: string, machineName = name): MachineTool {
  return {
    name,
    description,
    inputSchema: { type: 'object' },
    wrapsInput: false,
    hasSchema: false,
    annotations: { title: machineName },
    machine: {
      arn: `arn:aws:states:us-east-1:123456789012:stateMachine:${machineName}`,
      name: machineName,
      type: 'EXPRESS',
      invokeArn: `arn:aws:states:us-east-1:123456789012:stateMachine:${machineName}`,
    },
  };
}

const names = (tools: MachineTool[]) => tools.map((t) => t.name);

describe('wordsOf', () => {
  it('splits at anything but letters and digits, and at camelCase humps, lower-cased', () => {
    expect(wordsOf('demo-order_fulfillment v2')).toEqual(['demo', 'order', 'fulfillment', 'v2']);
    expect(wordsOf('RefundOrder HTTPServer café')).toEqual(['refund', 'order', 'http', 'server', 'café']);
    expect(wordsOf('  --  ')).toEqual([]);
  });

  it('makes each query word count once', () => {
    expect(queryWords('Order order ORDER refund')).toEqual(['order', 'refund']);
  });
});

describe('wordScore', () => {
  const t = tool('refund_order', 'Refunds a paid order.\n\nWorkflow Description: Checks the payment first.');

  it('weighs a whole word of the name above its start, above a description word, above a description word start', () => {
    expect(wordScore('refund', t)).toBe(6);
    expect(wordScore('refunding', t)).toBe(4); // the name word starts the query word
    expect(wordScore('payment', t)).toBe(2);
    expect(wordScore('pay', t)).toBe(1);
    expect(wordScore('shipping', t)).toBe(0);
  });

  it('does not match on starts shorter than three characters', () => {
    expect(wordScore('re', t)).toBe(0);
  });

  it('reads the machine name as well as the tool name (the prefix is cut from the tool name)', () => {
    expect(wordScore('app', tool('orders', 'x', 'app-orders'))).toBe(6);
  });
});

describe('rankTools', () => {
  const tools = [
    tool('ship_order', 'Ships an order to the customer.'),
    tool('refund_order', 'Refunds a paid order.'),
    tool('audit', 'Checks refunds of the day.'),
    tool('create_order', 'Creates an order.'),
    tool('weather', 'Says what the weather is.'),
  ];

  it('puts workflows matching more query words first, then higher scores, then names', () => {
    expect(names(rankTools(tools, 'refund order'))).toEqual([
      'refund_order', // both words, in the name
      'create_order', // one word, in the name: ties broken by name
      'ship_order',
      'audit', // one word, and only the start of a description word ("refunds")
    ]);
  });

  it('leaves out workflows that match no word', () => {
    expect(names(rankTools(tools, 'weather'))).toEqual(['weather']);
    expect(rankTools(tools, 'nothing here matches')).toEqual([]);
  });

  it('lists every workflow in name order for an empty query', () => {
    expect(names(rankTools(tools, ''))).toEqual([
      'audit',
      'create_order',
      'refund_order',
      'ship_order',
      'weather',
    ]);
    expect(names(rankTools(tools, ' -- '))).toEqual(names(rankTools(tools, '')));
  });

  it('gives the same order whatever the order of the tools', () => {
    const reversed = [...tools].reverse();
    for (const q of ['order', 'refund order', 'the', '']) {
      expect(names(rankTools(reversed, q))).toEqual(names(rankTools(tools, q)));
    }
  });
});
