/**
 * The contract of the probe library: a `Check` is `{ id, kind, run(ctx, signal) → CheckResult }`.
 * Probes are written as a `Probe` (a timeout and a body returning an `Outcome`); `defineCheck`
 * (harness.ts) adds the id, the timeout, abort handling, timing and masking.
 */
import type { TemplateVars } from "../config/template.js";
import type { Masker } from "../mask/index.js";
import type { CheckResult, CheckStatus } from "../model/check.js";

export type Env = Readonly<Record<string, string | undefined>>;

/** What a check may read while it runs. */
export interface CheckRunContext {
  /** The process environment (PATH for programs, secret variables by name). */
  readonly env: Env;
  /** Wall clock in ms since the epoch. */
  readonly now: () => number;
  /** Masks summaries and evidence. Without one, text is passed through unchanged. */
  readonly masker?: Masker;
}

export interface Check {
  readonly id: string;
  readonly kind: string;
  /** The inventory host (checks expanded with `each_host`). */
  readonly host?: string;
  /** The check's own time limit; the runner's deadline may end it sooner. */
  readonly timeoutMs: number;
  /** A failure (or error) of this check is reported as a warning and does not block. */
  readonly warnOnly: boolean;
  /** Never throws and never outlives `signal` or its own timeout. */
  run(ctx: CheckRunContext, signal: AbortSignal): Promise<CheckResult>;
}

/** What a probe found. The harness turns it into a `CheckResult`. */
export interface Outcome {
  readonly status: CheckStatus;
  readonly summary: string;
  readonly evidence?: readonly string[];
}

/** A probe body: may throw (→ `error`); must stop when `signal` aborts. */
export type ProbeBody = (ctx: CheckRunContext, signal: AbortSignal) => Promise<Outcome>;

export interface Probe {
  readonly timeoutMs: number;
  readonly body: ProbeBody;
}

/** One inventory host: its name and its variables, as Ansible resolves them. */
export interface HostEntry {
  readonly name: string;
  readonly vars: TemplateVars;
}

/** A shared default for checks whose config has no `timeout` (disk, command, systemd, …). */
export const DEFAULT_CHECK_TIMEOUT_MS = 10_000;
