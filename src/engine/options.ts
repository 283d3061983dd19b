import { isIPv4, isIPv6 } from 'node:net';
import { parseStateMachineArn, stateMachineArn } from '../aws/arn.js';
import { tableNameFor, type QuotaTableName } from '../aws/quotas.js';
import { silentLogger, type Logger } from '../log.js';
import { fail, ok, type Result } from '../result.js';
import type { EngineOptions } from './types.js';

/** {@link EngineOptions} with every default filled in and every value checked. */
export interface ResolvedEngineOptions {
  dir?: string;
  host: string;
  port: number;
  region: string;
  accountId: string;
  schemaTagKey: string;
  outputSchemaTagKey: string;
  control: boolean;
  quotas?: { table: QuotaTableName; scale: number };
  log: Logger;
}

/** How the caller spells the options a message names: startEngine's fields, or the engine subcommand's flags. */
export interface OptionNames {
  control: string;
  host: string;
  quotasTable: string;
  quotasScale: string;
}

const FIELD_NAMES: OptionNames = {
  control: 'control: true',
  host: 'host',
  quotasTable: 'quotas.table',
  quotasScale: 'quotas.scale',
};
const MAX_QUOTA_SCALE = 1000;

/** 127.0.0.0/8, ::1 (also IPv4-mapped) and localhost: addresses only this machine reaches. */
export function isLoopbackHost(host: string): boolean {
  if (host === 'localhost') return true;
  if (isIPv4(host)) return host.startsWith('127.');
  if (isIPv6(host)) return /^(0{0,4}:){2,7}0{0,3}1$/.test(host) || /^::ffff:127\./i.test(host);
  return false;
}

/**
 * The options with their defaults, or what is wrong with one. The control routes change what the engine
 * answers to anyone who reaches it, so they are refused on an address other machines can reach.
 */
export function resolveEngineOptions(
  opts: EngineOptions,
  names: OptionNames = FIELD_NAMES,
): Result<ResolvedEngineOptions> {
  const host = opts.host ?? '127.0.0.1';
  const region = opts.region ?? 'us-east-1';
  const accountId = opts.accountId ?? '123456789012';
  const control = opts.control ?? false;
  if (!/^\d{12}$/.test(accountId)) return fail(`accountId must be 12 digits, got '${accountId}'`);
  // Every ARN the engine builds must read back: the region must be a region name.
  if (!parseStateMachineArn(stateMachineArn({ region, accountId }, 'probe')).ok)
    return fail(`region must be an AWS region name such as us-east-1, got '${region}'`);
  if (control && !isLoopbackHost(host)) {
    return fail(
      `${names.control} serves fault injection and the call log on a loopback address only, ` +
        `but the bind address (${names.host}) is '${host}'; bind to 127.0.0.1, ::1 or localhost, ` +
        `or leave ${names.control} out`,
    );
  }
  const quotas = resolveQuotas(opts, region, names);
  if (!quotas.ok) return quotas;
  return ok({
    ...(opts.dir !== undefined ? { dir: opts.dir } : {}),
    ...(quotas.value ? { quotas: quotas.value } : {}),
    host,
    port: opts.port ?? 0,
    region,
    accountId,
    schemaTagKey: opts.schemaTagKey ?? 'InputSchemaArn',
    outputSchemaTagKey: opts.outputSchemaTagKey ?? 'OutputSchemaArn',
    control,
    log: opts.log ?? silentLogger(),
  });
}

/** The quota table and scale asked for, checked; undefined when no quotas are emulated. */
export function resolveQuotas(
  opts: Pick<EngineOptions, 'quotas'>,
  region: string,
  names: OptionNames = FIELD_NAMES,
): Result<ResolvedEngineOptions['quotas']> {
  if (!opts.quotas) return ok(undefined);
  const { table = 'auto', scale = 1 } = opts.quotas;
  if (!['auto', 'large', 'other'].includes(table))
    return fail(`${names.quotasTable} must be auto, large or other, got '${String(table)}'`);
  if (!(typeof scale === 'number' && scale > 0 && scale <= MAX_QUOTA_SCALE))
    return fail(
      `${names.quotasScale} must be a number above 0, at most ${MAX_QUOTA_SCALE}, got '${String(scale)}'`,
    );
  return ok({ table: table === 'auto' ? tableNameFor(region) : table, scale });
}
