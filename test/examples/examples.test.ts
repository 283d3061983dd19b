/**
 * Checks every example state machine in examples/state-machines/: the definition passes the engine's
 * definition check (what CreateStateMachine runs), the sidecar files have the right shape, the input schema
 * accepts the sample inputs and rejects bad ones (Ajv), and every sample RUNS on the local engine through
 * the MCP server's tools (the real MCP client over an in-memory transport, the real Bridge, the engine over
 * HTTP with the real AWS SDK), giving the exact outputs, errors and causes the README documents.
 */
import { afterAll, beforeAll, describe, it, expect } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Ajv } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { InMemoryTransport, type Client } from '@modelcontextprotocol/client';
import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  StartExecutionCommand,
  StartSyncExecutionCommand,
  type HistoryEvent,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import { destroyAwsClients, type AwsClients } from '../../src/aws/clients.js';
import { Bridge } from '../../src/bridge/index.js';
import { resolveConfig } from '../../src/config/index.js';
import { validateDefinitionValue } from '../../src/engine/asl/validate/check-definition.js';
import { silentLogger } from '../../src/log.js';
import { createServer } from '../../src/mcp/server.js';
import { engineClients, machineFolder, sfnClient, startTestEngine, type Engine } from '../helpers/engine.js';
import { newClient } from '../helpers/server.js';
import { waitFor } from '../helpers/wait-for.js';

// ajv-formats is CommonJS: under NodeNext its default import is the module object, which carries `.default`.
const addFormats = addFormatsModule.default;

const ROOT = fileURLToPath(new URL('../../examples/state-machines/', import.meta.url));
const PREFIX = 'demo-';
const DRAFT_04 = 'http://json-schema.org/draft-04/schema#';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Handler = (input: Json, context?: unknown) => Promise<Json>;
type States = Record<string, Record<string, Json>>;

interface Case {
  title: string;
  input: Json;
  /** Exact execution output on success. */
  output?: Json;
  /** Error name and cause on failure. */
  error?: string;
  cause?: string;
  /** Number of StateRetried events expected (default 0). */
  retries?: number;
  /** States that must have been entered (e.g. a compensation path). */
  entered?: string[];
  /** Whether the input schema accepts this input (default true). */
  schemaValid?: boolean;
}

interface Expectations {
  type: 'STANDARD' | 'EXPRESS';
  /** The definition's query language; default JSONPath. */
  language?: 'JSONPath' | 'JSONata';
  toolName: string;
  schema: 'JSONSchemaDraft4' | 'OpenApi3' | 'none';
  documented: boolean;
  cases: Case[];
  /** Inputs the input schema must reject. */
  schemaRejects?: Json[];
}

const ORDER: Json = {
  orderId: 'ORD-5001',
  customerId: 'C-1001',
  items: [
    { sku: 'KB-MECH-01', quantity: 1 },
    { sku: 'MS-WL-02', quantity: 2 },
  ],
  payment: { method: 'CARD', cardToken: 'tok_visa' },
  shippingAddress: {
    name: 'Ana Souza',
    line1: '410 Terry Ave N',
    city: 'Seattle',
    postalCode: '98109',
    country: 'US',
  },
};
const withOrder = (changes: Record<string, Json>): Json => ({
  ...(ORDER as Record<string, Json>),
  ...changes,
});

const SEATTLE = { postalCode: '98109', country: 'US' };
const NEW_YORK = { postalCode: '10001', country: 'US' };
const BOX = { weightKg: 2.5, lengthCm: 30, widthCm: 20, heightCm: 15 };

const INVOICE: Json = {
  invoiceId: 'INV-2024-0042',
  customer: 'C-1001',
  currency: 'USD',
  lines: [
    { sku: 'KB-MECH-01', description: 'Mechanical keyboard', quantity: 2, unitPrice: 129 },
    { sku: 'MS-WL-02', description: 'Wireless mouse', quantity: 3, unitPrice: 49.5 },
  ],
  discountCode: 'WELCOME10',
};

