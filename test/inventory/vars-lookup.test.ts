/**
 * Which group_vars/host_vars file applies to a NAME — `NAME`, `NAME.yml`, `NAME.yaml`, `NAME.json`,
 * the first that exists, a directory meaning its files — with symlinks (valid, broken, to a
 * directory) among the candidates, against real `ansible-inventory --list`. The engine answers from
 * one directory listing and stats only symlinks: these are the cases where that could go wrong.
 */
import { mkdirSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listJson, loadInventory } from "../../src/inventory/index.js";
import { tree } from "./helpers/tree.js";
import { OracleSandbox } from "./oracle/ansible.js";

let sandbox: OracleSandbox;
let root: string;

beforeAll(() => {
  sandbox = new OracleSandbox();
  root = tree({
    hosts: "[web]\nh1\nh2\nh3\nh4\nh5\nh6\nh7\nh8\nh9.yml\n[db]\nd1\n",
    // h1: the extension-less file comes first.
    "host_vars/h1": "src: plain\n",
    "host_vars/h1.yml": "src: yml\n",
    // h2: a broken symlink does not exist for Ansible: .yaml is next.
    "host_vars/h2.yaml": "src: yaml\n",
    // h3: a valid symlink is taken as the file it points to.
    "elsewhere/h3.txt": "src: linked\n",
    "host_vars/h3.json": '{"src": "json"}',
    // h4: a directory named h4.yml comes before h4.yaml: its files are read.
    "host_vars/h4.yml/10-a.yml": "src: dir\nfirst: 1\n",
    "host_vars/h4.yml/20-b": "second: 2\n",
    "host_vars/h4.yaml": "src: yaml\n",
    // h5: a symlink to a directory.
    "elsewhere/h5/main.yml": "src: linked-dir\n",
    // h6: only .json; h7: nothing at all.
    "host_vars/h6.json": '{"src": "json", "n": 1.0}',
    // h8: a broken extension-less symlink, then h8.yml.
    "host_vars/h8.yml": "src: yml\n",
    // h9.yml: a host whose name has an extension — its own name first, then h9.yml.yml.
    "host_vars/h9.yml": "src: own-name\n",
    "host_vars/h9.yml.yml": "src: doubled\n",
    // group db: a broken symlink before a plain file, and group web: a valid one.
    "group_vars/db.yml": "gsrc: yml\n",
    "elsewhere/web.txt": "gsrc: linked\n",
    "group_vars/web.yaml": "gsrc: yaml\n",
  });
  symlinkSync(join(root, "missing.yml"), join(root, "host_vars", "h2.yml"));
  symlinkSync(join(root, "elsewhere", "h3.txt"), join(root, "host_vars", "h3.yml"));
  mkdirSync(join(root, "host_vars", "unrelated"), { recursive: true });
  symlinkSync(join(root, "elsewhere", "h5"), join(root, "host_vars", "h5"));
  symlinkSync(join(root, "nowhere"), join(root, "host_vars", "h8"));
  symlinkSync(join(root, "nowhere"), join(root, "group_vars", "db"));
  symlinkSync(join(root, "elsewhere", "web.txt"), join(root, "group_vars", "web.yml"));
});

afterAll(() => sandbox.dispose());

describe("group_vars/host_vars lookup", () => {
  it("takes the file Ansible takes, symlinks included", async () => {
    const hosts = join(root, "hosts");
    const ansible = await sandbox.exec("ansible-inventory", ["-i", hosts, "--list"]);
    expect(ansible.rc, ansible.stderr).toBe(0);
    const ours = listJson(loadInventory([hosts], { cwd: sandbox.cwd, playbookDir: sandbox.cwd }));
    expect(`${ours}\n`).toBe(ansible.stdout);
    // And the cases say what they are meant to (the oracle could agree on a fixture that misses them).
    const hostvars = (JSON.parse(ours) as { _meta: { hostvars: Record<string, Record<string, unknown>> } })._meta.hostvars;
    expect(Object.fromEntries(Object.entries(hostvars).map(([host, vars]) => [host, vars.src]))).toEqual({
      h1: "plain",
      h2: "yaml",
      h3: "linked",
      h4: "dir",
      h5: "linked-dir",
      h6: "json",
      h7: undefined,
      h8: "yml",
      "h9.yml": "own-name",
      d1: undefined,
    });
    expect(hostvars.d1?.gsrc).toBe("yml");
    expect(hostvars.h1?.gsrc).toBe("linked");
  }, 60_000);
});
