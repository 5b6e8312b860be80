/** Starting the emulator from a fixture scenario, and raw HTTP calls against it. */
import { generateKeyPairSync } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "vitest";
import { parseScenario } from "../../src/sandbox/github/scenario.js";
import type { Scenario } from "../../src/sandbox/github/scenario-schema.js";
import { startGithubEmulator, type EmulatorOptions, type RunningEmulator } from "../../src/sandbox/github/server.js";
import { repoRoot } from "../helpers/cli.js";

export function fixtureScenario(name: string): Scenario {
  const path = join("test", "fixtures", "scenarios", name);
  return parseScenario(readFileSync(join(repoRoot, path), "utf8"), path);
}

export function exampleScenario(name: string): Scenario {
  const path = join("examples", "scenarios", name);
  return parseScenario(readFileSync(join(repoRoot, path), "utf8"), path);
}

export interface AppKeys {
  readonly privateKey: string;
  readonly publicKey: string;
}

export function appKeys(): AppKeys {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return {
    privateKey: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    publicKey: publicKey.export({ type: "spki", format: "pem" }).toString(),
  };
}

export function withApp(scenario: Scenario, keys: AppKeys, installationId = 4242): Scenario {
  return { ...scenario, app: { id: 777, slug: "runwarden-test", installation_id: installationId, public_key: keys.publicKey, permissions: undefined } };
}

export function startEmulator(scenario: Scenario, options: Omit<EmulatorOptions, "scenario"> = {}): Promise<RunningEmulator> {
  return startGithubEmulator({ scenario, ...options });
}

export interface RawResult {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  readonly body: unknown;
}

/** One HTTP call with the emulator's token (or `token`), no redirect following. */
export async function call(
  emulator: RunningEmulator,
  method: string,
  path: string,
  options: { token?: string | null; body?: unknown; headers?: Record<string, string>; base?: string } = {},
): Promise<RawResult> {
  const headers: Record<string, string> = { accept: "application/vnd.github+json", ...options.headers };
  const token = options.token === undefined ? emulator.token : options.token;
  if (token !== null) headers["authorization"] = `Bearer ${token}`;
  if (options.body !== undefined) headers["content-type"] = "application/json";
  const response = await fetch(`${options.base ?? emulator.url}${path}`, {
    method,
    headers,
    redirect: "manual",
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  const text = await response.text();
  let body: unknown;
  if (text !== "" && (response.headers.get("content-type") ?? "").includes("json")) body = JSON.parse(text) as unknown;
  return { status: response.status, headers: response.headers, text, body };
}

/** Control API call (no auth). */
export async function control(emulator: RunningEmulator, method: string, path: string, body?: unknown): Promise<RawResult> {
  return call(emulator, method, `/_emulator${path}`, { token: null, ...(body === undefined ? {} : { body }) });
}

/** A job as the control API's `/state` shows it (the fields tests read). */
export interface StateJob {
  id: number;
  name: string;
  status: string;
  conclusion: string | null;
  run_attempt: number;
  labels: string[];
  runner_name: string | null;
  runner_group_name: string | null;
  outputs: Record<string, string>;
}

/** A run as the control API's `/state` shows it, with its latest attempt's jobs. */
export interface StateRun {
  id: number;
  run_attempt: number;
  status: string;
  conclusion: string | null;
  jobs: StateJob[];
}

/** The emulator's current view of run `runId`. */
export async function stateRun(emulator: RunningEmulator, runId: number): Promise<StateRun> {
  const run = ((await control(emulator, "GET", "/state")).body as { runs: StateRun[] }).runs.find((r) => r.id === runId);
  if (run === undefined) throw new Error(`no run ${runId}`);
  return run;
}

/** The job called `name` in run `runId`'s latest attempt. */
export async function stateJob(emulator: RunningEmulator, runId: number, name: string): Promise<StateJob> {
  const found = (await stateRun(emulator, runId)).jobs.find((j) => j.name === name);
  if (found === undefined) throw new Error(`no job ${name}`);
  return found;
}

/** One step of a job through the control API (queued → in_progress → completed); must succeed. */
export async function advanceJob(emulator: RunningEmulator, jobId: number, body: Record<string, unknown> = {}): Promise<StateJob> {
  const result = await control(emulator, "POST", `/jobs/${jobId}/advance`, body);
  expect(result.status, result.text).toBe(200);
  return result.body as StateJob;
}
