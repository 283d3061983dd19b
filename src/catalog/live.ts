/**
 * The live catalogue: the current Catalog, refreshed on an interval and on demand (SIGHUP),
 * without ever blocking readers: the old catalogue stays current until the new one is ready,
 * and concurrent refresh calls share one run. Listeners hear about changes (list_changed).
 *
 * With a store (cache-file.ts), the first discovery serves the catalogue kept by the last process as
 * soon as the listing's first page names the account, and goes on as a revalidation: when it ends,
 * listeners hear about what differs from the kept one, and the store keeps the new one.
 */
import type { Logger } from '../log.js';
import type { CatalogStore, KeptCatalog } from './cache-file.js';
import { DISCOVERY_OPERATIONS, type CatalogClients, type DiscoverOptions } from './discover.js';
import { DiscoveryMemo } from './memo.js';
import type { DiscoveryProgress } from './progress.js';
import { diffCatalogs, hasChanges, refreshCatalog, type RefreshResult } from './refresh.js';
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
  /** Where the last catalogue is kept between processes; none = every start discovers afresh. */
  store?: CatalogStore;
}

export type ChangeListener = (result: RefreshResult) => void;
export type ProgressListener = (progress: DiscoveryProgress) => void;

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
  private readonly progressListeners = new Set<ProgressListener>();
  /** The progress of the run in flight, for a listener that joins it midway. */
  private progress: DiscoveryProgress | undefined;
  private refreshes = 0;
  /** The account the listing names, once known (the store keeps one catalogue per account). */
  private account: string | undefined;
  /** Resolves when a kept catalogue is served before the first discovery ends; never otherwise. */
  private readonly keptServed: Promise<Catalog>;
  private serveKept: (catalog: Catalog) => void = () => undefined;

  constructor(
    private readonly clients: CatalogClients,
    selection: SelectionConfig,
    private readonly opts: LiveCatalogOptions,
  ) {
    this.rules = compileSelection(selection);
    this.keptServed = new Promise((resolve) => (this.serveKept = resolve));
  }

  /** The catalogue now; undefined until the first discovery has finished. */
  current(): Catalog | undefined {
    return this.catalog;
  }

  /** The current catalogue, or the first discovery (started if needed), or the kept one it serves first. */
  async ready(): Promise<Catalog> {
    if (this.catalog) return this.catalog;
    return Promise.race([this.refresh().then((r) => r.catalog), this.keptServed]);
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

  /**
   * Told how the run in flight progresses (at once, if one is), and every run after, until the returned
   * function is called.
   */
  onProgress(listener: ProgressListener): () => void {
    this.progressListeners.add(listener);
    if (this.running && this.progress) listener({ ...this.progress });
    return () => this.progressListeners.delete(listener);
  }

  private progressed(progress: DiscoveryProgress): void {
    this.progress = progress;
    this.opts.onProgress?.(progress);
    for (const listener of this.progressListeners) {
      try {
        listener({ ...progress });
      } catch (err) {
        this.opts.log.error({ err }, 'a discovery progress listener failed');
      }
    }
  }

  private async run(full: boolean): Promise<RefreshResult> {
    const started = Date.now();
    this.progress = undefined;
    const previous = this.catalog;
    const kept = previous === undefined ? this.keptLoader() : undefined;
    let result: RefreshResult;
    try {
      result = await refreshCatalog(this.clients, this.rules, this.memo, previous, {
        ...this.opts,
        full,
        recheckEvery: this.opts.recheckEvery ?? DEFAULT_RECHECK_EVERY,
        onProgress: (progress) => this.progressed(progress),
        onAccount: (account) => {
          this.account = account;
          kept?.load(account);
        },
      });
    } catch (err) {
      // Readers already have the kept catalogue: say why it was not revalidated.
      if (await kept?.served())
        this.opts.log.warn({ err }, 'the catalogue served from the cache could not be revalidated; it stays');
      throw err;
    }
    const served = await kept?.served();
    if (served) result = comparedWith(served, result);
    this.catalog = result.catalog;
    this.refreshes += 1;
    this.report(result, { previous, served, full, ms: Date.now() - started });
    if ((previous || served) && result.changed) this.tellListeners(result);
    if (!previous || result.changed) this.keep(result.catalog);
    return result;
  }

  /**
   * Loads the kept catalogue of the account once the listing names it, and serves it if the first
   * discovery is still going. A kept catalogue means an earlier process read the account when it wrote
   * it: the discovery operations' buckets start with what AWS has refilled since.
   */
  private keptLoader(): { load(account: string): void; served(): Promise<Catalog | undefined> } {
    let loading: Promise<Catalog | undefined> | undefined;
    const store = this.opts.store;
    return {
      load: (account) => {
        if (!store || loading) return;
        loading = store.load(account).then(
          (kept) => (kept ? this.serveKeptCatalog(kept) : undefined),
          (err: unknown) => {
            this.opts.log.warn({ err }, 'the catalogue cache cannot be read; discovering afresh');
            return undefined;
          },
        );
      },
      served: () => loading ?? Promise.resolve(undefined),
    };
  }

  private serveKeptCatalog({ catalog, savedAt }: KeptCatalog): Catalog | undefined {
    if (this.catalog) return undefined;
    this.clients.pacing?.assumeSpent(Math.max(0, Date.now() - savedAt), DISCOVERY_OPERATIONS);
    this.catalog = catalog;
    this.opts.log.info(
      {
        tools: catalog.tools.length,
        savedAt: new Date(savedAt).toISOString(),
        processMs: Math.round(process.uptime() * 1000),
      },
      'catalogue served from the cache; revalidating',
    );
    this.serveKept(catalog);
    return catalog;
  }

  /** Keeps the catalogue for the next process; a failure is logged and changes nothing else. */
  private keep(catalog: Catalog): void {
    const { store } = this.opts;
    if (!store || this.account === undefined) return;
    store
      .save(this.account, catalog)
      .catch((err: unknown) => this.opts.log.warn({ err }, 'the catalogue cache cannot be written'));
  }

  private report(
    result: RefreshResult,
    run: { previous: Catalog | undefined; served: Catalog | undefined; full: boolean; ms: number },
  ): void {
    const { log } = this.opts;
    const first = run.previous === undefined && run.served === undefined;
    const message = first ? 'catalogue loaded' : run.served ? 'catalogue revalidated' : 'catalogue refreshed';
    (first || run.served ? log.info.bind(log) : log.debug.bind(log))(
      {
        tools: result.catalog.tools.length,
        excluded: result.catalog.excluded.length,
        calls: result.calls,
        described: result.described,
        full: run.full,
        ms: run.ms,
        ...(first ? {} : result.diff),
      },
      message,
    );
    // Each warning is logged when it first appears, not on every refresh.
    const before = new Set(run.previous?.warnings ?? []);
    for (const w of result.catalog.warnings) if (!before.has(w)) log.warn(w);
  }

  private tellListeners(result: RefreshResult): void {
    this.opts.log.info({ ...result.diff }, 'tools changed');
    for (const listener of this.listeners) {
      try {
        listener(result);
      } catch (err) {
        this.opts.log.error({ err }, 'a catalogue change listener failed');
      }
    }
  }
}

/** The result of a revalidation, its changes counted against the kept catalogue served meanwhile. */
function comparedWith(served: Catalog, result: RefreshResult): RefreshResult {
  const diff = diffCatalogs(served, result.catalog);
  return { ...result, diff, changed: hasChanges(diff) };
}
