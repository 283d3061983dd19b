/**
 * `npm run transcript:approval`: the README's approval transcript, from a real run. Starts the built server
 * over stdio on the example machines (`--local examples/state-machines`), connects the real MCP client
 * (2025-11-25, with forms), and asks for a refund over 100 USD three times: the person accepts, the person
 * declines, and a client without forms calls. Prints every JSON-RPC message after the handshake, one per
 * line, `->` from the client and `<-` from the server.
 */
import { fileURLToPath } from 'node:url';
import { Client, type ElicitResult, type JSONRPCMessage } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';

const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const EXAMPLES = fileURLToPath(new URL('../../examples/state-machines', import.meta.url));
const REFUND = { orderId: 'ORD-7002', amount: 250, reason: 'NOT_RECEIVED' };

/** A transport that prints what goes through it once `printing` is on. */
function printingTransport(): { transport: StdioClientTransport; print: (on: boolean) => void } {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [CLI, '--local', EXAMPLES, '--state-machine-prefix', 'demo-'],
    env: { PATH: process.env.PATH ?? '', SFN_MCP_LOG_LEVEL: 'silent' },
  });
  let printing = false;
  const line = (arrow: string, message: JSONRPCMessage) => {
    if (printing) console.log(`${arrow} ${JSON.stringify(message)}`);
  };
  const send = transport.send.bind(transport);
  transport.send = (message: JSONRPCMessage) => {
    line('->', message);
    return send(message);
  };
  const start = transport.start.bind(transport);
  transport.start = async () => {
    const deliver = transport.onmessage;
    transport.onmessage = (message: JSONRPCMessage) => {
      line('<-', message);
      deliver?.(message);
    };
    await start();
  };
  return { transport, print: (on) => (printing = on) };
}

async function run(title: string, reply: ElicitResult | undefined): Promise<void> {
  const { transport, print } = printingTransport();
  const client = new Client(
    { name: 'transcript', version: '1.0.0' },
    {
      supportedProtocolVersions: ['2025-11-25'],
      ...(reply ? { capabilities: { elicitation: { form: {} } } } : {}),
    },
  );
  if (reply) client.setRequestHandler('elicitation/create', async () => reply);
  await client.connect(transport);
  console.log(`\n# ${title}`);
  print(true);
  try {
    await client.callTool({ name: 'refund_approval', arguments: REFUND });
  } finally {
    print(false);
    await client.close();
  }
}

await run('The person approves', {
  action: 'accept',
  content: { approved: true, approver: 'dana@example.com', comment: 'Parcel lost by the carrier' },
});
await run('The person declines', { action: 'decline' });
await run('A client without forms', undefined);
