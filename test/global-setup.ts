/**
 * Before the suite: builds dist/ once, so end-to-end tests run the real bundled executable, and
 * gives the run its own temporary folder. Every test file, and every process a test starts,
 * inherits TMPDIR (Node's `os.tmpdir()`, mktemp(1), Python's tempfile): whatever a test leaves
 * there is removed with the folder when the suite ends, instead of piling up in /tmp run after run.
 */
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildCli } from "../scripts/build.mjs";

export default async function setup(): Promise<() => void> {
  await buildCli({ quiet: true });
  const outer = process.env.TMPDIR;
  const dir = mkdtempSync(join(tmpdir(), "runwarden-tests-"));
  // Like /tmp itself: processes the tests run as other users (PostgreSQL's initdb as `postgres`)
  // reach their own folders in it.
  chmodSync(dir, 0o1777);
  process.env.TMPDIR = dir;
  return () => {
    if (outer === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = outer;
    rmSync(dir, { recursive: true, force: true });
  };
}
