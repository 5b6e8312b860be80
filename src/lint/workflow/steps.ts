/** The steps of a workflow (every job) or a composite action, each with the `env:` blocks that reach it. */
import type { ActionDocument } from "../action/model.js";
import type { JobModel, StepModel, WorkflowDocument } from "./model.js";
import { entries, expressionsUnder, type TemplateToken } from "./tokens.js";

export interface StepInContext {
  readonly step: StepModel;
  readonly job: JobModel | undefined;
  /** Workflow, job and step `env:` blocks, outermost first. */
  readonly envs: readonly TemplateToken[];
}

export function stepsOf(doc: WorkflowDocument | ActionDocument): StepInContext[] {
  if (doc.kind === "action") return doc.steps.map((step) => ({ step, job: undefined, envs: step.env === undefined ? [] : [step.env] }));
  const workflowEnv = doc.get("env");
  return doc.jobs.flatMap((job) => {
    const jobEnv = job.get("env");
    return job.steps.map((step) => ({
      step,
      job,
      envs: [workflowEnv, jobEnv, step.env].filter((env): env is TemplateToken => env !== undefined),
    }));
  });
}

const SECRET_EXPRESSION = /\bsecrets\s*[.[]|\bgithub\s*\.\s*token\b/i;

/** Whether an expression reads a secret (`secrets.X`, `secrets['X']`, `github.token`). */
export function readsSecret(expression: string): boolean {
  return SECRET_EXPRESSION.test(expression);
}

/** Names of the environment variables a step sees whose value comes from a secret. */
export function secretEnvNames(context: StepInContext): Set<string> {
  const names = new Set<string>();
  for (const env of context.envs) {
    for (const entry of entries(env)) {
      const secret = [...expressionsUnder(entry.value)].some(({ interpolation }) => readsSecret(interpolation.expression));
      if (secret) names.add(entry.key);
      else names.delete(entry.key);
    }
  }
  return names;
}
