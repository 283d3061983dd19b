/**
 * What tests that send raw MCP requests (`client.request`, hand-written JSON-RPC) share: the loose shapes of
 * requests and answers, and the tasks extension's name.
 */
import * as z from 'zod';

/** Any JSON object: a raw request's params, an answer's result, a part of either. */
export type Obj = Record<string, unknown>;
/** Accepts any object: the result schema of a raw `client.request`. */
export const Loose = z.looseObject({});
/** The tasks extension, as a client declares it under `capabilities.extensions`. */
export const TASKS_EXTENSION = 'io.modelcontextprotocol/tasks';
