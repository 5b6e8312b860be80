/**
 * Loads a scenario file: strict YAML with positions (the config loader's machinery), the schema,
 * then cross-references. Every problem is reported at file:line:col in one `InputError` (exit 2).
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { z } from "zod";
import { issuesToProblems, sortProblems } from "../../config/issues.js";
import { report, type IssueSink } from "../../config/schema/meta.js";
import { parseYaml, toValue } from "../../config/yaml-source.js";
import { InputError, type Problem } from "../../model/errors.js";
import { scenarioSchema, type Scenario } from "./scenario-schema.js";

export const MAX_SCENARIO_CHARS = 4 * 1024 * 1024;

function unique(items: readonly { readonly name: string }[], what: string, path: string, ctx: IssueSink): void {
  const seen = new Set<string>();
  items.forEach((item, index) => {
    if (seen.has(item.name)) report(ctx, `duplicate ${what} '${item.name}'`, { hint: `give each ${what} its own name` }, [path, index, "name"]);
    seen.add(item.name);
  });
}

function hasCycle(jobs: readonly { readonly name: string; readonly needs: readonly string[] }[]): string | undefined {
  const needs = new Map(jobs.map((job) => [job.name, job.needs]));
  const state = new Map<string, "visiting" | "done">();
  const visit = (name: string): string | undefined => {
    if (state.get(name) === "done") return undefined;
    if (state.get(name) === "visiting") return name;
    state.set(name, "visiting");
    for (const next of needs.get(name) ?? []) {
      const found = visit(next);
      if (found !== undefined) return found;
    }
    state.set(name, "done");
    return undefined;
  };
  for (const job of jobs) {
    const found = visit(job.name);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** Cross-references the schema cannot express. */
export function checkReferences(scenario: Scenario, ctx: IssueSink): void {
  unique(scenario.runner_groups, "runner group", "runner_groups", ctx);
  unique(scenario.runners, "runner", "runners", ctx);
  unique(scenario.environments, "environment", "environments", ctx);
  unique(scenario.branches, "branch", "branches", ctx);
  const groups = new Set(["Default", ...scenario.runner_groups.map((g) => g.name)]);
  const runners = new Set(scenario.runners.map((r) => r.name));
  scenario.runners.forEach((runner, index) => {
    if (runner.scope === "repo" && runner.group !== undefined) {
      report(ctx, "a repository runner belongs to no runner group", { hint: "remove group:, or make it an org runner (scope: org)" }, [
        "runners",
        index,
        "group",
      ]);
    } else if (runner.group !== undefined && !groups.has(runner.group)) {
      report(ctx, `unknown runner group '${runner.group}'`, { expected: `one of: ${[...groups].join(", ")}` }, ["runners", index, "group"]);
    }
  });
  const workflows = new Map<string, Set<string>>();
  scenario.workflows.forEach((workflow, w) => {
    if (workflows.has(workflow.file)) report(ctx, `duplicate workflow '${workflow.file}'`, {}, ["workflows", w, "file"]);
    const jobNames = new Set(workflow.jobs.map((job) => job.name));
    workflows.set(workflow.file, jobNames);
    unique(workflow.jobs, "job", "jobs", {
      addIssue: (issue) => ctx.addIssue({ ...issue, path: ["workflows", w, ...(issue.path ?? [])] }),
    });
    workflow.jobs.forEach((job, j) => {
      job.needs.forEach((need, n) => {
        if (!jobNames.has(need))
          report(ctx, `unknown job '${need}' in needs`, { expected: `one of: ${[...jobNames].join(", ")}` }, ["workflows", w, "jobs", j, "needs", n]);
      });
    });
    const cycle = hasCycle(workflow.jobs);
    if (cycle !== undefined) report(ctx, `the jobs' needs form a cycle through '${cycle}'`, {}, ["workflows", w, "jobs"]);
  });
  scenario.runs.forEach((run, r) => {
    const jobNames = workflows.get(run.workflow);
    if (jobNames === undefined) {
      report(ctx, `unknown workflow '${run.workflow}'`, { expected: `one of: ${[...workflows.keys()].join(", ") || "(none defined under workflows:)"}` }, [
        "runs",
        r,
        "workflow",
      ]);
      return;
    }
    for (const [jobName, job] of Object.entries(run.jobs)) {
      if (!jobNames.has(jobName))
        report(ctx, `unknown job '${jobName}' of ${run.workflow}`, { expected: `one of: ${[...jobNames].join(", ")}` }, ["runs", r, "jobs", jobName]);
      if (job.status === "completed" && job.conclusion === undefined)
        report(ctx, "a completed job needs a conclusion", { hint: "add conclusion: success (or failure, cancelled …)" }, [
          "runs",
          r,
          "jobs",
          jobName,
          "status",
        ]);
      if (job.status !== "completed" && job.conclusion !== undefined)
        report(ctx, `a ${job.status} job has no conclusion yet`, {}, ["runs", r, "jobs", jobName, "conclusion"]);
      if (job.runner !== undefined && !runners.has(job.runner) && !/^GitHub Actions \d+$/.test(job.runner)) {
        report(ctx, `unknown runner '${job.runner}'`, { expected: "a runner under runners:, or 'GitHub Actions N' for a GitHub-hosted runner" }, [
          "runs",
          r,
          "jobs",
          jobName,
          "runner",
        ]);
      }
    }
  });
}

export const checkedScenarioSchema = scenarioSchema.superRefine(checkReferences);

function fail(file: string, problems: readonly Problem[]): never {
  const sorted = sortProblems(problems);
  throw new InputError("RW_SCENARIO_INVALID", `invalid scenario ${file}: ${sorted.length === 1 ? "1 problem" : `${sorted.length} problems`}`, sorted, {
    hint: "docs/sandbox.md describes the scenario format; examples/scenarios/ has complete ones",
  });
}

/** Parses scenario text (`file` is how messages name it). */
export function parseScenario(text: string, file: string): Scenario {
  if (text.length > MAX_SCENARIO_CHARS) fail(file, [{ location: { file, line: 1, col: 1 }, message: `the file is too large (${text.length} characters)` }]);
  const { source, problems } = parseYaml(text, file);
  if (problems.length > 0) fail(file, problems);
  const value = toValue(source);
  if ("problem" in value) fail(file, [value.problem]);
  if (value.value === null || value.value === undefined)
    fail(file, [{ location: { file, line: 1, col: 1 }, message: "the file is empty", expected: "a mapping with org: and repository:" }]);
  const parsed = checkedScenarioSchema.safeParse(value.value, { reportInput: true });
  if (!parsed.success) fail(file, issuesToProblems(parsed.error.issues, source, checkedScenarioSchema as z.core.$ZodType));
  return parsed.data;
}

/** Reads and parses a scenario file (`path` relative to `cwd`). */
export function loadScenario(path: string, cwd: string): Scenario {
  let text: string;
  try {
    text = readFileSync(resolve(cwd, path), "utf8");
  } catch (e: unknown) {
    throw new InputError(
      "RW_SCENARIO_NOT_FOUND",
      `cannot read scenario file ${path}`,
      [{ location: { file: path }, message: "no such file, or not readable" }],
      {
        hint: "pass an existing file with --scenario (examples/scenarios/ has some)",
        cause: e,
      },
    );
  }
  return parseScenario(text, path);
}
