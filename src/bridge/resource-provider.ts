/**
 * MCP resources on the bridge: each machine tool's definition (`stepfunctions://machines/<tool>`), and,
 * with operations tools on, each execution of those machines through a template
 * (`stepfunctions://executions/{executionArn}`), which reads as describe_execution answers. Resources
 * follow the catalogue and the caller's tool scopes, like the tools.
 */
import type { MachineTool } from '../catalog/types.js';
import { awsErrorText } from '../aws/errors.js';
import {
  ResourceRequestError,
  type ResourceContents,
  type ResourceContext,
  type ResourceDefinition,
  type ResourceProvider,
  type ResourceTemplateDefinition,
} from '../mcp/provider.js';
import { callOperationsTool, DESCRIBE_EXECUTION, executionTarget } from '../operations/index.js';
import { readDefinition } from '../resources/definition-read.js';
import { EXECUTION_URI_TEMPLATE, machineUri, parseResourceUri } from '../resources/uris.js';
import { visibleTo, type BridgeShared } from './shared.js';

const JSON_TYPE = 'application/json';

export class BridgeResources implements ResourceProvider {
  constructor(private readonly shared: BridgeShared) {}

  async listResources(ctx: ResourceContext): Promise<ResourceDefinition[]> {
    return visibleTo(await this.shared.machineTools(), ctx).map(machineResource);
  }

  listResourceTemplates(ctx: ResourceContext): ResourceTemplateDefinition[] {
    if (!this.executionsServed(ctx)) return [];
    return [
      {
        uriTemplate: EXECUTION_URI_TEMPLATE,
        name: 'execution',
        title: 'A Step Functions execution',
        description:
          'An execution of one of the workflows this server serves, by its ARN (percent-encoded): status, ' +
          'times, input, output and the summary of its history, as describe_execution gives them.',
        mimeType: JSON_TYPE,
      },
    ];
  }

  async readResource(uri: string, ctx: ResourceContext): Promise<ResourceContents[]> {
    const parsed = parseResourceUri(uri);
    // A URI this server does not recognise names a resource it does not have: not found, as the spec asks.
    if (parsed.kind === 'other')
      throw new ResourceRequestError('not-found', `Unknown resource URI "${uri}": ${parsed.why}.`);
    const tools = visibleTo(await this.shared.machineTools(), ctx);
    if (parsed.kind === 'machine') return [await this.definition(uri, parsed.toolName, tools, ctx)];
    return [await this.execution(uri, parsed.executionArn, tools, ctx)];
  }

  private async definition(
    uri: string,
    toolName: string,
    tools: readonly MachineTool[],
    ctx: ResourceContext,
  ): Promise<ResourceContents> {
    const tool = tools.find((t) => t.name === toolName);
    if (!tool) {
      throw new ResourceRequestError(
        'not-found',
        `No workflow tool named "${toolName}" here; resources/list lists the machine definitions served.`,
      );
    }
    try {
      const { definition, describedArn } = await readDefinition(this.shared.clients.sfn, tool, ctx.signal);
      return {
        uri,
        mimeType: JSON_TYPE,
        text: definition,
        _meta: { stateMachineArn: tool.machine.arn, describedArn, type: tool.machine.type },
      };
    } catch (err) {
      this.shared.log.warn({ err, tool: toolName }, 'machine definition could not be read');
      throw new ResourceRequestError('unavailable', `DescribeStateMachine failed: ${awsErrorText(err)}`);
    }
  }

  private async execution(
    uri: string,
    executionArn: string,
    tools: readonly MachineTool[],
    ctx: ResourceContext,
  ): Promise<ResourceContents> {
    if (!this.executionsServed(ctx)) {
      throw new ResourceRequestError(
        'not-found',
        'Execution resources are served with the operations tools only.',
      );
    }
    const target = executionTarget(executionArn, tools, 'the execution resource');
    if (!target.ok) {
      // An ARN that is not one, or an Express execution, can never be read; another machine's is not here.
      const kind = target.error.reason === 'outside' ? 'not-found' : 'invalid';
      throw new ResourceRequestError(kind, target.error.message);
    }
    const { shared } = this;
    const call = { clients: shared.clients, tools, log: shared.log, signal: ctx.signal };
    const result = await callOperationsTool(shared.config.operations, DESCRIBE_EXECUTION, call, {
      executionArn,
    })!;
    if (result.isError)
      throw new ResourceRequestError('unavailable', result.content[0]?.text ?? 'read failed');
    return { uri, mimeType: JSON_TYPE, text: JSON.stringify(result.structuredContent, null, 2) };
  }

  /** Executions are resources when describe_execution is served to this caller. */
  private executionsServed(ctx: ResourceContext): boolean {
    return this.shared.config.operations !== 'none' && (ctx.allowTool?.(DESCRIBE_EXECUTION) ?? true);
  }
}

function machineResource(tool: MachineTool): ResourceDefinition {
  const { machine } = tool;
  return {
    uri: machineUri(tool.name),
    name: tool.name,
    title: `${machine.name} definition`,
    description:
      `The Amazon States Language definition of ${machine.type} state machine ${machine.name}` +
      `${machine.invokeArn !== machine.arn ? ` (as ${machine.invokeArn} runs it)` : ''}, which tool ${tool.name} runs.`,
    mimeType: JSON_TYPE,
  };
}
