/**
 * A person in the run (README "A person in the run", docs/clients.md): the built server over stdio and
 * Streamable HTTP, the real MCP client answering forms (elicitation), the example machines on the local
 * engine. An approval accepted, declined and cancelled on 2025-06-18, 2025-11-25 and 2026-07-28 (the
 * execution succeeds or takes its Catch branch), with an answer schema and without one (a plain
 * decision), through tasks on both task vocabularies (2026-07-28 over stdio and HTTP), a client that
 * cannot show forms and a person who reads the run later with get_execution_result, the agent
 * answering (accept and decline) only when the operator allows it, and the confirmation before a tagged
 * machine starts (nothing starts when it is declined: the engine's call log says so).
 */
import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  StopExecutionCommand,
  type DescribeExecutionOutput,
} from '@aws-sdk/client-sfn';
import type { Client, ElicitResult } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeTaskId } from '../../src/mcp/task-ids.js';
import { createMachines, useEngine } from '../helpers/engine.js';
import { modernRequest, type ModernAnswer } from '../helpers/http.js';
import { connectModernStdio, type ModernStdio } from '../helpers/modern-stdio.js';
import { text } from '../helpers/long-runs-machines.js';
import {
  EXAMPLES,
  connectStdio,
  engineEnv,
  startHttpServer,
  type Connected,
  type HttpServer,
  type ProtocolRevision,
} from '../helpers/server.js';
import { FORMS, Person, usePersonOverStdio } from '../helpers/person.js';
import { Loose, TASKS_EXTENSION, type Obj } from '../helpers/raw-requests.js';
import { waitFor } from '../helpers/wait-for.js';

const REFUND = { orderId: 'ORD-7002', amount: 250, reason: 'NOT_RECEIVED' };
const ANSWER = { approved: true, approver: 'dana@example.com', comment: 'Parcel lost by the carrier' };
const REFUNDED = {
  orderId: 'ORD-7002',
  refundId: 'RF-7002',
  amount: 250,
  currency: 'USD',
  status: 'REFUNDED',
  approvedBy: 'dana@example.com',
};
const MESSAGE =
  'Approve a refund of 250 USD for order ORD-7002 (reason: NOT_RECEIVED)? Refunds over 100 USD need a person to approve them.';
const FORM = {
  type: 'object',
  properties: {
    approved: { type: 'boolean', description: 'Refund the money?' },
    approver: { type: 'string', description: 'Who decides, e.g. an email address.' },
    comment: { type: 'string', description: 'Why, for the record.' },
  },
  required: ['approved', 'approver'],
};
const WAITING = `waiting for a person's decision at state "AskForApproval"`;

/**
 * A plain decision: the request has a message and no answer schema. Accept continues with the empty
 * answer as the Task's result; decline and cancel take Catch branches of their own.
 */
const SHIP_APPROVAL = {
  StartAt: 'AskToShip',
  States: {
    AskToShip: {
      Type: 'Task',
      Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken',
      Parameters: {
        QueueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/shipping-approvals',
        MessageBody: {
          'TaskToken.$': '$$.Task.Token',
          approval: { 'message.$': "States.Format('Ship order {} today?', $.orderId)" },
        },
      },
      ResultPath: '$.answer',
      Catch: [
        { ErrorEquals: ['mcp.Declined'], Next: 'NotShipped' },
        { ErrorEquals: ['mcp.Cancelled'], Next: 'NoDecision' },
      ],
      Next: 'Ship',
    },
    Ship: {
      Type: 'Pass',
      Parameters: { 'orderId.$': '$.orderId', shipped: true, 'answer.$': '$.answer' },
      End: true,
    },
    NotShipped: { Type: 'Fail', Error: 'ShippingDeclined', Cause: 'The shipment was declined.' },
    NoDecision: { Type: 'Fail', Error: 'ShippingUndecided', Cause: 'No one decided on the shipment.' },
  },
};

const local = useEngine({ dir: EXAMPLES });
let env: Record<string, string>;
let http: HttpServer;