const EXPECTED: Record<string, Expectations> = {
  'demo-customer-lookup': {
    type: 'EXPRESS',
    toolName: 'customer_lookup',
    schema: 'JSONSchemaDraft4',
    documented: true,
    cases: [
      {
        title: 'by id',
        input: { customerId: 'C-1001' },
        output: {
          customerId: 'C-1001',
          name: 'Ana Souza',
          email: 'ana.souza@example.com',
          tier: 'GOLD',
          status: 'ACTIVE',
          customerSince: '2019-04-12',
          country: 'BR',
          openOrders: 2,
          lifetimeValue: { amount: 4820.5, currency: 'USD' },
        },
      },
      {
        title: 'by email, ignoring case',
        input: { customerEmail: 'Mei.Tanaka@example.com' },
        output: {
          customerId: 'C-1003',
          name: 'Mei Tanaka',
          email: 'mei.tanaka@example.com',
          tier: 'PLATINUM',
          status: 'ACTIVE',
          customerSince: '2016-09-05',
          country: 'JP',
          openOrders: 5,
          lifetimeValue: { amount: 28450.75, currency: 'USD' },
        },
      },
      {
        title: 'unknown id',
        input: { customerId: 'C-9999' },
        error: 'CustomerNotFound',
        cause: "No customer has customerId 'C-9999'.",
      },
      {
        title: 'unknown email',
        input: { customerEmail: 'nobody@example.com' },
        error: 'CustomerNotFound',
        cause: "No customer has customerEmail 'nobody@example.com'.",
      },
      {
        title: 'no lookup key',
        input: {},
        error: 'InvalidLookupRequest',
        cause: 'Provide customerId (for example C-1001) or customerEmail to look a customer up.',
        schemaValid: false,
      },
    ],
    schemaRejects: [
      { customerId: '1001' },
      { customerEmail: 'not-an-email' },
      { customerId: 'C-1001', extra: 1 },
    ],
  },

  'demo-order-fulfillment': {
    type: 'STANDARD',
    toolName: 'order_fulfillment',
    schema: 'OpenApi3',
    documented: true,
    cases: [
      {
        title: 'a small order: no fraud screen, free shipping',
        input: ORDER,
        output: {
          orderId: 'ORD-5001',
          status: 'CONFIRMED',
          customerId: 'C-1001',
          lines: [
            {
              sku: 'KB-MECH-01',
              description: 'Mechanical keyboard (US layout)',
              quantity: 1,
              unitPrice: 129,
              lineTotal: 129,
            },
            { sku: 'MS-WL-02', description: 'Wireless mouse', quantity: 2, unitPrice: 49.5, lineTotal: 99 },
          ],
          subtotal: 228,
          shipping: 0,
          total: 228,
          currency: 'USD',
          paymentId: 'PAY-ORD-5001',
          reservationId: 'RSV-ORD-5001',
          fraudCheck: 'NOT_REQUIRED',
          shipment: {
            carrier: 'UPS',
            service: 'GROUND',
            trackingNumber: '1Z3BF3F305E53816A0',
            estimatedDeliveryDays: 5,
          },
        },
        entered: ['SkipFraudScreen'],
      },
      {
        title: 'a large express order: fraud screen, and a transient inventory outage that is retried',
        input: withOrder({
          orderId: 'ORD-5002',
          items: [
            { sku: 'MON-27-4K', quantity: 2 },
            { sku: 'DOCK-USB-C', quantity: 1 },
          ],
          shippingSpeed: 'EXPRESS',
          simulateInventoryOutage: true,
        }),
        output: {
          orderId: 'ORD-5002',
          status: 'CONFIRMED',
          customerId: 'C-1001',
          lines: [
            {
              sku: 'MON-27-4K',
              description: '27-inch 4K monitor',
              quantity: 2,
              unitPrice: 449,
              lineTotal: 898,
            },
            {
              sku: 'DOCK-USB-C',
              description: 'USB-C docking station',
              quantity: 1,
              unitPrice: 199,
              lineTotal: 199,
            },
          ],
          subtotal: 1097,
          shipping: 24.99,
          total: 1121.99,
          currency: 'USD',
          paymentId: 'PAY-ORD-5002',
          reservationId: 'RSV-ORD-5002',
          fraudCheck: 'PASSED',
          shipment: {
            carrier: 'UPS',
            service: 'NEXT_DAY_AIR',
            trackingNumber: '1Z38F3EE4CDC6D100E',
            estimatedDeliveryDays: 1,
          },
        },
        retries: 1,
        entered: ['ScreenForFraud'],
      },
      {
        title: 'a declined card: compensation releases the stock, then PaymentDeclined',
        input: withOrder({ payment: { method: 'CARD', cardToken: 'tok_chargeDeclinedInsufficientFunds' } }),
        error: 'PaymentDeclined',
        cause:
          'Payment for order ORD-5001 (228 USD) was declined: The card issuer declined the charge (insufficient_funds). ' +
          'Reservation RSV-ORD-5001 was released and nothing was charged.',
        entered: ['ReleaseInventory', 'DescribeDecline', 'PaymentDeclined'],
      },
      {
        title: 'an out-of-stock item',
        input: withOrder({ items: [{ sku: 'CHAIR-ERGO-01', quantity: 1 }] }),
        error: 'OutOfStock',
        cause: 'SKU CHAIR-ERGO-01: 1 requested, 0 available. Nothing was reserved or charged.',
      },
      {
        title: 'an unknown SKU',
        input: withOrder({ items: [{ sku: 'XX-1', quantity: 1 }] }),
        error: 'InvalidOrder',
        cause: "Unknown SKU 'XX-1'. Known SKUs: KB-MECH-01, MS-WL-02, MON-27-4K, DOCK-USB-C, CHAIR-ERGO-01.",
      },
    ],
    schemaRejects: [
      withOrder({ items: [] }),
      withOrder({ items: [{ sku: 'KB-MECH-01', quantity: 0 }] }),
      withOrder({ payment: { method: 'CASH', cardToken: 'tok_visa' } }),
      withOrder({
        shippingAddress: { name: 'A', line1: 'B', city: 'C', postalCode: '98109', country: 'usa' },
      }),
      withOrder({ shippingSpeed: 'OVERNIGHT' }),
    ],
  },

  'demo-data-export': {
    type: 'STANDARD',
    toolName: 'data_export',
    schema: 'JSONSchemaDraft4',
    documented: true,
    cases: [
      {
        title: 'two datasets for a quarter',
        input: {
          datasets: ['orders', 'refunds'],
          dateRange: { from: '2024-01-01', to: '2024-03-31' },
          format: 'CSV',
          requestedBy: 'finance@example.com',
        },
        output: {
          exportId: 'exp-7043328e',
          format: 'CSV',
          dateRange: { from: '2024-01-01', to: '2024-03-31' },
          requestedBy: 'finance@example.com',
          files: [
            {
              dataset: 'orders',
              location: 's3://acme-data-exports/exp-7043328e/orders/part-00000.csv',
              downloadUrl:
                'https://acme-data-exports.s3.us-east-1.amazonaws.com/exp-7043328e/orders/part-00000.csv?X-Amz-Expires=3600',
              rowCount: 112840,
              sizeBytes: 23922080,
            },
            {
              dataset: 'refunds',
              location: 's3://acme-data-exports/exp-7043328e/refunds/part-00000.csv',
              downloadUrl:
                'https://acme-data-exports.s3.us-east-1.amazonaws.com/exp-7043328e/refunds/part-00000.csv?X-Amz-Expires=3600',
              rowCount: 3367,
              sizeBytes: 505050,
            },
          ],
          linkExpiresInSeconds: 3600,
        },
        entered: ['WaitForExportJob'],
      },
      {
        title: 'one dataset for one day, default format',
        input: { datasets: ['customers'], dateRange: { from: '2024-02-29', to: '2024-02-29' } },
        output: {
          exportId: 'exp-ec6db2d0',
          format: 'CSV',
          dateRange: { from: '2024-02-29', to: '2024-02-29' },
          requestedBy: null,
          files: [
            {
              dataset: 'customers',
              location: 's3://acme-data-exports/exp-ec6db2d0/customers/part-00000.csv',
              downloadUrl:
                'https://acme-data-exports.s3.us-east-1.amazonaws.com/exp-ec6db2d0/customers/part-00000.csv?X-Amz-Expires=3600',
              rowCount: 85,
              sizeBytes: 28900,
            },
          ],
          linkExpiresInSeconds: 3600,
        },
      },
      {
        title: 'a range that ends before it starts',
        input: { datasets: ['orders'], dateRange: { from: '2024-04-01', to: '2024-03-31' } },
        error: 'InvalidDateRange',
        cause: 'dateRange.from (2024-04-01) is after dateRange.to (2024-03-31).',
      },
      {
        title: 'a range longer than 366 days',
        input: { datasets: ['invoices'], dateRange: { from: '2023-01-01', to: '2024-06-30' } },
        error: 'InvalidDateRange',
        cause:
          'The range covers 547 days; at most 366 can be exported at once. Split it into smaller ranges.',
      },
      {
        title: 'a day that does not exist',
        input: { datasets: ['orders'], dateRange: { from: '2023-02-29', to: '2023-03-31' } },
        error: 'InvalidDateRange',
        cause: "dateRange.from '2023-02-29' is not a calendar date in YYYY-MM-DD form.",
      },
    ],
    schemaRejects: [
      { datasets: [], dateRange: { from: '2024-01-01', to: '2024-01-31' } },
      { datasets: ['payroll'], dateRange: { from: '2024-01-01', to: '2024-01-31' } },
      { datasets: ['orders', 'orders'], dateRange: { from: '2024-01-01', to: '2024-01-31' } },
      { datasets: ['orders'], dateRange: { from: '01/01/2024', to: '2024-01-31' } },
      { datasets: ['orders'], dateRange: { from: '2024-01-01', to: '2024-01-31' }, format: 'XLSX' },
      { datasets: ['orders'] },
    ],
  },

  'demo-shipping-quotes': {
    type: 'EXPRESS',
    toolName: 'shipping_quotes',
    schema: 'JSONSchemaDraft4',
    documented: true,
    cases: [
      {
        title: 'a small box across the US: all three carriers quote',
        input: { origin: SEATTLE, destination: NEW_YORK, package: BOX },
        output: {
          quotes: [
            { carrier: 'USPS', service: 'PRIORITY_MAIL', amount: 19.95, currency: 'USD', transitDays: 5 },
            { carrier: 'UPS', service: 'GROUND', amount: 22.75, currency: 'USD', transitDays: 4 },
            { carrier: 'FedEx', service: 'HOME_DELIVERY', amount: 25.6, currency: 'USD', transitDays: 3 },
          ],
          cheapest: {
            carrier: 'USPS',
            service: 'PRIORITY_MAIL',
            amount: 19.95,
            currency: 'USD',
            transitDays: 5,
          },
          fastest: {
            carrier: 'FedEx',
            service: 'HOME_DELIVERY',
            amount: 25.6,
            currency: 'USD',
            transitDays: 3,
          },
          unavailable: [],
        },
      },
      {
        title: 'a 40 kg parcel to Canada: USPS cannot take it, the others still quote',
        input: {
          origin: SEATTLE,
          destination: { postalCode: 'V6B 1A1', country: 'CA' },
          package: { weightKg: 40, lengthCm: 60, widthCm: 40, heightCm: 40 },
        },
        output: {
          quotes: [
            { carrier: 'UPS', service: 'GROUND', amount: 388.5, currency: 'USD', transitDays: 6 },
            { carrier: 'FedEx', service: 'HOME_DELIVERY', amount: 449.1, currency: 'USD', transitDays: 5 },
          ],
          cheapest: { carrier: 'UPS', service: 'GROUND', amount: 388.5, currency: 'USD', transitDays: 6 },
          fastest: {
            carrier: 'FedEx',
            service: 'HOME_DELIVERY',
            amount: 449.1,
            currency: 'USD',
            transitDays: 5,
          },
          unavailable: [
            { carrier: 'USPS', reason: 'USPS accepts packages up to 31.5 kg; this one weighs 40 kg.' },
          ],
        },
        entered: ['USPSUnavailable'],
      },
      {
        title: 'a 90 kg crate: no carrier',
        input: { origin: SEATTLE, destination: NEW_YORK, package: { ...BOX, weightKg: 90 } },
        error: 'NoCarrierAvailable',
        cause:
          'No carrier can take this package. UPS accepts packages up to 70 kg; this one weighs 90 kg. ' +
          'FedEx accepts packages up to 68 kg; this one weighs 90 kg. USPS accepts packages up to 31.5 kg; this one weighs 90 kg.',
      },
    ],
    schemaRejects: [
      { origin: SEATTLE, destination: NEW_YORK },
      { origin: { postalCode: '98109', country: 'United States' }, destination: NEW_YORK, package: BOX },
      { origin: SEATTLE, destination: NEW_YORK, package: { ...BOX, weightKg: 0 } },
      { origin: SEATTLE, destination: NEW_YORK, package: { ...BOX, weightKg: 151 } },
    ],
  },

  'demo-invoice-summary': {
    type: 'EXPRESS',
    language: 'JSONata',
    toolName: 'invoice_summary',
    schema: 'JSONSchemaDraft4',
    documented: true,
    cases: [
      {
        title: 'two lines with a 10% discount code',
        input: INVOICE,
        output: {
          invoiceId: 'INV-2024-0042',
          customer: 'C-1001',
          currency: 'USD',
          lines: [
            {
              line: 1,
              sku: 'KB-MECH-01',
              description: 'Mechanical keyboard',
              quantity: 2,
              unitPrice: 129,
              amount: 258,
            },
            {
              line: 2,
              sku: 'MS-WL-02',
              description: 'Wireless mouse',
              quantity: 3,
              unitPrice: 49.5,
              amount: 148.5,
            },
          ],
          subtotal: 406.5,
          discountCode: 'WELCOME10',
          discount: 40.65,
          total: 365.85,
        },
      },
      {
        title: 'one line, no discount code',
        input: {
          invoiceId: 'INV-2024-0043',
          customer: 'C-1002',
          currency: 'EUR',
          lines: [{ sku: 'DOCK-USB-C', description: 'USB-C docking station', quantity: 1, unitPrice: 199 }],
        },
        output: {
          invoiceId: 'INV-2024-0043',
          customer: 'C-1002',
          currency: 'EUR',
          lines: [
            {
              line: 1,
              sku: 'DOCK-USB-C',
              description: 'USB-C docking station',
              quantity: 1,
              unitPrice: 199,
              amount: 199,
            },
          ],
          subtotal: 199,
          discountCode: 'NONE',
          discount: 0,
          total: 199,
        },
      },
      {
        title: 'an unknown discount code',
        input: { ...INVOICE, discountCode: 'FREE100' },
        error: 'UnknownDiscountCode',
        cause: 'The discount code FREE100 does not exist; valid codes are WELCOME10 and VIP20.',
      },
    ],
    schemaRejects: [
      { ...INVOICE, lines: [] },
      { ...INVOICE, currency: 'usd' },
      { ...INVOICE, lines: [{ sku: 'A', description: 'B', quantity: 0, unitPrice: 1 }] },
      { ...INVOICE, note: 'extra' },
    ],
  },

  'demo-refund-approval': {
    type: 'STANDARD',
    language: 'JSONata',
    toolName: 'refund_approval',
    schema: 'JSONSchemaDraft4',
    documented: true,
    // Over 100 USD the run waits for a person's answer: that path is tested below through the engine API.
    cases: [
      {
        title: 'up to 100 USD: refunded at once by policy',
        input: { orderId: 'ORD-7001', amount: 45.5, reason: 'DAMAGED_ITEM' },
        output: {
          orderId: 'ORD-7001',
          refundId: 'RF-7001',
          amount: 45.5,
          currency: 'USD',
          status: 'REFUNDED',
          approvedBy: 'policy',
        },
        entered: ['Register', 'NeedsApproval', 'IssueRefund'],
      },
      {
        title: 'an unknown order',
        input: { orderId: 'ORD-0000', amount: 10, reason: 'OTHER' },
        error: 'OrderNotFound',
        cause: "No paid order has orderId 'ORD-0000'; nothing was refunded.",
      },
    ],
    schemaRejects: [
      { orderId: 'ORD-7001', amount: 0, reason: 'OTHER' },
      { orderId: 'ORD-7001', amount: 10, reason: 'BORED' },
      { orderId: '7001', amount: 10, reason: 'OTHER' },
      { orderId: 'ORD-7001', amount: 10, reason: 'OTHER', extra: true },
    ],
  },

  'demo-refund-request': {
    type: 'STANDARD',
    toolName: 'refund_request',
    schema: 'JSONSchemaDraft4',
    documented: true,
    cases: [
      {
        title: 'a partial refund within the balance',
        input: {
          orderId: 'ORD-5004',
          amount: 75.5,
          reason: 'DAMAGED_ITEM',
          note: 'Screen cracked on arrival.',
        },
        output: {
          orderId: 'ORD-5004',
          refundId: 'RF-985A1AF1',
          status: 'REFUNDED',
          amount: 75.5,
          currency: 'USD',
          reason: 'DAMAGED_ITEM',
          remainingRefundable: 124.5,
        },
      },
      {
        title: 'over the automatic limit',
        input: { orderId: 'ORD-5002', amount: 650, reason: 'CHANGED_MIND' },
        error: 'RefundLimitExceeded',
        cause:
          'A refund of 650 USD for order ORD-5002 is over the automatic refund limit of 500 USD. ' +
          'A support supervisor must approve it; nothing was refunded.',
      },
      {
        title: 'more than the refundable balance',
        input: { orderId: 'ORD-5003', amount: 10, reason: 'NOT_RECEIVED' },
        error: 'RefundExceedsBalance',
        cause:
          'A refund of 10 USD for order ORD-5003 is more than its refundable balance of 0 USD ' +
          '(paid 45, already refunded 45); nothing was refunded.',
      },
      {
        title: 'an unknown order',
        input: { orderId: 'ORD-0000', amount: 10, reason: 'OTHER' },
        error: 'OrderNotFound',
        cause: "No paid order has orderId 'ORD-0000'; nothing was refunded.",
      },
    ],
    schemaRejects: [
      { orderId: 'ORD-5001', amount: 0, reason: 'OTHER' },
      { orderId: 'ORD-5001', amount: 10, reason: 'BORED' },
      { orderId: '5001', amount: 10, reason: 'OTHER' },
      { orderId: 'ORD-5001', amount: '10', reason: 'OTHER' },
    ],
  },

  'demo-stock-level': {
    type: 'EXPRESS',
    toolName: 'stock_level',
    schema: 'none',
    documented: false,
    cases: [
      {
        title: 'a stocked SKU',
        input: { sku: 'MON-27-4K' },
        output: { sku: 'MON-27-4K', warehouse: 'SEA-1', onHand: 9, reserved: 1, available: 8 },
      },
      {
        title: 'an unknown SKU',
        input: { sku: 'NOPE-1' },
        error: 'UnknownSku',
        cause: "SKU 'NOPE-1' is not stocked in warehouse SEA-1.",
      },
    ],
  },
};

