import type { ExitCode } from "../model/result.js";
import type { Io } from "../output/io.js";

/** What every command receives: the masked doors out, and where to leave its exit code. */
export interface CliContext {
  readonly io: Io;
  exitCode: ExitCode;
  /** Set by commands that were given `--json`, so errors are rendered as JSON too. */
  json: boolean;
}

/** Options every command understands (DESIGN.md §3 conventions). */
export interface CommonOptions {
  readonly config?: string;
  readonly json?: boolean;
}
