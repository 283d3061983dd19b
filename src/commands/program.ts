/** The command line: the three subcommands and their settings, parsed with commander. */
import { createRequire } from 'node:module';
import { Command, Option } from 'commander';
import { ConfigError, SETTINGS, resolveConfig, type Config, type RawSettings } from '../config.js';
import { createLogger } from '../log.js';
import { serve } from '../serve.js';
import { listCommand } from '../list-command.js';
import { engineCommand } from './engine.js';

const { version } = createRequire(import.meta.url)('../../package.json') as { version: string };

function addSettings(command: Command): Command {
  for (const s of SETTINGS) {
    const option = s.boolean
      ? new Option(`${s.flag} [bool]`, s.help).argParser((v: string | undefined) => v ?? 'true')
      : new Option(`${s.flag} <value>`, s.help);
    const env = s.env.join(', ');
    option.description = `${s.help} [env: ${env}]${s.default !== undefined ? ` (default: ${s.default})` : ''}`;
    command.addOption(option);
  }
  return command;
}

function configFrom(options: Record<string, unknown>): Config {
  const flags: RawSettings = {};
  for (const s of SETTINGS) {
    const v = options[s.key];
    if (v !== undefined) flags[s.key] = v === true ? 'true' : String(v);
  }
  return resolveConfig(flags, process.env);
}

/** A configuration error is one clear line and exit code 2; anything else is a bug worth a stack. */
function fail(error: unknown): never {
  if (error instanceof ConfigError) {
    console.error(`stepfunctions-tool-mcp-server: ${error.message}`);
    process.exit(2);
  }
  console.error(`stepfunctions-tool-mcp-server: ${(error as Error).stack ?? String(error)}`);
  process.exit(1);
}

const program = new Command()
  .name('stepfunctions-tool-mcp-server')
  .description('An MCP server that turns AWS Step Functions state machines into tools an AI agent can call.')
  .version(version)
  .showHelpAfterError()
  .addHelpText(
    'after',
    '\nSettings of serve and list (a flag wins over its environment variable):\n' +
      SETTINGS.map(
        (s) =>
          `  ${s.flag.padEnd(42)} ${s.env.join(', ')}${s.default !== undefined ? ` (default: ${s.default})` : ''}`,
      ).join('\n') +
      '\n\nRun "stepfunctions-tool-mcp-server serve --help" for what each one means.',
  );

addSettings(
  program
    .command('serve', { isDefault: true })
    .description('serve the selected state machines as MCP tools (stdio or Streamable HTTP)'),
).action(async (options: Record<string, unknown>) => {
  try {
    const config = configFrom(options);
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
    const config = configFrom(options);
    process.exitCode = await listCommand(
      config,
      createLogger({ level: config.logLevel }),
      options.json === true,
    );
  } catch (error) {
    fail(error);
  }
});

program.addCommand(engineCommand(fail));

await program.parseAsync(process.argv);
