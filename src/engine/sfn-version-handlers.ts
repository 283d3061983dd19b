import { stateMachineArn, unqualifiedArn } from '../aws/arn.js';
import { isObject } from '../result.js';
import { requireAliasArn, requireStateMachineArn, requireVersionArn } from './arn-checks.js';
import type { EngineContext } from './context.js';
import { ApiError, sfnError } from './errors.js';
import { epochSeconds } from './http.js';
import { getMachine, publishVersion } from './machines.js';
import { requestedPage, type PageRequest } from './pagination.js';
import type { SfnOperation } from './sfn-handlers.js';
import type { AliasRecord, MachineRecord, RouteRecord, VersionRecord } from './store.js';
import { optInt, optString, reqString, type Body } from './validate.js';

/** Step Functions operations on versions and aliases: publish, list, delete; alias routing. */

function versionOf(machine: MachineRecord, arn: string): VersionRecord {
  const version = machine.versions.get(requireVersionArn(arn).version);
  if (!version) throw sfnError.resourceNotFound(arn);
  return version;
}

/** The machine and alias an alias ARN names; unknown ones get ResourceNotFound, as in AWS. */
function aliasOf(ctx: EngineContext, arn: string): { machine: MachineRecord; alias: AliasRecord } {
  const parsed = requireAliasArn(arn);
  const machine = ctx.store.machines.get(parsed.machineArn);
  const alias = machine?.aliases.get(parsed.qualifier);
  if (!machine || !alias) throw sfnError.resourceNotFound(arn);
  return { machine, alias };
}

const ALIAS_NAME = /^(?=.*[a-zA-Z_\-.])[a-zA-Z0-9_\-.]{1,80}$/;

/** One or two routes to existing versions of this machine, weights 0..100 summing to 100. */
function readRouting(machine: MachineRecord, body: Body): RouteRecord[] {
  const raw = body.routingConfiguration;
  if (!Array.isArray(raw) || raw.length < 1 || raw.length > 2)
    throw sfnError.validation('routingConfiguration must list one or two {stateMachineVersionArn, weight}');
  const routes = raw.map((item: unknown, i): RouteRecord => {
    if (!isObject(item)) throw sfnError.serialization(`routingConfiguration.${i + 1} must be an object`);
    const route = item;
    const versionArn = reqString(route, 'stateMachineVersionArn');
    const weight = optInt(route, 'weight', 0, 100);
    if (weight === undefined) throw sfnError.validation(`routingConfiguration.${i + 1}.weight is required`);
    if (unqualifiedArn(versionArn) !== machine.arn)
      throw sfnError.validation(`${versionArn} is not a version of ${machine.arn}`);
    return { versionArn, version: versionOf(machine, versionArn).version, weight };
  });
  if (routes.reduce((sum, r) => sum + r.weight, 0) !== 100)
    throw sfnError.validation('The weights of routingConfiguration must add up to 100');
  if (routes.length === 2 && routes[0]!.versionArn === routes[1]!.versionArn)
    throw sfnError.validation('routingConfiguration must name two different versions');
  return routes;
}

/** A requested page of a machine's versions or aliases, each item its ARN (under `arnKey`) and creation date. */
function pageOfArns<T extends { arn: string; creationDate: Date }>(
  body: Body,
  all: readonly T[],
  arnKey: 'stateMachineVersionArn' | 'stateMachineAliasArn',
  listing: Omit<PageRequest<T>, 'token' | 'size'>,
): { items: Record<string, unknown>[]; nextToken?: string } {
  const { page, ...next } = requestedPage(body, all, listing);
  return {
    items: page.map((item) => ({ [arnKey]: item.arn, creationDate: epochSeconds(item.creationDate) })),
    ...next,
  };
}

function renderRouting(routes: RouteRecord[]): Record<string, unknown>[] {
  return routes.map((r) => ({ stateMachineVersionArn: r.versionArn, weight: r.weight }));
}

