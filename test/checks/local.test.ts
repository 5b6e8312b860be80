/** Probes of the runner itself: disk, memory, command, file, systemd, secrets. All real. */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { commandProbe } from "../../src/checks/command.js";
import { diskProbe } from "../../src/checks/disk.js";
import { fileProbe } from "../../src/checks/file.js";
import { memoryProbe, parseMeminfo } from "../../src/checks/memory.js";
import { secretsProbe } from "../../src/checks/secrets.js";
import { systemdProbe } from "../../src/checks/systemd.js";
import { Masker } from "../../src/mask/index.js";
import { context, runProbe } from "./run.js";

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), "runwarden-local-"));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A folder with one executable script, to stand in for a program with a known version. */
function programDir(name: string, script: string): string {
  const dir = join(tmp, `bin-${name}-${Math.random().toString(36).slice(2)}`);
  mkdirSync(dir);
  writeFileSync(join(dir, name), `#!/bin/sh\n${script}\n`);
  chmodSync(join(dir, name), 0o755);
  return dir;
}

describe("disk", () => {
  it("measures free space by bytes or percent", async () => {
    const ok = await runProbe(diskProbe({ path: tmp, minFree: { unit: "bytes", bytes: 1 }, timeoutMs: 1000 }));
    expect(ok.status).toBe("pass");
    expect(ok.summary).toMatch(/ free of .* \(\d+\.\d %\) on /);
    const full = await runProbe(diskProbe({ path: tmp, minFree: { unit: "percent", percent: 100 }, timeoutMs: 1000 }));
    expect(full.status).toBe("fail");
    expect(full.summary).toMatch(/need at least 100 %$/);
    expect((await runProbe(diskProbe({ path: join(tmp, "missing", "dir"), minFree: { unit: "bytes", bytes: 1 }, timeoutMs: 1000 }))).status).toBe("error");
  });
});

describe("memory", () => {
  it("reads MemAvailable from /proc/meminfo", async () => {
    expect((await runProbe(memoryProbe({ minAvailable: { unit: "bytes", bytes: 1024 }, timeoutMs: 1000 }))).status).toBe("pass");
    const all = await runProbe(memoryProbe({ minAvailable: { unit: "percent", percent: 100 }, timeoutMs: 1000 }));
    expect(all.status).toBe("fail");
    expect(all.summary).toMatch(/available of .*; need at least 100 %/);
    expect(parseMeminfo("MemTotal:  2048 kB\nMemAvailable: 1024 kB\nHugePages_Total: 0\n").get("MemAvailable")).toBe(1024 * 1024);
  });

  it("is an error where there is no /proc/meminfo", async () => {
    const result = await runProbe(memoryProbe({ minAvailable: { unit: "bytes", bytes: 1 }, meminfoPath: join(tmp, "nope"), timeoutMs: 1000 }));
    expect(result.status).toBe("error");
  });
});