beforeAll(async () => {
  await createMachines(local.engine, [
    {
      name: 'demo-confirmed',
      tags: { 'mcp:confirm': 'true' },
      definition: { StartAt: 'Echo', States: { Echo: { Type: 'Pass', End: true } } },
    },
    { name: 'demo-ship-approval', definition: SHIP_APPROVAL },
    {
      name: 'demo-confirmed-quick',
      type: 'EXPRESS',
      tags: { 'mcp:confirm': 'true' },
      definition: { StartAt: 'Echo', States: { Echo: { Type: 'Pass', End: true } } },
    },
  ]);
  // The schema tag makes the server read every machine's tags, mcp:confirm among them.
  env = engineEnv(local.engine.endpoint, {
    STATE_MACHINE_PREFIX: 'demo-',
    STATE_MACHINE_INPUT_SCHEMA_ARN_TAG_KEY: local.engine.schemaTagKey,
  });
  http = await startHttpServer(env);
});

afterAll(async () => {
  await http?.close();
});

/** The person at the client, accepting with ANSWER unless told otherwise. */
const newPerson = (): Person => new Person({ action: 'accept', content: ANSWER });

const describeExecution = (executionArn: string): Promise<DescribeExecutionOutput> =>
  local.sfn.send(new DescribeExecutionCommand({ executionArn }));

/** The error name the workflow received at its callback Task (TaskFailed), if any. */
async function taskFailure(executionArn: string): Promise<string | undefined> {
  const { events } = await local.sfn.send(new GetExecutionHistoryCommand({ executionArn }));
  return events?.find((e) => e.type === 'TaskFailed')?.taskFailedEventDetails?.error;
}

const started = (machine: string): number =>
  local.engine.calls
    .entries()
    .filter((e) => e.operation === 'StartExecution' && String(e.arn).endsWith(`:${machine}`)).length;

async function stop(executionArn: string): Promise<void> {
  await local.sfn.send(new StopExecutionCommand({ executionArn }));
}

/** What each answer does to demo-refund-approval: the refund, or a Catch branch's failure. */
const OUTCOMES = {
  accept: {
    reply: { action: 'accept', content: ANSWER } as ElicitResult,
    status: 'SUCCEEDED',
    error: undefined,
    sent: undefined,
  },
  decline: {
    reply: { action: 'decline' } as ElicitResult,
    status: 'FAILED',
    error: 'RefundRejected',
    sent: 'mcp.Declined',
  },
  cancel: {
    reply: { action: 'cancel' } as ElicitResult,
    status: 'FAILED',
    error: 'ApprovalCancelled',
    sent: 'mcp.Cancelled',
  },
} as const;

const ACTIONS = ['accept', 'decline', 'cancel'] as const;

/** The execution a task runs: its id carries the execution ARN (src/mcp/tasks.ts). */
const executionOfTask = (taskId: string): string => decodeTaskId(taskId)!;

const CAUGHT = {
  decline:
    'Execution FAILED in state "DeclinedInChat": RefundRejected: A refund of 250 USD for order ORD-7002 was declined by the approver in the chat. Nothing was refunded.',
  cancel:
    'Execution FAILED in state "ApprovalCancelled": ApprovalCancelled: The approval request for the refund of order ORD-7002 was closed without a decision. Nothing was refunded; ask again to send a new request.',
};

async function expectOutcome(result: Obj, action: keyof typeof OUTCOMES): Promise<void> {
  const expected = OUTCOMES[action];
  const executionArn = String((result._meta as Obj).executionArn);
  const execution = await describeExecution(executionArn);
  expect(execution.status).toBe(expected.status);
  if (action === 'accept') {
    expect(result.isError).toBeUndefined();
    expect(result.structuredContent).toEqual(REFUNDED);
    expect(JSON.parse(execution.output!)).toEqual(REFUNDED);
  } else {
    expect(result.isError).toBe(true);
    expect(text(result).split('\n')[0]).toBe(CAUGHT[action]);
    expect(execution.error).toBe(expected.error);
    expect(await taskFailure(executionArn)).toBe(expected.sent);
  }
}

