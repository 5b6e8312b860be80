/**
 * A deploy's world for tests: the GitHub emulator (a runner group with its runner, environments,
 * a protected main, commits with and without change tickets), a folder with runwarden.yml, an
 * inventory and a SQLite store, and the environment variables a workflow run would have.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { parseScenario } from "../../src/sandbox/github/scenario.js";
import { startGithubEmulator, type RunningEmulator } from "../../src/sandbox/github/server.js";

/** A commit whose message names a change ticket. */
export const SHA = "4c2a6f0e8b1d3a5c7e9f0b2d4a6c8e0f1a3b5c7d";
/** A commit whose pull request's title names the ticket (its message does not). */
export const SHA_PR_TICKET = "5d3b7a1f9c2e4b6d8f0a1c3e5b7d9f1a2c4e6b8d";
/** A commit with no ticket anywhere. */
export const SHA_NO_TICKET = "6e4c8b2a0d3f5c7e9a1b2d4f6c8e0a2b3d5f7c9e";

const SCENARIO = `
org: acme
repository: platform
runner_groups:
  - { name: prod-primary }
runners:
  - { name: prod-a-1, group: prod-primary, labels: [self-hosted, linux, production] }
  - { name: stray-1, labels: [self-hosted, linux, production] }
environments:
  - { name: production, reviewers: [alice] }
  - { name: staging }
branches:
  - name: main
    protection: { required_approving_review_count: 1 }
  - name: feature/x
commits:
  - { sha: ${SHA}, message: "INFRA-42: ship the new checkout" }
  - sha: ${SHA_PR_TICKET}
    message: "Merge pull request #5"
    pull_requests: [{ number: 5, title: "INFRA-77 fix the basket" }]
  - { sha: ${SHA_NO_TICKET}, message: "quick fix" }
`;

export interface World {
  readonly dir: string;
  readonly emulator: RunningEmulator;
  readonly marker: string;
  /** Environment variables of a push run on main on runner prod-a-1. */
  env(extra?: Record<string, string>): Record<string, string>;
  close(): Promise<void>;
}

export async function startWorld(): Promise<World> {
  const dir = mkdtempSync(join(tmpdir(), "rw-deploy-"));
  const emulator = await startGithubEmulator({ scenario: parseScenario(SCENARIO, "world.yml") });
  return {
    dir,
    emulator,
    marker: join(dir, "deployed.marker"),
    env: (extra = {}) => ({
      PATH: process.env.PATH ?? "/usr/bin:/bin",
      HOME: process.env.HOME ?? "/root",
      GITHUB_API_URL: emulator.url,
      GITHUB_TOKEN: emulator.token,
      GITHUB_REPOSITORY: "acme/platform",
      GITHUB_SERVER_URL: "https://github.example",
      GITHUB_SHA: SHA,
      GITHUB_REF: "refs/heads/main",
      GITHUB_EVENT_NAME: "push",
      GITHUB_RUN_ID: "9001",
      GITHUB_RUN_ATTEMPT: "1",
      GITHUB_ACTOR: "alice",
      RUNNER_NAME: "prod-a-1",
      ...extra,
    }),
    close: () => emulator.close(),
  };
}

export interface EnvironmentSpec {
  readonly guards?: Record<string, unknown>;
  readonly deploy: Record<string, unknown>;
  readonly preflight?: readonly unknown[];
  readonly gates?: readonly unknown[];
  readonly hosts?: string;
}

/** Writes runwarden.yml (and a default inventory unless `inventory` is given); returns its path. */
export function writeConfig(
  world: World,
  environments: Record<string, EnvironmentSpec>,
  options: { inventory?: string; github?: Record<string, unknown> } = {},
): string {
  const inventory = options.inventory ?? join(world.dir, "hosts");
  if (options.inventory === undefined)
    writeFileSync(inventory, "[production]\nweb-01 ansible_host=web-01.example.invalid\n\n[staging]\nweb-s1 ansible_host=web-s1.example.invalid\n");
  const config = {
    github: options.github ?? {},
    inventory,
    store: "sqlite:state.db",
    environments: Object.fromEntries(
      Object.entries(environments).map(([name, spec]) => [
        name,
        {
          hosts: spec.hosts ?? name,
          runner_groups: [{ name: "primary", group: "prod-primary", labels: ["self-hosted", "linux", "production"] }],
          guards: spec.guards ?? {},
          ...(spec.preflight === undefined ? {} : { preflight: spec.preflight }),
          deploy: spec.deploy,
          gates: spec.gates ?? [],
        },
      ]),
    ),
  };
  const path = join(world.dir, "runwarden.yml");
  writeFileSync(path, stringify(config));
  return path;
}