describe("command", () => {
  it("finds a program on PATH and reads its version", async () => {
    const node = await runProbe(commandProbe({ name: "node", minVersion: "18", timeoutMs: 5000 }));
    expect(node.status).toBe("pass");
    expect(node.summary).toMatch(/^node \d+\.\d+\.\d+ \(≥ 18\)$/);
    const future = await runProbe(commandProbe({ name: "node", minVersion: "999.1", timeoutMs: 5000 }));
    expect(future).toMatchObject({ status: "fail" });
    expect(future.summary).toMatch(/^node \d+\.\d+\.\d+ is older than 999\.1$/);
  });

  it("parses versions as ansible and friends print them", async () => {
    const dir = programDir("ansible-playbook", 'echo "ansible-playbook [core 2.14.3]"; echo "  python version = 3.11.2"');
    const env = { PATH: dir };
    expect((await runProbe(commandProbe({ name: "ansible-playbook", minVersion: "2.14", timeoutMs: 5000 }), { ...context, env })).summary).toBe(
      "ansible-playbook 2.14.3 (≥ 2.14)",
    );
    expect((await runProbe(commandProbe({ name: "ansible-playbook", minVersion: "2.15", timeoutMs: 5000 }), { ...context, env })).status).toBe("fail");
  });

  it("fails when the program is missing; errors when no version can be read", async () => {
    const missing = await runProbe(commandProbe({ name: "no-such-program-xyz", timeoutMs: 1000 }));
    expect(missing).toMatchObject({ status: "fail", summary: "no-such-program-xyz not found on PATH" });
    const dir = programDir("quiet", "echo hello");
    const quiet = await runProbe(commandProbe({ name: "quiet", minVersion: "1.0", timeoutMs: 5000 }), { ...context, env: { PATH: dir } });
    expect(quiet).toMatchObject({ status: "error", summary: "no version in the output of quiet --version", evidence: ["hello"] });
  });

  it("a program that hangs on --version is bounded by the timeout", async () => {
    // `sleep 600` outlives the test: only the probe's timeout can end it, and the summary says so.
    const dir = programDir("stuck", "exec /bin/sleep 600");
    const result = await runProbe(commandProbe({ name: "stuck", minVersion: "1.0", timeoutMs: 200 }), { ...context, env: { PATH: dir } });
    expect(result).toMatchObject({ status: "error", summary: "timed out after 200 ms" });
  });
});

describe("file", () => {
  it("checks existence, absence and writability", async () => {
    const path = join(tmp, "state.json");
    writeFileSync(path, "{}");
    expect((await runProbe(fileProbe({ path, writable: true, timeoutMs: 1000 }))).summary).toBe(`${path} exists (file), writable`);
    expect((await runProbe(fileProbe({ path: join(tmp, "absent"), timeoutMs: 1000 }))).status).toBe("fail");
    expect((await runProbe(fileProbe({ path: join(tmp, "maintenance.flag"), exists: false, timeoutMs: 1000 }))).status).toBe("pass");
    expect((await runProbe(fileProbe({ path, exists: false, timeoutMs: 1000 }))).summary).toBe(`${path} exists (file); it must not`);
    // (Not writable cannot be shown here: the tests run as root, who may write anything.)
  });
});

describe("systemd", () => {
  it("is an error, never a pass, when systemctl is absent", async () => {
    const result = await runProbe(systemdProbe({ unit: "ssh.service", timeoutMs: 2000 }), { ...context, env: { PATH: programDir("unrelated", "true") } });
    expect(result).toMatchObject({ status: "error", summary: "ssh.service: systemctl not found on PATH (not a systemd host?)" });
  });

  it("is an error when systemctl cannot reach systemd (this host has no systemd as PID 1)", async () => {
    const result = await runProbe(systemdProbe({ unit: "ssh.service", timeoutMs: 5000 }));
    expect(result.status).toBe("error");
    expect(result.summary).toMatch(/^ssh\.service: systemctl could not tell/);
  });
});

describe("secrets", () => {
  it("reports names only, never values", async () => {
    const env = { DEPLOY_SSH_KEY: "ssh-key-material-123456", VAULT_PASSWORD: "   ", OTHER: "x" };
    const masker = new Masker();
    masker.addSecret(env.DEPLOY_SSH_KEY, "DEPLOY_SSH_KEY");
    const result = await runProbe(secretsProbe({ names: ["DEPLOY_SSH_KEY", "VAULT_PASSWORD", "MISSING_TOKEN"], timeoutMs: 1000 }), { ...context, env, masker });
    expect(result).toMatchObject({ status: "fail", summary: "not set: MISSING_TOKEN; empty: VAULT_PASSWORD" });
    expect(JSON.stringify(result)).not.toContain("ssh-key-material");
    const ok = await runProbe(secretsProbe({ names: ["DEPLOY_SSH_KEY"], timeoutMs: 1000 }), { ...context, env });
    expect(ok).toMatchObject({ status: "pass", summary: "1 secret(s) set: DEPLOY_SSH_KEY" });
    expect(JSON.stringify(ok)).not.toContain("ssh-key-material");
  });
});
