/**
 * `runwarden metrics`: the fleet read once from GitHub and the store read once, as the Prometheus
 * text format. With `--textfile DIR` it writes `DIR/runwarden.prom` atomically: the text goes to a
 * temporary file in the same folder (not ending in `.prom`, so the collector never reads it half
 * written), which is then renamed over the old file.
 */
import { renameSync, rmSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { AUDIT_MIGRATIONS } from "../../../audit/migrations.js";
import { MetricsCollector } from "../../../metrics/collector.js";
import { UsageError } from "../../../model/errors.js";
import { EXIT, type ExitCode } from "../../../model/result.js";
import type { Io } from "../../../output/io.js";
import { connect, loadFor } from "../../session.js";
import { seriesCount, writtenLine } from "./render.js";

export interface MetricsOptions {
  readonly config: string;
  readonly textfile?: string;
}

export const TEXTFILE_NAME = "runwarden.prom";

function textfileDir(dir: string, io: Io): string {
  const path = resolve(io.cwd, dir);
  let isDir = false;
  try {
    isDir = statSync(path).isDirectory();
  } catch {
    isDir = false;
  }
  if (!isDir) throw new UsageError(`--textfile ${dir}: no such directory`, { hint: "pass node_exporter's --collector.textfile.directory" });
  return path;
}

function writeAtomically(io: Io, dir: string, text: string): string {
  const target = join(dir, TEXTFILE_NAME);
  const temp = join(dir, `.${TEXTFILE_NAME}.${process.pid}.tmp`);
  try {
    io.files.write(temp, text);
    renameSync(temp, target);
  } finally {
    rmSync(temp, { force: true });
  }
  return target;
}

export async function metrics(options: MetricsOptions, io: Io): Promise<ExitCode> {
  const dir = options.textfile === undefined ? undefined : textfileDir(options.textfile, io);
  const loaded = await loadFor(options.config, io);
  const session = await connect(loaded, options.config, io);
  const { openStore } = await import("../../../store/index.js");
  const store = await openStore(loaded.config.store, { migrations: [AUDIT_MIGRATIONS], baseDir: loaded.dir, env: io.env });
  try {
    const collector = new MetricsCollector({ loaded, session, store, env: io.env, now: io.now });
    await Promise.all([collector.refreshFleet(), collector.refreshStore()]);
    const text = await collector.exposition();
    if (dir === undefined) {
      io.stdout.write(text);
      return EXIT.ok;
    }
    const path = writeAtomically(io, dir, text);
    io.stderr.write(writtenLine(path, seriesCount(text)));
    return EXIT.ok;
  } finally {
    await store.close();
  }
}
