'use strict';
/**
 * Worker thread of validation-thread.ts (for background-cloudformation-validation.ts): CDK's own CloudFormationValidatePlugin,
 * created and warmed up as soon as the thread starts, then validating what the main thread sends.
 * Plain CommonJS so the thread starts without a TypeScript loader.
 */
const { mkdtempSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { setFlagsFromString } = require('node:v8');
const { parentPort, workerData } = require('node:worker_threads');

// V8 compiles the engine's WebAssembly twice, quickly (Liftoff) then optimized (TurboFan) on background
// threads. For one synthesis the second compile costs more CPU than it saves: validating the reference
// templates alone took a median 4.85 s wall and 7.9 s CPU, and 4.39 s wall and 5.1 s CPU with Liftoff
// only (5 runs each, 2 cores) -- CPU the main thread needs meanwhile. V8 flags are per process; the
// main thread's only WebAssembly is Graphviz (diagrams). Set before the engine's module is compiled.
setFlagsFromString('--liftoff-only');
const { CloudFormationValidatePlugin } = require('aws-cdk-lib');

const plugin = new CloudFormationValidatePlugin();

/**
 * The plugin builds its engine on first use and reuses it while later templates hold no resource type
 * it has not seen; validating one template with every type Portside emits builds that engine now, while
 * the main thread builds the app. Its findings are discarded. A failure here is not reported: the real
 * validation meets it again and reports it.
 */
function warmUp(resourceTypes) {
  const dir = mkdtempSync(join(tmpdir(), 'portside-cfn-warm-up-'));
  try {
    const templatePath = join(dir, 'WarmUp.template.json');
    const resources = Object.fromEntries(resourceTypes.map((type, index) => [`R${index}`, { Type: type, Properties: {} }]));
    writeFileSync(templatePath, JSON.stringify({ Resources: resources }));
    plugin.validate({ templatePaths: [templatePath], stackTemplates: [{ stackConstructPath: 'WarmUp', templatePath }] });
  } catch {
    // reported by the real validation
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

warmUp(workerData.resourceTypes);

/** A job's state: 0 while validating, 1 once it ended (its reply on the port, or none if the thread died). */
function settle(state) {
  Atomics.store(state, 0, 1);
  Atomics.notify(state, 0);
}

let current;
// The main thread waits on the job's state, blocked: a thread that dies mid-job must still settle it.
process.on('exit', () => current && settle(current));

parentPort.on('message', ({ port, state, context }) => {
  current = state;
  let reply;
  try {
    reply = { report: plugin.validate(context), version: plugin.version };
  } catch (error) {
    reply = { error: { message: error instanceof Error ? error.message : String(error), stack: error instanceof Error ? error.stack : undefined } };
  }
  port.postMessage(reply);
  port.close();
  current = undefined;
  settle(state);
});