// ---------------------------------------------------------------------------------------------------------

interface Machine {
  name: string;
  dir: string;
  definition: { Comment?: string; QueryLanguage?: string; States: unknown };
  meta: { type: string; description?: string; tags?: Record<string, unknown> } & Record<string, unknown>;
  schema?: Record<string, unknown>;
  handlers: Record<string, Handler>;
}

const readJson = (file: string): unknown => JSON.parse(readFileSync(file, 'utf8'));

async function load(name: string): Promise<Machine> {
  const dir = path.join(ROOT, name);
  const schemaFile = path.join(dir, 'input-schema.json');
  const handlersFile = path.join(dir, 'handlers.mjs');
  const handlers = existsSync(handlersFile)
    ? ((await import(pathToFileURL(handlersFile).href)) as { default: Record<string, Handler> }).default
    : {};
  return {
    name,
    dir,
    definition: readJson(path.join(dir, 'definition.asl.json')) as Machine['definition'],
    meta: readJson(path.join(dir, 'machine.json')) as Machine['meta'],
    schema: existsSync(schemaFile) ? (readJson(schemaFile) as Record<string, unknown>) : undefined,
    handlers,
  };
}

/** Every state of a definition, including those inside Parallel branches and Map processors. */
function allStates(definition: { States: unknown }): [string, Record<string, Json>][] {
  const out: [string, Record<string, Json>][] = [];
  for (const [name, state] of Object.entries(definition.States as States)) {
    out.push([name, state]);
    if (state.Type === 'Parallel') {
      for (const branch of state.Branches as { States: unknown }[]) out.push(...allStates(branch));
    }
    if (state.Type === 'Map') {
      const processor = (state.ItemProcessor ?? state.Iterator) as { States: unknown };
      out.push(...allStates(processor));
    }
  }
  return out;
}

