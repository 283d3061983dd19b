/**
 * How the server stops, once, in order: stop refreshing; over HTTP stop taking work and give in-flight
 * calls the grace period; drain the bridge (waiting Standard calls are answered with their execution
 * ARN); give the answers time to reach their clients; close the transports, then the AWS side; exit.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Bridge } from '../../bridge/index.js';
import type { Logger } from '../../log.js';
import type { RunningHttpServer } from '../../mcp/http/index.js';
import type { Runtime } from '../../runtime.js';

/** How long answers produced by draining get to reach their clients before the sockets close. */
const FLUSH_MS = 5_000;
/** Longest wait for in-flight calls to return once drained (Express calls are not released early). */
const DRAIN_CAP_MS = 10_000;

/** What the stop sequence drives (only the methods it calls). */
export type StoppingHttpServer = Pick<RunningHttpServer, 'stopAccepting' | 'waitIdle' | 'inFlight' | 'close'>;

export interface ShutdownParts {
  log: Logger;
  bridge: Pick<Bridge, 'stop' | 'drain'>;
  runtime: Pick<Runtime, 'close'>;
  /** Over HTTP, how long in-flight calls may finish before the drain answers them. */
  graceSeconds: number;
}

export class Shutdown {
  private done: Promise<void> | undefined;
  private http: StoppingHttpServer | undefined;
  private readonly closers: Array<() => Promise<void>> = [];

  constructor(private readonly parts: ShutdownParts) {}

  /** A transport to close at the end; the last one added closes first. */
  onClose(close: () => Promise<void>): void {
    this.closers.push(close);
  }

  /** The HTTP server: it stops accepting work first, and closes at the end. */
  attachHttp(http: StoppingHttpServer): void {
    this.http = http;
    this.onClose(() => http.close());
  }

  /** SIGINT and SIGTERM stop the server; a second signal while stopping means "now". */
  listenForSignals(): void {
    const onSignal = (signal: NodeJS.Signals): void => {
      if (this.done) process.exit(signal === 'SIGINT' ? 130 : 143);
      this.stopAndExit(signal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  }

  /** Runs the sequence (or waits for the one under way), then ends the process. */
  stopAndExit(reason: string): void {
    this.run(reason).then(
      () => process.exit(0),
      (err: unknown) => {
        this.parts.log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  }

  /** The sequence, once: a later call gets the one under way. A transport failing to close is logged, and the stop goes on. */
  run(reason: string): Promise<void> {
    this.done ??= this.sequence(reason);
    return this.done;
  }

  private async sequence(reason: string): Promise<void> {
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