export const versionOperations: Record<string, SfnOperation> = {
  PublishStateMachineVersion(body, ctx) {
    const machine = getMachine(ctx, reqString(body, 'stateMachineArn'));
    const revisionId = optString(body, 'revisionId');
    const description = optString(body, 'description', { max: 256 });
    if (revisionId !== undefined && revisionId !== machine.revisionId)
      throw new ApiError(
        'ConflictException',
        `The revision ${revisionId} is not the latest revision of ${machine.arn} (${machine.revisionId})`,
      );
    // As in AWS, publishing an unchanged revision again returns the latest version.
    const latest = [...machine.versions.values()].at(-1);
    const version =
      latest && latest.revisionId === machine.revisionId ? latest : publishVersion(ctx, machine, description);
    return { creationDate: epochSeconds(version.creationDate), stateMachineVersionArn: version.arn };
  },

  ListStateMachineVersions(body, ctx) {
    const machine = getMachine(ctx, reqString(body, 'stateMachineArn'));
    const newestFirst = [...machine.versions.values()].reverse();
    const { items, ...next } = pageOfArns(body, newestFirst, 'stateMachineVersionArn', {
      scope: `ListStateMachineVersions:${machine.arn}`,
      position: (v) => v.version,
      order: 'descending',
    });
    return { stateMachineVersions: items, ...next };
  },

  DeleteStateMachineVersion(body, ctx) {
    const arn = reqString(body, 'stateMachineVersionArn');
    const parsed = requireVersionArn(arn);
    const machine = ctx.store.machines.get(parsed.machineArn);
    if (!machine) return {};
    for (const alias of machine.aliases.values()) {
      if (alias.routing.some((r) => r.versionArn === arn))
        throw new ApiError(
          'ConflictException',
          `Version ${arn} is referenced by the alias ${alias.arn}; update or delete the alias first`,
        );
    }
    machine.versions.delete(parsed.version);
    return {};
  },

  CreateStateMachineAlias(body, ctx) {
    const name = reqString(body, 'name');
    const description = optString(body, 'description', { max: 256 });
    if (!ALIAS_NAME.test(name))
      throw sfnError.validation(
        `Invalid alias name '${name}': 1 to 80 letters, digits, '_', '-' or '.', and not only digits`,
      );
    const raw = body.routingConfiguration;
    const first = Array.isArray(raw) && raw[0] && typeof raw[0] === 'object' ? (raw[0] as Body) : {};
    const firstArn = typeof first.stateMachineVersionArn === 'string' ? first.stateMachineVersionArn : '';
    const machine = ctx.store.machines.get(requireStateMachineArn(firstArn || 'missing').machineArn);
    if (!machine) throw sfnError.resourceNotFound(firstArn);
    const routing = readRouting(machine, body);
    const arn = stateMachineArn(ctx.scope, machine.name, name);
    const existing = machine.aliases.get(name);
    if (existing) {
      const same =
        existing.description === description && JSON.stringify(existing.routing) === JSON.stringify(routing);
      if (!same)
        throw new ApiError('ConflictException', `The alias ${arn} exists with another configuration`);
      return { stateMachineAliasArn: arn, creationDate: epochSeconds(existing.creationDate) };
    }
    const now = new Date();
    machine.aliases.set(name, {
      name,
      arn,
      ...(description !== undefined ? { description } : {}),
      routing,
      creationDate: now,
      updateDate: now,
    });
    return { stateMachineAliasArn: arn, creationDate: epochSeconds(now) };
  },

  DescribeStateMachineAlias(body, ctx) {
    const { alias } = aliasOf(ctx, reqString(body, 'stateMachineAliasArn'));
    return {
      stateMachineAliasArn: alias.arn,
      name: alias.name,
      ...(alias.description !== undefined ? { description: alias.description } : {}),
      routingConfiguration: renderRouting(alias.routing),
      creationDate: epochSeconds(alias.creationDate),
      updateDate: epochSeconds(alias.updateDate),
    };
  },

  UpdateStateMachineAlias(body, ctx) {
    const { machine, alias } = aliasOf(ctx, reqString(body, 'stateMachineAliasArn'));
    const description = optString(body, 'description', { max: 256 });
    if (description === undefined && body.routingConfiguration === undefined)
      throw sfnError.validation('UpdateStateMachineAlias needs a description or a routingConfiguration');
    if (body.routingConfiguration !== undefined) alias.routing = readRouting(machine, body);
    if (description !== undefined) alias.description = description;
    alias.updateDate = new Date();
    return { updateDate: epochSeconds(alias.updateDate) };
  },

  DeleteStateMachineAlias(body, ctx) {
    const arn = reqString(body, 'stateMachineAliasArn');
    const { machine, alias } = aliasOf(ctx, arn);
    machine.aliases.delete(alias.name);
    return {};
  },

  ListStateMachineAliases(body, ctx) {
    const machine = getMachine(ctx, reqString(body, 'stateMachineArn'));
    const byName = [...machine.aliases.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
    const { items, ...next } = pageOfArns(body, byName, 'stateMachineAliasArn', {
      scope: `ListStateMachineAliases:${machine.arn}`,
      position: (a) => a.name,
      order: 'ascending',
    });
    return { stateMachineAliases: items, ...next };
  },
};
