/**
 * Hostile and odd inputs: every one ends in an inventory or an InputError (exit 2) naming the
 * file — never a crash, a hang or a stack trace.
 */
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { listJson, loadInventory, selectHosts, type Inventory } from "../../src/inventory/index.js";
import { InputError } from "../../src/model/errors.js";
import { tree } from "./helpers/tree.js";

function load(files: Record<string, string>, sources = ["hosts"], executable: string[] = []): Inventory | InputError {
  const root = tree(files, executable);
  try {
    const inventory = loadInventory(sources.map((source) => join(root, source)), { cwd: root });
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
    for (let i = 1; i < 12; i++) lines.push(`    a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(", ")}]`);
    lines.push("  hosts:", "    h1:");
    const start = Date.now();
    const error = failure(load({ "inv.yml": `${lines.join("\n")}\n` }, ["inv.yml"]));
    expect(error.problems[0]?.message).toContain("aliases");
    expect(Date.now() - start).toBeLessThan(10_000);
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
    expect(() => selectHosts(inventory, "~(")).toThrow(InputError);
    // "[" splits into no pattern at all, which Ansible reads as "all".
    expect(selectHosts(inventory, "[")).toEqual(["web1"]);
  });
});

describe("directories", () => {
  it("reads an empty directory as an empty inventory", () => {
    const root = tree({});
    mkdirSync(join(root, "inv"));
    writeFileSync(join(root, "inv", ".keep"), "");
    const inventory = loadInventory([join(root, "inv")], { cwd: root });
    expect(inventory.hostNames()).toEqual([]);
  });
});
