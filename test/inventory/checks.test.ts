/** The inventory sanity checks: findings as data, with file:line, never thrown. */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkInventory, inspectPattern, INVENTORY_CHECKS, isLoopback, ipLiterals, loadInventory, type Finding } from "../../src/inventory/index.js";
import { tree } from "./helpers/tree.js";

const repo = join(import.meta.dirname, "..", "..");
const corpus = join(repo, "test", "fixtures", "inventory", "corpus");

function findings(root: string, sources: string[], options: { pattern?: string; require?: string[] } = {}): Finding[] {
  return checkInventory(
    loadInventory(
      sources.map((source) => join(root, source)),
      { cwd: root },
    ),
    options,
  );
}

const ids = (list: readonly Finding[], severity?: string): string[] => list.filter((f) => severity === undefined || f.severity === severity).map((f) => f.id);

describe("loopback targets", () => {
  it("catches the seed's production inventory pointing at localhost", () => {
    const list = findings(join(corpus, "19-production-localhost"), ["hosts"], { pattern: "production" });
    const loopback = list.filter((f) => f.id === "inventory/loopback-target");
    expect(loopback).toHaveLength(1);
    expect(loopback[0]).toMatchObject({ severity: "error", host: "localhost", location: { file: "hosts", line: 3 } });
    expect(loopback[0]?.message).toContain("ansible_connection=local");
  });

  it("sees loopback in ansible_host and host names, in every spelling", () => {
    const root = tree({
      hosts: [
        "[prod]",
        "a ansible_host=127.0.0.5",
        "b ansible_host=localhost",
        "c ansible_host=::1",
        "d ansible_host=0:0:0:0:0:0:0:1",
        "e ansible_host=::ffff:127.0.0.1",
        "127.0.0.1",
        "real ansible_host=app.example.internal",
        'templated ansible_host=\'{{ lookup("env", "X") }}\'',
        "",
      ].join("\n"),
    });
    const list = findings(root, ["hosts"], { pattern: "prod" }).filter((f) => f.id === "inventory/loopback-target");
    expect(list.map((f) => f.host)).toEqual(["a", "b", "c", "d", "e", "127.0.0.1"]);
    expect(list[0]?.location).toEqual({ file: "hosts", line: 2 });
  });

  it("knows loopback from not", () => {
    for (const address of ["localhost", "LOCALHOST.", "127.1.2.3", "::1", "[::1]", "::ffff:127.0.0.1", "ip6-localhost"])
      expect(isLoopback(address), address).toBe(true);
    for (const address of ["10.0.0.1", "128.0.0.1", "::2", "localhost.example.com", "app"]) expect(isLoopback(address), address).toBe(false);
  });
});

describe("literal IP addresses", () => {
  it("reports IPs in host names and variables, with file:line, as warnings", () => {
    const root = tree({
      hosts: "[web]\n10.1.2.3\nweb1 ansible_host=10.1.2.4\n[web:vars]\nprometheus_url=http://192.168.0.200:9090\n",
      "group_vars/all.yml": "# monitoring\nalertmanager: https://[2001:db8::5]:9093\nversion: 1.2.3.4.5\ndns: [8.8.8.8, one.one.one.one]\n",
    });
    const list = findings(root, ["hosts"]).filter((f) => f.id === "inventory/literal-ip");
    const summary = list.map((f) => `${f.severity} ${f.location.file}:${f.location.line ?? "?"} ${f.message}`);
    expect(summary).toEqual([
      "warning hosts:2 host '10.1.2.3' is named by a literal IP address",
      "warning hosts:5 group 'web': prometheus_url holds the literal IP address 192.168.0.200",
      "notice hosts:3 host 'web1': ansible_host holds the literal IP address 10.1.2.4",
      "warning group_vars/all.yml:2 group 'all': alertmanager holds the literal IP address 2001:db8::5",
      "warning group_vars/all.yml:4 group 'all': dns holds the literal IP address 8.8.8.8",
    ]);
    expect(list.every((f) => f.severity !== "error")).toBe(true);
  });

  it("finds addresses inside text", () => {
    expect(ipLiterals("http://10.0.0.1:80/x and [fe80::1] or 1.2.3.4.5 or 999.1.1.1 or 10:30:00")).toEqual(["10.0.0.1", "fe80::1"]);
  });
});

