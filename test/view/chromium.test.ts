import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { chromiumProblem, findChromium } from '../../src/view/chromium.js';
import { chromiumSkipReason, underCi } from '../helpers/chromium.js';

const dir = mkdtempSync(join(tmpdir(), 'chromium-find-'));
const empty = mkdtempSync(join(tmpdir(), 'chromium-none-'));
writeFileSync(join(dir, 'chromium-browser'), '#!/bin/sh\n', { mode: 0o755 });
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(empty, { recursive: true, force: true });
});

describe('findChromium', () => {
  it('finds a Chromium by its names on the PATH', () => {
    expect(findChromium({ PATH: `${empty}:${dir}` })).toEqual({
      ok: true,
      value: join(dir, 'chromium-browser'),
    });
  });

  it('takes CHROMIUM_PATH as it is, and says so when it names nothing', () => {
    const chosen = join(dir, 'chromium-browser');
    expect(findChromium({ CHROMIUM_PATH: chosen, PATH: empty })).toEqual({ ok: true, value: chosen });
    const missing = findChromium({ CHROMIUM_PATH: join(empty, 'chrome'), PATH: dir });
    expect(missing).toEqual({
      ok: false,
      error: `CHROMIUM_PATH names ${join(empty, 'chrome')}, which does not exist.`,
    });
  });

  it('names what is missing and how to install it', () => {
    const problem = chromiumProblem({ PATH: empty });
    expect(problem).toMatch(/^No Chromium was found: none of chromium, chromium-browser, google-chrome/);
    expect(problem).toContain('apt-get install -y chromium');
    expect(problem).toContain('CHROMIUM_PATH');
    expect(chromiumProblem({ PATH: dir })).toBeUndefined();
  });
});

describe('whether the browser tests run', () => {
  it('reads CI as CI services set it', () => {
    expect(underCi({ CI: 'true' })).toBe(true);
    expect(underCi({ CI: '1' })).toBe(true);
    expect(underCi({ CI: 'false' })).toBe(false);
    expect(underCi({ CI: '' })).toBe(false);
    expect(underCi({})).toBe(false);
  });

  it('skips, loudly, only without Chromium and outside CI; under CI a missing Chromium is left to fail', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      expect(chromiumSkipReason('the tests', { PATH: dir })).toBeUndefined();
      expect(chromiumSkipReason('the tests', { PATH: empty, CI: 'true' })).toBeUndefined();
      expect(warn).not.toHaveBeenCalled();
      const reason = chromiumSkipReason('the tests', { PATH: empty });
      expect(reason).toMatch(
        /^SKIPPED: the tests \(no Chromium here, and CI is not set\)\. No Chromium was found/,
      );
      expect(warn).toHaveBeenCalledWith(expect.stringContaining(reason!));
    } finally {
      warn.mockRestore();
    }
  });
});
