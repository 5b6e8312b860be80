/** Schema rules and their messages, on inline documents (BASE is 7 lines; appended lines start at 8). */
import { describe, expect, it } from "vitest";
import { at, BASE, loadText, problemsOf } from "./helpers.js";

function only(text: string) {
  const problems = problemsOf(text);
  expect(problems).toHaveLength(1);
  const [problem] = problems;
  if (problem === undefined) throw new Error("no problem");
  return problem;
}

describe("defaults", () => {
  it("fills every documented default", () => {
    const { config } = loadText(`${BASE}    deploy: { run: ./deploy.sh }\n    gates:\n      - { name: up, tcp: { host: "{{ ansible_host }}", port: 22 } }\n`);
    expect(config.store).toEqual({ kind: "sqlite", path: ".runwarden/state.db" });
    // The minimum runner version defaults to the one node24 actions need (actions/checkout v5).
    expect(config.github).toEqual({ token_env: "GITHUB_TOKEN", min_runner_version: "2.327.1" });
    expect(config.mask).toEqual({ min_secret_length: 6, secrets: [] });
    expect(config.monitoring).toEqual({ timeout: 30_000 });
    expect(config.inventory).toEqual(["hosts"]);
    const env = config.environments["production"];
    expect(env?.runner_groups[0]).toMatchObject({ min_idle: 1, approved_for_failover: false });
    expect(env?.guards).toEqual({ require_protected_branch: false, require_environment_approval: false });
    expect(env?.preflight).toEqual([]);
    expect(env?.deploy).toEqual({
      run: "./deploy.sh",
      lock: "store",
      timeout: 30 * 60_000,
      secrets: [],
      kill_grace: 10_000,
      lock_timeout: 600_000,
      lock_ttl: 60_000,
    });
    expect(env?.gates[0]).toEqual({
      name: "up",
      initial_delay: 0,
      interval: 10_000,
      count: 1,
      failure_limit: 0,
      consecutive_error_limit: 4,
      min_successes: 1,
      no_data: "fail",
      dry_run: false,
      phase: "post",
      probe: { kind: "tcp", host: "{{ ansible_host }}", port: 22, timeout: 5_000, each_host: false },
    });
  });

  it("turns each preflight item into a tagged variant", () => {
    const { config } = loadText(`${BASE}    preflight:\n      - disk: { min_free: 10% }\n      - memory: { min_available: 512MiB, warn_only: true }\n`);
    expect(config.environments["production"]?.preflight).toEqual([
      { kind: "disk", path: "/", min_free: { unit: "percent", percent: 10 }, warn_only: false },
      { kind: "memory", min_available: { unit: "bytes", bytes: 512 * 2 ** 20 }, warn_only: true },
    ]);
  });

  it("accepts a list of inventories and a postgres store without a password", () => {
    const { config } = loadText(
      `store: postgresql://runwarden@db.example.internal:5432/runwarden\n${BASE.replace("inventory: hosts", "inventory: [a/hosts, b/hosts]")}`,
    );
    expect(config.inventory).toEqual(["a/hosts", "b/hosts"]);
    expect(config.store).toEqual({ kind: "postgres", url: "postgresql://runwarden@db.example.internal:5432/runwarden" });
  });

  it("resolves a prometheus gate's no_data and min_successes", () => {
    const { config } = loadText(
      `${BASE}    gates:\n      - name: ratio\n        prometheus: { query: up, condition: "result == 1", no_data: inconclusive }\n        count: 5\n        failure_limit: 1\n`,
    );
    expect(config.environments["production"]?.gates[0]).toMatchObject({
      no_data: "inconclusive",
      min_successes: 4,
      probe: { kind: "prometheus", query: "up" },
    });
  });
});

