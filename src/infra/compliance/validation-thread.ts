import { join } from 'node:path';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import type { IPolicyValidationContext, PolicyValidationPluginReport } from 'aws-cdk-lib';
import { PORTSIDE_RESOURCE_TYPES } from './resource-types';

/**
 * The worker thread that runs CDK's CloudFormation Validate plugin for
 * `BackgroundCloudFormationValidation` (see there). Only Node modules here: a command starts the
 * thread before it loads the CDK.
 */

const WORKER_FILE = join(__dirname, 'cloudformation-validation-worker.cjs');
/** How long the main thread waits for a report before validating in-process instead (a hung thread). */
const REPLY_DEADLINE_MS = 10 * 60_000;

/** What the plugin reads of a validation context: the templates and their environment, not the construct tree (which cannot cross threads). */
export type TemplatesContext = Omit<IPolicyValidationContext, 'appConstruct'>;

export interface Reply {
  readonly report?: PolicyValidationPluginReport;
  readonly version?: string;
  /** Templates validated only when the report was asked for (not handed over as written, or as another stack). */
  readonly late?: number;
  readonly error?: { readonly message: string; readonly stack?: string };
}

let worker: Worker | undefined;
/** The thread's liveness, which it sets itself (see the worker): 0 alive, 1 gone. Readable while the main thread is blocked. */
let liveness: Int32Array | undefined;
const GONE = 1;
/** How often a waiting main thread looks whether the thread is gone. */
const LIVENESS_CHECK_MS = 100;
/** Templates handed to the thread since its last report. */
let handedOver = 0;

/** CDK's own switch for its built-in validation: `cdk synth --no-validation` sets CDK_VALIDATION=false. */
export function builtinValidationWanted(): boolean {
  return process.env.CDK_VALIDATION !== 'false';
}

/**
 * Starts the validation thread (once per process); call it as early as a command knows it will
 * synthesize. PORTSIDE_CFN_WORKER=0 keeps CDK's validation on the main thread. (Tests give another
 * worker file.)
 */
export function startBackgroundValidation(workerFile = WORKER_FILE): void {
  if (worker || !builtinValidationWanted() || process.env.PORTSIDE_CFN_WORKER === '0') return;
  try {
    liveness = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
    worker = new Worker(workerFile, { workerData: { resourceTypes: PORTSIDE_RESOURCE_TYPES, liveness } });
    worker.unref(); // never keeps the process alive
    worker.on('error', () => undefined); // a report it leaves settles empty and is validated in-process
  } catch {
    worker = undefined;
  }
}

/** Stops the thread (tests); validation then runs in-process again. */
export async function stopBackgroundValidation(): Promise<void> {
  const stopping = worker;
  worker = undefined;
  liveness = undefined;
  handedOver = 0;
  await stopping?.terminate();
}

/** How many templates the thread got as they were written since its last report (tests). */
export function templatesHandedOver(): number {
  return handedOver;
}

/** The last report's templates: how many, how many were handed over as written, how many were validated only when asked for. */
export interface ReportStatistics { readonly templates: number; readonly handedOver: number; readonly late: number }
let lastStatistics: ReportStatistics | undefined;

/** The last report's statistics (tests and PORTSIDE_DEBUG); undefined before a report from the thread. */
export function lastReportStatistics(): ReportStatistics | undefined {
  return lastStatistics;
}

/** One stack as a validation context lists it. */
export type StackTemplate = TemplatesContext['stackTemplates'][number];

/** A template was just written: the thread validates it now, while the app's other templates are written and cdk-nag runs. */
export function templateWritten(stack: StackTemplate): void {
  if (!worker) return;
  worker.postMessage({ type: 'template', stack });
  handedOver += 1;
}

/**
 * The thread's report for these stacks (in this order), waiting for it: templates it got as they
 * were written are not validated again. Undefined when there is no thread or it died.
 */
export function finishInThread(context: TemplatesContext): Reply | undefined {
  if (!worker) return undefined;
  const { port1: port, port2 } = new MessageChannel();
  const state = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
  worker.postMessage({ type: 'report', port: port2, state, context }, [port2]);
  const early = handedOver;
  handedOver = 0;
  const waitStarted = performance.now();
  const deadline = Date.now() + REPLY_DEADLINE_MS;
  // CDK calls validation plugins synchronously, so the main thread blocks here (its events, such as
  // the thread's exit, cannot be heard meanwhile: the thread's liveness is shared memory instead).
  while (Atomics.load(state, 0) === 0 && Atomics.load(liveness!, 0) !== GONE && Date.now() < deadline) {
    Atomics.wait(state, 0, 0, Math.min(LIVENESS_CHECK_MS, deadline - Date.now()));
  }
  const reply = receiveMessageOnPort(port)?.message as Reply | undefined;
  port.close();
  if (!reply) void stopBackgroundValidation(); // gone or hung: later syntheses validate in-process
  lastStatistics = reply ? { templates: context.stackTemplates.length, handedOver: early, late: reply.late ?? 0 } : undefined;
  if (process.env.PORTSIDE_DEBUG) {
    const waited = ((performance.now() - waitStarted) / 1000).toFixed(1);
    const outcome = reply ? `${reply.late ?? 0} validated late; waited ${waited} s for the report` : 'no reply, validating here';
    process.stderr.write(`portside: CloudFormation validation of ${context.stackTemplates.length} templates in the background thread (${early} handed over as written): ${outcome}\n`);
  }
  return reply;
}
