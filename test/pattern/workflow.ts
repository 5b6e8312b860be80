/**
 * The deploy pattern's job graph, read from the shipped workflow files with GitHub's own parser
 * (@actions/workflow-parser): the caller (examples/workflows/deploy.yml) names the reusable
 * workflow (.github/workflows/runwarden-deploy.yml) and its inputs; the reusable workflow's jobs
 * become the emulator's workflow — needs, if:, runs-on, environment, concurrency — with every
 * expression that reads only `inputs` evaluated by GitHub's evaluator (@actions/expressions) and
 * every `needs.*` expression left for the emulator to evaluate when the job is queued. Jobs are
 * listed as GitHub lists a called workflow's jobs: `<caller job> / <job>`.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { data, Evaluator, Lexer, Parser } from "@actions/expressions";
import { convertWorkflowTemplate, NoOperationTraceWriter, parseWorkflow } from "@actions/workflow-parser";
import { parse as parseYaml } from "yaml";
import type { Scenario } from "../../src/sandbox/github/scenario-schema.js";
import { repoRoot } from "../helpers/cli.js";

export const REUSABLE = join(".github", "workflows", "runwarden-deploy.yml");
export const CALLER = join("examples", "workflows", "deploy.yml");

type Token = string | number | boolean | null | { type: 3; expr: string } | { type: 2; map: { Key: string; Value: Token }[] } | { type: 1; seq: Token[] };

export interface ParsedWorkflow {
  readonly errors: string[];
  readonly jobs: { id: string; kind: string; needs: string[]; if: string; runsOn: Token; environment: Token; concurrency: Token; steps: number }[];
}

/** Parses a workflow file of the repository with GitHub's parser; errors are the parser's messages. */
export async function parseRepoWorkflow(path: string): Promise<ParsedWorkflow> {
  const content = readFileSync(join(repoRoot, path), "utf8");
  const result = parseWorkflow({ name: path, content }, new NoOperationTraceWriter());
  const errors = result.context.errors.getErrors().map((e) => e.message);
  if (result.value === undefined || errors.length > 0) return { errors, jobs: [] };
  const template = await convertWorkflowTemplate(result.context, result.value);
  const json = (token: { toJSON(): unknown } | undefined): Token => (token === undefined ? null : (JSON.parse(JSON.stringify(token.toJSON())) as Token));
  const jobs = template.jobs.map((job) =>
    job.type === "job"
      ? {
          id: job.id.value,
          kind: job.type,
          needs: (job.needs ?? []).map((n) => n.value),
          if: job.if.expression,
          runsOn: json(job["runs-on"]),
          environment: json(job.environment),
          concurrency: json(job.concurrency),
          steps: job.steps.length,
        }
      : {
          id: job.id.value,
          kind: job.type,
          needs: (job.needs ?? []).map((n) => n.value),
          if: job.if.expression,
          runsOn: null,
          environment: null,
          concurrency: null,
          steps: 0,
        },
  );
  return { errors: [...errors, ...(template.errors ?? []).map((e) => e.Message)], jobs };
}

type Inputs = Record<string, string | number | boolean>;

/** Evaluates an expression that reads only `inputs` and `vars`, with GitHub's evaluator. */
function evaluate(expr: string, inputs: Inputs, vars: Record<string, string> = {}): string | number | boolean {
  const dict = (values: Record<string, string | number | boolean>) =>
    new data.Dictionary(
      ...Object.entries(values).map(([key, v]) => ({
        key,
        value: typeof v === "string" ? new data.StringData(v) : typeof v === "number" ? new data.NumberData(v) : new data.BooleanData(v),
      })),
    );
  const context = new data.Dictionary({ key: "inputs", value: dict(inputs) }, { key: "vars", value: dict(vars) });
  const tree = new Parser(new Lexer(expr).lex().tokens, ["inputs", "vars"], []).parse();
  const value = new Evaluator(tree, context, new Map()).evaluate();
  if (value instanceof data.StringData || value instanceof data.NumberData || value instanceof data.BooleanData) return value.value;
  throw new Error(`${expr}: not a string, number or boolean`);
}

