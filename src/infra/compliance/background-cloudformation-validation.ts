import { CloudFormationValidatePlugin, IPolicyValidationContext, IPolicyValidationPlugin, PolicyValidationPluginReport, Stage } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { beginInThread, finishInThread, TemplatesContext } from './validation-thread';

/**
 * CDK validates every synthesized template with its CloudFormation Validate plugin (a WebAssembly
 * engine): on the main thread, after cdk-nag, with about a second of engine start-up first. That was
 * close to half of a `portside plan`. This runs the very same plugin class, with the same options, in
 * a worker thread instead (validation-thread.ts):
 *
 * - `startBackgroundValidation()` starts the thread, which builds and warms the engine while the main
 *   thread loads modules and builds the construct tree;
 * - the first cdk-nag pack to run hands the written templates to the thread (`validatesAlongside`),
 *   so they are checked while cdk-nag runs;
 * - `BackgroundCloudFormationValidation`, registered after the packs, waits for the report.
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

/**
 * CDK's CloudFormation Validate, run in the background thread when one is started. Register it at the
 * app, after the plugins it should overlap (they must be wrapped with `validatesAlongside`).
 */
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
 * Makes a validation plugin that reads only the construct tree (a cdk-nag pack) start the background
 * validation of the templates before it runs, so both run at once. The plugin is otherwise unchanged.
 */
export function validatesAlongside<T extends IPolicyValidationPlugin>(plugin: T): T {
  const validate = plugin.validate.bind(plugin);
  plugin.validate = (context) => {
    beginInThread(templatesOf(context));
    return validate(context);
  };
  return plugin;
}
