/**
 * `stepfunctions-tool-mcp-server graph <machine> [--execution ARN] --out file.svg|file.png`: the picture the
 * in-chat view shows, as a file, so an operator can look at a machine or a run without an MCP client. Same
 * settings and same discovery as `list`; the machine is one of the selected tools.
 */
import { writeFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { parseExecutionArn, type ExecutionArnParts } from '../aws/arn.js';
import { awsErrorText } from '../aws/errors.js';
import { discoverCatalog } from '../catalog/index.js';
import type { Catalog, MachineTool } from '../catalog/types.js';
import { ConfigError, type Config } from '../config/index.js';
import type { Logger } from '../log.js';
import { fail, ok, type Result } from '../result.js';
import { discoveryOptions, startRuntime } from '../runtime.js';
import { chromiumProblem, svgToPng } from '../view/chromium.js';
import type { LaidOutGraph } from '../view/graph-types.js';
import { pictureOf } from '../view/picture.js';
import { executionDefinition, readRun, toolDefinition, type ReadOptions } from '../view/read.js';
import type { RunOverlay } from '../view/run-types.js';
import { renderSvg } from '../view/svg.js';

export interface GraphOptions {
  /** A selected tool's name, its machine's name, or its machine's ARN. */
  machine: string;
  /** A Standard execution of that machine, drawn over the graph. */
  execution?: string;
  /** Where the picture goes; its extension says the format. */
  out: string;
}

export type PictureFormat = 'svg' | 'png';

/** The format `--out` asks for; a ConfigError for any other extension. */
export function outFormat(out: string): PictureFormat {
  const ext = extname(out).toLowerCase();
  if (ext === '.svg' || ext === '.png') return ext === '.svg' ? 'svg' : 'png';
  throw new ConfigError(`--out: '${out}' is not allowed; give a file name ending in .svg or .png`);
}

/** The execution `--execution` names, checked before anything starts. */
export function executionOption(raw: string): ExecutionArnParts {
  const parsed = parseExecutionArn(raw);
  if (!parsed.ok) throw new ConfigError(`--execution: ${parsed.error}`);
  if (parsed.value.kind === 'express') {
    throw new ConfigError(
      '--execution: this is an Express execution, and Step Functions keeps no history of Express ' +
        'executions that can be read back; draw the machine without --execution',
    );
  }
  return parsed.value;
}

/** The selected tool a name means: a tool's name first, then a machine's name or ARN. */
export function findTool(catalog: Catalog, machine: string): Result<MachineTool> {
  const tool =
    catalog.tools.find((t) => t.name === machine) ??
    catalog.tools.find(
      (t) => t.machine.name === machine || t.machine.arn === machine || t.machine.invokeArn === machine,
    );
  if (tool) return ok(tool);
  const names = catalog.tools.map((t) => t.name);
  const shown = names.length > 20 ? [...names.slice(0, 20), `and ${names.length - 20} more`] : names;
  return fail(
    `"${machine}" is not a selected tool, nor the name or ARN of a selected state machine. ` +
      (names.length > 0 ? `The selected tools: ${shown.join(', ')}. ` : 'No state machine is selected. ') +
      'Run list with the same settings to see why a machine is left out.',
  );
}

/**
 * Draws the picture into `opts.out`. Returns the exit code: 0 when the file is written, 1 when the machine,
 * the execution or Chromium (for PNG) is missing, each said in one line on stderr.
 */
export async function graphCommand(config: Config, log: Logger, opts: GraphOptions): Promise<number> {
  const format = outFormat(opts.out);
  const execution = opts.execution !== undefined ? executionOption(opts.execution) : undefined;
  if (execution && config.local) {
    throw new ConfigError(
      '--execution with --local: the embedded engine starts empty and holds no execution. Run the engine ' +
        'alone (stepfunctions-tool-mcp-server engine --dir <folder>), start the execution there, and point ' +
        'AWS_ENDPOINT_URL at it instead of --local',
    );
  }
  const problem = format === 'png' ? chromiumProblem() : undefined;
  if (problem) return failure(`PNG is drawn in a headless Chromium. ${problem} Or write .svg instead.`);
  const runtime = await startRuntime(config, log);
  try {
    const catalog = await discoverCatalog(
      runtime.clients,
      runtime.config.selection,
      discoveryOptions(runtime.config, log),
    );
    const tool = findTool(catalog, opts.machine);
    if (!tool.ok) return failure(tool.error);
    const drawn = await draw({ sfn: runtime.clients.sfn }, tool.value, execution);
    if (!drawn.ok) return failure(drawn.error);
    const { picture, run } = drawn.value;
    const title = `${tool.value.machine.name}${run ? ` · ${execution!.executionName} · ${run.status}` : ''}`;
    const svg = renderSvg(picture, run, { title });
    await writeFile(opts.out, format === 'svg' ? svg : await svgToPng(svg, picture));
    const states = picture.nodes.filter((n) => n.type !== 'Start' && n.type !== 'End').length;
    process.stdout.write(
      `Wrote ${opts.out}: ${tool.value.machine.name}, ${states} states` +
        `${run ? `, execution ${execution!.executionName} ${run.status}` : ''}.\n`,
    );
    return 0;
  } finally {
    await runtime.close();
  }
}

/** The laid-out graph of what the tool runs, or of the version the execution ran with its run over it. */
async function draw(
  read: ReadOptions,
  tool: MachineTool,
  execution: ExecutionArnParts | undefined,
): Promise<Result<{ picture: LaidOutGraph; run?: RunOverlay }>> {
  if (execution && execution.machineArn !== tool.machine.arn) {
    return fail(
      `--execution: the execution belongs to state machine "${execution.machineName}", ` +
        `not to ${tool.machine.name}.`,
    );
  }
  let definition: string;
  let run: RunOverlay | undefined;
  try {
    definition = execution
      ? await executionDefinition(read, execution.arn)
      : await toolDefinition(read, tool);
    if (execution) run = await readRun(read, execution.arn);
  } catch (err) {
    return fail(`Could not read ${execution ? execution.arn : tool.machine.arn}: ${awsErrorText(err)}`);
  }
  const picture = await pictureOf(definition);
  if (!picture.ok) return fail(`The workflow of ${tool.machine.name} cannot be drawn: ${picture.error}`);
  return ok(run ? { picture: picture.value, run } : { picture: picture.value });
}

function failure(message: string): number {
  console.error(`stepfunctions-tool-mcp-server graph: ${message}`);
  return 1;
}
