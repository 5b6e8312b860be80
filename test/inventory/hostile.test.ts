/**
 * Hostile and odd inputs: every one ends in an inventory or an InputError (exit 2) naming the
 * file — never a crash, a hang or a stack trace.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { listJson, loadInventory, selectHostNames, selectHosts, type Inventory } from "../../src/inventory/index.js";
import { LIMIT_ENV } from "../../src/inventory/limits.js";
import { InputError } from "../../src/model/errors.js";
import { tree } from "./helpers/tree.js";

function load(files: Record<string, string>, sources = ["hosts"], executable: string[] = []): Inventory | InputError {
  const root = tree(files, executable);
  try {
    const inventory = loadInventory(
      sources.map((source) => join(root, source)),
      { cwd: root },
    );
    listJson(inventory);
    return inventory;
  } catch (err: unknown) {
    if (err instanceof InputError) return err;
    throw err;
  }
}

/** Loads absolute sources (and prints --list); the InputError when it fails. */
function loadAt(sources: string[]): Inventory | InputError {
  try {
    const inventory = loadInventory(sources, { cwd: "/" });
    listJson(inventory);
    return inventory;
  } catch (err: unknown) {
    if (err instanceof InputError) return err;
    throw err;
  }
}

function failure(result: Inventory | InputError): InputError {
  expect(result).toBeInstanceOf(InputError);
  return result as InputError;
}

describe("hostile inventories", () => {
  it("reads CRLF line endings, a BOM-less UTF-8 file and tabs", () => {
    const result = load({ hosts: "[web]\r\nweb1\tx=1\r\n[web:vars]\r\ny = 2\r\n" });
    expect(result).not.toBeInstanceOf(InputError);
    expect((result as Inventory).hostVars("web1")?.get("x")).toBe(1);
  });

  it("survives a 10 MB line", () => {
    const result = load({ hosts: `[web]\nweb1 blob=${"x".repeat(10 * 1024 * 1024)}\n` });
    expect((result as Inventory).hostVars("web1")?.get("blob")).toHaveLength(10 * 1024 * 1024);
  });

  it("refuses deeply nested values and groups without blowing the stack", () => {
    expect(load({ hosts: `[web]\nweb1 v=${"[".repeat(5000)}${"]".repeat(5000)}\n` })).not.toBeInstanceOf(Error);
    const deep = failure(load({ "inv.yml": `a: ${"[".repeat(3000)}${"]".repeat(3000)}\n` }, ["inv.yml"]));
    expect(deep.code).toBe("RW_INVENTORY_INVALID");
  });

  it("refuses YAML alias bombs instead of expanding them", () => {
    const lines = ["all:", "  vars:", "    a0: &a0 [x, x, x, x, x, x, x, x, x, x]"];
    for (let i = 1; i < 12; i++)
      lines.push(
        `    a${i}: &a${i} [${Array(10)
          .fill(`*a${i - 1}`)
          .join(", ")}]`,
      );
    lines.push("  hosts:", "    h1:");
    // Refused by counting what the aliases would expand to, before expanding anything (bench/ times it).
    const error = failure(load({ "inv.yml": `${lines.join("\n")}\n` }, ["inv.yml"]));
    expect(error.problems[0]?.message).toContain("aliases");
  }, 20_000);

  it("refuses binary garbage with the file named", () => {
    const error = failure(load({ hosts: "\u0000\u0001[[[\u00ff\n:::\n" }));
    expect(error.problems[0]?.location.file).toBe("hosts");
  });

  it("names a missing source", () => {
    const error = failure(load({}, ["nope"]));
    expect(error.problems[0]).toMatchObject({ location: { file: "nope" }, message: "the inventory source does not exist" });
  });

  it("stops at a symlink loop in a directory inventory", () => {
    const root = tree({ "inv/hosts": "[web]\nweb1\n" });
    mkdirSync(join(root, "inv", "sub"));
    symlinkSync(join(root, "inv"), join(root, "inv", "sub", "loop"));
    expect(() => loadInventory([join(root, "inv")], { cwd: root })).toThrow(InputError);
  });

  it("does not run inventory scripts or inventory plugins", () => {
    const script = failure(load({ hosts: "#!/bin/sh\necho '{}'\n" }, ["hosts"], ["hosts"]));
    expect(script.problems[0]?.message).toContain("scripts are not run by runwarden");
    const plugin = failure(load({ "aws.yml": "plugin: amazon.aws.aws_ec2\nregions: [eu-west-1]\n" }, ["aws.yml"]));
    expect(plugin.problems[0]?.message).toContain("does not run inventory plugins");
  });

  it("never decrypts a vault-encrypted inventory, and keeps vaulted vars files opaque", () => {
    const encrypted = failure(load({ "inv.yml": "$ANSIBLE_VAULT;1.1;AES256\n616263\n" }, ["inv.yml"]));
    expect(encrypted.problems[0]?.message).toContain("never decrypts");
    const vaulted = load({ hosts: "[web]\nweb1\n", "group_vars/web.yml": "$ANSIBLE_VAULT;1.1;AES256\n616263\n" });
    expect((vaulted as Inventory).hostVars("web1")?.size).toBe(0);
    expect((vaulted as Inventory).vaultedFiles()).toEqual(["group_vars/web.yml"]);
  });

  it("reports an unusable vars file with its line", () => {
    const error = failure(load({ hosts: "[web]\nweb1\n", "group_vars/web.yml": "- just\n- a list\n" }));
    expect(error.code).toBe("RW_INVENTORY_VARS_INVALID");
    expect(error.problems[0]?.message).toContain("expected dicts");
  });

  it("rejects values JSON cannot hold, where Ansible would crash printing them", () => {
    expect(failure(load({ hosts: "[web]\nweb1 s={1,2}\n" })).problems[0]?.message).toContain("set");
    expect(failure(load({ hosts: "[web]\nweb1 c=1j\n" })).problems[0]?.message).toContain("complex");
    expect(failure(load({ hosts: "[web]\nweb1 'k={[1]: 2}'\n" })).problems[0]?.message).toContain("unhashable");
  });

  it("reports recursive groups like Ansible", () => {
    const error = failure(load({ hosts: "[a:children]\nb\n[b:children]\na\n" }));
    expect(error.problems[0]?.message).toContain("recursive dependency loop");
  });

  it("keeps patterns safe from regex trouble", () => {
    const inventory = load({ hosts: "[web]\nweb1\n" }) as Inventory;
    // Ansible selects nothing (and warns) for a pattern it cannot compile.
    expect(selectHosts(inventory, "~(")).toEqual([]);
    expect(selectHostNames(inventory, "web[3]")).toMatchObject({ hosts: [], error: "No hosts matched the subscripted pattern 'web[3]'" });
    // "[" splits into no pattern at all, which Ansible reads as "all".
    expect(selectHosts(inventory, "[")).toEqual(["web1"]);
  });
});