describe("required variables", () => {
  it("reports hosts missing a variable (error) or leaving it empty (warning)", () => {
    const root = tree({
      hosts: "[mon]\nm1\nm2 prometheus_url=''\nm3\n",
      "host_vars/m3.yml": "prometheus_url: https://prom.example.internal\n",
    });
    const list = findings(root, ["hosts"], { pattern: "mon", require: ["prometheus_url"] }).filter((f) => f.id === "inventory/missing-variable");
    expect(list.map((f) => [f.severity, f.host, f.location.line])).toEqual([
      ["error", "m1", 2],
      ["warning", "m2", 3],
    ]);
    const inventory = loadInventory([join(root, "hosts")], { cwd: root });
    expect(inspectPattern(inventory, "mon", ["prometheus_url"])).toEqual({
      hosts: ["m1", "m2", "m3"],
      loopback: [],
      missing: [{ host: "m1", variable: "prometheus_url" }],
    });
  });

  it("says when the variable may sit in a vault-encrypted file", () => {
    const root = tree({ hosts: "[mon]\nm1\n", "group_vars/mon.yml": "$ANSIBLE_VAULT;1.1;AES256\n6162\n" });
    const list = findings(root, ["hosts"], { pattern: "mon", require: ["prometheus_url"] });
    expect(list.find((f) => f.id === "inventory/missing-variable")?.message).toContain("vault-encrypted group_vars/mon.yml");
    expect(list.find((f) => f.id === "inventory/vaulted-file")).toMatchObject({ severity: "error", location: { file: "group_vars/mon.yml" } });
  });

  it("makes a vault-encrypted vars file an error only for the hosts it applies to", () => {
    const root = tree({
      hosts: "[mon]\nm1\n[web]\nw1\n",
      "group_vars/mon.yml": "$ANSIBLE_VAULT;1.1;AES256\n6162\n",
      "host_vars/w1/vault": "$ANSIBLE_VAULT;1.1;AES256\n6162\n",
    });
    const vaulted = (pattern: string): string[] =>
      findings(root, ["hosts"], { pattern })
        .filter((f) => f.id === "inventory/vaulted-file")
        .map((f) => f.location.file);
    expect(vaulted("mon")).toEqual(["group_vars/mon.yml"]);
    expect(vaulted("web")).toEqual(["host_vars/w1/vault"]);
    expect(vaulted("all").sort()).toEqual(["group_vars/mon.yml", "host_vars/w1/vault"]);
  });
});

describe("duplicates and empty selections", () => {
  it("reports a host defined in two sources with different values", () => {
    const root = tree({ "a/hosts": "[web]\nweb1:22 ansible_host=web1.a.internal\n", "b/hosts": "[web]\nweb1:2222 ansible_host=web1.b.internal role=x\n" });
    const list = findings(root, ["a/hosts", "b/hosts"]).filter((f) => f.id === "inventory/conflicting-duplicate");
    expect(list.map((f) => f.message)).toEqual([
      "host 'web1' is defined in several inventory files with different ansible_port: 22 at a/hosts:2; 2222 at b/hosts:2",
      "host 'web1' is defined in several inventory files with different ansible_host: web1.a.internal at a/hosts:2; web1.b.internal at b/hosts:2",
    ]);
  });

  it("does not report agreeing duplicates", () => {
    const root = tree({ "a/hosts": "[web]\nweb1 x=1\n", "b/hosts": "[db]\nweb1 x=1\n" });
    expect(ids(findings(root, ["a/hosts", "b/hosts"]))).not.toContain("inventory/conflicting-duplicate");
  });

  it("reports a pattern that selects nothing as an error", () => {
    const root = tree({ hosts: "[web]\nweb1\n" });
    expect(ids(findings(root, ["hosts"], { pattern: "production" }), "error")).toEqual(["inventory/no-hosts"]);
  });
});

describe("the check registry", () => {
  it("registers every check file and documents every check in docs/inventory.md", () => {
    const dir = join(repo, "src", "inventory", "checks");
    const helpers = new Set(["index.ts", "types.ts", "addresses.ts", "where.ts"]);
    const files = readdirSync(dir).filter((name) => name.endsWith(".ts") && !helpers.has(name));
    expect(INVENTORY_CHECKS.map((check) => `${check.id.replace("inventory/", "")}.ts`).sort()).toEqual(files.sort());
    const docs = readFileSync(join(repo, "docs", "inventory.md"), "utf8");
    for (const check of INVENTORY_CHECKS) expect(docs, check.id).toContain(`\`${check.id}\``);
  });
});