/** What each answer does to demo-ship-approval, whose request has no answer schema. */
const SHIP_OUTCOMES = {
  accept: { status: 'SUCCEEDED', error: undefined, sent: undefined, caught: undefined },
  decline: {
    status: 'FAILED',
    error: 'ShippingDeclined',
    sent: 'mcp.Declined',
    caught: 'Execution FAILED in state "NotShipped": ShippingDeclined: The shipment was declined.',
  },
  cancel: {
    status: 'FAILED',
    error: 'ShippingUndecided',
    sent: 'mcp.Cancelled',
    caught: 'Execution FAILED in state "NoDecision": ShippingUndecided: No one decided on the shipment.',
  },
} as const;

const connections: Array<{ transport: 'stdio' | 'http'; revision: ProtocolRevision }> = [
  { transport: 'stdio', revision: '2025-06-18' },
  { transport: 'stdio', revision: '2025-11-25' },
  { transport: 'stdio', revision: '2026-07-28' },
  { transport: 'http', revision: '2026-07-28' },
];

describe.each(connections)('an approval in the chat, $transport $revision', ({ transport, revision }) => {
  const person = newPerson();
  let client: Client;
  let stdio: Connected | undefined;
  beforeAll(async () => {
    if (transport === 'stdio') {
      stdio = await connectStdio(env, [], revision, FORMS);
      client = stdio.client;
    } else {
      client = await http.connect(revision, FORMS);
    }
    person.attach(client);
  });
  afterAll(async () => {
    await stdio?.close();
  });

  it.each(ACTIONS)('%s: the answer reaches the workflow', async (action) => {
    person.asked = [];
    person.reply = OUTCOMES[action].reply;
    const result = (await client.callTool({ name: 'refund_approval', arguments: REFUND })) as Obj;
    expect(person.asked).toHaveLength(1);
    expect(person.asked[0]).toMatchObject({ mode: 'form', message: MESSAGE, requestedSchema: FORM });
    await expectOutcome(result, action);
  });

  it('an answer the schema refuses is asked again, saying why', async () => {
    person.asked = [];
    let first = true;
    client.setRequestHandler('elicitation/create', async (request) => {
      person.asked.push(request.params as Obj);
      const reply: ElicitResult = first
        ? { action: 'accept', content: { approved: true } }
        : { action: 'accept', content: ANSWER };
      first = false;
      return reply;
    });
    try {
      const result = (await client.callTool({ name: 'refund_approval', arguments: REFUND })) as Obj;
      expect(person.asked).toHaveLength(2);
      expect(String(person.asked[1]!.message)).toBe(
        `Your answer could not be used ((root): must have required property 'approver'). Please answer again.\n\n${MESSAGE}`,
      );
      await expectOutcome(result, 'accept');
    } finally {
      person.attach(client);
    }
  });

  it.each(ACTIONS)(
    'without an answer schema (a plain decision), %s: an empty form, the decision reaches the workflow',
    async (action) => {
      person.asked = [];
      person.reply = action === 'accept' ? { action, content: {} } : { action };
      const result = (await client.callTool({
        name: 'ship_approval',
        arguments: { orderId: 'ORD-9001' },
      })) as Obj;
      expect(person.asked).toHaveLength(1);
      expect(person.asked[0]).toMatchObject({
        mode: 'form',
        message: 'Ship order ORD-9001 today?',
        requestedSchema: { type: 'object', properties: {} },
      });
      const executionArn = String((result._meta as Obj).executionArn);
      const execution = await describeExecution(executionArn);
      const expected = SHIP_OUTCOMES[action];
      expect(execution.status).toBe(expected.status);
      expect(execution.error).toBe(expected.error);
      expect(await taskFailure(executionArn)).toBe(expected.sent);
      if (action === 'accept') {
        const shipped = { orderId: 'ORD-9001', shipped: true, answer: {} };
        expect(result.isError).toBeUndefined();
        expect(result.structuredContent).toEqual(shipped);
        expect(JSON.parse(execution.output!)).toEqual(shipped);
      } else {
        expect(result.isError).toBe(true);
        expect(text(result).split('\n')[0]).toBe(expected.caught);
      }
    },
  );
});

