'use strict';
/**
 * Worker thread of validation-thread.ts: CDK's own CloudFormationValidatePlugin, created and warmed up
 * as soon as the thread starts, then validating each template as soon as it is written, and at the
 * end answering with the report CDK's plugin gives for all of them at once. Plain CommonJS so the
 * thread starts without a TypeScript loader.
 */
const { mkdtempSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { setFlagsFromString } = require('node:v8');
const { parentPort, workerData } = require('node:worker_threads');

/** The thread's liveness, read by the main thread while it waits: 0 alive, 1 gone. Set first, so even a failed start reports it. */
const GONE = 1;
let current;
process.on('exit', () => {
  Atomics.store(workerData.liveness, 0, GONE);
  Atomics.notify(workerData.liveness, 0);
  if (current) settle(current);
});

// V8 runs WebAssembly with quickly compiled code (Liftoff) and recompiles each function that has run
// for a "tiering budget" with its optimizing compiler (TurboFan), on background threads. At the
// default budget it recompiles hundreds of the engine's functions that a synthesis hardly reuses,
// taking CPU the main thread needs; at 400 M only the truly hot ones. Validating the templates of the
// reference manifest (23) and of 30 services (106) alone, 2 runs each on 2 cores:
//   default budget (1.8 M)     3.5-4.2 s wall, 5.8-6.9 s CPU    30 services 7.2-7.4 s, 10.2-10.6 s CPU
//   budget 400 M               2.9-3.0 s,      4.0-4.1 s         5.7-6.5 s,  7.5-8.5 s
//   Liftoff only               3.6-3.7 s,      4.1-4.2 s        10.9-11.9 s, 11.5-12.3 s
// V8 flags are per process; the main thread's only WebAssembly is Graphviz (diagrams). Set before the
// engine's module is compiled.
setFlagsFromString('--wasm-tiering-budget=400000000');
const { CloudFormationValidatePlugin } = require('aws-cdk-lib');

const plugin = new CloudFormationValidatePlugin();

/** Resource types the engine was built for. */
let engineTypes = new Set(workerData.resourceTypes);

/**
 * The plugin builds its engine on first use and reuses it while later templates hold no resource type
 * it has not seen; validating one template with all these types builds that engine now, while the main
 * thread builds the app. Its findings are discarded. A failure here is not reported: the real
 * validation meets it again and reports it.
 */
function warmUp(resourceTypes) {
  const dir = mkdtempSync(join(tmpdir(), 'portside-cfn-warm-up-'));
  try {
    const templatePath = join(dir, 'WarmUp.template.json');
    const resources = Object.fromEntries([...resourceTypes].map((type, index) => [`R${index}`, { Type: type, Properties: {} }]));
    writeFileSync(templatePath, JSON.stringify({ Resources: resources }));
    plugin.validate({ templatePaths: [templatePath], stackTemplates: [{ stackConstructPath: 'WarmUp', templatePath }] });
  } catch {
    // reported by the real validation
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

warmUp(engineTypes);

/** Per template path: the stack it was validated as, and the plugin's report (or what it threw). */
const validated = new Map();

/** An error as it crosses to the main thread, which throws it again. */
const described = (error) => ({ message: error instanceof Error ? error.message : String(error), stack: error instanceof Error ? error.stack : undefined });

/**
 * What CDK's plugin reports for this one stack. Validated alone, a template with a type the engine
 * lacks would make the plugin rebuild its engine for that template's types only, and again for the
 * next template: the engine is rebuilt once for the union instead.
 */
function validateOne(stack) {
  const key = JSON.stringify(stack);
  try {
    const template = JSON.parse(readFileSync(stack.templatePath, 'utf8'));
    const types = Object.values(template.Resources ?? {}).map((resource) => resource && resource.Type).filter((type) => typeof type === 'string');
    if (types.some((type) => !engineTypes.has(type))) {
      engineTypes = new Set([...engineTypes, ...types]);
      warmUp(engineTypes);
    }
    validated.set(stack.templatePath, { key, report: plugin.validate({ templatePaths: [stack.templatePath], stackTemplates: [stack], accountId: stack.accountId, region: stack.region }) });
  } catch (error) {
    validated.set(stack.templatePath, { key, error: described(error) });
  }
}

/**
 * The report CDK's plugin gives for all these stacks at once: it validates them one after the other
 * and groups findings by rule, severity and description, first seen first, the resources in order.
 */
function reportFor(stackTemplates) {
  const violations = [];
  let late = 0;
  for (const stack of stackTemplates) {
    const entry = validated.get(stack.templatePath);
    if (!entry || entry.key !== JSON.stringify(stack)) {
      validateOne(stack); // not handed over as written, or as another stack
      late += 1;
    }
    const { report, error } = validated.get(stack.templatePath);
    if (error) return { error }; // CDK's plugin stops at the first template it cannot validate
    for (const violation of report.violations) {
      const existing = violations.find((v) => v.ruleName === violation.ruleName && v.severity === violation.severity && v.description === violation.description);
      if (existing) existing.violatingResources.push(...violation.violatingResources);
      else violations.push({ ...violation, violatingResources: [...violation.violatingResources] });
    }
  }
  return { report: { success: violations.every((v) => v.severity !== 'error' && v.severity !== 'fatal'), violations }, version: plugin.version, late };
}

/** A report request's state: 0 while validating, 1 once it ended (its reply on the port, or none if the thread died). */
function settle(state) {
  Atomics.store(state, 0, 1);
  Atomics.notify(state, 0);
}

parentPort.on('message', (message) => {
  if (message.type === 'template') {
    validateOne(message.stack);
    return;
  }
  const { port, state, context } = message;
  current = state;
  let reply;
  try {
    reply = reportFor(context.stackTemplates);
  } catch (error) {
    reply = { error: described(error) };
  }
  validated.clear(); // the next synthesis writes its own templates
  port.postMessage(reply);
  port.close();
  current = undefined;
  settle(state);
});
