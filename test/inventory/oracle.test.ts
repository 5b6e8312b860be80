/**
 * The corpus against real Ansible (ansible-core 2.14): for every inventory in
 * test/fixtures/inventory/corpus, `--list` must equal `ansible-inventory --list`, `--host` and
 * `--graph` must equal ansible-inventory's, and every host pattern must select what
 * `ansible PATTERN --list-hosts` selects. Malformed inventories must fail with the line Ansible
 * names (Ansible only warns; runwarden stops with exit 2).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { join } from "node:path";
import { checkInventory, graph, hostJson, listJson, loadInventory, selectHostNames, type Inventory } from "../../src/inventory/index.js";
import { pyJsonDumps } from "../../src/inventory/pyjson.js";
import { displayText } from "../../src/inventory/python/decode.js";
import { pyJsonLoads } from "../../src/inventory/pyjson-parse.js";
import { InputError } from "../../src/model/errors.js";
import { OracleSandbox, parseListHosts, pool, type Job, type Run } from "./oracle/ansible.js";
import { canonicalJson, groupsOfList, hostsOfList, sameSelection } from "./oracle/compare.js";
import { ansibleSources, inventoryArgs, loadCorpus, type Case } from "./oracle/corpus.js";

const cases = loadCorpus();
const good = cases.filter((testCase) => testCase.spec.error === undefined && testCase.spec.vault === undefined);
const bad = cases.filter((testCase) => testCase.spec.error !== undefined);
const vaulted = cases.filter((testCase) => testCase.spec.vault !== undefined);

let sandbox: OracleSandbox;
const executable = new Map<string, Run>();
/** `ansible-inventory --list` with the vault password, for the vault cases. */
const withPassword = new Map<string, Run>();
let answers = new Map<string, Run>();
const questions = new Map<string, { hosts: string[]; patterns: string[]; graphs: string[] }>();

const unique = (items: readonly string[]): string[] => [...new Set(items)];

function ours(testCase: Case): Inventory {
  return loadInventory(testCase.sources, { cwd: sandbox.cwd, playbookDir: sandbox.cwd });
}

function answer(id: string): Run {
  const run = answers.get(id);
  if (run === undefined) throw new Error(`no oracle answer for ${id}`);
  return run;
}

beforeAll(async () => {
  sandbox = new OracleSandbox();
  // The real executable, two at a time: every case's --list.
  const runs = await pool(
    cases.map((testCase) => () => sandbox.exec("ansible-inventory", [...inventoryArgs(ansibleSources(testCase, sandbox.cwd)), "--list"])),
    2,
  );
  for (const [index, testCase] of cases.entries()) executable.set(testCase.name, runs[index] as Run);
  for (const testCase of vaulted) {
    const vault = testCase.spec.vault;
    if (vault === undefined) continue;
    const args = [...inventoryArgs(ansibleSources(testCase, sandbox.cwd)), "--vault-password-file", join(testCase.dir, vault.passwordFile), "--list"];
    withPassword.set(testCase.name, await sandbox.exec("ansible-inventory", args));
  }
  // Everything else through the batch driver, in one Python process.
  const jobs: Job[] = [];
  for (const testCase of good) {
    const list = executable.get(testCase.name)?.stdout ?? "{}";
    const groups = groupsOfList(list);
    const asked = {
      hosts: unique([...hostsOfList(list).slice(0, 8), ...(testCase.spec.hosts ?? []), "localhost"]),
      patterns: unique(["all", "*", "ungrouped", ...groups.slice(0, 8), ...(testCase.spec.patterns ?? [])]),
      graphs: unique(["all", ...groups.slice(0, 5)]),
    };
    questions.set(testCase.name, asked);
    const args = inventoryArgs(ansibleSources(testCase, sandbox.cwd));
    jobs.push({ id: `${testCase.name}|list`, cmd: "ansible-inventory", args: [...args, "--list"] });
    for (const host of asked.hosts) jobs.push({ id: `${testCase.name}|host|${host}`, cmd: "ansible-inventory", args: [...args, "--host", host] });
    for (const group of asked.graphs) jobs.push({ id: `${testCase.name}|graph|${group}`, cmd: "ansible-inventory", args: [...args, "--graph", group] });
    for (const pattern of asked.patterns) jobs.push({ id: `${testCase.name}|hosts|${pattern}`, cmd: "ansible", args: [pattern, ...args, "--list-hosts"] });
  }
  answers = await sandbox.batch(jobs);
}, 180_000);

afterAll(() => sandbox?.dispose());

describe("the oracle corpus", () => {
  it("has at least 30 inventories, malformed and vault-encrypted ones included", () => {
    expect(good.length).toBeGreaterThanOrEqual(30);
    expect(bad.length).toBeGreaterThanOrEqual(5);
    expect(vaulted.length).toBeGreaterThanOrEqual(1);
  });
});

