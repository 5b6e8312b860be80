/**
 * The tamper matrix, on SQLite and PostgreSQL: a chain of 20 entries (checkpoints every 5) is
 * edited in the database with plain SQL, the way someone with write access to the store would,
 * and `verifyChain` must name the right reason and seq — or, for the edits only a key or a
 * checkpoint can expose, pass without them and fail with them.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fileCheckpoints, storeCheckpoints, type CheckpointPlace } from "../../src/audit/checkpoint-place.js";
import { EntryHasher, GENESIS_PREV } from "../../src/audit/entry.js";
import { AUDIT_MIGRATIONS } from "../../src/audit/migrations.js";
import { verifyChain, type ChainVerdict } from "../../src/audit/verify.js";
import { createMemoryIo } from "../../src/output/memory-io.js";
import { Masker } from "../../src/mask/index.js";
import type { Store } from "../../src/store/types.js";
import { engines } from "../store/engines.js";
import { recordChain, testContext, testKeys, type TestKeys } from "./fixtures.js";

const CHAIN = "main";
const HMAC_KEY = Buffer.from("k".repeat(40));

interface Row {
  readonly id: number;
  readonly seq: number;
  readonly ts: string;
  readonly prev: string;
  readonly event: string;
  readonly alg: string;
  readonly hash: string;
}

for (const engine of engines()) {
  describe(`tamper matrix on ${engine.name}`, () => {
    let dir = "";
    const keys: TestKeys = testKeys();
    const opened: { close(): Promise<void> }[] = [];

    beforeAll(async () => {
      await engine.setup();
      dir = mkdtempSync(join(tmpdir(), "rw-audit-tamper-"));
    }, 120_000);
    afterAll(async () => {
      for (const item of opened) await item.close().catch(() => undefined);
      engine.teardown();
      rmSync(dir, { recursive: true, force: true });
    });

    async function open(): Promise<Store> {
      const store = await engine.open(engine.fresh(), { migrations: [AUDIT_MIGRATIONS] });
      opened.push(store);
      return store;
    }

    let n = 0;
    /** Checkpoints in a file for SQLite, in a second database for PostgreSQL: both places are covered. */
    async function place(): Promise<{ place: CheckpointPlace; file: string | undefined; store: Store | undefined }> {
      if (engine.name === "sqlite") {
        const file = join(dir, `checkpoints-${++n}.jsonl`);
        return { place: fileCheckpoints(file, createMemoryIo(new Masker()).files), file, store: undefined };
      }
      const second = await open();
      return { place: storeCheckpoints(second), file: undefined, store: second };
    }

    interface Built {
      readonly store: Store;
      readonly place: CheckpointPlace;
      readonly file: string | undefined;
      readonly second: Store | undefined;
    }

    async function build(hmacKey?: Buffer): Promise<Built> {
      const store = await open();
      const p = await place();
      await recordChain(store, testContext({ keys, place: p.place, every: 5, ...(hmacKey === undefined ? {} : { hmacKey }) }), 20);
      return { store, place: p.place, file: p.file, second: p.store };
    }

    async function verify(built: Built, options: { checkpoints?: boolean; hmacKey?: Buffer } = {}): Promise<ChainVerdict> {
      const checkpoints = options.checkpoints === false ? [] : await built.place.read(CHAIN, true);
      return verifyChain(built.store, { chain: CHAIN, publicKey: keys.publicKey, checkpoints, hmacKey: options.hmacKey, pageSize: 7 });
    }

    const sql = (store: Store, text: string, params: (string | number)[] = []) => store.transaction((tx) => tx.sql.run(text, params));
    const rows = (store: Store) => store.transaction((tx) => tx.sql.all<Row>("SELECT id, seq, ts, prev, event, alg, hash FROM rw_audit_entries ORDER BY seq"));

    it("an untouched chain verifies, every checkpoint checked", async () => {
      const built = await build();
      const verdict = await verify(built);
      expect(verdict).toMatchObject({
        intact: true,
        entries_checked: 20,
        first_seq: 1,
        last_seq: 20,
        checkpoints_found: 5,
        checkpoints_checked: 5,
        break: null,
      });
    });

    it("modifying one field of one entry: hash mismatch at that seq", async () => {
      const built = await build();
      await sql(built.store, "UPDATE rw_audit_entries SET event = replace(event, 'production', 'staging') WHERE seq = 7");
      expect((await verify(built)).break).toMatchObject({ reason: "hash-mismatch", seq: 7 });
    });

    it("a field edited to hold U+001F (the packed-read separator) is still read and breaks as a hash mismatch", async () => {
      const built = await build();
      await sql(built.store, "UPDATE rw_audit_entries SET ts = ? WHERE seq = 4", ["2025-05-01T12:00:04.000Z\u001f0\u001f"]);
      expect((await verify(built)).break).toMatchObject({ reason: "hash-mismatch", seq: 4 });
    });

    it("modifying an entry and fixing its stored hash: prev mismatch at the next seq", async () => {
      const built = await build();
      const row = (await rows(built.store))[6];
      if (row === undefined) throw new Error("no entry 7");
      const event = row.event.replace("production", "staging");
      await sql(built.store, "UPDATE rw_audit_entries SET event = ?, hash = ? WHERE seq = 7", [event, new EntryHasher().hashEntry(7, row.ts, row.prev, event)]);
      expect((await verify(built)).break).toMatchObject({ reason: "prev-mismatch", seq: 8 });
    });

    it("deleting an entry: sequence gap at its seq", async () => {
      const built = await build();
      await sql(built.store, "DELETE FROM rw_audit_entries WHERE seq = 7");
      expect((await verify(built)).break).toMatchObject({ reason: "sequence-gap", seq: 7 });
    });

    it("swapping two entries: reorder at the first of them", async () => {
      const built = await build();
      await sql(built.store, "UPDATE rw_audit_entries SET seq = -1 WHERE seq = 7");
      await sql(built.store, "UPDATE rw_audit_entries SET seq = 7 WHERE seq = 8");
      await sql(built.store, "UPDATE rw_audit_entries SET seq = 8 WHERE seq = -1");
      expect((await verify(built)).break).toMatchObject({ reason: "reorder", seq: 7 });
    });

    it("truncating the tail: passes without checkpoints, caught as truncation against the last checkpoint", async () => {
      const built = await build();
      await sql(built.store, "DELETE FROM rw_audit_entries WHERE seq > 17");
      expect(await verify(built, { checkpoints: false })).toMatchObject({ intact: true, last_seq: 17 });
      expect((await verify(built)).break).toMatchObject({ reason: "truncated", seq: 18 });
    });

    it("appending a forged entry: a naive forgery breaks at once; a well-made one only the HMAC key catches", async () => {
      const naive = await build();
      const last = (await rows(naive.store)).at(-1);
      if (last === undefined) throw new Error("empty chain");
      const forged = last.event.replace("octocat", "mallory");
      const ts = "2025-05-02T00:00:00.000Z";
      await sql(naive.store, "INSERT INTO rw_audit_entries (chain, seq, ts, prev, event, alg, hash) VALUES (?, 21, ?, ?, ?, 'sha256', ?)", [
        CHAIN,
        ts,
        GENESIS_PREV,
        forged,
        new EntryHasher().hashEntry(21, ts, GENESIS_PREV, forged),
      ]);
      expect((await verify(naive)).break).toMatchObject({ reason: "prev-mismatch", seq: 21 });

      const plain = await build();
      const plainLast = (await rows(plain.store)).at(-1);
      if (plainLast === undefined) throw new Error("empty chain");
      await sql(plain.store, "INSERT INTO rw_audit_entries (chain, seq, ts, prev, event, alg, hash) VALUES (?, 21, ?, ?, ?, 'sha256', ?)", [
        CHAIN,
        ts,
        plainLast.hash,
        forged,
        new EntryHasher().hashEntry(21, ts, plainLast.hash, forged),
      ]);
      expect(await verify(plain)).toMatchObject({ intact: true, last_seq: 21 });

      const keyed = await build(HMAC_KEY);
      const keyedLast = (await rows(keyed.store)).at(-1);
      if (keyedLast === undefined) throw new Error("empty chain");
      const guessed = new EntryHasher(Buffer.from("not the key, but a guess at it!!!"));
      await sql(keyed.store, "INSERT INTO rw_audit_entries (chain, seq, ts, prev, event, alg, hash) VALUES (?, 21, ?, ?, ?, 'hmac-sha256', ?)", [
        CHAIN,
        ts,
        keyedLast.hash,
        forged,
        guessed.hashEntry(21, ts, keyedLast.hash, forged),
      ]);
      const verdict = await verify(keyed, { hmacKey: HMAC_KEY });
      expect(verdict.break).toMatchObject({ reason: "hash-mismatch", seq: 21 });
      expect(verdict.keyed).toBe(true);
    });

    /** Rewrites entry 3's event and recomputes seq 3…20 so the chain is consistent again. */
    async function rewrite(store: Store, hasher: EntryHasher, alg: string): Promise<void> {
      let prev = "";
      for (const row of await rows(store)) {
        if (row.seq < 3) {
          prev = row.hash;
          continue;
        }
        const event = row.seq === 3 ? row.event.replace("octocat", "mallory") : row.event;
        const hash = hasher.hashEntry(row.seq, row.ts, prev, event);
        await sql(store, "UPDATE rw_audit_entries SET event = ?, prev = ?, hash = ?, alg = ? WHERE seq = ?", [event, prev, hash, alg, row.seq]);
        prev = hash;
      }
    }

    it("rewriting the whole chain consistently: passes with neither, caught against a checkpoint, caught with the HMAC key", async () => {
      const plain = await build();
      await rewrite(plain.store, new EntryHasher(), "sha256");
      expect(await verify(plain, { checkpoints: false })).toMatchObject({ intact: true, entries_checked: 20 });
      const against = await verify(plain);
      expect(against.break).toMatchObject({ reason: "checkpoint-mismatch", seq: 5 });

      const keyed = await build(HMAC_KEY);
      await rewrite(keyed.store, new EntryHasher(Buffer.from("not the key, but a guess at it!!!")), "hmac-sha256");
      expect((await verify(keyed, { checkpoints: false, hmacKey: HMAC_KEY })).break).toMatchObject({ reason: "hash-mismatch", seq: 3 });

      const stripped = await build(HMAC_KEY);
      await rewrite(stripped.store, new EntryHasher(), "sha256");
      const unkeyed = await verify(stripped, { checkpoints: false, hmacKey: HMAC_KEY });
      expect(unkeyed.break).toMatchObject({ reason: "hash-mismatch", seq: 3 });
      expect(unkeyed.break?.detail).toContain("not keyed");
    });

    it("corrupting a checkpoint signature: bad checkpoint signature at its size", async () => {
      const built = await build();
      if (built.file !== undefined) {
        const lines = readFileSync(built.file, "utf8").split("\n");
        const second = lines[1];
        if (second === undefined) throw new Error("no second checkpoint");
        const record = JSON.parse(second) as { signature: string };
        const bytes = Buffer.from(record.signature, "base64");
        bytes[0] = (bytes[0] ?? 0) ^ 0xff;
        lines[1] = JSON.stringify({ ...record, signature: bytes.toString("base64") });
        writeFileSync(built.file, lines.join("\n"));
      } else if (built.second !== undefined) {
        await sql(built.second, "UPDATE rw_audit_checkpoints SET signature = (SELECT signature FROM rw_audit_checkpoints WHERE size = 5) WHERE size = 10");
      }
      const verdict = await verify(built);
      expect(verdict.break).toMatchObject({ reason: "bad-checkpoint-signature", seq: 10 });
      expect(verdict.entries_checked).toBe(10);
    });

    it("verify --from starts after a stored entry and checks only later checkpoints", async () => {
      const built = await build();
      const verdict = await verifyChain(built.store, { chain: CHAIN, from: 11, publicKey: keys.publicKey, checkpoints: await built.place.read(CHAIN, true) });
      expect(verdict).toMatchObject({ intact: true, entries_checked: 10, first_seq: 11, checkpoints_found: 3, checkpoints_checked: 3 });
    });
  });
}
