/**
 * The writer side: the hash rule is RFC 8785 (checked against `canonicalize` on arbitrary events),
 * events are masked before hashing, an entry commits or rolls back with the deploy-history row of
 * the same transaction, concurrent appends in one process share commits without forking, and the
 * context refuses half-configured checkpoints.
 */
import canonicalize from "canonicalize";
import fc from "fast-check";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fileCheckpoints } from "../../src/audit/checkpoint-place.js";
import { entryText } from "../../src/audit/entry.js";
import { AUDIT_MIGRATIONS } from "../../src/audit/migrations.js";
import { canonicalEvent } from "../../src/audit/prepare.js";
import { appendAudit, checkpointIfDue, createAuditContext, recordAudit } from "../../src/audit/record.js";
import { verifyChain } from "../../src/audit/verify.js";
import { Masker } from "../../src/mask/index.js";
import { InputError } from "../../src/model/errors.js";
import { createMemoryIo } from "../../src/output/memory-io.js";
import type { Store } from "../../src/store/types.js";
import { engines } from "../store/engines.js";
import { everyEvent, testContext, testKeys } from "./fixtures.js";

describe("the hash rule", () => {
  it("the entry text is the RFC 8785 canonical JSON of {seq, ts, prev, event}", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.integer({ min: 1, max: 2 ** 40 }), fc.string(), (value, seq, ts) => {
        const event = { type: "gate.verdict", value };
        const text = canonicalize(event);
        if (text === undefined) return;
        const prev = "ab".repeat(32);
        expect(entryText(seq, ts, prev, text)).toBe(canonicalize({ seq, ts, prev, event: JSON.parse(text) as unknown }));
      }),
      { numRuns: 300 },
    );
  });

  it("events are masked, lone surrogates replaced, and non-JSON values refused before hashing", () => {
    const masker = new Masker();
    masker.addSecret("hunter2-password", "test");
    const [event] = everyEvent(" hunter2-password \ud800");
    if (event === undefined) throw new Error("no event");
    const text = canonicalEvent(event, masker);
    expect(text).not.toContain("hunter2");
    expect(text).toContain("***");
    expect(text).toContain("\ufffd");
    expect(() => canonicalEvent({ ...event, duration_ms: Number.NaN }, masker)).toThrow(/finite/);
  });
});

describe("the context fails closed", () => {
  it("checkpoints without a signing key, or a signing key without a place, are refused", () => {
    const keys = testKeys();
    const place = fileCheckpoints(join(tmpdir(), "never-written.jsonl"), createMemoryIo(new Masker()).files);
    const none = { hmacKey: undefined, signingKey: undefined, publicKey: undefined };
    expect(() => createAuditContext({ masker: new Masker(), keys: none, checkpoints: { place } })).toThrow(InputError);
    expect(() => createAuditContext({ masker: new Masker(), keys: { ...none, signingKey: keys.privateKey, publicKey: keys.publicKey } })).toThrow(InputError);
  });
});

for (const engine of engines()) {
  describe(`appends on ${engine.name}`, () => {
    const stores: Store[] = [];
    let dir = "";
    beforeAll(async () => {
      await engine.setup();
      dir = mkdtempSync(join(tmpdir(), "rw-audit-record-"));
    }, 120_000);
    afterAll(async () => {
      for (const store of stores) await store.close().catch(() => undefined);
      engine.teardown();
      rmSync(dir, { recursive: true, force: true });
    });
    async function open(): Promise<Store> {
      const store = await engine.open(engine.fresh(), { migrations: [AUDIT_MIGRATIONS] });
      stores.push(store);
      return store;
    }
    const count = (store: Store, table: string) =>
      store.transaction(async (tx) => Number((await tx.sql.get<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table}`))?.n));
    const attempt = {
      environment: "production",
      sha: "0123456789abcdef0123456789abcdef01234567",
      ref: "refs/heads/main",
      runId: "9001",
      runAttempt: 1,
      actor: "octocat",
      runner: "prod-runner-1",
      runnerGroup: "primary",
      startedAt: Date.parse("2025-05-01T12:00:00Z"),
    };

    it("an entry commits with the deploy-history row of its transaction, and rolls back with it", async () => {
      const store = await open();
      const ctx = testContext();
      const [event] = everyEvent();
      if (event === undefined) throw new Error("no event");
      await expect(
        store.transaction(async (tx) => {
          await tx.history.start(attempt);
          await appendAudit(tx, event, ctx);
          throw new Error("the deploy step failed before commit");
        }),
      ).rejects.toThrow("before commit");
      expect([await count(store, "rw_deploy_attempts"), await count(store, "rw_audit_entries")]).toEqual([0, 0]);
      const entry = await store.transaction(async (tx) => {
        await tx.history.start(attempt);
        return appendAudit(tx, event, ctx);
      });
      expect(entry.seq).toBe(1);
      expect([await count(store, "rw_deploy_attempts"), await count(store, "rw_audit_entries")]).toEqual([1, 1]);
    });

    it.runIf(engine.name === "postgres")("a deleted head row is rebuilt from the entries under the lock: the chain continues without a gap", async () => {
      const store = await open();
      const ctx = testContext();
      const [event] = everyEvent();
      if (event === undefined) throw new Error("no event");
      for (let i = 0; i < 3; i++) await recordAudit(store, event, ctx);
      await store.transaction((tx) => tx.sql.run("DELETE FROM rw_audit_heads"));
      expect((await recordAudit(store, event, ctx)).seq).toBe(4);
      expect(await verifyChain(store, { chain: "main" })).toMatchObject({ intact: true, entries_checked: 4 });
    });

    it("200 concurrent appends in one process share commits: 200 entries, no fork, checkpoints after commit, verify passes", async () => {
      const store = await open();
      const keys = testKeys();
      const file = join(dir, `${engine.name}-checkpoints.jsonl`);
      const place = fileCheckpoints(file, createMemoryIo(new Masker()).files);
      const ctx = testContext({ keys, place, every: 50 });
      const events = everyEvent();
      const entries = await Promise.all(
        Array.from({ length: 200 }, (_, i) => {
          const event = events[i % events.length];
          if (event === undefined) throw new Error("no event");
          return recordAudit(store, { ...event, run_id: i }, ctx);
        }),
      );
      expect(new Set(entries.map((e) => e.seq)).size).toBe(200);
      expect(Math.max(...entries.map((e) => e.seq))).toBe(200);
      const last = entries.find((e) => e.seq === 200);
      if (last === undefined) throw new Error("no entry 200");
      expect(await checkpointIfDue(store, last, ctx)).toBeDefined();
      const checkpoints = await place.read("main", true);
      expect(checkpoints.length).toBeGreaterThanOrEqual(4);
      expect(await verifyChain(store, { chain: "main", publicKey: keys.publicKey, checkpoints })).toMatchObject({ intact: true, entries_checked: 200 });
    });
  });
}
