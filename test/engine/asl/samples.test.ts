import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CreateStateMachineCommand, type StateMachineType } from '@aws-sdk/client-sfn';
import { ROLE_ARN, useEngine } from '../../helpers/engine.js';

/**
 * AWS's own samples (test/fixtures/asl-samples, from aws-samples/step-functions-workflows-collection): each is
 * deployable on AWS, so CreateStateMachine must accept each, through the real SDK over HTTP.
 */

const DIR = join(import.meta.dirname, '../../fixtures/asl-samples');
const files = readdirSync(join(DIR, 'definitions')).sort();
const definitions = files.filter((f) => f.endsWith('.asl.json'));
const express = (
  JSON.parse(readFileSync(join(DIR, 'express.json'), 'utf8')) as { express: Record<string, string> }
).express;

interface Outcome {
  file: string;
  type: StateMachineType;
  error?: { name: string; message: string };
}

describe('the aws-samples step-functions-workflows-collection definitions', () => {
  const local = useEngine();

  async function create(file: string, type: StateMachineType, index: number): Promise<Outcome> {
    const definition = readFileSync(join(DIR, 'definitions', file), 'utf8');
    try {
      await local.sfn.send(
        new CreateStateMachineCommand({
          name: `sample-${type}-${index}`,
          definition,
          roleArn: ROLE_ARN,
          type,
        }),
      );
      return { file, type };
    } catch (err) {
      const { name, message } = err as Error;
      return { file, type, error: { name, message } };
    }
  }

  it('holds the 177 files of the collection: 176 definitions and one that is not JSON', () => {
    expect(files).toHaveLength(177);
    expect(definitions).toHaveLength(176);
  });

  it('accepts every definition with CreateStateMachine (STANDARD, and EXPRESS where the sample declares it)', async () => {
    const outcomes: Outcome[] = [];
    for (const [i, file] of definitions.entries()) {
      outcomes.push(await create(file, 'STANDARD', i));
      if (express[file]) outcomes.push(await create(file, 'EXPRESS', i));
    }
    // AWS deploys every one of them, so the engine refuses none: no refusal is excused.
    expect(outcomes.filter((o) => o.error)).toEqual([]);
    expect(Object.keys(express).every((f) => definitions.includes(f))).toBe(true);
  });

  it("refuses the sample that is not JSON with AWS's INVALID_JSON_DESCRIPTION", async () => {
    const file = files.find((f) => f.endsWith('.txt'))!;
    const outcome = await create(file, 'STANDARD', 999);
    expect(outcome.error?.name).toBe('InvalidDefinition');
    expect(outcome.error?.message).toMatch(/^Invalid State Machine Definition: 'INVALID_JSON_DESCRIPTION: /);
  });
});
