/**
 * MCP over Streamable HTTP. This module (with src/mcp/http/ and src/mcp/auth/) is loaded only when the
 * transport is http: src/commands/serve.ts imports it dynamically.
 */
import type { Config } from '../../config/index.js';
import { resolveHttpAuth, type HttpAuthSettings } from '../../mcp/auth/index.js';
import { serveHttp } from '../../mcp/http/index.js';
import { httpBanner, httpStartFields } from './banner.js';
import { readinessCheck } from './readiness.js';
import type { Serving } from './serving.js';

export interface HttpPlan {
  start(serving: Serving): Promise<void>;
}

/** Checks the HTTP settings (authentication, exposure) before anything starts; throws ConfigError. */
export function prepareHttp(config: Config): HttpPlan {
  const auth = resolveHttpAuth(config);
  return { start: (serving) => startHttp(config, auth, serving) };
}

async function startHttp(config: Config, auth: HttpAuthSettings, serving: Serving): Promise<void> {
  const { runtime, bridge, shutdown, log, version } = serving;
  const http = await serveHttp({
    host: config.host,
    port: config.port,
    provider: bridge,
    version,
    auth,
    allowedHosts: config.http.allowedHosts,
    allowedOrigins: config.http.allowedOrigins,
    maxBodyBytes: config.http.maxBodyBytes,
    maxHeaderBytes: config.http.maxHeaderBytes,
    readiness: readinessCheck(bridge, runtime.clients, log),
    ...(config.requestStateKey ? { requestStateKey: config.requestStateKey } : {}),
    log,
  });
  shutdown.attachHttp(http);
  bridge.onToolsChanged(() => {
    http.notifyToolsChanged();
    // The resources (each machine's definition) follow the tools.
    if (bridge.resources) http.notifyResourcesChanged();
  });
  log.info(httpStartFields(http, auth), 'serving MCP over Streamable HTTP');
  const { engine } = runtime;
  const local = engine && config.local ? { endpoint: engine.endpoint, dir: config.local } : undefined;
  process.stdout.write(httpBanner(http.url, local));
}
