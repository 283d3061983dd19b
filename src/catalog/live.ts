/**
 * The live catalogue: the current Catalog, refreshed on an interval and on demand (SIGHUP),
 * without ever blocking readers: the old catalogue stays current until the new one is ready,
 * and concurrent refresh calls share one run. Listeners hear about changes (list_changed).
 */
import type { Logger } from '../log.js';
import type { CatalogClients, DiscoverOptions } from './discover.js';
import { DiscoveryMemo } from './memo.js';
import { refreshCatalog, type RefreshResult } from './refresh.js';
import { compileSelection, type SelectionRules } from './selection.js';
import type { Catalog, SelectionConfig } from './types.js';

export interface LiveCatalogOptions extends Omit<DiscoverOptions, 'log'> {
  log: Logger;
  /**
   * An unchanged machine's description and definition are re-read at least every this many
   * refreshes, spread evenly (default 6: at the default 300 s interval, within 30 minutes).
   * 1 re-reads every machine on every refresh. A full refresh (SIGHUP) re-reads all.
   */
  recheckEvery?: number;
}

export type ChangeListener = (result: RefreshResult) => void;

export const DEFAULT_RECHECK_EVERY = 6;

export class LiveCatalog {
  private readonly rules: SelectionRules;
  private readonly memo = new DiscoveryMemo();
  private catalog: Catalog | undefined;
  private running: Promise<RefreshResult> | undefined;
  /** A full refresh asked for while a partial one runs: it follows that run. */
  private fullQueued: Promise<RefreshResult> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly listeners = new Set<ChangeListener>();
  private refreshes = 0;

  constructor(
    private readonly clients: CatalogClients,
    selection: SelectionConfig,
    private readonly opts: LiveCatalogOptions,
  ) {
    this.rules = compileSelection(selection);
  }

  /** The catalogue now; undefined until the first discovery has finished. */
  current(): Catalog | undefined {
    return this.catalog;
  }

  /** The current catalogue, or the first discovery (started if needed). */
  async ready(): Promise<Catalog> {
    if (this.catalog) return this.catalog;
    return (await this.refresh()).catalog;
  }

  /** Refreshes done so far (the first discovery included). */
  refreshCount(): number {
    return this.refreshes;
  }

  /**
   * Re-reads what can have changed and swaps the catalogue in when it is ready. Calls while a
   * run is in flight share it; `full: true` (e.g. on SIGHUP) re-reads every description, after
   * the run in flight if there is one. Rejects when listing fails; the old catalogue stays.
   */
  refresh(options: { full?: boolean } = {}): Promise<RefreshResult> {
    if (this.running) {
      if (!options.full) return this.running;
      this.fullQueued ??= this.running
        .catch(() => undefined)
        .then(() => {
          this.fullQueued = undefined;
          return this.refresh({ full: true });
        });
      return this.fullQueued;
    }
    const run = this.run(options.full === true || this.catalog === undefined);
    this.running = run;
    void run
      .finally(() => {
        if (this.running === run) this.running = undefined;
      })
      .catch(() => undefined);
    return run;
  }

  /** Refreshes every `intervalSeconds` (0 or less: never). The timer never keeps the process alive. */
  start(intervalSeconds: number): void {
    this.stop();
    if (!(intervalSeconds > 0)) return;
    this.timer = setInterval(() => {
      this.refresh().catch((err: unknown) =>
        this.opts.log.warn({ err }, 'catalogue refresh failed; keeping the last one'),
      );
    }, intervalSeconds * 1000);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Called after every refresh that changed the tool set or a tool; returns an unsubscribe function. */
  onChange(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private async run(full: boolean): Promise<RefreshResult> {
    const started = Date.now();
    const first = this.catalog === undefined;
    const previousWarnings = new Set(this.catalog?.warnings ?? []);
    const result = await refreshCatalog(this.clients, this.rules, this.memo, this.catalog, {
      ...this.opts,
      full,
      recheckEvery: this.opts.recheckEvery ?? DEFAULT_RECHECK_EVERY,
    });
    this.catalog = result.catalog;
    this.refreshes += 1;
    const log = first ? this.opts.log.info.bind(this.opts.log) : this.opts.log.debug.bind(this.opts.log);
    log(
      {
        tools: result.catalog.tools.length,
        excluded: result.catalog.excluded.length,
        calls: result.calls,
        described: result.described,
        full,
        ms: Date.now() - started,
        ...(first ? {} : result.diff),
      },
      first ? 'catalogue loaded' : 'catalogue refreshed',
    );
    // Each warning is logged when it first appears, not on every refresh.
    for (const w of result.catalog.warnings) if (!previousWarnings.has(w)) this.opts.log.warn(w);
    if (!first && result.changed) {
      this.opts.log.info({ ...result.diff }, 'tools changed');
      for (const listener of this.listeners) {
        try {
          listener(result);
        } catch (err) {
          this.opts.log.error({ err }, 'a catalogue change listener failed');
        }
      }
    }
    return result;
  }
}