describe('a client that cannot show forms', () => {
  let plain: Connected;
  beforeAll(async () => {
    plain = await connectStdio(env, [], '2025-11-25');
  });
  afterAll(async () => {
    await plain?.close();
  });

  async function expectWaiting(result: Obj): Promise<string> {
    expect(result.isError).toBeUndefined();
    const executionArn = String((result._meta as Obj).executionArn);
    expect(result._meta).toMatchObject({ executionArn, status: 'RUNNING', waitingFor: WAITING });
    expect(text(result)).toContain(`Execution "${executionArn}" is RUNNING, ${WAITING}.`);
    expect(text(result)).toContain(`The request reads: ${JSON.stringify(MESSAGE)}`);
    expect((await describeExecution(executionArn)).status).toBe('RUNNING');
    return executionArn;
  }

  it('gets the execution ARN and "waiting for a person\'s decision at state X"; the agent cannot answer', async () => {
    local.engine.calls.reset();
    const result = (await plain.client.callTool({ name: 'refund_approval', arguments: REFUND })) as Obj;
    const executionArn = await expectWaiting(result);
    expect(text(result)).toContain(
      'This client cannot show the request (it does not support MCP elicitation forms',
    );
    expect(text(result)).toContain('Only a person can answer it (you cannot)');
    const tools = (await plain.client.listTools()).tools.map((t) => t.name);
    expect(tools).not.toContain('answer_approval');
    expect(local.engine.calls.entries().some((e) => e.operation.startsWith('SendTask'))).toBe(false);
    await stop(executionArn);
  });

  it.each([
    { transport: 'stdio', revision: '2025-11-25', action: 'accept' },
    { transport: 'http', revision: '2026-07-28', action: 'decline' },
  ] as const)(
    'a client that can show forms reads it later ($transport $revision): get_execution_result asks, $action reaches the workflow',
    async ({ transport, revision, action }) => {
      const result = (await plain.client.callTool({ name: 'refund_approval', arguments: REFUND })) as Obj;
      const executionArn = await expectWaiting(result);
      const person = newPerson();
      person.reply = OUTCOMES[action].reply;
      const later = transport === 'stdio' ? await connectStdio(env, [], revision, FORMS) : undefined;
      try {
        const client = person.attach(later?.client ?? (await http.connect(revision, FORMS)));
        const read = (await client.callTool({
          name: 'get_execution_result',
          arguments: { executionArn },
        })) as Obj;
        expect(person.asked).toHaveLength(1);
        expect(person.asked[0]).toMatchObject({ mode: 'form', message: MESSAGE, requestedSchema: FORM });
        await expectOutcome(read, action);
      } finally {
        await later?.close();
      }
    },
  );

  it("cannot answer in the person's place: answer_approval is no tool of this server", async () => {
    const result = (await plain.client.callTool({ name: 'refund_approval', arguments: REFUND })) as Obj;
    const executionArn = await expectWaiting(result);
    await expect(
      plain.client.callTool({
        name: 'answer_approval',
        arguments: { executionArn, decision: 'accept', answer: ANSWER },
      }),
    ).rejects.toThrow(/Unknown tool/);
    expect((await describeExecution(executionArn)).status).toBe('RUNNING');
    await stop(executionArn);
  });

  it('over Streamable HTTP on 2025-11-25 even a client that declares forms gets the same (stateless serving cannot ask)', async () => {
    const person = newPerson();
    const client = person.attach(await http.connect('2025-11-25', FORMS));
    const result = (await client.callTool({ name: 'refund_approval', arguments: REFUND })) as Obj;
    const executionArn = await expectWaiting(result);
    expect(person.asked).toEqual([]);
    await stop(executionArn);
  });

  it('on 2026-07-28 without the capability: the same answer, not a protocol error', async () => {
    const client = await http.connect('2026-07-28');
    const result = (await client.callTool({ name: 'refund_approval', arguments: REFUND })) as Obj;
    await stop(await expectWaiting(result));
  });
});