const statesOfType = (m: Machine, type: string): string[] =>
  allStates(m.definition)
    .filter(([, s]) => s.Type === type)
    .map(([n]) => n);

/** A callback Task waits for SendTaskSuccess; its handler (if any) only submits the request. */
const isCallback = (state: Record<string, Json>): boolean =>
  typeof state.Resource === 'string' && state.Resource.endsWith('.waitForTaskToken');

/**
 * The tool name the README gives a machine ("One tool per state machine"), written out apart from
 * src/catalog/naming.ts.
 */
function toolName(machineName: string, prefix: string): string {
  let name = prefix && machineName.startsWith(prefix) ? machineName.slice(prefix.length) : machineName;
  name = name.replace(/[^A-Za-z0-9_]/g, '_');
  if (/^[0-9]/.test(name)) name = `_${name}`;
  return name || machineName;
}

interface Outcome {
  output?: Json;
  error?: string;
  cause?: string;
  executionArn?: string;
}

interface Trace {
  retries: number;
  entered: string[];
}

function text(result: { content?: unknown }): string {
  return (result.content as { text?: string }[]).map((c) => c.text ?? '').join('\n');
}

/** A tool result as the outcome of the run: the output, or the error and cause of the failure details. */
function toolOutcome(result: Awaited<ReturnType<Client['callTool']>>): Outcome {
  const executionArn = String(result._meta?.executionArn ?? '');
  if (!result.isError) return { output: JSON.parse(text(result)) as Json, executionArn };
  const body = text(result);
  const details = JSON.parse(body.slice(body.indexOf('\n') + 1)) as { error?: string; cause?: string };
  return { error: details.error, cause: details.cause, executionArn };
}

