/**
 * DNS-rebinding protection, decided on the headers alone. Loopback names are always accepted (a
 * rebinding attack presents the attacker's name, never ours); so are the configured hosts, the resource
 * URL's host and a specific bind address. A wildcard bind with nothing configured cannot know its public
 * name (and load balancers send varied Host values): the Host check is then off and a warning says so.
 * That is safe because such a bind requires authentication (src/mcp/auth/settings.ts), and a rebinding
 * page cannot send a bearer token. With authentication explicitly off only the Origin check is left,
 * and the warning says that instead.
 */
import {
  hostHeaderValidationResponse,
  localhostAllowedHostnames,
  localhostAllowedOrigins,
  originValidationResponse,
} from '@modelcontextprotocol/server';
import { settingLabel } from '../../config/index.js';
import type { Logger } from '../../log.js';
import { isLoopbackHost, isWildcardHost, type HttpAuthSettings } from '../auth/index.js';

export interface HostCheckSettings {
  /** The bind address. */
  host: string;
  /** Extra Host header values accepted (hostnames, host:port values or URLs). */
  allowedHosts: string[];
  /** Extra browser origins accepted (hostnames or origins). */
  allowedOrigins: string[];
  auth: HttpAuthSettings;
}

/** A 403 response for a request whose Host or Origin is not allowed, else undefined. */
export type HeaderCheck = (headersOnly: Request) => Response | undefined;

/** Host-header allow-list entries from hostnames, host:port values and URLs. */
function hostnameOf(value: string): string | undefined {
  const v = value.trim();
  if (v === '') return undefined;
  try {
    const u = new URL(v.includes('://') ? v : `http://${v}`);
    return u.hostname.toLowerCase();
  } catch {
    return undefined;
  }
}

const hostnamesOf = (values: string[]): string[] =>
  values.map(hostnameOf).filter((h): h is string => h !== undefined);

/** The resource URL's host, when one is configured. */
function resourceHost(auth: HttpAuthSettings): string[] {
  return auth.resourceUrl ? [new URL(auth.resourceUrl).hostname.toLowerCase()] : [];
}

/** A specific (neither wildcard nor loopback) bind address: clients may name the server by it. */
function boundHost(host: string): string[] {
  if (isWildcardHost(host) || isLoopbackHost(host)) return [];
  const bare = hostnameOf(host.includes(':') && !host.startsWith('[') ? `[${host}]` : host);
  return bare === undefined ? [] : [bare];
}

/** The Host and Origin checks for these settings; warns at once when the Host check is off. */
export function hostAndOriginCheck(settings: HostCheckSettings, log: Logger): HeaderCheck {
  const extraHosts = [
    ...hostnamesOf(settings.allowedHosts),
    ...resourceHost(settings.auth),
    ...boundHost(settings.host),
  ];
  const checkHost = isLoopbackHost(settings.host) || extraHosts.length > 0;
  if (!checkHost) warnHostNotChecked(settings, log);
  const allowedHostnames = [...new Set([...localhostAllowedHostnames(), ...extraHosts])];
  const allowedOrigins = [
    ...new Set([
      ...localhostAllowedOrigins(),
      ...hostnamesOf(settings.allowedOrigins),
      ...resourceHost(settings.auth),
    ]),
  ];
  return (request) =>
    (checkHost ? hostHeaderValidationResponse(request, allowedHostnames) : undefined) ??
    originValidationResponse(request, allowedOrigins);
}

function warnHostNotChecked(settings: HostCheckSettings, log: Logger): void {
  const { host, auth } = settings;
  const authenticated = auth.staticTokens.length > 0 || auth.oauth !== undefined;
  const hosts = settingLabel('allowedHosts');
  const resource = settingLabel('resourceUrl');
  const unknownName =
    `Host header is not checked: bound to ${host} (every interface) with neither ` +
    `${hosts} nor ${resource} set, so the public name is unknown. `;
  const toCheck =
    `To check Host too, set ${resource} to the public URL of /mcp (https://<name>/mcp) ` +
    `or ${hosts} to every name clients and the load balancer send.`;
  log.warn(
    { host, hostCheck: 'off', authentication: authenticated },
    authenticated
      ? `${unknownName}Safe as it is: every request to /mcp must authenticate, which defeats DNS rebinding ` +
          `(a rebinding web page cannot send a bearer token), and the Origin check stays on. ${toCheck}`
      : `${unknownName}With no authentication either (${settingLabel('allowUnauthenticated')}), only the Origin ` +
          'check stands against DNS rebinding, and browsers that send no Origin are not stopped. ' +
          `Configure authentication, or set ${hosts} or ${resource}.`,
  );
}
