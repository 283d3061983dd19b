/**
 * How the server stops, once, in order: stop refreshing; over HTTP stop taking work and give in-flight
 * calls the grace period; drain the bridge (waiting Standard calls are answered with their execution
 * ARN); give the answers time to reach their clients; close the transports, then the AWS side; exit.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Bridge } from '../../bridge.js';
import type { Logger } from '../../log.js';
import type { RunningHttpServer } from '../../mcp/http.js';
import type { Runtime } from '../../runtime.js';

/** How long answers produced by draining get to reach their clients before the sockets close. */
const FLUSH_MS = 5_000;
/** Longest wait for in-flight calls to return once drained (Express calls are not released early). */
const DRAIN_CAP_MS = 10_000;

export interface ShutdownParts {
  log: Logger;
  bridge: Bridge;
  runtime: Runtime;
  /** Over HTTP, how long in-flight calls may finish before the drain answers them. */
  graceSeconds: number;
}

export class Shutdown {
  private stopping = false;
  private http: RunningHttpServer | undefined;
  private readonly closers: Array<() => Promise<void>> = [];

  constructor(private readonly parts: ShutdownParts) {}

  /** A transport to close at the end; the last one added closes first. */
  onClose(close: () => Promise<void>): void {
    this.closers.push(close);
  }

  /** The HTTP server: it stops accepting work first, and closes at the end. */
  attachHttp(http: RunningHttpServer): void {
    this.http = http;
    this.onClose(() => http.close());
  }

  /** SIGINT and SIGTERM stop the server; a second signal while stopping means "now". */
  listenForSignals(): void {
    const onSignal = (signal: NodeJS.Signals): void => {
      if (this.stopping) process.exit(signal === 'SIGINT' ? 130 : 143);
      void this.run(signal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  }

  async run(reason: string): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    const { log, bridge, runtime } = this.parts;
    log.info({ reason }, 'shutting down');
    bridge.stop();
    await this.endHttpWork();
    await this.drain();
    if (this.http) await this.http.waitIdle(FLUSH_MS);
    for (const close of this.closers.reverse()) {
      await close().catch((err: unknown) => log.warn({ err }, 'error while closing a transport'));
    }
    await runtime.close().catch((err: unknown) => log.warn({ err }, 'error while closing the AWS side'));
    process.exit(0);
  }

  /** New HTTP requests get 503; in-flight calls get the grace period. */
  private async endHttpWork(): Promise<void> {
    const http = this.http;
    if (!http) return;
    http.stopAccepting();
    const idle = await http.waitIdle(this.parts.graceSeconds * 1000);
    if (!idle) {
      this.parts.log.info(
        { inFlight: http.inFlight() },
        'grace period over: answering in-flight calls with their execution ARNs',
      );
    }
  }

  /**
   * New calls refused; Standard calls still waiting are answered at once with their execution ARN.
   * Express calls are not released by a drain: they get DRAIN_CAP_MS more, then the sockets close.
   */
  private async drain(): Promise<void> {
    const { bridge, log } = this.parts;
    await Promise.race([
      bridge.drain().catch((err: unknown) => log.warn({ err }, 'error while draining')),
      sleep(DRAIN_CAP_MS, undefined, { ref: false }),
    ]);
  }
}
