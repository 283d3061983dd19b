/**
 * What the integration tests of a person in the run share: the client capabilities of a client that shows
 * forms, and the person answering forms.
 */
import type { Client, ElicitResult } from '@modelcontextprotocol/client';
import { afterAll, beforeAll } from 'vitest';
import type { Obj } from './raw-requests.js';
import { connectStdio, type Connected, type ProtocolRevision } from './server.js';

/** The capabilities of a client that can show forms (elicitation). */
export const FORMS = { elicitation: { form: {} } };

/** The person at the client: answers each form with `reply`, and keeps what it was asked. */
export class Person {
  asked: Obj[] = [];
  constructor(public reply: ElicitResult = { action: 'accept' }) {}
  attach(client: Client): Client {
    client.setRequestHandler('elicitation/create', async (request) => {
      this.asked.push(request.params as Obj);
      return this.reply;
    });
    return client;
  }
}

/**
 * Before the block's tests, a stdio connection of a client that shows forms on `revision`, `person`
 * answering them; closed after the tests. `env` is read when connecting (it is often set in a beforeAll).
 */
export function usePersonOverStdio(
  env: () => Record<string, string>,
  revision: ProtocolRevision,
  person: Person,
): { readonly client: Client } {
  let conn: Connected | undefined;
  beforeAll(async () => {
    conn = await connectStdio(env(), [], revision, FORMS);
    person.attach(conn.client);
  });
  afterAll(async () => {
    await conn?.close();
  });
  return {
    get client(): Client {
      if (!conn) throw new Error('the stdio connection is not open yet');
      return conn.client;
    },
  };
}
