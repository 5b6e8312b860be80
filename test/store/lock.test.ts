/** The lock suite on the store's own database: SQLite and PostgreSQL. */
import { afterAll, beforeAll } from "vitest";
import { engines } from "./engines.js";
import { lockSuite } from "./lock-suite.js";

for (const engine of engines()) {
  beforeAll(() => engine.setup());
  afterAll(() => engine.teardown());
  lockSuite(engine.name, async () => {
    const store = await engine.open(engine.fresh(), { lock: { pollMs: 20 } });
    return { locks: store.locks, store, close: () => store.close() };
  });
}