/** What GetExecutionHistory shows: the states entered, and the retried attempts (Tasks scheduled again). */
function trace(events: HistoryEvent[]): Trace {
  const count = (types: string[]): number => events.filter((e) => types.includes(e.type!)).length;
  return {
    entered: events.flatMap((e) => (e.stateEnteredEventDetails ? [e.stateEnteredEventDetails.name!] : [])),
    retries: count(['TaskScheduled', 'LambdaFunctionScheduled']) - count(['TaskStateEntered']),
  };
}

function validator(m: Machine, dialect: 'draft-07' | '2020-12'): (input: Json) => boolean {
  const ajv = dialect === '2020-12' ? new Ajv2020({ strict: false }) : new Ajv({ strict: false });
  addFormats(ajv);
  const schema = m.schema!;
  if ('openapi' in schema) {
    ajv.addSchema(schema, 'openapi');
    const validate = ajv.getSchema(`openapi#/components/schemas/${m.name}`);
    if (!validate) throw new Error(`no components.schemas["${m.name}"]`);
    return (input) => validate(input) as boolean;
  }
  const { $schema: _draft, ...rest } = schema;
  const validate = ajv.compile(rest);
  return (input) => validate(input) as boolean;
}

/** Every internal $ref in a document, with whether it resolves. */
function refs(doc: unknown): { ref: string; ok: boolean }[] {
  const found: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) {
        if (k === '$ref' && typeof v === 'string') found.push(v);
        else walk(v);
      }
    }
  };
  walk(doc);
  return found.map((ref) => {
    let node: unknown = doc;
    for (const part of ref.replace(/^#\//, '').split('/')) {
      node = node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined;
    }
    return { ref, ok: ref.startsWith('#/') && node !== undefined };
  });
}

