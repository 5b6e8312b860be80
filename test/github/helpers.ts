/** A GitHub client pointed at an emulator, with waits recorded instead of slept. */
import { setTimeout as delay } from "node:timers/promises";
import { GithubClient, type GithubClientOptions } from "../../src/github/client.js";
import type { RequestPolicy } from "../../src/github/policy.js";
import type { RunningEmulator } from "../../src/sandbox/github/server.js";

export interface TestClient {
  readonly client: GithubClient;
  /** Every wait the client asked for, in order (resolved at once, unless `realSleep`). */
  readonly sleeps: number[];
  readonly lines: string[];
}

export function testClient(
  emulator: RunningEmulator,
  options: {
    policy?: Partial<RequestPolicy>;
    token?: string;
    apiUrl?: string;
    realSleep?: boolean;
    auth?: GithubClientOptions["auth"];
    fetch?: typeof fetch;
  } = {},
): TestClient {
  const sleeps: number[] = [];
  const lines: string[] = [];
  const sleep = async (ms: number, signal?: AbortSignal): Promise<void> => {
    sleeps.push(ms);
    signal?.throwIfAborted();
    if (options.realSleep === true) await delay(ms, undefined, signal === undefined ? undefined : { signal });
  };
  const client = new GithubClient({
    apiUrl: options.apiUrl ?? emulator.url,
    auth: options.auth ?? { kind: "token", token: options.token ?? emulator.token },
    policy: { timeoutMs: 5_000, deadlineMs: 30_000, sleep, ...options.policy },
    log: (line) => lines.push(line),
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
  });
  return { client, sleeps, lines };
}

export const REPO = { owner: "acme", repo: "platform" } as const;
