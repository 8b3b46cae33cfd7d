import { Stack } from 'aws-cdk-lib';
import { buildApp } from '../../infra/app';
import type { CommandContext } from '../context';
import { EXIT, UserError } from '../errors';
import { runCdk } from '../deploy/cdk-runner';
import { bootstrapArguments, bootstrapTargets, deployArguments, deploySteps } from '../deploy/deployment-steps';
import { selectEnvironments } from '../synthesis';
import { executionPolicyDocument } from '../deploy/execution-policy';

const ADMINISTRATOR_ACCESS = 'arn:aws:iam::aws:policy/AdministratorAccess';

function shown(args: readonly string[]): string {
  return `cdk ${args.map((arg) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg}'`)).join(' ')}`;
}

/**
 * `portside deploy`: the shared stacks, then each environment in manifest order, each step one
 * `cdk deploy` through the CDK CLI. An environment with `approval: true` is deployed only when
 * `--approve <env>` names it (the person typing it approves); otherwise the deploy stops before it.
 * The first failure stops everything, naming the stack and CloudFormation's reason.
 */
export async function runDeploy(context: CommandContext): Promise<number> {
  selectEnvironments(context.loaded.plan, context.env);
  const plan = context.loaded.plan;
  const { app } = buildApp(plan, { compliance: false });
  const ids = app.node.children.filter((child) => Stack.isStack(child)).map((child) => child.node.id);
  const steps = deploySteps(plan, ids, context.env);
  const approved = new Set((context.options.approve as string[] | undefined) ?? []);
  const dryRun = context.options.dryRun === true;
  for (const [index, step] of steps.entries()) {
    const args = deployArguments(step, context.manifestFile);
    const label = `[${index + 1}/${steps.length}] ${step.title}`;
    if (step.approval !== undefined && !approved.has(step.approval)) {
      context.write(`${label}: stopped — ${step.approval} needs an approval; deploy it with \`portside deploy --env ${step.approval} --approve ${step.approval}\`\n`);
      return EXIT.ok;
    }
    context.write(`${label}\n  ${shown(args)}\n`);
    if (dryRun) continue;
    const run = await runCdk(args, (text) => context.write(text));
    if (run.status !== 0) {
      throw new UserError(
        `deploy stopped at step ${index + 1} of ${steps.length} (${step.stacks.join(' ')}): ${run.failure ?? `the CDK CLI exited with ${run.status}`}`,
        'read CloudFormation\'s events for that stack above; fix, then run `portside deploy` again (stacks already deployed are left as they are)',
        EXIT.failed,
      );
    }
  }
  context.write(dryRun ? `Dry run: ${steps.length} steps, nothing deployed.\n` : `Deployed: ${steps.length} steps.\n`);
  return EXIT.ok;
}

/**
 * `portside bootstrap`: `cdk bootstrap` of every account × region the app puts a stack in, each
 * environment account trusting the delivery account (and only it).
 */
export async function runBootstrap(context: CommandContext): Promise<number> {
  const plan = context.loaded.plan;
  const { app } = buildApp(plan, { compliance: false });
  const stacks = app.node.findAll().filter((construct): construct is Stack => Stack.isStack(construct));
  if (context.options.printPolicy === true) {
    const assembly = app.synth();
    const types = stacks.flatMap((stack) => Object.values((assembly.getStackArtifact(stack.artifactId).template as { Resources?: Record<string, { Type: string }> }).Resources ?? {}).map((resource) => resource.Type));
    context.write(`${JSON.stringify(executionPolicyDocument(types), null, 2)}\n`);
    return EXIT.ok;
  }
  const targets = bootstrapTargets(plan, stacks);
  const policy = typeof context.options.executionPolicy === 'string' ? context.options.executionPolicy : ADMINISTRATOR_ACCESS;
  const dryRun = context.options.dryRun === true;
  if (policy === ADMINISTRATOR_ACCESS) {
    context.write('CloudFormation execution policy: AdministratorAccess (CDK\'s default). `portside bootstrap --print-policy` prints a narrower one limited to the services Portside uses: create it in each account and pass --execution-policy <arn>.\n');
  }
  for (const [index, target] of targets.entries()) {
    const args = bootstrapArguments(target, policy);
    context.write(`[${index + 1}/${targets.length}] ${target.account} ${target.region}${target.trust ? ` (trusts ${target.trust})` : ' (delivery account)'}\n  ${shown(args)}\n`);
    if (dryRun) continue;
    const run = await runCdk(args, (text) => context.write(text));
    if (run.status !== 0) {
      throw new UserError(`bootstrap stopped at ${target.account} ${target.region}: ${run.failure ?? `the CDK CLI exited with ${run.status}`}`, 'check the credentials for that account (AWS_PROFILE), then run `portside bootstrap` again', EXIT.failed);
    }
  }
  context.write(dryRun ? `Dry run: ${targets.length} accounts × regions, nothing bootstrapped.\n` : `Bootstrapped: ${targets.length} accounts × regions.\n`);
  return EXIT.ok;
}