// ---------------------------------------------------------------------------------------------------------

/**
 * The engine serving examples/state-machines, an MCP client connected to the server's tools over it, and
 * a second engine with every Express machine as a Standard twin: Express executions keep no history, so
 * the states a sample passes through are read from its twin's.
 */
class Harness {
  engine!: Engine;
  twins!: Engine;
  client!: Client;
  private clients!: AwsClients;
  private twinFolder!: { cleanup: () => Promise<void> };

  async start(machines: Machine[]): Promise<void> {
    this.engine = await startTestEngine(ROOT);
    this.engine.faults.set({ waitScale: 0.001 });
    this.clients = engineClients(this.engine);
    const config = resolveConfig(
      {},
      { STATE_MACHINE_PREFIX: PREFIX, STATE_MACHINE_INPUT_SCHEMA_ARN_TAG_KEY: 'InputSchemaArn' },
    );
    const bridge = new Bridge(this.clients, config, silentLogger());
    await bridge.listTools();
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    const provider = {
      listTools: () => bridge.listTools(),
      callTool: bridge.callTool.bind(bridge),
      tasks: bridge,
    };
    await createServer(provider, '0.0.0-test').connect(serverSide);
    this.client = newClient('2025-11-25');
    await this.client.connect(clientSide);
    const folder = await machineFolder(
      Object.fromEntries(
        machines.filter((m) => m.meta.type === 'EXPRESS').map((m) => [m.name, twinFiles(m)]),
      ),
    );
    this.twinFolder = folder;
    this.twins = await startTestEngine(folder.dir);
    this.twins.faults.set({ waitScale: 0.001 });
  }

  async stop(): Promise<void> {
    await this.client?.close();
    if (this.clients) destroyAwsClients(this.clients);
    await this.engine?.close();
    await this.twins?.close();
    await this.twinFolder?.cleanup();
  }

  arn(name: string, engine = this.engine): string {
    return `arn:aws:states:${engine.region}:${engine.accountId}:stateMachine:${name}`;
  }

  /** Through the tool; an input the schema refuses goes to the engine directly, as the tool would refuse it. */
  async run(m: Machine, input: Json, schemaValid: boolean): Promise<Outcome> {
    if (schemaValid)
      return toolOutcome(
        await this.client.callTool({
          name: toolName(m.name, PREFIX),
          arguments: input as Record<string, unknown>,
        }),
      );
    const sfn = sfnClient(this.engine);
    try {
      const out = await sfn.send(
        new StartSyncExecutionCommand({ stateMachineArn: this.arn(m.name), input: JSON.stringify(input) }),
      );
      return out.status === 'SUCCEEDED'
        ? { output: JSON.parse(out.output!) as Json }
        : { error: out.error, cause: out.cause };
    } finally {
      sfn.destroy();
    }
  }

  /** The states a run passed through: its own history (Standard), or its Standard twin's (Express). */
  async trace(m: Machine, input: Json, outcome: Outcome): Promise<Trace> {
    const engine = m.meta.type === 'EXPRESS' ? this.twins : this.engine;
    const sfn = sfnClient(engine);
    try {
      const executionArn =
        m.meta.type === 'EXPRESS' || !outcome.executionArn
          ? (
              await sfn.send(
                new StartExecutionCommand({
                  stateMachineArn: this.arn(m.name, engine),
                  input: JSON.stringify(input),
                }),
              )
            ).executionArn!
          : outcome.executionArn;
      const events = await waitFor(async () => {
        const page = await sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }));
        const last = page.events!.at(-1)?.type ?? '';
        return /^Execution(Succeeded|Failed|TimedOut|Aborted)$/.test(last) ? page.events! : undefined;
      }, `the history of ${executionArn}`);
      return trace(events);
    } finally {
      sfn.destroy();
    }
  }
}

/** An Express machine's files, as a Standard machine. */
function twinFiles(m: Machine): Record<string, string | object> {
  const files: Record<string, string | object> = {
    'definition.asl.json': m.definition,
    'machine.json': { ...m.meta, type: 'STANDARD' },
  };
  const handlers = path.join(m.dir, 'handlers.mjs');
  if (existsSync(handlers)) files['handlers.mjs'] = readFileSync(handlers, 'utf8');
  return files;
}

