import { describe, expect, it } from 'vitest';
import { StatesError, errorOutput } from '../../../src/engine/asl/states-error.js';

describe('StatesError', () => {
  it('carries the AWS error name and cause that Retry/Catch and the error output use', () => {
    // The error output of a Catcher is {"Error": ..., "Cause": ...} (concepts-error-handling, "Catch").
    const err = new StatesError('States.Runtime', "Invalid path '$.x' : No results for path: $['x']");
    expect(err).toBeInstanceOf(Error);
    expect(err.error).toBe('States.Runtime');
    expect(err.message).toBe("States.Runtime: Invalid path '$.x' : No results for path: $['x']");
    expect(errorOutput(err)).toEqual({
      Error: 'States.Runtime',
      Cause: "Invalid path '$.x' : No results for path: $['x']",
    });
  });
});
