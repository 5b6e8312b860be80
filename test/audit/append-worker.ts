/**
 * One writer of the concurrency test, run as its own process: loads ./runwarden.yml from its
 * working directory, opens the store, prints `ready`, waits for `go` on stdin, appends N events
 * to the chain (checkpoints as configured), prints `done`.
 */
import { once } from "node:events";
import { fileCheckpoints, storeCheckpoints } from "../../src/audit/checkpoint-place.js";
import { readAuditKeys } from "../../src/audit/keys.js";
import { AUDIT_MIGRATIONS } from "../../src/audit/migrations.js";
import { createAuditContext, recordAudit } from "../../src/audit/record.js";
import { loadConfig } from "../../src/config/load.js";
import { Masker } from "../../src/mask/index.js";
import { createMemoryIo } from "../../src/output/memory-io.js";
import { openStore } from "../../src/store/open.js";

const [countText, name] = process.argv.slice(2);
const count = Number(countText);
const masker = new Masker();
const loaded = await loadConfig("runwarden.yml", { cwd: process.cwd() });
const options = { migrations: [AUDIT_MIGRATIONS], env: process.env, baseDir: loaded.dir };
const store = await openStore(loaded.config.store, options);
const target = loaded.config.audit.checkpoints;
const place =
  target === undefined
    ? undefined
    : target.kind === "file"
      ? fileCheckpoints(target.path, createMemoryIo(masker).files)
      : storeCheckpoints(await openStore(target.store, options));
const ctx = createAuditContext({
  masker,
  keys: readAuditKeys(process.env, masker, loaded.config.audit.public_key),
  ...(place === undefined ? {} : { checkpoints: { place, every: loaded.config.audit.checkpoint_every } }),
});
process.stdout.write("ready\n");
process.stdin.setEncoding("utf8");
let input = "";
while (!input.includes("go")) {
  const [chunk] = (await once(process.stdin, "data")) as [string];
  input += chunk;
}
for (let i = 0; i < count; i++) {
  await recordAudit(store, { type: "guard.refusal", guard: name ?? "writer", reason: `attempt ${i}`, run_id: i, environment: "production" }, ctx);
}
await store.close();
await place?.close();
process.stdout.write("done\n");