/** Runs `body` with environment variables set, then restores them. */
function withEnv<T>(vars: Record<string, string>, body: () => T): T {
  const saved = Object.fromEntries(Object.keys(vars).map((key) => [key, process.env[key]]));
  Object.assign(process.env, vars);
  try {
    return body();
  } finally {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}

describe("limits", () => {
  it("refuses host ranges past the budget before expanding them, with file:line", () => {
    for (const [hosts, line] of [
      ["[web]\nh[0:9999999999999]\n", 2],
      ["[web]\nweb1\nh[0:99999999]\n", 3],
      ["h[0:999]x[0:999]\n", 1],
      ["[a]\nh[a:z][0:9][0:9][0:9][0:99]\n", 2],
    ] as const) {
      const error = failure(load({ hosts }));
      const ini = error.problems.find((problem) => problem.message.startsWith("ini plugin"));
      expect(ini?.location.line, hosts).toBe(line);
      expect(ini?.message).toContain(LIMIT_ENV.maxRangeHosts);
    }
    const yaml = failure(load({ "inv.yml": "all:\n  hosts:\n    'h[0:9999999]':\n" }, ["inv.yml"]));
    expect(yaml.problems[0]).toMatchObject({ location: { line: 3 } });
    expect(yaml.problems[0]?.message).toContain("more than the 100000");
    // Within the budget, as Ansible expands it.
    expect((load({ hosts: "h[1:3]x[a:b]\n" }) as Inventory).hostNames()).toEqual(["h1xa", "h1xb", "h2xa", "h2xb", "h3xa", "h3xb"]);
  });

  it("refuses more hosts than the inventory budget, and a malformed budget", () => {
    const error = withEnv({ [LIMIT_ENV.maxHosts]: "5" }, () => failure(load({ hosts: "[a]\nh[1:4]\n[b]\ng[1:4]\n" })));
    expect(error.problems.find((problem) => problem.message.startsWith("ini plugin"))).toMatchObject({ location: { line: 4 } });
    const bad = withEnv({ [LIMIT_ENV.maxRangeHosts]: "lots" }, () => failure(load({ hosts: "h1\n" })));
    expect(bad.code).toBe("RW_INVENTORY_LIMIT");
  });

  it("refuses a file larger than the limit, devices and FIFOs, without reading them", () => {
    const large = withEnv({ [LIMIT_ENV.maxFileBytes]: "100" }, () => failure(load({ hosts: `[web]\n${"web1\n".repeat(40)}` })));
    expect(large.problems[0]?.message).toContain(`larger than 100 bytes (raise the limit with ${LIMIT_ENV.maxFileBytes})`);
    const vars = withEnv({ [LIMIT_ENV.maxFileBytes]: "100" }, () => failure(load({ hosts: "[web]\nweb1\n", "group_vars/web.yml": `a: ${"x".repeat(200)}\n` })));
    expect(vars).toMatchObject({ code: "RW_INVENTORY_VARS_INVALID" });
    expect(failure(loadAt(["/dev/zero"])).problems[0]?.message).toContain("not a regular file");
    const root = tree({ hosts: "[web]\nweb1\n" });
    mkdirSync(join(root, "group_vars"));
    execFileSync("mkfifo", [join(root, "fifo"), join(root, "group_vars", "web.yml")]);
    expect(failure(loadAt([join(root, "fifo")])).problems[0]?.message).toContain("a FIFO (named pipe), not a regular file");
    const viaVars = (() => {
      try {
        listJson(loadInventory([join(root, "hosts")], { cwd: root }));
        return undefined;
      } catch (err: unknown) {
        return err;
      }
    })();
    expect(viaVars).toMatchObject({ code: "RW_INVENTORY_VARS_INVALID", exitCode: 2 });
  });

  it("reads only the first bytes of a vars file to tell whether it is vault-encrypted, and still refuses a FIFO", () => {
    const vault = "$ANSIBLE_VAULT;1.1;AES256\n6162\n";
    const inventory = load({
      hosts: "[web]\nweb1\nweb2\nweb3\n",
      "host_vars/web1.yml": vault,
      "host_vars/web2.yml": "{}\n",
      "host_vars/web3.yml": "a: $ANSIBLE_VAULT\n",
    });
    if (inventory instanceof InputError) throw inventory;
    // A file shorter than the header, or one that does not start with it, is not vaulted; web1's is.
    expect(inventory.warnings.map((warning) => warning.location.file)).toEqual([expect.stringMatching(/host_vars\/web1\.yml$/)]);
    // Over the size limit: the header check does not read the file, so it does not refuse it…
    const largeRoot = tree({ hosts: "[web]\nweb1\n", "host_vars/web1.yml": `${vault}${"6162\n".repeat(100)}` });
    const large = withEnv({ [LIMIT_ENV.maxFileBytes]: "100" }, () => loadInventory([join(largeRoot, "hosts")], { cwd: largeRoot }).warnings.length);
    expect(large).toBe(1);
    // …but a FIFO in its place is refused at once (opened without blocking, checked with fstat).
    const root = tree({ hosts: "[web]\nweb1\n" });
    mkdirSync(join(root, "host_vars"));
    execFileSync("mkfifo", [join(root, "host_vars", "web1.yml")]);
    const withFifo = loadInventory([join(root, "hosts")], { cwd: root });
    let thrown: unknown;
    try {
      void withFifo.warnings;
    } catch (err: unknown) {
      thrown = err;
    }
    expect(thrown).toMatchObject({ code: "RW_INVENTORY_VARS_INVALID", exitCode: 2 });
    expect((thrown as InputError).problems[0]?.message).toContain("a FIFO (named pipe), not a regular file");
  });

  it("makes symlink loops under group_vars bad input (exit 2), not an internal error", () => {
    const root = tree({ hosts: "[web]\nweb1\n", "group_vars/all/a.yml": "a: 1\n" });
    symlinkSync(join(root, "group_vars", "all"), join(root, "group_vars", "all", "loop"));
    const error = failure(loadAt([join(root, "hosts")]));
    expect(error).toMatchObject({ code: "RW_INVENTORY_VARS_INVALID", exitCode: 2 });
    expect(error.problems[0]?.message).toContain("symlink loop");
    const self = tree({ hosts: "[web]\nweb1\n" });
    mkdirSync(join(self, "group_vars"));
    symlinkSync("web.yml", join(self, "group_vars", "web.yml"));
    expect(failure(loadAt([join(self, "hosts")]))).toMatchObject({ code: "RW_INVENTORY_VARS_INVALID", exitCode: 2 });
  });

  it("reads a chain of 2,000 :children groups (built in linear time)", () => {
    const lines: string[] = [];
    for (let i = 0; i < 2000; i++) lines.push(`[g${i}:children]`, `g${i + 1}`);
    lines.push("[g2000]", "h1", "h2");
    const inventory = load({ hosts: `${lines.join("\n")}\n` }) as Inventory;
    expect(selectHosts(inventory, "g0")).toEqual(["h1", "h2"]);
    expect(inventory.group("g2000")?.depth).toBe(2001);
    expect(inventory.host("h1")?.groups.length).toBe(2002);
  });
});

describe("directories", () => {
  it("refuses a directory in which nothing is an inventory, as Ansible cannot parse it either", () => {
    const root = tree({ "inv/hosts.ini": "[web]\nweb1\n", "inv/group_vars/all.yml": "a: 1\n", "inv/README.md": "x\n" });
    let error: unknown;
    try {
      loadInventory([join(root, "inv")], { cwd: root });
    } catch (err: unknown) {
      error = err;
    }
    const problem = failure(error as InputError).problems[0];
    expect(problem?.location.file).toBe("inv");
    expect(problem?.message).toContain("Unable to parse inv as an inventory source");
    expect(problem?.message).toContain("README.md, hosts.ini");
    expect(problem?.hint).toContain("-i inv/hosts.ini");
    const empty = tree({ "inv/.keep": "" });
    expect(() => loadInventory([join(empty, "inv")], { cwd: empty })).toThrow(InputError);
  });
});
