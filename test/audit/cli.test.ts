/**
 * `runwarden audit show|export|verify|keygen` end to end on a SQLite store: in-process for
 * behaviour, the bundled executable once. The export is checked by an independent verifier written
 * from docs/audit.md's hash rule alone (canonicalize + node:crypto), not by runwarden's own code.
 */
import canonicalize from "canonicalize";
import { createHash } from "node:crypto";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fileCheckpoints } from "../../src/audit/checkpoint-place.js";
import { AUDIT_MIGRATIONS } from "../../src/audit/migrations.js";
import { Masker } from "../../src/mask/index.js";
import { createMemoryIo } from "../../src/output/memory-io.js";
import { openStore } from "../../src/store/open.js";
import { repoRoot, runBinary, runInProcess } from "../helpers/cli.js";
import { recordChain, testContext, testKeys } from "./fixtures.js";

const keys = testKeys();
const publicKey = keys.publicKey.export({ format: "der", type: "spki" }).toString("base64");

let dir = "";

function config(extra = ""): string {
  return `inventory: hosts
store: sqlite:state.db
audit:
  checkpoints: checkpoints.jsonl
  checkpoint_every: 5
  public_key: ${publicKey}
${extra}environments:
  production:
    hosts: production
    runner_groups:
      - { name: primary, labels: [self-hosted, production] }
`;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "rw-audit-cli-"));
  writeFileSync(join(dir, "hosts"), "[production]\nweb-1\n");
  writeFileSync(join(dir, "runwarden.yml"), config());
  const store = await openStore({ kind: "sqlite", path: join(dir, "state.db") }, { migrations: [AUDIT_MIGRATIONS] });
  try {
    await recordChain(store, testContext({ keys, place: fileCheckpoints(join(dir, "checkpoints.jsonl"), createMemoryIo(new Masker()).files), every: 5 }), 12);
  } finally {
    await store.close();
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = (argv: string[], env: Record<string, string> = {}) => runInProcess(argv, { cwd: dir, env });

interface ExportLine {
  readonly seq: number;
  readonly ts: string;
  readonly prev: string;
  readonly event: unknown;
  readonly alg: string;
  readonly hash: string;
}

describe("runwarden audit", () => {
  it("verify: an intact chain, entries and checkpoints counted, exit 0", async () => {
    const result = await run(["audit", "verify", "--json"]);
    expect(result.code).toBe(0);
    const data = JSON.parse(result.stdout) as { intact: boolean; entries_checked: number; checkpoints_checked: number; checkpoints_found: number };
    expect(data).toMatchObject({ intact: true, entries_checked: 12, checkpoints_found: 3, checkpoints_checked: 3 });
    const text = await run(["audit", "verify"]);
    expect(text.stdout).toContain("intact");
    expect(text.stdout).toContain("entries checked: 12");
  });

  it("show: newest entries, filtered by environment, limited; JSON with hashes", async () => {
    const all = await run(["audit", "show", "--json", "--limit", "3"]);
    expect(all.code).toBe(0);
    const data = JSON.parse(all.stdout) as { entries: { seq: number; event: { type: string } }[] };
    expect(data.entries.map((e) => e.seq)).toEqual([10, 11, 12]);
    expect((await run(["audit", "show", "--environment", "staging", "--json"])).stdout).toContain('"entries": []');
    const text = await run(["audit", "show", "--since", "2000-01-01"]);
    expect(text.stdout).toContain("route.decision");
    expect(text.stdout).toContain("→ secondary (failover)");
  });

  it("export jsonl: every line checks out with an independent verifier written from the docs", async () => {
    const result = await run(["audit", "export", "--format", "jsonl"]);
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split("\n");
    expect(lines).toHaveLength(12);
    let prev = "0".repeat(64);
    lines.forEach((line, index) => {
      const entry = JSON.parse(line) as ExportLine;
      expect(canonicalize(entry)).toBe(line);
      expect(entry.seq).toBe(index + 1);
      expect(entry.prev).toBe(prev);
      const hash = createHash("sha256")
        .update(canonicalize({ seq: entry.seq, ts: entry.ts, prev: entry.prev, event: entry.event }) ?? "")
        .digest("hex");
      expect(hash).toBe(entry.hash);
      prev = hash;
    });
    const json = await run(["audit", "export", "--format", "json", "--since", "2000-01-01T00:00:00Z"]);
    expect((JSON.parse(json.stdout) as unknown[]).length).toBe(12);
  });

  it("docs/audit.md's independent verifier accepts the export and the checkpoints, and catches an edited line", async () => {
    const doc = readFileSync(join(repoRoot, "docs", "audit.md"), "utf8");
    const block = /<!-- audit-verifier:start -->\s*```js\n([\s\S]*?)```\s*<!-- audit-verifier:end -->/.exec(doc)?.[1];
    if (block === undefined) throw new Error("no verifier block in docs/audit.md");
    // Beside node_modules so that `import "canonicalize"` resolves as it would in a user's project.
    const cache = join(repoRoot, "node_modules", ".cache", "runwarden-tests");
    mkdirSync(cache, { recursive: true });
    const script = join(cache, `verify-export-${process.pid}.mjs`);
    writeFileSync(script, block);
    const exported = (await run(["audit", "export"])).stdout;
    writeFileSync(join(dir, "audit.jsonl"), exported);
    const ok = execFileSync(process.execPath, [script, join(dir, "audit.jsonl"), join(dir, "checkpoints.jsonl"), publicKey], { encoding: "utf8" });
    expect(ok.trim()).toBe("ok: 12 entries, 3 checkpoints");
    writeFileSync(join(dir, "edited.jsonl"), exported.replace('"run_id":9006', '"run_id":9999'));
    let broken = "";
    try {
      execFileSync(process.execPath, [script, join(dir, "edited.jsonl")], { encoding: "utf8" });
    } catch (err: unknown) {
      broken = String((err as { stdout?: unknown }).stdout);
    }
    expect(broken.trim()).toBe("broken at seq 7: hash mismatch");
    rmSync(script, { force: true });
  });

  it("verify: a bad --since or --from is exit 2; a malformed checkpoint file names file:line:col; a missing one is exit 3", async () => {
    expect((await run(["audit", "show", "--since", "yesterday"])).code).toBe(2);
    expect((await run(["audit", "verify", "--from", "0"])).code).toBe(2);
    writeFileSync(join(dir, "bad.jsonl"), '{"size": 1}\nnot json\n');
    const bad = await run(["audit", "verify", "--checkpoints", "bad.jsonl"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("bad.jsonl:2:1");
    expect((await run(["audit", "verify", "--checkpoints", "missing.jsonl"])).code).toBe(3);
  });

  it("keygen: private key to a new 0600 file, public key printed, never overwrites", async () => {
    const result = await run(["audit", "keygen", "--out", "keys/signing.key", "--json"]);
    expect(result.code).toBe(0);
    const data = JSON.parse(result.stdout) as { private_key_file: string; public_key: string; key_id: string };
    expect(statSync(data.private_key_file).mode & 0o777).toBe(0o600);
    const privateKey = readFileSync(data.private_key_file, "utf8").trim();
    expect(result.stdout).not.toContain(privateKey);
    expect(data.key_id).toMatch(/^[0-9a-f]{16}$/);
    expect((await run(["audit", "keygen", "--out", "keys/signing.key"])).code).toBe(2);
    // The pair works: a store verified with the new public key and the new private key set agrees.
    const check = await run(["audit", "verify", "--json"], { RUNWARDEN_AUDIT_SIGNING_KEY: privateKey });
    expect(check.code).toBe(2);
    expect(check.stderr).toContain("RW_AUDIT_KEY_MISMATCH");
  });

  it("verify: a tampered chain is exit 1 with the reason and seq (the bundled executable)", async () => {
    const copy = mkdtempSync(join(tmpdir(), "rw-audit-cli-tamper-"));
    try {
      for (const name of ["hosts", "runwarden.yml", "state.db", "checkpoints.jsonl"]) writeFileSync(join(copy, name), readFileSync(join(dir, name)));
      const store = await openStore({ kind: "sqlite", path: join(copy, "state.db") }, { migrations: [AUDIT_MIGRATIONS] });
      await store.transaction((tx) => tx.sql.run("DELETE FROM rw_audit_entries WHERE seq > 9"));
      await store.close();
      const result = await runBinary(["audit", "verify"], { cwd: copy });
      expect(result.code).toBe(1);
      expect(result.stdout).toContain("BROKEN at seq 10 — truncated");
      const help = await runBinary(["audit", "verify", "--help"], { cwd: copy });
      expect(help.stdout).toContain("--checkpoints <path>");
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });
});
