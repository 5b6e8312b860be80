/** The signature fixtures of test/fixtures/diagnose/<id>/: a job's facts, with its log and its runner host's _diag lines as files. */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { JobFacts } from "../../src/diagnose/classify.js";
import { parseDiagText } from "../../src/diagnose/diag-lines.js";
import type { JobConclusion } from "../../src/diagnose/signatures.js";
import { repoRoot } from "../helpers/cli.js";

export const FIXTURES = join(repoRoot, "test", "fixtures", "diagnose");
export const FIXTURE_IDS = readdirSync(FIXTURES, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(join(FIXTURES, entry.name, "job.json")))
  .map((entry) => entry.name)
  .sort();

interface FixtureFile {
  readonly title: string;
  readonly status: string;
  readonly conclusion: JobConclusion;
  readonly started: boolean;
  readonly annotations: { message: string; title: string | null }[];
  /** A file name, "" (an empty log), or null (GitHub has none). */
  readonly log: string | null;
  readonly runner: { status: "online" | "offline"; busy: boolean } | null;
  readonly diag?: string;
}

export interface Fixture {
  readonly id: string;
  readonly title: string;
  readonly facts: JobFacts;
  /** The raw files, for scenarios that plant them (the job log in the emulator, _diag on a runner folder). */
  readonly logText: string | null;
  readonly diagText: string | undefined;
}

export function loadFixture(id: string): Fixture {
  const dir = join(FIXTURES, id);
  const file = JSON.parse(readFileSync(join(dir, "job.json"), "utf8")) as FixtureFile;
  const logText = file.log === null ? null : file.log === "" ? "" : readFileSync(join(dir, file.log), "utf8");
  const diagText = file.diag === undefined ? undefined : readFileSync(join(dir, file.diag), "utf8");
  const facts: JobFacts = {
    status: file.status,
    conclusion: file.conclusion,
    started: file.started,
    annotations: file.annotations,
    log: logText,
    runner: file.runner ?? undefined,
    ...(diagText === undefined ? {} : { diag: parseDiagText(diagText, "Runner_20260504-030000-utc.log").map((line) => line.text) }),
  };
  return { id, title: file.title, facts, logText, diagText };
}
