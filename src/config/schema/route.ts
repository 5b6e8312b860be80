/**
 * `environments.<name>.route:` — how `runwarden route` decides (which workflow it routes for, what
 * to do when GitHub cannot be asked, whether drills may force a group) and how `runwarden watchdog`
 * recovers a deploy job stuck in the queue.
 */
import { z } from "zod";
import { duration } from "./duration.js";
import { fieldMeta } from "./meta.js";

/** `.github/workflows/deploy.yml`, optionally `owner/repo/` before and `@ref` after. */
export const WORKFLOW_PATTERN = /^(?:[A-Za-z0-9._-]+\/[A-Za-z0-9._-]+\/)?\.github\/workflows\/[^/@\s]+\.ya?ml(?:@[^\s]+)?$/;

const jobName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_-]*$/, { error: "not a job id (letters, digits, - and _, not starting with a digit)" })
  .register(fieldMeta, { type: "job id", expected: "a workflow job id such as deploy-primary" });

export const watchdogSchema = z
  .strictObject({
    queue_timeout: duration()
      .prefault("5m")
      .describe("A deploy job queued longer than this is recovered: the run is cancelled and its route job re-run, so routing is decided again."),
    orphan_grace: duration()
      .prefault("5m")
      .describe(
        "A deploy job `in_progress` on a runner that GitHub shows offline but still busy (it died mid-job), started longer ago than this, is recovered: the run is cancelled, the watchdog waits until the environment lock's lease of that run has expired (never while the deploy may still be running; no store reachable: nothing is done), then re-runs the route job.",
      ),
    route_job: jobName.default("route").describe("Job id of the route job in the deploy workflow (the job the watchdog re-runs)."),
    deploy_jobs: z
      .array(jobName)
      .optional()
      .describe("Job ids the watchdog watches. Default: every job of the deploy workflow that asks for a `self-hosted` runner."),
    max_reroutes: z
      .int()
      .min(1)
      .max(49)
      .default(3)
      .describe("Re-run a run at most this many times (GitHub allows 50 attempts); past it the stuck run is reported, not touched."),
    cancel_timeout: duration()
      .prefault("2m")
      .describe("How long to wait for a cancelled run to complete before force-cancelling it (and as long again after)."),
    interval: duration().prefault("1m").describe("Time between two looks when `runwarden watchdog` runs without `--once`."),
  })
  .describe("Watchdog: recovers deploy jobs stuck in the queue or on a runner that died mid-job (docs/failover.md).");

export const routeSchema = z
  .strictObject({
    workflow: z
      .string()
      .regex(WORKFLOW_PATTERN, { error: "not a workflow path" })
      .register(fieldMeta, {
        type: "workflow",
        expected: "a workflow path such as .github/workflows/deploy.yml, optionally owner/repo/ before it and @ref after it",
      })
      .optional()
      .describe(
        "The deploy workflow: `.github/workflows/deploy.yml`, or `owner/repo/.github/workflows/deploy.yml@refs/heads/main`. Checked against runner groups restricted to workflows; the watchdog watches its runs. Default: `$GITHUB_WORKFLOW_REF` (inside the deploy workflow).",
      ),
    on_api_error: z
      .enum(["fail", "primary"])
      .default("fail")
      .describe(
        "When GitHub cannot be reached after retries: `fail` (exit 3, the deploy does not start) or `primary` (route to the first group unchecked, and say so).",
      ),
    allow_force_group: z
      .boolean()
      .default(false)
      .describe(
        "Allow `runwarden route --force-group NAME` (failover drills). The forced group must still be healthy and approved; the decision is marked as a drill.",
      ),
    watchdog: watchdogSchema.prefault({}),
  })
  .describe("Routing and failover decisions for this environment (docs/failover.md).");

export type RouteConfig = z.output<typeof routeSchema>;
export type WatchdogConfig = z.output<typeof watchdogSchema>;
