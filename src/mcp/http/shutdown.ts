/**
 * Draining the HTTP server for shutdown: stop accepting (new connections refused, new requests on open
 * ones answered 503 with Connection: close so a load balancer retries elsewhere), count the MCP
 * exchanges still being answered, and close everything at the end.
 */
import type { Server, ServerResponse } from 'node:http';
import { Server as NetServer } from 'node:net';
import type { McpHttpHandler } from '@modelcontextprotocol/server';
import { InFlight } from '../in-flight.js';
import { jsonRpcError } from './responses.js';

export class HttpShutdown {
  private accepting = true;
  /** MCP exchanges being answered (long-lived listen streams excluded). */
  readonly exchanges = new InFlight();

  constructor(
    private readonly server: Server,
    private readonly handler: McpHttpHandler,
  ) {}

  /** The answer to a request that arrives once accepting has stopped, else undefined. */
  shuttingDownResponse(): Response | undefined {
    if (this.accepting) return undefined;
    return jsonRpcError(503, -32000, 'Server is shutting down; retry on another instance', {
      connection: 'close',
      'retry-after': '1',
    });
  }

  /** Counts one MCP exchange in flight until its response has finished or its connection closed. */
  count(res: ServerResponse): void {
    const end = this.exchanges.begin();
    res.once('finish', end);
    res.once('close', end);
  }

  /**
   * Closes the listener but not the idle kept-alive connections: http.Server's close() would drop them
   * at once, and a request a load balancer sends on one in that moment would be lost to a reset. Left
   * open, such a request is answered 503 with Connection: close (shuttingDownResponse); close() ends
   * whatever is left.
   */
  stopAccepting(): void {
    if (!this.accepting) return;
    this.accepting = false;
    NetServer.prototype.close.call(this.server);
  }

  /** Closes everything, in-flight exchanges included. */
  async close(): Promise<void> {
    this.accepting = false;
    await this.handler.close();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }
}