describe.each(good)("$name", (testCase) => {
  it("--list equals ansible-inventory --list (byte for byte)", () => {
    const theirs = executable.get(testCase.name);
    expect(theirs?.rc, theirs?.stderr).toBe(0);
    const text = listJson(ours(testCase));
    expect(canonicalJson(text)).toBe(canonicalJson(theirs?.stdout ?? ""));
    expect(`${text}\n`).toBe(theirs?.stdout);
    // The batch driver answers like the executable.
    expect(answer(`${testCase.name}|list`).stdout).toBe(theirs?.stdout);
  });

  it("--host equals ansible-inventory --host", () => {
    for (const host of questions.get(testCase.name)?.hosts ?? []) {
      const theirs = answer(`${testCase.name}|host|${host}`);
      if (theirs.rc !== 0) {
        expect(() => hostJson(ours(testCase), host), `--host ${host}: Ansible failed: ${theirs.stderr}`).toThrow(InputError);
        continue;
      }
      expect(`${hostJson(ours(testCase), host)}\n`, `--host ${host}`).toBe(theirs.stdout);
    }
  });

  it("--graph equals ansible-inventory --graph", () => {
    for (const group of questions.get(testCase.name)?.graphs ?? []) {
      const theirs = answer(`${testCase.name}|graph|${group}`);
      expect(theirs.rc, theirs.stderr).toBe(0);
      expect(`${graph(ours(testCase), group)}\n`, `--graph ${group}`).toBe(theirs.stdout);
    }
  });

  it("--hosts PATTERN equals ansible PATTERN --list-hosts", () => {
    for (const pattern of questions.get(testCase.name)?.patterns ?? []) {
      const theirs = answer(`${testCase.name}|hosts|${pattern}`);
      const inventory = ours(testCase);
      if (theirs.rc !== 0) {
        expect(() => selectHostNames(inventory, pattern), `pattern ${pattern}: Ansible failed: ${theirs.stderr}`).toThrow(InputError);
        continue;
      }
      const expected = parseListHosts(theirs.stdout);
      // As printed: names that were not UTF-8 show '?' (listHostsText), as Ansible prints them.
      const got = selectHostNames(inventory, pattern).hosts.map(displayText);
      const same = sameSelection(inventory, pattern, got, expected);
      expect(same.ok, `pattern ${pattern}: expected ${same.why}: runwarden ${JSON.stringify(got)}, Ansible ${JSON.stringify(expected)}`).toBe(true);
    }
  });
});

describe.each(bad)("$name (malformed)", (testCase) => {
  it("fails with exit 2 at the line Ansible names", () => {
    const spec = testCase.spec.error;
    if (spec === undefined) throw new Error("not an error case");
    let error: unknown;
    try {
      const inventory = ours(testCase);
      for (const host of inventory.hostNames()) inventory.hostVars(host);
    } catch (err: unknown) {
      error = err;
    }
    expect(error).toBeInstanceOf(InputError);
    const input = error as InputError;
    expect(input.exitCode).toBe(2);
    const first = input.problems[0];
    expect(first?.location.file.endsWith(spec.file), JSON.stringify(input.problems)).toBe(true);
    expect(first?.location.line, JSON.stringify(input.problems)).toBe(spec.line);
    if (spec.contains !== undefined) expect(first?.message).toContain(spec.contains);

    // Ansible rejects it too, and where it names a line, it is the same one.
    const theirs = executable.get(testCase.name);
    const said = (theirs?.stderr ?? "").replace(/\n/g, "");
    if (spec.varsError === true) {
      expect(theirs?.rc).not.toBe(0);
      expect(said).toContain("ERROR!");
    } else {
      expect(said).toContain("Unable to parse");
    }
    const ini = /:(\d+): /.exec(said.slice(said.indexOf("with ini plugin")));
    const yaml = /line (\d+), column \d+/.exec(said);
    const plugin = first?.message.split(" plugin:")[0];
    if (plugin === "ini" && ini !== null) expect(first?.location.line).toBe(Number(ini[1]));
    if ((plugin === "yaml" || spec.varsError === true) && yaml !== null && /Syntax Error/.test(first?.message ?? "")) {
      expect(first?.location.line).toBe(Number(yaml[1]));
    }
  });
});

/** Ansible's `--list` without the given variables in any host's hostvars, in canonical form. */
function withoutKeys(listText: string, keys: readonly string[]): string {
  const list = pyJsonLoads(listText.trim());
  const hostvars = list instanceof Map ? (list.get("_meta") as Map<string, unknown> | undefined)?.get("hostvars") : undefined;
  if (hostvars instanceof Map) for (const vars of hostvars.values()) if (vars instanceof Map) for (const key of keys) vars.delete(key);
  return pyJsonDumps(list);
}

describe.each(vaulted)("$name (vault-encrypted vars file)", (testCase) => {
  const vault = testCase.spec.vault;
  if (vault === undefined) throw new Error("not a vault case");

  it("Ansible without the password stops on the file; runwarden reads the rest and warns", () => {
    const theirs = executable.get(testCase.name);
    expect(theirs?.rc).not.toBe(0);
    expect(theirs?.stderr).toContain("Attempting to decrypt but no vault secrets found");
    const inventory = ours(testCase);
    listJson(inventory);
    const warned = inventory.warnings.filter((warning) => warning.location.file.endsWith(vault.file));
    expect(warned.map((warning) => warning.message).join("\n")).toContain("encrypted with Ansible Vault");
  });

  it("--list equals Ansible's with the password, but for the vaulted variables", () => {
    const theirs = withPassword.get(testCase.name);
    expect(theirs?.rc, theirs?.stderr).toBe(0);
    expect(theirs?.stdout).toContain(vault.keys[0] ?? "?");
    expect(canonicalJson(listJson(ours(testCase)))).toBe(withoutKeys(theirs?.stdout ?? "", vault.keys));
  });

  it("inventory check makes it an error for the hosts it applies to, and only for them", () => {
    const vaultedFor = (pattern: string): string[] =>
      checkInventory(ours(testCase), { pattern })
        .filter((finding) => finding.id === "inventory/vaulted-file")
        .map((finding) => `${finding.severity} ${finding.location.file.slice(-vault.file.length)}`);
    expect(vaultedFor(vault.pattern)).toEqual([`error ${vault.file}`]);
    expect(vaultedFor(vault.clearPattern)).toEqual([]);
  });
});