describe('when the operator lets the agent answer (SFN_MCP_AGENT_APPROVALS) and start unconfirmed (SFN_MCP_START_UNCONFIRMED)', () => {
  let agent: Connected;
  beforeAll(async () => {
    agent = await connectStdio({
      ...env,
      SFN_MCP_AGENT_APPROVALS: 'true',
      SFN_MCP_START_UNCONFIRMED: 'true',
    });
  });
  afterAll(async () => {
    await agent?.close();
  });

  it('answer_approval answers for the person, after checking the answer against the schema', async () => {
    expect((await agent.client.listTools()).tools.map((t) => t.name)).toContain('answer_approval');
    const waiting = (await agent.client.callTool({ name: 'refund_approval', arguments: REFUND })) as Obj;
    const executionArn = String((waiting._meta as Obj).executionArn);
    expect(text(waiting)).toContain(`call answer_approval with executionArn "${executionArn}"`);

    const bad = (await agent.client.callTool({
      name: 'answer_approval',
      arguments: { executionArn, decision: 'accept', answer: { approved: true } },
    })) as Obj;
    expect(bad.isError).toBe(true);
    expect(text(bad)).toBe(
      "Nothing was answered: the answer does not fit the request's schema: (root): must have required property 'approver'.",
    );
    expect((await describeExecution(executionArn)).status).toBe('RUNNING');

    const answer = { approved: true, approver: 'agent@example.com' };
    const answered = (await agent.client.callTool({
      name: 'answer_approval',
      arguments: { executionArn, decision: 'accept', answer },
    })) as Obj;
    expect(answered.isError).toBeUndefined();
    expect(text(answered)).toContain('was answered: accepted');
    const result = (await agent.client.callTool({
      name: 'get_execution_result',
      arguments: { executionArn },
    })) as Obj;
    expect(result.structuredContent).toMatchObject({ status: 'REFUNDED', approvedBy: 'agent@example.com' });
  });

  it('answer_approval declines for the person: the workflow catches mcp.Declined, whose cause names the agent', async () => {
    const waiting = (await agent.client.callTool({ name: 'refund_approval', arguments: REFUND })) as Obj;
    const executionArn = String((waiting._meta as Obj).executionArn);
    const answered = (await agent.client.callTool({
      name: 'answer_approval',
      arguments: { executionArn, decision: 'decline', state: 'AskForApproval' },
    })) as Obj;
    expect(answered.isError).toBeUndefined();
    expect(text(answered)).toContain(
      `The decision at state "AskForApproval" of execution "${executionArn}" was answered: declined.`,
    );
    const result = (await agent.client.callTool({
      name: 'get_execution_result',
      arguments: { executionArn },
    })) as Obj;
    await expectOutcome(result, 'decline');
    const { events } = await local.sfn.send(new GetExecutionHistoryCommand({ executionArn }));
    expect(events?.find((e) => e.type === 'TaskFailed')?.taskFailedEventDetails?.cause).toBe(
      'The agent declined the request (the operator lets agents answer approvals).',
    );
    const again = (await agent.client.callTool({
      name: 'answer_approval',
      arguments: { executionArn, decision: 'accept', answer: ANSWER },
    })) as Obj;
    expect(again.isError).toBe(true);
    expect(text(again)).toContain('it waits for no decision now');
  });

  it('a tagged machine starts without confirmation for a client that cannot ask', async () => {
    local.engine.calls.reset();
    const result = (await agent.client.callTool({ name: 'confirmed', arguments: { n: 1 } })) as Obj;
    expect(result.structuredContent).toEqual({ n: 1 });
    expect(started('demo-confirmed')).toBe(1);
  });
});

