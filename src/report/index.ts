/** The deploy report: executions in, per-environment figures and SLO verdicts out (docs/report.md). */
import { DeployFolder } from "./deploys.js";
import { environmentFigures, type EnvironmentFigures } from "./figures.js";
import type { Deploy, SloTarget } from "./types.js";

export type { EnvironmentFigures, FailureClassCount, SloVerdict } from "./figures.js";
export type { AttemptOutcome, Deploy, DeployAttempt, SloTarget } from "./types.js";
export { DeployFolder, deploysOf } from "./deploys.js";
export { nearestRank } from "./percentile.js";
export { formatWindow, parseWindow, WINDOW_EXPECTED } from "./window.js";

export interface ReportInput {
  /** The environments to report, in order (each gets figures, even without deploys). */
  readonly environments: readonly string[];
  readonly targets: ReadonlyMap<string, SloTarget>;
  readonly windowMs: number;
  /** The deploys of the window: a `DeployFolder` the executions were folded into, or a list (`deploysOf`). */
  readonly deploys: DeployFolder | readonly Deploy[];
}

/** Figures per environment; deploys of other environments are ignored. */
export function computeReport(input: ReportInput): EnvironmentFigures[] {
  const { deploys } = input;
  const of = (name: string): Iterable<Deploy> => (deploys instanceof DeployFolder ? deploys.deploys(name) : deploys.filter((d) => d.environment === name));
  return input.environments.map((name) => {
    const target = input.targets.get(name);
    if (target === undefined) throw new RangeError(`no SLO target for ${name}`);
    return environmentFigures(name, of(name), target, input.windowMs);
  });
}
