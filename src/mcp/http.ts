// Transitional: the HTTP server lives in src/mcp/http/index.ts. This file only keeps src/serve.ts building
// until it imports that module; delete it then.
export { serveHttp, type HttpOptions, type Readiness, type RunningHttpServer } from './http/index.js';
