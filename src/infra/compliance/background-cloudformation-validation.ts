import { join } from 'node:path';
import {
  CloudFormationValidatePlugin, DefaultStackSynthesizer, DefaultStackSynthesizerProps, IBoundStackSynthesizer, IPolicyValidationContext, ISynthesisSession,
  PolicyValidationPluginReport, Stack, Stage, Token,
} from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { finishInThread, templateWritten, TemplatesContext } from './validation-thread';

/**
 * CDK validates every synthesized template with its CloudFormation Validate plugin (a WebAssembly
 * engine): on the main thread, after every template is written and after cdk-nag, with seconds of
 * engine start-up first. That was close to half of a `portside plan`. This runs the very same plugin
 * class, with the same options, in a worker thread instead (validation-thread.ts):
 *
 * - `startBackgroundValidation()` starts the thread, which builds and warms the engine while the main
 *   thread loads modules and builds the construct tree;
 * - `TemplateHandoverSynthesizer` (CDK's default synthesizer) hands each template to the thread as
 *   soon as it is written, so templates are validated while the others are written and cdk-nag runs;
 * - `BackgroundCloudFormationValidation`, registered at the app, waits for the report.
 *
 * Registering a CloudFormationValidatePlugin is CDK's documented way to replace its built-in one (see
 * `AppProps.builtinCloudFormationValidation`). Same engine, same templates in the same order, same
 * report: only the thread and the moment change. Without a started thread, or if it died, the plugin
 * validates on the main thread as CDK does.
 */

let inProcess: CloudFormationValidatePlugin | undefined;

function templatesOf(context: IPolicyValidationContext): TemplatesContext {
  const stackTemplates = inBuiltinOrder(context).map(({ stackConstructPath, templatePath, accountId, region }) => ({ stackConstructPath, templatePath, accountId, region }));
  return { templatePaths: stackTemplates.map((stack) => stack.templatePath), stackTemplates, accountId: context.accountId, region: context.region };
}

/**
 * The stacks in the order CDK hands them to its built-in plugin, which orders the findings: CDK
 * collects them stage by stage, nested stages before their parent (post-order), while a plugin
 * registered at the app gets the app's stacks with its own first. Each stack goes to the first stage
 * in post-order that contains it; the sort is stable.
 */
function inBuiltinOrder(context: IPolicyValidationContext): IPolicyValidationContext['stackTemplates'] {
  const stages: string[] = [];
  const visit = (construct: IConstruct): void => {
    for (const child of construct.node.children) visit(child);
    if (Stage.isStage(construct)) stages.push(construct.node.path);
  };
  visit(context.appConstruct);
  const stageOf = (stackPath: string) => stages.findIndex((stage) => stage === '' || stackPath.startsWith(`${stage}/`));
  return [...context.stackTemplates].sort((a, b) => stageOf(a.stackConstructPath) - stageOf(b.stackConstructPath));
}

/** CDK's CloudFormation Validate, run in the background thread when one is started. Register it at the app. */
export class BackgroundCloudFormationValidation extends CloudFormationValidatePlugin {
  private threadVersion?: string;

  public override get version(): string | undefined {
    return this.threadVersion ?? super.version;
  }

  public override validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    const templates = templatesOf(context);
    const reply = finishInThread(templates);
    if (reply?.report) {
      this.threadVersion = reply.version;
      return reply.report;
    }
    if (reply?.error) {
      // What CDK's plugin threw: CDK reports it as this plugin's failure, as it would in-process.
      const error = new Error(reply.error.message);
      if (reply.error.stack) error.stack = reply.error.stack;
      throw error;
    }
    // No thread, or it died: one plugin for the whole process, so its engine is built once (as CDK's own singleton).
    inProcess ??= new CloudFormationValidatePlugin();
    return inProcess.validate({ ...templates, appConstruct: context.appConstruct });
  }
}

/**
 * CDK's default stack synthesizer, unchanged, that hands each template to the validation thread as
 * soon as it is written (nothing when no thread is started). The stack is described as CDK's
 * validation will list it; if it lists it otherwise, the thread validates it again then.
 */
export class TemplateHandoverSynthesizer extends DefaultStackSynthesizer {
  public constructor(private readonly settings: DefaultStackSynthesizerProps = {}) {
    super(settings);
  }

  /**
   * A fresh synthesizer per stack, as a stack without one gets. CDK's own reuse (a prototype copy)
   * shares one asset manifest between all stacks, so each stack would publish the others' templates
   * (aws/aws-cdk#29071, open; our service stacks must carry no asset).
   */
  public override reusableBind(stack: Stack): IBoundStackSynthesizer {
    const bound = new TemplateHandoverSynthesizer(this.settings);
    bound.bind(stack);
    return bound;
  }

  public override synthesize(session: ISynthesisSession): void {
    super.synthesize(session);
    const stack = this.boundStack;
    const known = (value: string) => (Token.isUnresolved(value) ? undefined : value);
    templateWritten({
      stackConstructPath: stack.node.path,
      templatePath: join(session.outdir, stack.templateFile),
      accountId: known(stack.account),
      region: known(stack.region),
    });
  }
}
