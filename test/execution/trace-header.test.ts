import { describe, expect, it } from 'vitest';
import { xrayTraceHeader } from '../../src/execution/trace-header.js';

describe('xrayTraceHeader', () => {
  it("maps the W3C example to X-Ray's Root, Parent and Sampled", () => {
    // The trace id of X-Ray's own example (1-5759e988-bd862e3fe1be46a994272793) written the W3C way.
    expect(xrayTraceHeader('00-5759e988bd862e3fe1be46a994272793-53995c3f42cd8ad8-01')).toEqual({
      ok: true,
      value: 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1',
    });
  });

  it.each([
    ['00', 'Sampled=0'],
    ['01', 'Sampled=1'],
    ['02', 'Sampled=0'],
    ['03', 'Sampled=1'],
  ])('takes the sampled bit of trace-flags %s', (flags, sampled) => {
    const out = xrayTraceHeader(`00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-${flags}`);
    expect(out.ok && out.value.endsWith(`;${sampled}`)).toBe(true);
  });

  it('accepts a later version with more fields, ignoring them, and trims white space', () => {
    expect(xrayTraceHeader(' 01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra ')).toEqual({
      ok: true,
      value: 'Root=1-4bf92f35-77b34da6a3ce929d0e0e4736;Parent=00f067aa0ba902b7;Sampled=1',
    });
  });

  it.each([
    [undefined, /not a string/],
    [42, /not a string/],
    ['', /version "" is not valid/],
    ['ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01', /version "ff"/],
    ['00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra', /exactly four fields/],
    ['00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01', /trace-id/],
    ['00-00000000000000000000000000000000-00f067aa0ba902b7-01', /trace-id/],
    ['00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01', /trace-id/],
    ['00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01', /parent-id/],
    ['00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-1', /trace-flags/],
    ['00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7', /trace-flags/],
  ])('refuses %j', (value, why) => {
    const out = xrayTraceHeader(value);
    expect(out.ok).toBe(false);
    if (!out.ok) expect(out.error).toMatch(why);
  });
});
