import * as lambda from 'aws-cdk-lib/aws-lambda';
import { afterEach, describe, expect, it } from 'vitest';
import { newerNodeRuntimeKnown, PORTSIDE_NODE_RUNTIME } from '../../src/infra/lambda/bundled-node-code';

describe('the Node.js runtime Portside pins for its functions', () => {
  afterEach(() => {
    delete (lambda.Runtime as unknown as Record<string, unknown>).NODEJS_99_X;
  });

  it('is the newest the installed aws-cdk-lib knows, or AwsSolutions-L1 is acknowledged (only when a newer one exists)', () => {
    const majors = Object.values(lambda.Runtime)
      .filter((runtime): runtime is lambda.Runtime => runtime instanceof lambda.Runtime && runtime.family === lambda.RuntimeFamily.NODEJS)
      .map((runtime) => Number(/^nodejs(\d+)\.x$/.exec(runtime.name)?.[1] ?? 0));
    expect(newerNodeRuntimeKnown()).toBe(Math.max(...majors) > Number(/\d+/.exec(PORTSIDE_NODE_RUNTIME.name)![0]));
    Object.defineProperty(lambda.Runtime, 'NODEJS_99_X', { value: new lambda.Runtime('nodejs99.x', lambda.RuntimeFamily.NODEJS), configurable: true, enumerable: true });
    expect(newerNodeRuntimeKnown()).toBe(true);
  });
});