describe("structure problems", () => {
  it("missing required key: at the parent mapping", () => {
    const problem = only("inventory: x\nenvironments:\n  production:\n    runner_groups: [{ name: a, labels: [b] }]\n");
    expect(at(problem)).toBe("4:5");
    expect(problem.path).toBe("environments.production.hosts");
    expect(problem.message).toBe("missing required key 'hosts'");
    expect(problem.found).toBe("nothing (the key is missing)");
  });

  it("a misspelt required key is one problem (unknown key), not two", () => {
    const problem = only(`${BASE}    preflight:\n      - disk: { path: /, min_fre: 5GiB }\n`);
    expect(problem.message).toBe("unknown key 'min_fre' (did you mean 'min_free'?)");
    expect(at(problem)).toBe("9:26");
    expect(problem.expected).toBe("one of: path, min_free, name, warn_only");
  });

  it("an item with two check kinds", () => {
    const problem = only(`${BASE}    preflight:\n      - { disk: { min_free: 1GiB }, memory: { min_available: 1GiB } }\n`);
    expect(problem.message).toBe("an item has exactly one check kind; found 'disk' and 'memory'");
    expect(problem.path).toBe("environments.production.preflight[0]");
  });

  it("warn_only written beside the kind instead of inside it", () => {
    const problem = only(`${BASE}    preflight:\n      - disk: { min_free: 1GiB }\n        warn_only: true\n`);
    expect(problem.message).toBe("unknown key 'warn_only'");
    expect(problem.path).toBe("environments.production.preflight[0].warn_only");
    expect(problem.hint).toBe("move 'warn_only' inside 'disk' (each item is a one-key map)");
  });

  it("a check kind written as a plain string", () => {
    const problem = only(`${BASE}    preflight:\n      - disk\n`);
    expect(problem.message).toBe("wrong type");
    expect(problem.found).toBe('"disk"');
    expect(at(problem)).toBe("9:9");
  });

  it("deep problems inside the matching check kind", () => {
    const problem = only(`${BASE}    preflight:\n      - tcp: { each_host: true, port: 70000 }\n`);
    expect(problem.path).toBe("environments.production.preflight[0].tcp.port");
    expect(problem.expected).toBe("an integer ≤ 65535");
  });

  it("a gate without a probe, and a gate with two", () => {
    const none = only(`${BASE}    gates:\n      - name: g\n        count: 3\n`);
    expect(none.message).toBe("a gate needs one probe: http, tcp, prometheus, command or version");
    expect(at(none)).toBe("9:9");
    const two = only(`${BASE}    gates:\n      - name: g\n        command: { run: "true" }\n        tcp: { host: db.example.internal, port: 5432 }\n`);
    expect(two.message).toBe("a gate has exactly one probe; found tcp and command");
    expect(two.path).toBe("environments.production.gates[0].command");
  });

  it("budget fields that make a gate meaningless", () => {
    const problem = only(`${BASE}    gates:\n      - name: g\n        command: { run: "true" }\n        count: 2\n        failure_limit: 2\n`);
    expect(problem.path).toBe("environments.production.gates[0].failure_limit");
    expect(at(problem)).toBe("12:24");
  });

  it("an enum value with a suggestion", () => {
    const problem = only(`${BASE}    gates:\n      - name: g\n        command: { run: "true" }\n        no_data: fial\n`);
    expect(problem.expected).toBe("one of: fail, pass, inconclusive");
    expect(problem.hint).toBe("did you mean 'fail'?");
  });

  it("duplicate runner group names", () => {
    const problem = only(`${BASE}      - name: primary\n        labels: [x]\n`);
    expect(problem.message).toBe("duplicate runner group name 'primary' (also item 1)");
    expect(problem.path).toBe("environments.production.runner_groups[1].name");
  });

  it("a tcp check without a target", () => {
    const problem = only(`${BASE}    preflight:\n      - tcp: { port: 22 }\n`);
    expect(problem.message).toBe("a tcp check needs `host`, or `each_host: true`");
  });

  it("versions must be quoted", () => {
    const problem = only(`${BASE}    preflight:\n      - command: { name: ansible-playbook, min_version: 2.10 }\n`);
    expect(problem.hint).toBe('quote it: "2.1" (YAML reads an unquoted 2.10 as the number 2.1)');
  });

  it("a port written as quoted digits", () => {
    const problem = only(`${BASE}    preflight:\n      - tcp: { each_host: true, port: "22" }\n`);
    expect(problem.message).toBe("a port written as text must be a template");
  });

  it("store: unknown scheme, password in the URL (never echoed), literal address", () => {
    expect(only(`store: mysql://db/x\n${BASE}`).message).toBe("unknown store");
    const password = only(`store: postgres://u:hunter2@db.example.internal/x\n${BASE}`);
    expect(password.message).toBe("the PostgreSQL URL contains a password");
    expect(JSON.stringify(password)).not.toContain("hunter2");
    expect(only(`store: postgres://u@[2001:db8::1]/x\n${BASE}`).message).toMatch(/^literal IP address '2001:db8::1'/);
  });

  it("github.repository and api_url", () => {
    expect(only(`github: { repository: platform }\n${BASE}`).expected).toBe("owner/name, e.g. acme/platform");
    expect(only(`github: { api_url: "https://198.51.100.7/api/v3" }\n${BASE}`).message).toMatch(/^literal IP address '198\.51\.100\.7'/);
  });

  it("an empty environments mapping", () => {
    expect(only("inventory: x\nenvironments: {}\n").message).toBe("define at least one environment");
  });

  it("a document that is not a mapping", () => {
    const problem = only("- just\n- a list\n");
    expect(problem.message).toBe("wrong type");
    expect(problem.expected).toBe("a mapping");
    expect(at(problem)).toBe("1:1");
  });

  it("YAML merge keys are refused with a hint", () => {
    const problem = only(`defaults: &d { labels: [x] }\n${BASE}`);
    expect(problem.message).toBe("unknown key 'defaults'");
    const merge = problemsOf(`${BASE}      - <<: { labels: [x] }\n        name: secondary\n`);
    expect(merge.map((p) => p.hint)).toContain("YAML merge keys (<<) are not supported: repeat the keys, or alias the whole value");
  });

  it("aliases are fine when they expand to little", () => {
    const { config } = loadText(
      `${BASE.replace("labels: [self-hosted, production]", "labels: &labels [self-hosted, production]")}      - name: secondary\n        labels: *labels\n`,
    );
    expect(config.environments["production"]?.runner_groups[1]?.labels).toEqual(["self-hosted", "production"]);
  });
});
