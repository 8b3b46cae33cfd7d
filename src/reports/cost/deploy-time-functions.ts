/**
 * Lambda functions that run only while CloudFormation deploys a custom resource, while Secrets
 * Manager rotates a secret, or while ECS deploys a service (a deployment lifecycle hook, such as the
 * smoke test: one short invocation per deployment): a few invocations a month, within Lambda's free tier. The estimate treats
 * them as free; any other function is reported as unpriced rather than counted as zero.
 */
import type { CfnResource, SynthesizedStack } from '../assembly-reader';
import { referencesIn, targetOf } from './template-references';

/** `stackName/logicalId` of every such function. */
export function deployTimeFunctions(stacks: readonly SynthesizedStack[]): Set<string> {
  const key = (stack: SynthesizedStack, id: string) => `${stack.stackName}/${id}`;
  const found = new Set<string>();
  const functions = (stack: SynthesizedStack) => Object.entries(stack.template.Resources).filter(([, r]) => r.Type === 'AWS::Lambda::Function');

  // What invokes a function: a custom resource's ServiceToken or a rotation schedule's RotationLambdaARN,
  // naming it in its own stack (Ref / GetAtt) or in another through a stack output (Fn::GetStackOutput).
  for (const stack of stacks) {
    for (const resource of Object.values<CfnResource>(stack.template.Resources)) {
      const invoker = resource.Properties?.ServiceToken ?? (resource.Type === 'AWS::SecretsManager::RotationSchedule' ? resource.Properties?.RotationLambdaARN : undefined);
      if (invoker === undefined) continue;
      const local = targetOf(invoker);
      if (local) found.add(key(stack, local));
      const output = (invoker as { 'Fn::GetStackOutput'?: { StackName?: string; OutputName?: string } })['Fn::GetStackOutput'];
      const source = output && stacks.find((s) => s.stackName === output.StackName && s.region === stack.region && s.account === stack.account);
      const value = source && output?.OutputName ? (source.template as { Outputs?: Record<string, { Value?: unknown }> }).Outputs?.[output.OutputName]?.Value : undefined;
      const target = targetOf(value);
      if (source && target) found.add(key(source, target));
    }
  }
  // An ECS deployment lifecycle hook names its function by ARN, built from the function's fixed name
  // (the smoke test function lives in the network stack, the hooks in the service stacks).
  const hookTargets = stacks.flatMap((stack) => Object.values<CfnResource>(stack.template.Resources)
    .filter((resource) => resource.Type === 'AWS::ECS::Service')
    .flatMap((resource) => ((resource.Properties?.DeploymentConfiguration as { LifecycleHooks?: { HookTargetArn?: unknown }[] } | undefined)?.LifecycleHooks ?? [])
      .map((hook) => ({ stack, arn: JSON.stringify(hook.HookTargetArn ?? '') }))));
  for (const stack of stacks) {
    for (const [id, fn] of functions(stack)) {
      const name = fn.Properties?.FunctionName;
      if (typeof name === 'string' && hookTargets.some((hook) => hook.stack.account === stack.account && hook.stack.region === stack.region && hook.arn.includes(`:function:${name}"`))) {
        found.add(key(stack, id));
      }
    }
  }
  // A provider framework function invokes the handler it names in its environment: that one is deploy-time too.
  let grew = true;
  while (grew) {
    grew = false;
    for (const stack of stacks) {
      for (const [id, fn] of functions(stack)) {
        if (!found.has(key(stack, id))) continue;
        for (const named of referencesIn((fn.Properties?.Environment as { Variables?: unknown } | undefined)?.Variables)) {
          if (stack.template.Resources[named]?.Type === 'AWS::Lambda::Function' && !found.has(key(stack, named))) {
            found.add(key(stack, named));
            grew = true;
          }
        }
      }
    }
  }
  return found;
}
