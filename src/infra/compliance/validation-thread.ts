import { join } from 'node:path';
import { MessageChannel, MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
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
  readonly error?: { readonly message: string; readonly stack?: string };
}

interface Job {
  readonly key: string;
  readonly port: MessagePort;
  /** 0 while the thread validates, 1 once it ended (see the worker). */
  readonly state: Int32Array;
}

let worker: Worker | undefined;
let job: Job | undefined;

/** CDK's own switch for its built-in validation: `cdk synth --no-validation` sets CDK_VALIDATION=false. */
export function builtinValidationWanted(): boolean {
  return process.env.CDK_VALIDATION !== 'false';
}

/**
 * Starts the validation thread (once per process); call it as early as a command knows it will
 * synthesize. PORTSIDE_CFN_WORKER=0 keeps CDK's validation on the main thread.
 */
export function startBackgroundValidation(): void {
  if (worker || !builtinValidationWanted() || process.env.PORTSIDE_CFN_WORKER === '0') return;
  try {
    worker = new Worker(WORKER_FILE, { workerData: { resourceTypes: PORTSIDE_RESOURCE_TYPES } });
    worker.unref(); // never keeps the process alive
    worker.on('error', () => undefined); // a job it leaves settles empty and is validated in-process
  } catch {
    worker = undefined;
  }
}

/** Stops the thread (tests); validation then runs in-process again. */
export async function stopBackgroundValidation(): Promise<void> {
  const stopping = worker;
  worker = undefined;
  job = undefined;
  await stopping?.terminate();
}

/** Whether the thread holds templates nobody has collected the report of yet (tests). */
export function backgroundValidationPending(): boolean {
  return job !== undefined;
}

/** Hands these templates to the thread now, unless it already has them. No thread: nothing to do. */
export function beginInThread(context: TemplatesContext): void {
  const key = JSON.stringify(context);
  if (!worker || job?.key === key) return;
  job?.port.close(); // an abandoned job (its synthesis failed): its reply is not wanted
  const { port1, port2 } = new MessageChannel();
  const state = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
  worker.postMessage({ port: port2, state, context }, [port2]);
  job = { key, port: port1, state };
}

/** The thread's reply for these templates, waiting for it; undefined when there is no thread or it died. */
export function finishInThread(context: TemplatesContext): Reply | undefined {
  beginInThread(context);
  const current = job;
  job = undefined;
  if (!current) return undefined;
  const deadline = Date.now() + REPLY_DEADLINE_MS;
  while (Atomics.load(current.state, 0) === 0 && Date.now() < deadline) {
    // CDK calls validation plugins synchronously, so the main thread blocks here.
    Atomics.wait(current.state, 0, 0, deadline - Date.now());
  }
  const reply = receiveMessageOnPort(current.port)?.message as Reply | undefined;
  current.port.close();
  return reply;
}
