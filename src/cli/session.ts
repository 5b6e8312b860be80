/**
 * What the GitHub-reading commands (route, watchdog, diagnose) share: the config, the environment
 * asked for, the repository, and a connected client whose secrets are registered with the masker
 * before anything is printed.
 */
import type { LoadedConfig } from "../config/load.js";
import type { GithubClient } from "../github/client.js";
import type { RepoRef } from "../github/api/runners.js";
import type { StatsSnapshot } from "../github/stats.js";
import { InputError } from "../model/errors.js";
import type { Io } from "../output/io.js";
import { debugging } from "./debug.js";
import { version } from "./version.js";

export interface Session {
  readonly loaded: LoadedConfig;
  readonly repo: RepoRef;
  readonly client: GithubClient;
  readonly log: ((line: string) => void) | undefined;
}

/** Loads the config (exit 2 when it is bad). */
export async function loadFor(configPath: string, io: Io): Promise<LoadedConfig> {
  const { loadConfig } = await import("../config/load.js");
  return loadConfig(configPath, { cwd: io.cwd });
}

/** Credentials, repository and a client (exit 2 without credentials or repository). */
export async function connect(loaded: LoadedConfig, configPath: string, io: Io): Promise<Session> {
  const github = await import("../github/index.js");
  const settings = github.resolveGithubSettings(loaded.config.github, io.env);
  for (const secret of settings.secrets) io.masker.addSecret(secret.value, secret.source);
  const repo = settings.repository;
  if (repo === undefined) {
    throw new InputError("RW_GITHUB_REPOSITORY", "which repository? neither github.repository nor GITHUB_REPOSITORY is set", [], {
      hint: `add github: { repository: owner/name } to ${configPath}, or export GITHUB_REPOSITORY`,
    });
  }
  const log = debugging(io.env) ? (line: string) => io.stderr.write(`${line}\n`) : undefined;
  const { request_timeout: timeoutMs, retries } = loaded.config.github;
  const client = await github.connectGithub(settings, {
    org: repo.owner,
    userAgent: `runwarden/${version}`,
    policy: { ...(timeoutMs === undefined ? {} : { timeoutMs }), ...(retries === undefined ? {} : { retries }) },
    ...(log === undefined ? {} : { log }),
  });
  return { loaded, repo, client, log };
}

/** One request as the commands report it. */
export interface RequestLine {
  readonly method: string;
  readonly path: string;
  readonly status: number | "timeout" | "network";
  readonly not_modified: boolean;
}

export interface GithubUsage extends StatsSnapshot {
  readonly api_url: string;
  readonly calls: readonly RequestLine[];
}

export function usageOf(client: GithubClient): GithubUsage {
  return {
    api_url: client.apiUrl,
    ...client.stats.snapshot(),
    calls: client.stats.attempts.map((a) => ({ method: a.method, path: a.path, status: a.status, not_modified: a.notModified })),
  };
}

/** `3 requests (1 not modified) · rate limit 4990/5000 left, resets …` */
export function usageText(usage: GithubUsage): string {
  const requests = `${usage.requests} request${usage.requests === 1 ? "" : "s"} (${usage.not_modified} not modified)`;
  const rate = usage.rate_limit;
  return rate === null ? requests : `${requests} · rate limit ${rate.remaining}/${rate.limit} left, resets ${rate.reset}`;
}

export function callLines(usage: GithubUsage): string[] {
  return usage.calls.map((call) => `${call.method} ${call.path} → ${call.not_modified ? "304 not modified" : String(call.status)}`);
}
