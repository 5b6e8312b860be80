/**
 * Typed errors with stable codes. Library code throws these; only the error boundary in
 * `cli/run.ts` (`reportError`) turns them into messages and exit codes. Never branch on `err.message`: branch on `code` or `instanceof`.
 *
 * Exit codes (DESIGN.md §3): 0 ok, 1 negative verdict (a result, never an error), 2 bad input,
 * 3 could not decide.
 */
import type { ErrorCode } from "./error-codes.js";

/** Where in an input file a problem sits. Lines and columns are 1-based. */
export interface SourceLocation {
  readonly file: string;
  readonly line?: number;
  readonly col?: number;
}

/** One thing wrong with an input: where, what was expected, what was found. */
export interface Problem {
  readonly location: SourceLocation;
  /** Key path inside the document, e.g. `environments.production.gates[0].interval`. */
  readonly path?: string;
  readonly message: string;
  readonly expected?: string;
  readonly found?: string;
  readonly hint?: string;
}

export type ErrorExitCode = 2 | 3;

export abstract class RunwardenError extends Error {
  abstract readonly code: ErrorCode;
  abstract readonly exitCode: ErrorExitCode;
  /** What the user can do about it. */
  readonly hint: string | undefined;

  constructor(message: string, options?: { hint?: string; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.hint = options?.hint;
  }
}

/** Bad command line: unknown flag, missing argument, conflicting options. Exit 2. */
export class UsageError extends RunwardenError {
  readonly code = "RW_USAGE";
  readonly exitCode = 2;
}

/** An input file (config, inventory, scenario, secret file) that is missing or malformed. Exit 2. */
export class InputError extends RunwardenError {
  readonly code: ErrorCode;
  readonly exitCode = 2;
  readonly problems: readonly Problem[];

  constructor(code: ErrorCode, message: string, problems: readonly Problem[] = [], options?: { hint?: string; cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.problems = problems;
  }
}

/** The configuration file is invalid. Exit 2. */
export class ConfigError extends InputError {
  constructor(message: string, problems: readonly Problem[], options?: { hint?: string; cause?: unknown }) {
    super("RW_CONFIG_INVALID", message, problems, options);
  }
}

/** A secret was refused by the masking policy (e.g. too short to mask safely). Exit 2. */
export class SecretPolicyError extends RunwardenError {
  readonly code = "RW_SECRET_POLICY";
  readonly exitCode = 2;
}

/** A dependency (GitHub, Prometheus, a store) could not be reached after retries. Exit 3. */
export class UnreachableError extends RunwardenError {
  readonly code = "RW_UNREACHABLE";
  readonly exitCode = 3;
}

/** Something runwarden did not expect: a bug or an environment it cannot work in. Exit 3. */
export class InternalError extends RunwardenError {
  readonly code = "RW_INTERNAL";
  readonly exitCode = 3;
}

/** `file:line:col` (or fewer parts when unknown). */
export function formatLocation(location: SourceLocation): string {
  let text = location.file;
  if (location.line !== undefined) {
    text += `:${location.line}`;
    if (location.col !== undefined) text += `:${location.col}`;
  }
  return text;
}
