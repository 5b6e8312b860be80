/** Config items → checks: templates per host, each_host expansion, names, warn_only, build problems. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CheckBuildContext } from "../../src/checks/context.js";
import { buildChecks, buildEntries } from "../../src/checks/factory.js";
import type { InventoryInspector } from "../../src/checks/inventory.js";
import type { GithubProbeClient } from "../../src/checks/github.js";
import { preflightCheckSchema } from "../../src/config/schema/checks.js";
import { runPreflight } from "../../src/preflight/index.js";
import { BASE, problemsOf } from "../config/helpers.js";
import { startVersionServer, type TestServer } from "../helpers/servers.js";
import { context as runCtx } from "./run.js";

const items = (...inputs: unknown[]) => inputs.map((input) => preflightCheckSchema.parse(input));

let web: (TestServer & { setSha(sha: string): void })[];
let build: CheckBuildContext;
beforeAll(async () => {
  web = await Promise.all(["127.0.0.1", "127.0.0.2"].map((host) => startVersionServer("abc1234", host)));
  build = {
    env: runCtx.env,
    vars: { sha: "abc1234", environment: "production" },
    hosts: web.map((server, i) => ({ name: `web-0${i + 1}`, vars: { ansible_host: server.host, app_port: server.port } })),
  };
});
afterAll(async () => {
  await Promise.all(web.map((server) => server.close()));
});

describe("the check factory", () => {
  it("expands each_host into one check per host, rendering templates with that host's vars", async () => {
    const checks = buildChecks(
      items(
        { tcp: { each_host: true, port: "{{ app_port }}" } },
        { http: { name: "version", url: "http://{{ ansible_host }}:{{ app_port }}/version", each_host: true, body_contains: "{{ sha }}" } },
      ),
      build,
    );
    expect(checks.map((c) => [c.id, c.host])).toEqual([
      ["tcp [web-01]", "web-01"],
      ["tcp [web-02]", "web-02"],
      ["version [web-01]", "web-01"],
      ["version [web-02]", "web-02"],
    ]);
    const report = await runPreflight(checks, { context: runCtx });
    expect(report.results.map((r) => r.status)).toEqual(["pass", "pass", "pass", "pass"]);
    expect(report.results[0]?.summary).toMatch(new RegExp(`^127\\.0\\.0\\.1:${web[0]?.port ?? 0} accepts`));
  });

  it("an undefined variable on one host becomes an error check for that host only", async () => {
    const hosts = [...(build.hosts ?? []), { name: "db-01", vars: { ansible_host: "127.0.0.1" } }];
    const entries = buildEntries(items({ tcp: { each_host: true, port: "{{ app_port }}" } }), { ...build, hosts });
    expect(entries.map((e) => "problem" in e)).toEqual([false, false, true]);
    const broken = entries[2];
    expect(broken !== undefined && "problem" in broken ? broken.problem : undefined).toMatchObject({
      host: "db-01",
      message: "undefined template variable 'app_port'",
    });
    const result = await broken?.check.run(runCtx, new AbortController().signal);
    expect(result).toMatchObject({ status: "error", summary: "cannot build the check: undefined template variable 'app_port'", host: "db-01" });
    expect(result?.evidence[0]).toMatch(/^hint: define 'app_port' in the inventory/);
  });

  it("each_host without hosts is an error check, not a silent pass", async () => {
    const [check] = buildChecks(items({ tcp: { each_host: true, port: 22 } }), { ...build, hosts: [] });
    expect(await check?.run(runCtx, new AbortController().signal)).toMatchObject({ status: "error", summary: "each_host: the host pattern selects no hosts" });
  });

  it("names: the configured name, else the kind's label; duplicates get a suffix", () => {
    const checks = buildChecks(
      items(
        { disk: { path: "/", min_free: "1B" } },
        { disk: { path: "/", min_free: "1B" } },
        { memory: { name: "ram", min_available: "1B", warn_only: true } },
        { command: { program: "node" } },
        { command: { name: "node present", program: "node" } },
        { dns: { host: "localhost" } },
        { dns: { name: "resolver", host: "localhost" } },
      ),
      build,
    );
    expect(checks.map((c) => [c.id, c.kind, c.warnOnly])).toEqual([
      ["disk /", "disk", false],
      ["disk / #2", "disk", false],
      ["ram", "memory", true],
      ["command node", "command", false],
      ["node present", "command", false],
      ["dns A localhost", "dns", false],
      ["resolver", "dns", false],
    ]);
  });

  it("command: `program` is the program, `name` the label; the short form `command: { name: X }` takes X as the program", () => {
    expect(items({ command: { name: "ansible-playbook", min_version: "2.14" } })[0]).toEqual({
      kind: "command",
      program: "ansible-playbook",
      min_version: "2.14",
      version_arg: "--version",
      warn_only: false,
    });
    expect(items({ command: { name: "ansible", program: "ansible-playbook" } })[0]).toMatchObject({ program: "ansible-playbook", name: "ansible" });
    const [missing] = problemsOf(`${BASE}    preflight:\n      - command: { min_version: "2.14" }\n`);
    expect(missing).toMatchObject({ message: "a command check needs `program`", path: "environments.production.preflight[0].command" });
  });

  it("dns: `name` is only the label; without `host` (or each_host) the schema says where the name goes", () => {
    const [problem] = problemsOf(`${BASE}    preflight:\n      - dns: { name: app.example.internal }\n`);
    expect(problem).toMatchObject({
      message: "a dns check needs `host`, or `each_host: true`",
      hint: "`name` is the check's label; the name to resolve goes in `host`",
    });
  });

  it("secrets default to the context's names; inventory and github use injected layers", async () => {
    const inspect: InventoryInspector = (pattern, required) => ({
      loopback: pattern === "production" ? ["web-03"] : [],
      missing: required.map((variable) => ({ host: "web-01", variable })),
    });
    const client: GithubProbeClient = {
      rateLimit: () => Promise.resolve({ remaining: 4000, limit: 5000, resetAt: new Date("2030-01-01T00:00:00Z") }),
      branchProtected: (branch) => Promise.resolve(branch === "main"),
      environmentReviewers: () => Promise.resolve(0),
    };
    const checks = buildChecks(items({ secrets: {} }, { inventory: { require_vars: ["ansible_host"] } }, { github: { min_rate_limit: 100 } }), {
      ...build,
      env: {},
      secretNames: ["DEPLOY_SSH_KEY"],
      inventory: { pattern: "production", inspect },
      github: { client, branch: "main", environment: "production", requireProtectedBranch: true, requireEnvironmentApproval: true },
    });
    const report = await runPreflight(checks, { context: { ...runCtx, env: { DEPLOY_SSH_KEY: "xxxxxxxxxxxxxxxx" } } });
    expect(report.results.map((r) => [r.id, r.status, r.summary])).toEqual([
      ["secrets", "pass", "1 secret(s) set: DEPLOY_SSH_KEY"],
      ["inventory", "fail", "1 host(s) on loopback: web-03 — the deploy would not reach production; 1 missing variable(s): ansible_host"],
      ["github", "fail", "environment production has no required reviewers"],
    ]);
    expect(report.results[1]?.evidence).toEqual(["web-01: ansible_host is not defined"]);
    expect(report.verdict).toBe("fail");
  });
});
