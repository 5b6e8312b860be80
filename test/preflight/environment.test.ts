/**
 * An environment of runwarden.yml over a real inventory written here: hosts in Ansible's order with
 * their variables (precedence applied), the variables every host shares, vault values left out,
 * monitoring discovery (one URL for all hosts, or a problem naming who disagrees).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildChecks, buildEntries } from "../../src/checks/factory.js";
import { preflightCheckSchema } from "../../src/config/schema/checks.js";
import { loadConfig, type LoadedConfig } from "../../src/config/load.js";
import { InputError } from "../../src/model/errors.js";
import { checkContext, loadEnvironment, sharedVars } from "../../src/preflight/environment.js";
import { thrown } from "../helpers/thrown.js";

let dir: string;
let loaded: LoadedConfig;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "rw-environment-"));
  mkdirSync(join(dir, "inventory", "group_vars"), { recursive: true });
  mkdirSync(join(dir, "inventory", "host_vars"), { recursive: true });
  writeFileSync(
    join(dir, "inventory", "hosts"),
    "[web]\nweb-02 ansible_host=127.0.0.12\nweb-01 ansible_host=127.0.0.11\n[db]\ndb-01 ansible_host=127.0.0.21\n[production:children]\nweb\ndb\n[production:vars]\napp_port=8080\n",
  );
  writeFileSync(join(dir, "inventory", "group_vars", "all.yml"), "prometheus_url: https://prometheus.example.internal\nteam: sre\n");
  writeFileSync(join(dir, "inventory", "group_vars", "db.yml"), "prometheus_url: https://prometheus-db.example.internal\n");
  writeFileSync(join(dir, "inventory", "host_vars", "web-01.yml"), "deploy_token: !vault |\n  $ANSIBLE_VAULT;1.1;AES256\n  61626364\nmeta: { zone: a }\n");
  writeFileSync(
    join(dir, "runwarden.yml"),
    `inventory: inventory/hosts
monitoring: { prometheus_url: "{{ prometheus_url }}" }
environments:
  web:
    hosts: web
    runner_groups: [{ name: primary, labels: [self-hosted] }]
    preflight:
      - prometheus: {}
  production:
    hosts: production
    runner_groups: [{ name: primary, labels: [self-hosted] }]
    preflight:
      - prometheus: {}
`,
  );
  loaded = loadConfig(join(dir, "runwarden.yml"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("loadEnvironment", () => {
  it("selects the pattern's hosts in Ansible's order, with their resolved variables", () => {
    const setup = loadEnvironment(loaded, "production", { sha: "3f9c2e1" });
    expect(setup.hosts.map((host) => host.name)).toEqual(["web-02", "web-01", "db-01"]);
    expect(setup.hosts[1]?.vars).toMatchObject({ ansible_host: "127.0.0.11", app_port: 8080, team: "sre", meta: { zone: "a" } });
    // Vault values are never decrypted, so they are not template variables.
    expect(setup.hosts[1]?.vars).not.toHaveProperty("deploy_token");
    expect(setup.vars).toEqual({ app_port: 8080, team: "sre", environment: "production", inventory: join(dir, "inventory", "hosts"), sha: "3f9c2e1" });
  });

  it("shares only what every host agrees on", () => {
    expect(
      sharedVars([
        { name: "a", vars: { x: 1, y: [1, 2], z: "a" } },
        { name: "b", vars: { x: 1, y: [1, 2], z: "b" } },
      ]),
    ).toEqual({ x: 1, y: [1, 2] });
    expect(sharedVars([])).toEqual({});
  });

  it("monitoring discovery: one URL for the environment's hosts, or a problem naming who disagrees", async () => {
    const web = loadEnvironment(loaded, "web");
    const [check] = buildChecks(web.environment.preflight, checkContext(web, { env: {} }));
    expect(check?.id).toBe("prometheus");
    const production = loadEnvironment(loaded, "production");
    const [entry] = buildEntries(production.environment.preflight, checkContext(production, { env: {} }));
    expect(entry !== undefined && "problem" in entry ? entry.problem : undefined).toMatchObject({
      code: "RW_PROMETHEUS_URL_AMBIGUOUS",
      message:
        "the hosts disagree on the Prometheus URL '{{ prometheus_url }}': https://prometheus.example.internal for web-02, web-01; https://prometheus-db.example.internal for db-01",
    });
    const result = await entry?.check.run({ env: {}, now: Date.now }, new AbortController().signal);
    expect(result?.status).toBe("error");
    expect(preflightCheckSchema.parse({ prometheus: {} })).toMatchObject({ kind: "prometheus", ready: true, no_firing_alerts: false, ignore_alerts: [] });
  });

  it("an unknown environment is bad input listing the known ones", () => {
    const error = thrown(InputError, () => loadEnvironment(loaded, "staging"));
    expect(error.code).toBe("RW_UNKNOWN_ENVIRONMENT");
    expect(error.hint).toBe("choose one of: web, production");
  });
});
