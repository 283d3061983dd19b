/**
 * What the integration tests of a person in the run share: the loose shapes of raw requests, the client
 * capabilities of a client that shows forms, the tasks extension's name, and the person answering forms.
 */
import type { Client, ElicitResult } from '@modelcontextprotocol/client';
import { afterAll, beforeAll } from 'vitest';
import * as z from 'zod';
import { connectStdio, type Connected, type ProtocolRevision } from './server.js';

export type Obj = Record<string, unknown>;
/** Accepts any object: the result schema of a raw `client.request`. */
export const Loose = z.looseObject({});
/** The capabilities of a client that can show forms (elicitation). */
export const FORMS = { elicitation: { form: {} } };
export const TASKS_EXTENSION = 'io.modelcontextprotocol/tasks';

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