describe('through a task', () => {
  describe('2025-11-25 over stdio: tasks/get says input_required, and tasks/result asks the person on its own stream', () => {
    const person = newPerson();
    const conn = usePersonOverStdio(() => env, '2025-11-25', person);
    const request = (method: string, params: Obj) =>
      conn.client.request({ method, params }, Loose) as Promise<Obj>;

    it.each(ACTIONS)('%s: the answer reaches the workflow', async (action) => {
      person.asked = [];
      person.reply = OUTCOMES[action].reply;
      const created = await request('tools/call', {
        name: 'refund_approval',
        arguments: REFUND,
        task: { ttl: 60_000 },
      });
      const taskId = String((created.task as Obj).taskId);
      const waiting = await waitFor(async () => {
        const task = await request('tasks/get', { taskId });
        return task.status === 'input_required' ? task : undefined;
      }, 'the task to need input');
      expect(String(waiting.statusMessage)).toContain(`${WAITING}: ${MESSAGE}`);
      expect(person.asked).toEqual([]);

      const result = await request('tasks/result', { taskId });
      expect(person.asked).toHaveLength(1);
      expect(person.asked[0]).toMatchObject({
        message: MESSAGE,
        requestedSchema: FORM,
        _meta: { 'io.modelcontextprotocol/related-task': { taskId } },
      });
      await expectOutcome(result, action);
      expect(await request('tasks/get', { taskId })).toMatchObject({
        status: action === 'accept' ? 'completed' : 'failed',
      });
    });
  });

  describe.each(['http', 'stdio'] as const)(
    '2026-07-28 over %s: tasks/get carries inputRequests, tasks/update answers them',
    (transport) => {
      const capabilities = { extensions: { [TASKS_EXTENSION]: {} }, ...FORMS };
      let stdio: ModernStdio | undefined;
      let call: (method: string, params: Obj, name: string) => Promise<ModernAnswer>;
      beforeAll(async () => {
        if (transport === 'http') {
          call = (method, params, name) => modernRequest(http.url, method, params, { capabilities, name });
        } else {
          const connected = await connectModernStdio(env);
          stdio = connected;
          call = (method, params) => connected.request(method, params, capabilities);
        }
      });
      afterAll(async () => {
        await stdio?.close();
      });

      /** Starts the refund as a task and waits until it asks; the task id and the question's key. */
      async function waitingTask(): Promise<{ taskId: string; key: string }> {
        const created = await call(
          'tools/call',
          { name: 'refund_approval', arguments: REFUND },
          'refund_approval',
        );
        expect(created.result).toMatchObject({ resultType: 'task', status: 'working' });
        const taskId = String(created.result!.taskId);
        const waiting = await waitFor(async () => {
          const r = await call('tasks/get', { taskId }, taskId);
          return r.result?.status === 'input_required' ? r.result : undefined;
        }, 'the task to need input');
        expect(String(waiting.statusMessage)).toContain(`${WAITING}: ${MESSAGE}`);
        const requests = waiting.inputRequests as Record<string, { method: string; params: Obj }>;
        const [key] = Object.keys(requests);
        expect(key).toMatch(/^approval-\d+$/);
        expect(requests[key!]).toEqual({
          method: 'elicitation/create',
          params: { mode: 'form', message: MESSAGE, requestedSchema: FORM },
        });
        return { taskId, key: key! };
      }

      it.each(ACTIONS)('%s: the answer reaches the workflow', async (action) => {
        const { taskId, key } = await waitingTask();
        const ack = await call(
          'tasks/update',
          { taskId, inputResponses: { [key]: OUTCOMES[action].reply } },
          taskId,
        );
        expect(ack.error).toBeUndefined();
        const done = await waitFor(async () => {
          const r = await call('tasks/get', { taskId }, taskId);
          return r.result?.status === 'completed' ? r.result : undefined;
        }, 'the task to end');
        await expectOutcome(done.result as Obj, action);
      });

      it('a client without forms: the task stays working, its status message says what it waits for', async () => {
        const tasksOnly = { extensions: { [TASKS_EXTENSION]: {} } };
        const plainCall = (method: string, params: Obj, name: string) =>
          transport === 'http'
            ? modernRequest(http.url, method, params, { capabilities: tasksOnly, name })
            : stdio!.request(method, params, tasksOnly);
        const created = await plainCall(
          'tools/call',
          { name: 'refund_approval', arguments: REFUND },
          'refund_approval',
        );
        const taskId = String(created.result!.taskId);
        const waiting = await waitFor(async () => {
          const r = await plainCall('tasks/get', { taskId }, taskId);
          return String(r.result?.statusMessage).includes(WAITING) ? r.result : undefined;
        }, 'the task to say it waits for a person');
        expect(waiting.status).toBe('working');
        expect(String(waiting.statusMessage)).toContain(`${WAITING}: ${MESSAGE}`);
        expect(waiting.inputRequests).toBeUndefined();
        await stop(executionOfTask(taskId));
      });

      it('an answer its schema refuses is an invalid request, and the task still waits', async () => {
        const { taskId, key } = await waitingTask();
        const refused = await call(
          'tasks/update',
          { taskId, inputResponses: { [key]: { action: 'accept', content: { approved: true } } } },
          taskId,
        );
        expect(refused.error?.message).toContain(
          `The answer to ${key} does not fit its form: (root): must have required property 'approver'`,
        );
        const executionArn = executionOfTask(taskId);
        expect((await describeExecution(executionArn)).status).toBe('RUNNING');
        expect((await call('tasks/get', { taskId }, taskId)).result?.status).toBe('input_required');
        await stop(executionArn);
      });
    },
  );
});

