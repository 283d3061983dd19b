/** The command line: the three subcommands and their settings, parsed with commander. */
import { Command } from 'commander';
import { ConfigError } from '../config/index.js';
import { createLogger } from '../log.js';
import { engineCommand } from './engine.js';
import { graphCommand } from './graph.js';
import { packageJson } from '../package-files.js';
import { listCommand } from './list.js';
import { addSettings, configFrom, settingsSummary } from './options.js';
import { serve } from './serve.js';

const { version } = packageJson;

/** A configuration error is one clear line and exit code 2; anything else is a bug worth a stack. */
function fail(error: unknown): never {
  if (error instanceof ConfigError) {
    console.error(`stepfunctions-tool-mcp-server: ${error.message}`);
    process.exit(2);
  }
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  console.error(`stepfunctions-tool-mcp-server: ${detail}`);
  process.exit(1);
}

const program = new Command()
  .name('stepfunctions-tool-mcp-server')
  .description('An MCP server that turns AWS Step Functions state machines into tools an AI agent can call.')
  .version(version)
  .showHelpAfterError()
  .addHelpText(
    'after',
    '\nSettings of serve, list and graph (a flag wins over its environment variable):\n' +
      settingsSummary() +
      '\n\nRun "stepfunctions-tool-mcp-server serve --help" for what each one means.',
  );

addSettings(
  program
    .command('serve', { isDefault: true })
    .description('serve the selected state machines as MCP tools (stdio or Streamable HTTP)'),
).action(async (options: Record<string, unknown>) => {
  try {
    const config = configFrom(options, process.env);
    await serve(config, createLogger({ level: config.logLevel }), version);
  } catch (error) {
    fail(error);
  }
});

addSettings(
  program
    .command('list')
    .description('dry run: show which machines become which tools, and why the others are left out')
    .option('--json', 'print JSON for scripts'),
).action(async (options: Record<string, unknown>) => {
  try {
    const config = configFrom(options, process.env);
    const log = createLogger({ level: config.logLevel });
    process.exitCode = await listCommand(config, log, options.json === true);
  } catch (error) {
    fail(error);
  }
});

addSettings(
  program
    .command('graph')
    .description(
      'draw a state machine, or one of its executions, as SVG or PNG: the picture the MCP Apps view shows',
    )
    .argument('<machine>', 'a selected tool, or the name or ARN of a selected state machine')
    .option('--execution <arn>', 'a Standard execution of that machine, drawn state by state over it')
    .requiredOption('--out <file>', 'the file to write: .svg, or .png (drawn in a headless Chromium)'),
).action(async (machine: string, options: Record<string, unknown>) => {
  try {
    const config = configFrom(options, process.env);
    const log = createLogger({ level: config.logLevel });
    process.exitCode = await graphCommand(config, log, {
      machine,
      out: String(options.out),
      ...(typeof options.execution === 'string' ? { execution: options.execution } : {}),
    });
  } catch (error) {
    fail(error);
  }
});

program.addCommand(engineCommand(fail));

await program.parseAsync(process.argv);
