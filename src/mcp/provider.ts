/**
 * What the MCP layer needs from the rest of the server. It knows nothing of AWS:
 * the bridge (src/bridge.ts) implements this on top of the catalogue and execution.
 */

export interface ToolDefinition {
  name: string;
  title?: string;
  description: string;
  inputSchema: Record<string, unknown>;
  annotations?: Record<string, unknown>;
}

// A type alias (not an interface) so it is assignable to the SDK's index-signature result type.
export type ToolResult = {
  content: Array<{ type: 'text'; text: string }>;
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
  _meta?: Record<string, unknown>;
};

export interface ProgressUpdate {
  /** Monotonic progress value (we use elapsed seconds). */
  progress: number;
  message: string;
}

export interface CallContext {
  /** Aborted when the client cancels the request or disconnects. */
  signal: AbortSignal;
  /** Present when the client asked for progress notifications. */
  progress?: (update: ProgressUpdate) => Promise<void>;
}

export interface ToolProvider {
  /** Resolves once the catalogue is loaded; the MCP handshake never waits for it. */
  listTools(): Promise<ToolDefinition[]>;
  /** undefined when no tool of that name is served. */
  callTool(
    name: string,
    args: Record<string, unknown> | undefined,
    ctx: CallContext,
  ): Promise<ToolResult | undefined>;
  /** Instructions sent to clients at initialisation. */
  instructions?: string;
}
