/** The settings table as commander options: --help shows every setting, and parsed flags come back as a Config. */
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { SETTINGS } from '../../src/config/index.js';
import { addSettings, configFrom, settingsSummary } from '../../src/commands/options.js';

function parse(args: string[]): Record<string, unknown> {
  const command = addSettings(new Command('serve').exitOverride());
  command.parse(args, { from: 'user' });
  return command.opts();
}

describe('settings as options', () => {
  const help = addSettings(new Command('serve')).helpInformation();

  it.each(SETTINGS.map((s) => [s.flag, s]))(
    '--help shows %s with its help, variables and default',
    (_f, spec) => {
      const line = help.split('\n').find((l) => l.trimStart().startsWith(`${spec.flag} `));
      expect(line, `no --help line for ${spec.flag}`).toBeDefined();
      // commander wraps long descriptions: look at the option's whole entry.
      const entry = help
        .slice(help.indexOf(line!))
        .split(/\n {2}--/)[0]!
        .replace(/\s+/g, ' ');
      expect(entry).toContain(spec.help.split(' ').slice(0, 4).join(' '));
      expect(entry).toContain(`[env: ${spec.env.join(', ')}]`);
      if (spec.default) expect(entry).toContain(`(default: ${spec.default})`);
    },
  );

  it('the program epilogue lists every flag and variable', () => {
    const summary = settingsSummary();
    for (const spec of SETTINGS) {
      expect(summary).toContain(spec.flag);
      for (const env of spec.env) expect(summary).toContain(env);
    }
    expect(summary.split('\n')).toHaveLength(SETTINGS.length);
  });

  it('turns flags into the Config, flags winning over the environment', () => {
    const config = configFrom(
      parse(['--port', '8080', '--sync-endpoint-url', 'https://sync.example', '--stop-on-cancel']),
      { SFN_MCP_PORT: '9090', SFN_MCP_RESULT_TOOL: 'false' },
    );
    expect(config.port).toBe(8080);
    expect(config.aws.syncEndpoint).toBe('https://sync.example');
    expect(config.stopOnCancel).toBe(true);
    expect(config.resultTool).toBe(false);
  });

  it('a boolean flag takes a value too', () => {
    expect(configFrom(parse(['--result-tool', 'false']), {}).resultTool).toBe(false);
  });

  it('names the flag when a flag is bad', () => {
    expect(() => configFrom(parse(['--sync-endpoint-url', 'sync.example']), {})).toThrow(
      "--sync-endpoint-url: 'sync.example' is not an http(s) URL",
    );
  });
});