const folders = readdirSync(ROOT, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

describe('examples/state-machines', () => {
  it('has the eight documented machines, all sharing the demo- prefix, with distinct tool names', () => {
    expect(folders).toEqual(Object.keys(EXPECTED).sort());
    for (const name of folders) {
      expect(name.startsWith(PREFIX)).toBe(true);
      // AWS state machine names: 1-80 characters of letters, digits, '-' and '_'.
      expect(name).toMatch(/^[A-Za-z0-9_-]{1,80}$/);
      expect(toolName(name, PREFIX)).toBe(EXPECTED[name]!.toolName);
    }
    expect(new Set(folders.map((n) => toolName(n, PREFIX))).size).toBe(folders.length);
  });

  it('has a README that describes every machine', () => {
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    for (const name of folders) expect(readme).toContain(name);
  });

  it('tags every machine so that mcp-exposed=true selects all but the undocumented one', () => {
    const exposed = folders.filter((n) => {
      const meta = readJson(path.join(ROOT, n, 'machine.json')) as { tags?: Record<string, string> };
      return meta.tags?.['mcp-exposed'] === 'true';
    });
    expect(exposed).toEqual(folders.filter((n) => EXPECTED[n]!.documented));
  });
});

const machines = await Promise.all(folders.map(load));
const harness = new Harness();
beforeAll(() => harness.start(machines));
afterAll(() => harness.stop());

for (const m of machines) {
  const name = m.name;
  const expected = EXPECTED[name];
  describe(name, () => {
    if (!expected) {
      it('is listed in EXPECTED with its sample runs', () => expect.fail(`add ${name} to EXPECTED`));
      return;
    }

    it('passes the definition check CreateStateMachine runs, in its documented query language', () => {
      expect(validateDefinitionValue(m.definition, expected.type)).toEqual([]);
      const language = expected.language ?? 'JSONPath';
      expect(m.definition.QueryLanguage ?? 'JSONPath').toBe(language);
      for (const [, state] of allStates(m.definition)) expect(state.QueryLanguage ?? language).toBe(language);
    });

    it('has a machine.json of the right shape', () => {
      expect(Object.keys(m.meta).every((k) => ['type', 'description', 'tags'].includes(k))).toBe(true);
      expect(m.meta.type).toBe(expected.type);
      const tags = m.meta.tags ?? {};
      expect(Object.keys(tags).length).toBeGreaterThan(0);
      for (const [k, v] of Object.entries(tags)) {
        expect(typeof v).toBe('string');
        expect(k.length).toBeLessThanOrEqual(128);
        expect((v as string).length).toBeLessThanOrEqual(256);
      }
      expect(tags).toHaveProperty('team');
      expect(tags).toHaveProperty('mcp-exposed');
      if (expected.documented) {
        // AWS keeps a state machine (version) description to 256 characters; the details go in the Comment.
        expect(typeof m.meta.description).toBe('string');
        expect(m.meta.description!.length).toBeGreaterThan(80);
        expect(m.meta.description!.length).toBeLessThanOrEqual(256);
        expect(typeof m.definition.Comment).toBe('string');
        expect(m.definition.Comment!).toMatch(/Input:/);
        expect(m.definition.Comment!).toMatch(/Output:/);
        expect(m.definition.Comment!).toMatch(/Errors?/);
        expect(m.definition.Comment!).toMatch(/Side effects:/);
      } else {
        // The machine that shows the fallback description: no description, no Comment.
        expect(m.meta.description).toBeUndefined();
        expect(m.definition.Comment).toBeUndefined();
      }
    });

    it('has exactly one handler per Task state (optional for a callback Task, which waits for an answer)', () => {
      const tasks = allStates(m.definition).filter(([, s]) => s.Type === 'Task');
      const needed = tasks.filter(([, s]) => !isCallback(s)).map(([n]) => n);
      expect(
        Object.keys(m.handlers)
          .filter((k) => needed.includes(k))
          .sort(),
      ).toEqual(needed.sort());
      expect(Object.keys(m.handlers).every((k) => statesOfType(m, 'Task').includes(k))).toBe(true);
      for (const handler of Object.values(m.handlers)) expect(typeof handler).toBe('function');
      for (const [, state] of tasks) expect(state.Resource).toMatch(/^arn:aws:(states|lambda):/);
    });

    if (expected.schema === 'none') {
      it('has no input schema', () => expect(m.schema).toBeUndefined());
    } else {
      it(`has a ${expected.schema} input schema whose $refs resolve`, () => {
        const schema = m.schema!;
        if (expected.schema === 'OpenApi3') {
          expect(String(schema.openapi)).toMatch(/^3\.0\.\d+$/);
          const components = (schema.components as { schemas: Record<string, Record<string, unknown>> })
            .schemas;
          // The input is the component named like the machine, listed first.
          expect(Object.keys(components)[0]).toBe(name);
          expect(components[name]!.type).toBe('object');
          expect(refs(schema).length).toBeGreaterThan(0);
        } else {
          expect(schema).not.toHaveProperty('openapi');
          expect(schema.$schema).toBe(DRAFT_04);
          expect(schema.type).toBe('object');
        }
        for (const r of refs(schema)) expect(r, r.ref).toMatchObject({ ok: true });
      });

      for (const dialect of ['draft-07', '2020-12'] as const) {
        it(`schema (Ajv ${dialect}) accepts the sample inputs and rejects bad ones`, () => {
          const valid = validator(m, dialect);
          for (const c of expected.cases) expect(valid(c.input), c.title).toBe(c.schemaValid ?? true);
          expect(expected.schemaRejects?.length ?? 0).toBeGreaterThan(0);
          for (const bad of expected.schemaRejects ?? []) expect(valid(bad), JSON.stringify(bad)).toBe(false);
        });
      }
    }

    it('has at least one successful and one failing sample', () => {
      expect(expected.cases.some((c) => c.output !== undefined)).toBe(true);
      expect(expected.cases.some((c) => c.error !== undefined)).toBe(true);
    });

    for (const c of expected.cases) {
      it(`runs: ${c.title}`, async () => {
        const outcome = await harness.run(m, c.input, c.schemaValid ?? true);
        if (c.error !== undefined) {
          expect(outcome.output).toBeUndefined();
          expect({ error: outcome.error, cause: outcome.cause }).toEqual({ error: c.error, cause: c.cause });
        } else {
          expect(outcome.error, outcome.cause).toBeUndefined();
          expect(outcome.output).toEqual(c.output);
        }
        const { retries, entered } = await harness.trace(m, c.input, outcome);
        expect(retries).toBe(c.retries ?? 0);
        for (const state of c.entered ?? []) expect(entered).toContain(state);
      });
    }

    it('gives the same result when run twice (handlers are deterministic)', async () => {
      for (const c of expected.cases) {
        const valid = c.schemaValid ?? true;
        const [a, b] = [await harness.run(m, c.input, valid), await harness.run(m, c.input, valid)];
        expect({ ...b, executionArn: undefined }).toEqual({ ...a, executionArn: undefined });
      }
    });
  });
}

/**
 * demo-refund-approval over 100 USD: the run waits for a person's answer (the callback the README
 * documents). The server asks the person through MCP elicitation (test/integration/approvals.test.ts);
 * here the answer is given through the engine's API, as any integration would, with the error names the
 * server sends for a decline and a dismissed form.
 */
describe('demo-refund-approval waits for a person over 100 USD', () => {
  const machine = 'demo-refund-approval';
  const input = { orderId: 'ORD-7002', amount: 250, reason: 'NOT_RECEIVED' };

  /** Starts a refund that needs approval; the approval request as the queue receives it. */
  async function waitingForApproval(sfn: SFNClient) {
    const executionArn = (
      await sfn.send(
        new StartExecutionCommand({ stateMachineArn: harness.arn(machine), input: JSON.stringify(input) }),
      )
    ).executionArn!;
    const scheduled = await waitFor(async () => {
      const events = (await sfn.send(new GetExecutionHistoryCommand({ executionArn }))).events!;
      return events.some((e) => e.type === 'TaskSubmitted')
        ? events.find((e) => e.type === 'TaskScheduled')
        : undefined;
    }, 'the approval request');
    const parameters = JSON.parse(scheduled.taskScheduledEventDetails!.parameters!) as {
      QueueUrl: string;
      MessageBody: { TaskToken: string; approval: { message: string; schema: Record<string, unknown> } };
    };
    return { executionArn, ...parameters };
  }

  async function outcome(sfn: SFNClient, executionArn: string) {
    return waitFor(async () => {
      const d = await sfn.send(new DescribeExecutionCommand({ executionArn }));
      return d.status === 'RUNNING' ? undefined : d;
    }, executionArn);
  }

  it('asks with a message and an answer schema, then refunds once approved', async () => {
    const sfn = sfnClient(harness.engine);
    try {
      const request = await waitingForApproval(sfn);
      expect(request.QueueUrl).toBe('https://sqs.us-east-1.amazonaws.com/123456789012/refund-approvals');
      expect(request.MessageBody.approval).toEqual({
        message:
          'Approve a refund of 250 USD for order ORD-7002 (reason: NOT_RECEIVED)? Refunds over 100 USD need a person to approve them.',
        schema: {
          type: 'object',
          properties: {
            approved: { type: 'boolean', description: 'Refund the money?' },
            approver: { type: 'string', description: 'Who decides, e.g. an email address.' },
            comment: { type: 'string', description: 'Why, for the record.' },
          },
          required: ['approved', 'approver'],
        },
      });
      const answer = { approved: true, approver: 'dana@example.com', comment: 'Parcel lost by the carrier' };
      await sfn.send(
        new SendTaskSuccessCommand({
          taskToken: request.MessageBody.TaskToken,
          output: JSON.stringify(answer),
        }),
      );
      const d = await outcome(sfn, request.executionArn);
      expect(d.status).toBe('SUCCEEDED');
      expect(JSON.parse(d.output!)).toEqual({
        orderId: 'ORD-7002',
        refundId: 'RF-7002',
        amount: 250,
        currency: 'USD',
        status: 'REFUNDED',
        approvedBy: 'dana@example.com',
      });
    } finally {
      sfn.destroy();
    }
  });

  it('fails with RefundRejected, carrying the comment, when the approver says no', async () => {
    const sfn = sfnClient(harness.engine);
    try {
      const request = await waitingForApproval(sfn);
      const answer = { approved: false, approver: 'dana@example.com', comment: 'Delivered and signed for' };
      await sfn.send(
        new SendTaskSuccessCommand({
          taskToken: request.MessageBody.TaskToken,
          output: JSON.stringify(answer),
        }),
      );
      expect(await outcome(sfn, request.executionArn)).toMatchObject({
        status: 'FAILED',
        error: 'RefundRejected',
        cause:
          'A refund of 250 USD for order ORD-7002 was rejected by dana@example.com: Delivered and signed for. Nothing was refunded.',
      });
    } finally {
      sfn.destroy();
    }
  });

  it.each([
    [
      'mcp.Declined',
      'RefundRejected',
      'A refund of 250 USD for order ORD-7002 was declined by the approver in the chat. Nothing was refunded.',
    ],
    [
      'mcp.Cancelled',
      'ApprovalCancelled',
      'The approval request for the refund of order ORD-7002 was closed without a decision. Nothing was refunded; ask again to send a new request.',
    ],
  ])('catches %s from the chat and fails with %s', async (sent, error, cause) => {
    const sfn = sfnClient(harness.engine);
    try {
      const request = await waitingForApproval(sfn);
      await sfn.send(
        new SendTaskFailureCommand({ taskToken: request.MessageBody.TaskToken, error: sent, cause: 'x' }),
      );
      expect(await outcome(sfn, request.executionArn)).toMatchObject({ status: 'FAILED', error, cause });
    } finally {
      sfn.destroy();
    }
  });

  it('fails with the error SendTaskFailure gives', async () => {
    const sfn = sfnClient(harness.engine);
    try {
      const request = await waitingForApproval(sfn);
      await sfn.send(
        new SendTaskFailureCommand({
          taskToken: request.MessageBody.TaskToken,
          error: 'ApprovalWithdrawn',
          cause: 'The customer withdrew the request',
        }),
      );
      expect(await outcome(sfn, request.executionArn)).toMatchObject({
        status: 'FAILED',
        error: 'ApprovalWithdrawn',
        cause: 'The customer withdrew the request',
      });
    } finally {
      sfn.destroy();
    }
  });
});
