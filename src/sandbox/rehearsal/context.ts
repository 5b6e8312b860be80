/**
 * What every act works with: the folder, the hosts, the emulated GitHub, Prometheus, the step runner
 * and the environment a GitHub Actions job would give runwarden — plus the helpers every act shares
 * (a deploy job from route to deployment status, the narrative).
 */
import type { FileWriter } from "../../output/io.js";
import type { HostSet } from "./hosts.js";
import { ORG, REPO, WORKFLOW_REF, type LayoutPaths } from "./layout.js";
import type { Narrator } from "./narrate.js";
import type { ProcessRegistry } from "./processes.js";
import type { EmulatorControl, Prometheus } from "./services.js";
import type { StepRunner } from "./steps.js";

export const REPOSITORY = `${ORG}/${REPO}`;

export interface SandboxContext {
  readonly paths: LayoutPaths;
  readonly hosts: HostSet;
  readonly github: EmulatorControl;
  readonly prometheus: Prometheus | undefined;
  /** `runwarden serve`'s URL, when it started. */
  readonly serveUrl: string | undefined;
  readonly steps: StepRunner;
  readonly registry: ProcessRegistry;
  readonly say: Narrator;
  /** Where the steps' own output is kept (through the masked Io). */
  readonly files: FileWriter;
  /** The audit signing key (base64 PKCS#8) and the deploy secret of this run. */
  readonly secrets: { readonly signingKey: string; readonly hmacKey: string; readonly deployToken: string };
  /** Aborted on Ctrl-C: acts stop at their next step. */
  readonly signal: AbortSignal;
}

export interface JobEnv {
  readonly sha: string;
  readonly runId: number;
  readonly job: string;
  readonly runner?: string;
  readonly attempt?: number;
  readonly extra?: Record<string, string>;
}

/** The variables GitHub Actions sets in a job of the deploy workflow (docs/deploy.md), pointed at the sandbox. */
export function jobEnv(ctx: SandboxContext, job: JobEnv): Record<string, string> {
  const emulator = ctx.github.emulator;
  return {
    PATH: process.env.PATH ?? "/usr/local/bin:/usr/bin:/bin",
    HOME: process.env.HOME ?? "/root",
    LANG: "C.UTF-8",
    NO_COLOR: "1",
    GITHUB_API_URL: emulator.url,
    GITHUB_SERVER_URL: emulator.url,
    GITHUB_TOKEN: emulator.token,
    GITHUB_REPOSITORY: REPOSITORY,
    GITHUB_SHA: job.sha,
    GITHUB_REF: "refs/heads/main",
    GITHUB_REF_NAME: "main",
    GITHUB_REF_TYPE: "branch",
    GITHUB_EVENT_NAME: "push",
    GITHUB_RUN_ID: String(job.runId),
    GITHUB_RUN_ATTEMPT: String(job.attempt ?? 1),
    GITHUB_ACTOR: "alice",
    GITHUB_WORKFLOW_REF: WORKFLOW_REF,
    GITHUB_JOB: job.job,
    RUNNER_TEMP: ctx.paths.logs,
    ...(job.runner === undefined ? {} : { RUNNER_NAME: job.runner }),
    ANSIBLE_CONFIG: ctx.paths.ansibleCfg,
    RUNWARDEN_AUDIT_SIGNING_KEY: ctx.secrets.signingKey,
    RUNWARDEN_AUDIT_KEY: ctx.secrets.hmacKey,
    DEPLOY_TOKEN: ctx.secrets.deployToken,
    ...job.extra,
  };
}

/** Throws when Ctrl-C came: the act ends there, and the sandbox cleans up. */
export function checkAborted(ctx: SandboxContext): void {
  if (ctx.signal.aborted) throw new Error("interrupted");
}
