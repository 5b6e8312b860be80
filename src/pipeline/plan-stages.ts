/**
 * The stages of the `--dry-run` plan: one line per stage of `STAGES` — the list the real deploy runs
 * and records, in its order — saying what that stage would do for this environment, or why it would
 * not run. The table is keyed by `StageName`, so a stage added to `STAGES` without a line here does
 * not type-check: the plan cannot forget a stage (it once left out `supersede`).
 */
import { STAGES, type StageName } from "./types.js";

export interface PlannedStage {
  readonly name: StageName;
  /** It would run (false: skipped for this environment, and why is in `does`). */
  readonly runs: boolean;
  readonly does: string;
}

export interface StagePlanInput {
  readonly guards: number;
  readonly lockBackend: string;
  /** Version gates that `--skip-if-live` would ask first (0 without the flag). */
  readonly liveGates: number;
  readonly skipIfLive: boolean;
  readonly githubAvailable: boolean;
  readonly preflight: number;
  readonly preGates: number;
  readonly postGates: number;
  readonly hosts: number;
}

const DESCRIBE: { readonly [S in StageName]: (input: StagePlanInput) => Omit<PlannedStage, "name"> } = {
  guards: (i) => ({ runs: true, does: i.guards === 0 ? "no guard configured: nothing to refuse on" : `${i.guards} guard(s), verdicts above` }),
  lock: (i) => ({ runs: true, does: `take the environment lock (${i.lockBackend}), waiting in line up to lock_timeout` }),
  supersede: () => ({
    runs: true,
    does: "compare with the commits live or being deployed (GitHub deployments, runwarden history): a newer commit that contains this one ends the deploy skipped",
  }),
  "live-check": (i) =>
    i.skipIfLive
      ? i.liveGates > 0
        ? { runs: true, does: `ask the ${i.liveGates} version gate(s): already live on every host ends the deploy skipped` }
        : { runs: false, does: "--skip-if-live without a version gate: nothing to ask" }
      : { runs: false, does: "without --skip-if-live" },
  deployment: (i) => ({
    runs: true,
    does: i.githubAvailable ? "create the GitHub deployment (in_progress)" : "create the GitHub deployment — GitHub is not reachable now",
  }),
  preflight: (i) => (i.preflight > 0 ? { runs: true, does: `${i.preflight} preflight check(s)` } : { runs: false, does: "no preflight checks" }),
  "pre-gates": (i) => (i.preGates > 0 ? { runs: true, does: `${i.preGates} pre-deploy gate(s)` } : { runs: false, does: "no pre-deploy gates" }),
  command: (i) => ({ runs: true, does: `run the deploy command against ${i.hosts} host(s)` }),
  gates: (i) =>
    i.postGates > 0
      ? { runs: true, does: `${i.postGates} post-deploy gate(s)` }
      : { runs: false, does: "no post-deploy gates: the deploy would not be verified" },
  status: () => ({ runs: true, does: "set the GitHub deployment's final status" }),
  release: () => ({ runs: true, does: "release the environment lock" }),
};

/** Every stage of the real deploy, in its order, with what it would do. */
export function planStages(input: StagePlanInput): PlannedStage[] {
  return STAGES.map((name) => ({ name, ...DESCRIBE[name](input) }));
}
