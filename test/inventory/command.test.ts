/** `runwarden inventory` and `runwarden inventory check`, through the masked Io. */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { inventory, inventoryCheck, type InventoryOptions } from "../../src/cli/commands/inventory/run.js";
import { reportError } from "../../src/cli/run.js";
import { listJson, loadInventory } from "../../src/inventory/index.js";
import { Masker } from "../../src/mask/index.js";
import { InputError, UsageError } from "../../src/model/errors.js";
import { createMemoryIo } from "../../src/output/memory-io.js";
import { binPath } from "../helpers/cli.js";
import { tree } from "./helpers/tree.js";

const corpus = join(import.meta.dirname, "..", "fixtures", "inventory", "corpus");

async function run(
  command: (io: ReturnType<typeof createMemoryIo>) => Promise<number>,
  cwd = corpus,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const io = createMemoryIo(new Masker(), { cwd });
  const code = await command(io);
  await io.close();
  return { code, stdout: io.stdoutText(), stderr: io.stderrText() };
}

const inv = (options: Omit<InventoryOptions, "inventory"> & { inventory?: string[] }) => (io: ReturnType<typeof createMemoryIo>) =>
  inventory({ inventory: ["02-ini-vars-children/hosts"], ...options }, io);

describe("runwarden inventory", () => {
  it("--list prints ansible-inventory's JSON", async () => {
    const out = await run(inv({ list: true }));
    expect(out.code).toBe(0);
    const expected = listJson(loadInventory([join(corpus, "02-ini-vars-children/hosts")], { cwd: corpus, playbookDir: corpus }));
    expect(out.stdout).toBe(`${expected}\n`);
  });

  it("--list prints a large inventory (many pieces, non-Latin-1 text) exactly as the one-string rendering", async () => {
    const lines = ["[web]"];
    for (let h = 0; h < 1000; h++) lines.push(`web${h} motd="Grüße aus Zürich — 東京 ${h}" note="${"x".repeat(300)}"`);
    const dir = tree({ hosts: `${lines.join("\n")}\n` });
    const out = await run((io) => inventory({ inventory: ["hosts"], list: true }, io), dir);
    expect(out.code).toBe(0);
    const expected = listJson(loadInventory([join(dir, "hosts")], { cwd: dir, playbookDir: dir }));
    expect(expected.length).toBeGreaterThan(4 * 64 * 1024);
    expect(out.stdout).toBe(`${expected}\n`);
  });

  it("--list from the executable: a large output written straight to the descriptor, masked as one text", () => {
    const token = "ghs_inventoryTokenNotAPatternMatch0123456789";
    const lines = ["[web]"];
    for (let h = 0; h < 1000; h++) lines.push(`web${h} motd="Grüße — 東京 ${h}" ${h % 97 === 0 ? `token=${token}` : `note=${"y".repeat(300)}`}`);
    const dir = tree({ hosts: `${lines.join("\n")}\n` });
    const expected = listJson(loadInventory([join(dir, "hosts")], { cwd: dir, playbookDir: dir })).replaceAll(token, "***");
    for (const shell of [
      '"$1" "$2" inventory -i hosts --list',
      '"$1" "$2" inventory -i hosts --list | cat',
      '"$1" "$2" inventory -i hosts --list > out.json; cat out.json',
    ]) {
      const run = spawnSync("sh", ["-c", shell, "sh", process.execPath, binPath], {
        cwd: dir,
        env: { PATH: process.env.PATH ?? "", GITHUB_TOKEN: token },
        maxBuffer: 64 * 1024 * 1024,
      });
      expect(run.status).toBe(0);
      expect(run.stdout.toString("utf8")).toBe(`${expected}\n`);
    }
    expect(expected.length).toBeGreaterThan(4 * 64 * 1024);
  });

  it("--list from the executable: vars files only the full YAML loader reads (the `yaml` package, loaded when first needed)", () => {
    const dir = tree({
      hosts: "[web]\nweb1\n",
      "group_vars/all.yml": "motd: a plain scalar\n  folded over two lines\nports: [80,\n  443]\n",
      "host_vars/web1.yml": "? complex\n: key\n",
    });
    const expected = listJson(loadInventory([join(dir, "hosts")], { cwd: dir, playbookDir: dir }));
    expect(expected).toContain('"motd": "a plain scalar folded over two lines"');
    const run = spawnSync(process.execPath, [binPath, "inventory", "-i", "hosts", "--list"], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? "" },
      encoding: "utf8",
    });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(`${expected}\n`);

    const broken = tree({ hosts: "[web]\nweb1\n", "group_vars/all.yml": "ports: [80,\n  443\nname: x\n" });
    const failed = spawnSync(process.execPath, [binPath, "inventory", "-i", "hosts", "--list"], {
      cwd: broken,
      env: { PATH: process.env.PATH ?? "" },
      encoding: "utf8",
    });
    expect(failed.status).toBe(2);
    expect(failed.stdout).toBe("");
    expect(failed.stderr).toMatch(/group_vars\/all\.yml:\d+:\d+/);
  });

  it("never prints vault ciphertext", async () => {
    const out = await run(inv({ inventory: ["22-vault-unsafe/inventory.yml"], list: true }));
    expect(out.stdout).not.toContain("ANSIBLE_VAULT");
    expect(out.stdout).not.toContain("3132333435");
    expect(out.stdout).toContain('"__ansible_vault": "***"');
    expect(() => JSON.parse(out.stdout) as unknown).not.toThrow();
    const host = await run(inv({ inventory: ["22-vault-unsafe/inventory.yml"], host: "app1" }));
    expect(host.stdout).not.toContain("ANSIBLE_VAULT");
  });

  it("--host, --graph and --hosts print what Ansible prints", async () => {
    expect((await run(inv({ host: "host2" }))).stdout).toContain('"escape_pods": 2');
    const graph = await run(inv({ graph: "southeast" }));
    expect(graph.stdout).toBe("@southeast:\n  |--@atlanta:\n  |  |--host1\n  |  |--host2\n  |--@raleigh:\n  |  |--host2\n  |  |--host3\n");
    expect((await run(inv({ graph: true }))).stdout.startsWith("@all:\n  |--@ungrouped:\n")).toBe(true);
    expect((await run(inv({ hosts: "southeast:!atlanta" }))).stdout).toBe("  hosts (1):\n    host3\n");
    const json = await run(inv({ hosts: "atlanta", json: true }));
    expect(JSON.parse(json.stdout)).toEqual({ pattern: "atlanta", hosts: ["host1", "host2"], warnings: [] });
    const tree_ = JSON.parse((await run(inv({ graph: "southeast", json: true }))).stdout) as { children: { group: string; hosts: string[] }[] };
    expect(tree_.children.map((child) => [child.group, child.hosts])).toEqual([
      ["atlanta", ["host1", "host2"]],
      ["raleigh", ["host2", "host3"]],
    ]);
  });

  it("warns like Ansible when a pattern matches nothing, and still exits 0", async () => {
    const out = await run(inv({ hosts: "nomatch" }));
    expect(out.code).toBe(0);
    expect(out.stdout).toBe("  hosts (0):\n");
    expect(out.stderr).toContain("[WARNING]: Could not match supplied host pattern, ignoring: nomatch");
  });

  it("refuses no action or several actions", async () => {
    await expect(run(inv({}))).rejects.toBeInstanceOf(UsageError);
    await expect(run(inv({ list: true, graph: true }))).rejects.toBeInstanceOf(UsageError);
    await expect(run(inv({ inventory: [], list: true }))).rejects.toBeInstanceOf(UsageError);
  });

  it("reports --host and --graph misuse as bad input", async () => {
    await expect(run(inv({ host: "southeast" }))).rejects.toMatchObject({ code: "RW_INVENTORY_HOST", exitCode: 2 });
    await expect(run(inv({ graph: "host1" }))).rejects.toMatchObject({ code: "RW_INVENTORY_GROUP", exitCode: 2 });
  });

  it("selects no host, warns and exits 0 for a subscript out of range or an invalid regex, as Ansible does", async () => {
    for (const hosts of ["atlanta[7]", "~("]) {
      const out = await run(inv({ hosts }));
      expect(out).toMatchObject({ code: 0, stdout: "  hosts (0):\n" });
      expect(out.stderr).toContain("No hosts matched, nothing to do");
    }
  });

  it("warns about a vault-encrypted vars file on every action", async () => {
    const root = tree({ hosts: "[web]\nw1\n", "group_vars/web.yml": "$ANSIBLE_VAULT;1.1;AES256\n6162\n" });
    for (const action of [{ list: true }, { hosts: "all" }, { graph: true }, { host: "w1" }]) {
      const out = await run((io) => inventory({ inventory: [join(root, "hosts")], ...action }, io), root);
      expect(out.code, JSON.stringify(action)).toBe(0);
      expect(out.stderr, JSON.stringify(action)).toContain("group_vars/web.yml is encrypted with Ansible Vault");
    }
  });

  it("turns a malformed inventory into exit 2 with file:line and no stack trace", async () => {
    let caught: unknown;
    try {
      await run(inv({ inventory: ["32-err-ini-key-value/hosts"], list: true }));
    } catch (err: unknown) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(InputError);
    const io = createMemoryIo(new Masker());
    expect(reportError(io, caught, false)).toBe(2);
    await io.close();
    const text = io.stderrText();
    expect(text).toContain("32-err-ini-key-value/hosts:3: ini plugin: Expected key=value host variable assignment, got: this-is-not-key-value");
    expect(text).not.toMatch(/\n\s+at /);
  });
});

