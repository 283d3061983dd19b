import type { AwsClients } from './aws/clients.js';
import type { Catalog, MachineTool } from './catalog/types.js';
import { discoverCatalog } from './catalog/index.js';
import { callMachineTool } from './execution/index.js';
import type { Config } from './config.js';
import type { Logger } from './log.js';
import type { CallContext, ToolDefinition, ToolProvider, ToolResult } from './mcp/provider.js';

/**
 * Joins the catalogue and execution into the tool provider the MCP layer serves.
 * Discovery starts at construction, so the MCP handshake is answered at once and
 * only tools/list and tools/call wait for the catalogue.
 */
export class Bridge implements ToolProvider {
  private loading: Promise<Catalog>;
  private current: Catalog | undefined;
  readonly instructions =
    'Each tool runs one AWS Step Functions state machine; the tool arguments are the execution input. ' +
    'Express workflows answer synchronously. Standard workflows may run long: when a call returns an ' +
    'execution ARN with status RUNNING, the workflow is still going and its result can be fetched later.';

  constructor(
    private readonly clients: AwsClients,
    private readonly config: Config,
    private readonly log: Logger,
  ) {
    this.loading = this.startLoad();
  }

  /** True once a catalogue has been loaded. */
  isReady(): boolean {
    return this.current !== undefined;
  }

  /** The catalogue, loading it again if the last attempt failed. */
  async catalog(): Promise<Catalog> {
    if (this.current) return this.current;
    try {
      return await this.loading;
    } catch (error) {
      this.loading = this.startLoad();
      throw error;
    }
  }

  async listTools(): Promise<ToolDefinition[]> {
    const catalog = await this.catalog();
    return catalog.tools.map(toDefinition);
  }

  async callTool(
    name: string,
    args: Record<string, unknown> | undefined,
    ctx: CallContext,
  ): Promise<ToolResult | undefined> {
    const tool = (await this.catalog()).tools.find((t) => t.name === name);
    if (!tool) return undefined;
    const progress = ctx.progress;
    return callMachineTool(this.clients, tool, args ?? {}, {
      log: this.log,
      signal: ctx.signal,
      stopOnCancel: this.config.stopOnCancel,
      ...(this.config.waitBudgetSeconds > 0 ? { waitBudgetMs: this.config.waitBudgetSeconds * 1000 } : {}),
      ...(progress
        ? {
            onProgress: (p) => progress({ progress: Math.round(p.elapsedMs / 100) / 10, message: p.message }),
          }
        : {}),
    });
  }

  private startLoad(): Promise<Catalog> {
    const loading = this.load();
    // The failure is logged in load() and reported to whoever asks next; never an unhandled rejection.
    loading.catch(() => undefined);
    return loading;
  }

  private async load(): Promise<Catalog> {
    const started = Date.now();
    try {
      const catalog = await discoverCatalog(this.clients, this.config.selection, {
        log: this.log,
        concurrency: this.config.discoveryConcurrency,
      });
      this.current = catalog;
      this.log.info(
        { tools: catalog.tools.length, excluded: catalog.excluded.length, ms: Date.now() - started },
        'catalogue loaded',
      );
      return catalog;
    } catch (error) {
      this.log.error({ err: (error as Error).message }, 'could not list state machines');
      throw new Error(
        `Could not list the AWS Step Functions state machines: ${(error as Error).message}. ` +
          'Check the credentials (AWS_PROFILE), the region (AWS_REGION) and the states:ListStateMachines permission.',
        { cause: error },
      );
    }
  }
}

function toDefinition(tool: MachineTool): ToolDefinition {
  return {
    name: tool.name,
    title: tool.annotations.title,
    description: tool.description,
    inputSchema: tool.inputSchema,
    annotations: { ...tool.annotations },
  };
}