describe('confirmation before start (mcp:confirm=true)', () => {
  const ARGS = { n: 7, note: 'from the test' };

  it.each(['2025-11-25', '2026-07-28'] as const)(
    '%s over stdio: accepted starts once, declined starts nothing',
    async (revision) => {
      const person = newPerson();
      const conn = await connectStdio(env, [], revision, FORMS);
      try {
        person.attach(conn.client);
        local.engine.calls.reset();
        person.reply = { action: 'accept' };
        const result = (await conn.client.callTool({ name: 'confirmed', arguments: ARGS })) as Obj;
        expect(result.structuredContent).toEqual(ARGS);
        expect(person.asked[0]).toMatchObject({
          message: `Start the workflow "demo-confirmed" (tool confirmed) with these arguments?\n${JSON.stringify(ARGS, null, 2)}`,
          requestedSchema: { type: 'object', properties: {} },
        });
        expect(started('demo-confirmed')).toBe(1);

        local.engine.calls.reset();
        person.reply = { action: 'decline' };
        const declined = (await conn.client.callTool({ name: 'confirmed', arguments: ARGS })) as Obj;
        expect(declined.isError).toBe(true);
        expect(text(declined)).toMatch(/^Not started: the user declined the start of confirmed\./);
        expect(local.engine.calls.counts().StartExecution ?? 0).toBe(0);
      } finally {
        await conn.close();
      }
    },
  );

  it('over Streamable HTTP on 2026-07-28: an Express machine too; cancelled starts nothing', async () => {
    const person = newPerson();
    const client = person.attach(await http.connect('2026-07-28', FORMS));
    local.engine.calls.reset();
    person.reply = { action: 'accept' };
    const result = (await client.callTool({ name: 'confirmed_quick', arguments: ARGS })) as Obj;
    expect(result.structuredContent).toEqual(ARGS);
    expect(local.engine.calls.counts().StartSyncExecution).toBe(1);

    local.engine.calls.reset();
    person.reply = { action: 'cancel' };
    const cancelled = (await client.callTool({ name: 'confirmed', arguments: ARGS })) as Obj;
    expect(text(cancelled)).toMatch(
      /^Not started: the user dismissed without confirming the start of confirmed\./,
    );
    expect(local.engine.calls.counts().StartExecution ?? 0).toBe(0);
  });

  it('a client that cannot ask is refused, and nothing starts', async () => {
    const client = await http.connect('2025-11-25');
    local.engine.calls.reset();
    const refused = (await client.callTool({ name: 'confirmed', arguments: ARGS })) as Obj;
    expect(refused.isError).toBe(true);
    expect(text(refused)).toMatch(/^Refused: confirmed starts only after the user confirms its arguments/);
    expect(local.engine.calls.counts().StartExecution ?? 0).toBe(0);
  });

  it('as a 2025-11-25 task: confirmed on the call, before the task exists', async () => {
    const person = newPerson();
    const conn = await connectStdio(env, [], '2025-11-25', FORMS);
    try {
      person.attach(conn.client);
      person.reply = { action: 'accept' };
      const created = (await conn.client.request(
        { method: 'tools/call', params: { name: 'confirmed', arguments: ARGS, task: { ttl: 60_000 } } },
        Loose,
      )) as Obj;
      expect(person.asked).toHaveLength(1);
      expect((created.task as Obj).status).toBe('working');
    } finally {
      await conn.close();
    }
  });
});

describe('what watching costs', () => {
  it('a machine with no callback Task reads no history while a call waits', async () => {
    const client = await http.connect('2026-07-28', FORMS);
    local.engine.calls.reset();
    const result = (await client.callTool({
      name: 'refund_request',
      arguments: { orderId: 'ORD-5004', amount: 75.5, reason: 'DAMAGED_ITEM' },
    })) as Obj;
    expect(result.isError).toBeUndefined();
    expect(local.engine.calls.counts().GetExecutionHistory ?? 0).toBe(0);
  });
});
