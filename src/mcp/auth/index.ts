/**
 * Who may use the HTTP endpoint: static bearer tokens, OAuth 2.1 JWT access tokens, or both, and which
 * tools each caller may see. `resolveHttpAuth` turns the configuration into settings (and refuses
 * unsafe ones at start, settings.ts); `HttpAuthenticator` checks one request (authenticator.ts);
 * the tool-scope mapping narrows the tools per caller (tool-scopes.ts).
 */
export {
  resolveHttpAuth,
  type HttpAuthSettings,
  type OAuthSettings,
  type StaticTokenEntry,
} from './settings.js';
export { HttpAuthenticator, resolveResourceUrl, type AuthOutcome } from './authenticator.js';
export { authExtra, type AuthExtra } from './verifier.js';
export { isLoopbackHost, isWildcardHost } from './hosts.js';
export { allowedTools, filterProvider, type ToolScopeRule } from './tool-scopes.js';
