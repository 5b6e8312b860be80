/** The deploy report: executions in, per-environment figures and SLO verdicts out (docs/report.md). */
import { deploysOf } from "./deploys.js";
import { environmentFigures, type EnvironmentFigures } from "./figures.js";
import type { DeployAttempt, SloTarget } from "./types.js";

export type { EnvironmentFigures, FailureClassCount, SloVerdict } from "./figures.js";
export type { AttemptOutcome, Deploy, DeployAttempt, SloTarget } from "./types.js";
export { deploysOf } from "./deploys.js";
export { nearestRank } from "./percentile.js";
export { formatWindow, parseWindow, WINDOW_EXPECTED } from "./window.js";

export interface ReportInput {
  /** The environments to report, in order (each gets figures, even without deploys). */
  readonly environments: readonly string[];
  readonly targets: ReadonlyMap<string, SloTarget>;
  readonly windowMs: number;
  readonly attempts: Iterable<DeployAttempt>;
}

/** Figures per environment; executions of other environments are ignored. */
export function computeReport(input: ReportInput): EnvironmentFigures[] {
  const byEnvironment = new Map(input.environments.map((name) => [name, [] as DeployAttempt[]]));
  for (const attempt of input.attempts) byEnvironment.get(attempt.environment)?.push(attempt);
  return input.environments.map((name) => {
    const target = input.targets.get(name);
    if (target === undefined) throw new RangeError(`no SLO target for ${name}`);
    return environmentFigures(name, deploysOf(byEnvironment.get(name) ?? []), target, input.windowMs);
  });
}