describe("runwarden inventory check", () => {
  it("exits 1 when production points to localhost", async () => {
    const out = await run((io) => inventoryCheck({ inventory: ["19-production-localhost/hosts"], pattern: "production", require: ["prometheus_url"] }, io));
    expect(out.code).toBe(1);
    expect(out.stdout).toContain("19-production-localhost/hosts:3");
    expect(out.stdout).toContain("ansible_connection=local");
  });

  it("exits 0 with warnings only, and prints findings as JSON", async () => {
    const out = await run((io) =>
      inventoryCheck({ inventory: ["30-seed-production/hosts"], pattern: "production", require: ["prometheus_url"], json: true }, io),
    );
    expect(out.code).toBe(0);
    const data = JSON.parse(out.stdout) as { hosts: number; counts: { error: number } };
    expect(data.hosts).toBe(3);
    expect(data.counts.error).toBe(0);
  });

  it("emits GitHub annotations inside Actions", async () => {
    const root = tree({ hosts: "[prod]\nlocalhost\n" });
    const io = createMemoryIo(new Masker(), { cwd: root, env: { GITHUB_ACTIONS: "true" } });
    const code = await inventoryCheck({ inventory: ["hosts"], pattern: "prod" }, io);
    await io.close();
    expect(code).toBe(1);
    expect(io.stdoutText()).toContain("::error file=hosts,line=2,title=inventory/loopback-target::");
  });
});
