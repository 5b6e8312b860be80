/**
 * What the engine records about each host while reading — every mention, every assignment in
 * order, where each winning value was written — is the same whichever way a host line is read
 * (the plain-line fast path or the general shlex path) and however late the records are made.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadInventory } from "../../src/inventory/index.js";
import { tree } from "./helpers/tree.js";

const INI = [
  "[web]", //                              1
  "web1 a=1 b=two", //                     2  plain line: fast path
  "web2:2222 a=1", //                      3  port: general path
  'web3 a="quoted" b=2', //                4  quotes: general path
  "[db]", //                               5
  "web1 a=3 c=True", //                    6  web1 again, plain
  "web3 b=4", //                           7
  "web4", //                               8  no variables
  "web1 d=1 d=2", //                       9  repeated name on one line: general path
].join("\n");

describe("host records", () => {
  it("keeps every mention and assignment in order, and the winning origins", () => {
    const root = tree({ hosts: `${INI}\n` });
    const inventory = loadInventory([join(root, "hosts")], { cwd: root });
    const file = "hosts";
    const records = (name: string): [string, unknown, number | undefined][] =>
      (inventory.host(name)?.assignments ?? []).map((assignment) => [String(assignment.key), assignment.value, assignment.origin.line]);

    expect(records("web1")).toEqual([
      ["a", 1, 2],
      ["b", "two", 2],
      ["a", 3, 6],
      ["c", true, 6],
      ["d", 2, 9],
    ]);
    expect(records("web2")).toEqual([
      ["ansible_port", 2222, 3],
      ["a", 1, 3],
    ]);
    expect(records("web3")).toEqual([
      ["a", "quoted", 4],
      ["b", 2, 4],
      ["b", 4, 7],
    ]);
    expect(records("web4")).toEqual([]);

    expect(inventory.host("web1")?.declaredAt.map((at) => at.line)).toEqual([2, 6, 9]);
    expect(inventory.host("web4")?.declaredAt).toEqual([{ file, line: 8 }]);

    const origins = inventory.hostVarOrigins("web1");
    expect(origins?.get("a")).toEqual({ file, line: 6 });
    expect(origins?.get("b")).toEqual({ file, line: 2 });
    expect(origins?.get("d")).toEqual({ file, line: 9 });
    expect(Object.fromEntries(inventory.hostVars("web1") ?? [])).toEqual({ a: 3, b: "two", c: true, d: 2 });

    const definitions = [...inventory.definitions()].filter((definition) => definition.scope === "host" && definition.name === "web1");
    expect(definitions.map((definition) => `${String(definition.key)}@${definition.origin.line ?? "?"}`)).toEqual(["a@2", "b@2", "a@6", "c@6", "d@9"]);
  });

  it("records a plain line's variables when the records are read before more are added", () => {
    const root = tree({ hosts: "[web]\nweb1 a=1 b=2\n" });
    const inventory = loadInventory([join(root, "hosts")], { cwd: root });
    const host = inventory.host("web1");
    expect(host?.assignments.map((assignment) => assignment.key)).toEqual(["a", "b"]);
    host?.setVariable("a", 5, { file: "elsewhere", line: 1 });
    expect(host?.assignments.map((assignment) => `${String(assignment.key)}=${String(assignment.value)}@${assignment.origin.file}`)).toEqual([
      "a=1@hosts",
      "b=2@hosts",
      "a=5@elsewhere",
    ]);
    expect(host?.origins.get("a")).toEqual({ file: "elsewhere", line: 1 });
  });
});