/** A token as the emulator takes it: literals and inputs-only expressions evaluated, `needs.*` ones kept as `${{ … }}`. */
function literal(token: Token, inputs: Inputs): string | number | boolean {
  if (token === null || typeof token !== "object") return token ?? "";
  if ("expr" in token) return /\bneeds\./.test(token.expr) ? `\${{ ${token.expr} }}` : evaluate(token.expr, inputs);
  throw new Error(`expected a scalar, got ${JSON.stringify(token)}`);
}

function entry(token: Token, key: string): Token | undefined {
  return token !== null && typeof token === "object" && "map" in token ? token.map.find((e) => e.Key === key)?.Value : undefined;
}

export interface PatternCall {
  /** The caller's job id (`production`): GitHub lists the called jobs as `production / route`. */
  readonly callerJob: string;
  /** What the caller's `uses:` names. */
  readonly uses: string;
  /** The reusable workflow's inputs: the caller's `with:` over the declared defaults. */
  readonly inputs: Inputs;
  /** The secrets the caller passes, by name (never `inherit`). */
  readonly secrets: readonly string[] | "inherit";
  /** The emulator's copy of the job graph. */
  readonly workflow: Scenario["workflows"][number];
}

/** Reads the caller and the reusable workflow; `vars` are the caller repository's variables. */
export async function loadPattern(vars: Record<string, string> = { RUNWARDEN_APP_ID: "777" }): Promise<PatternCall> {
  const callerYaml = parseYaml(readFileSync(join(repoRoot, CALLER), "utf8")) as {
    jobs: Record<string, { uses: string; with?: Record<string, unknown>; secrets?: Record<string, string> | "inherit" }>;
  };
  const [callerJob, call] = Object.entries(callerYaml.jobs)[0] ?? [];
  if (callerJob === undefined || call === undefined) throw new Error(`${CALLER} has no job`);
  const reusableYaml = parseYaml(readFileSync(join(repoRoot, REUSABLE), "utf8")) as {
    on: { workflow_call: { inputs: Record<string, { default?: string | number | boolean }> } };
  };
  const inputs: Inputs = {};
  for (const [name, spec] of Object.entries(reusableYaml.on.workflow_call.inputs)) if (spec.default !== undefined) inputs[name] = spec.default;
  for (const [name, value] of Object.entries(call.with ?? {})) {
    const text = String(value);
    const match = /^\$\{\{(.*)\}\}$/s.exec(text.trim());
    inputs[name] = match === null ? (value as string | number | boolean) : evaluate(match[1] ?? "", inputs, vars);
  }
  const parsed = await parseRepoWorkflow(REUSABLE);
  if (parsed.errors.length > 0) throw new Error(`${REUSABLE}: ${parsed.errors.join("; ")}`);
  const jobs = parsed.jobs.map((job) => {
    const runsOn = job.runsOn;
    const group = entry(runsOn, "group");
    const labels = entry(runsOn, "labels");
    const environment = job.environment;
    const envName = environment !== null && typeof environment === "object" && "map" in environment ? entry(environment, "name") : environment;
    const deployment = entry(environment, "deployment");
    const concurrency = job.concurrency;
    return {
      name: job.id,
      display_name: `${callerJob} / ${job.id}`,
      needs: job.needs,
      runs_on: group === undefined && labels === undefined ? [String(literal(runsOn, inputs))] : [String(literal(labels ?? null, inputs))],
      ...(group === undefined ? {} : { group: String(literal(group, inputs)) }),
      ...(job.if === "success()" ? {} : { if: `\${{ ${job.if} }}` }),
      outputs: {},
      steps: Array.from({ length: job.steps }, (_, i) => `step ${i + 1}`),
      ...(envName === undefined || envName === null ? {} : { environment: { name: String(literal(envName, inputs)), deployment: deployment !== false } }),
      ...(concurrency === null
        ? {}
        : {
            concurrency: {
              group: String(literal(entry(concurrency, "group") ?? concurrency, inputs)),
              cancel_in_progress: entry(concurrency, "cancel-in-progress") === true,
              queue: entry(concurrency, "queue") === "max" ? ("max" as const) : ("single" as const),
            },
          }),
    };
  });
  const secrets = call.secrets === "inherit" ? "inherit" : Object.keys(call.secrets ?? {});
  return { callerJob, uses: call.uses, inputs, secrets, workflow: { file: "deploy.yml", name: "deploy", state: "active", jobs } };
}
