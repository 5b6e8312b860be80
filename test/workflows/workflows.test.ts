/**
 * The shipped workflows — the reusable deploy pattern (.github/workflows/runwarden-deploy.yml), its
 * 15-line caller and the watchdog (examples/workflows/) — checked by GitHub's own workflow parser
 * (@actions/workflow-parser) and for the structure the pattern depends on (docs/adr/0013), and the
 * emulator's expression evaluator against GitHub's (@actions/expressions) on every `if:` of the
 * pattern. test/pattern/ drives the same job graph through the emulator.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { data, Evaluator, Lexer, Parser } from "@actions/expressions";
import { convertWorkflowTemplate, NoOperationTraceWriter, parseWorkflow } from "@actions/workflow-parser";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { jobCondition } from "../../src/sandbox/github/expressions.js";
import { repoRoot } from "../helpers/cli.js";
import { parseRepoWorkflow } from "../pattern/workflow.js";

interface ParsedJob {
  readonly id: string;
  readonly needs: string[];
  readonly if: string;
  readonly runsOn: unknown;
  readonly environment: unknown;
  readonly concurrency: unknown;
  readonly outputs: unknown;
}

async function parse(file: string, content: string): Promise<{ errors: string[]; jobs: ParsedJob[] }> {
  const result = parseWorkflow({ name: file, content }, new NoOperationTraceWriter());
  const errors = result.context.errors.getErrors().map((e) => e.message);
  if (result.value === undefined || errors.length > 0) return { errors, jobs: [] };
  const template = await convertWorkflowTemplate(result.context, result.value);
  const json = (token: { toJSON(): unknown } | undefined) => (token === undefined ? undefined : (JSON.parse(JSON.stringify(token.toJSON())) as unknown));
  const jobs = template.jobs.map((job) => {
    if (job.type !== "job") throw new Error(`${file}: ${job.id.value} is a reusable workflow call`);
    return {
      id: job.id.value,
      needs: (job.needs ?? []).map((need) => need.value),
      if: job.if.expression,
      runsOn: json(job["runs-on"]),
      environment: json(job.environment),
      concurrency: json(job.concurrency),
      outputs: json(job.outputs),
    };
  });
  return { errors: [...errors, ...(template.errors ?? []).map((e) => e.Message)], jobs };
}

const expr = (text: string) => ({ type: 3, expr: text });
const mapping = (entries: Record<string, unknown>) => ({ type: 2, map: Object.entries(entries).map(([Key, Value]) => ({ Key, Value })) });

const REUSABLE = ".github/workflows/runwarden-deploy.yml";
const CALLER = "examples/workflows/deploy.yml";
const WATCHDOG = "examples/workflows/watchdog.yml";
const text = (path: string) => readFileSync(join(repoRoot, path), "utf8");
const yamlOf = (path: string) => parseYaml(text(path)) as { on: Record<string, Record<string, unknown> | null>; jobs: Record<string, Record<string, unknown>> };

describe("the shipped workflows parse with GitHub's workflow parser", () => {
  it.each([REUSABLE, CALLER, WATCHDOG])("%s has no errors", async (path) => {
    const { errors, jobs } = await parseRepoWorkflow(path);
    expect(errors).toEqual([]);
    expect(jobs.length).toBeGreaterThan(0);
  });

  it("the parser is a real check: secrets in runs-on, or a misspelt key, are errors", async () => {
    const content = text(REUSABLE);
    const secrets = await parse("bad.yml", content.replace("group: ${{ needs.route.outputs.group }}", "group: ${{ secrets.GROUP }}"));
    expect(secrets.errors.join("\n")).toContain("Unrecognized named-value: 'secrets'");
    const typo = await parse("bad.yml", content.replace("timeout-minutes: 5", "timeout-minute: 5"));
    expect(typo.errors.length).toBeGreaterThan(0);
  });
});

describe("the caller: the pattern in ~15 lines", () => {
  it("calls the reusable workflow by release, passes named secrets (never inherit)", async () => {
    expect(
      text(CALLER)
        .split("\n")
        .filter((line) => line.trim() !== "" && !line.trim().startsWith("#")).length,
    ).toBeLessThanOrEqual(18);
    const { jobs } = await parseRepoWorkflow(CALLER);
    expect(jobs.map((job) => [job.id, job.kind])).toEqual([["production", "reusableWorkflowJob"]]);
    const call = yamlOf(CALLER).jobs["production"] ?? {};
    expect(call["uses"]).toMatch(/^runwarden\/runwarden\/\.github\/workflows\/runwarden-deploy\.yml@v\d+/);
    // Environment secrets reach a called workflow's job only when the caller passes them by name.
    expect(call["secrets"]).toEqual({
      RUNWARDEN_APP_KEY: "${{ secrets.RUNWARDEN_APP_KEY }}",
      DEPLOY_SSH_KEY: "${{ secrets.DEPLOY_SSH_KEY }}",
      VAULT_PASSWORD: "${{ secrets.VAULT_PASSWORD }}",
    });
    expect(text(CALLER)).not.toMatch(/secrets:\s*inherit/);
  });
});

describe("runwarden-deploy.yml: the pattern's structure", () => {
  const byId = async () => new Map((await parseRepoWorkflow(REUSABLE)).jobs.map((job) => [job.id, job]));

  it("approve → route → deploy-primary → classify → deploy-secondary; no verify job off the production network", async () => {
    const jobs = await byId();
    expect([...jobs.keys()]).toEqual(["approve", "route", "deploy-primary", "classify", "deploy-secondary"]);
    expect(jobs.get("approve")?.needs).toEqual([]);
    expect(jobs.get("route")?.needs).toEqual(["approve"]);
    expect(jobs.get("deploy-primary")?.needs).toEqual(["approve", "route"]);
    expect(jobs.get("classify")?.needs).toEqual(["route", "deploy-primary"]);
    expect(jobs.get("deploy-secondary")?.needs).toEqual(["approve", "route", "classify"]);
    for (const id of ["approve", "route", "classify"]) expect(jobs.get(id)?.runsOn, id).toEqual(expr("inputs.control-runner"));
  });

  it("one approval: only approve references the reviewer environment; the deploy jobs reference the secrets' environment without a deployment", async () => {
    const jobs = await byId();
    expect(jobs.get("approve")?.environment).toEqual(expr("format('{0}-approval', inputs.environment)"));
    for (const id of ["deploy-primary", "deploy-secondary"]) {
      expect(jobs.get(id)?.environment, id).toEqual(mapping({ name: expr("inputs.environment"), deployment: false }));
      expect(jobs.get(id)?.concurrency, id).toEqual(
        mapping({ group: expr("format('deploy-{0}', inputs.environment)"), "cancel-in-progress": false, queue: "max" }),
      );
    }
    for (const id of ["route", "classify"]) expect(jobs.get(id)?.environment, id).toBeNull();
  });

  it("secrets: only the deploy step gets the deploy secrets; every job using a secret runs after approve", async () => {
    const yaml = yamlOf(REUSABLE);
    const jobs = await byId();
    const afterApproval = (id: string): boolean => id === "approve" || (jobs.get(id)?.needs ?? []).some((need) => need === "approve" || afterApproval(need));
    for (const [id, job] of Object.entries(yaml.jobs)) {
      const steps = job["steps"] as { id?: string; env?: Record<string, string>; with?: Record<string, string> }[];
      for (const step of steps) {
        const uses = JSON.stringify(step);
        if (uses.includes("secrets.")) expect(afterApproval(id), `${id} uses a secret`).toBe(true);
        if (uses.includes("DEPLOY_SSH_KEY")) expect(step.id, id).toBe("deploy");
      }
    }
    const declared = Object.keys((yaml.on["workflow_call"]?.["secrets"] ?? {}) as Record<string, unknown>);
    expect(declared).toEqual(["RUNWARDEN_APP_KEY", "DEPLOY_SSH_KEY", "VAULT_PASSWORD"]);
  });

  it("each deploy job has one runwarden deploy step; runs-on comes from route (or classify's re-route)", async () => {
    const jobs = await byId();
    expect(jobs.get("deploy-primary")?.runsOn).toEqual(
      mapping({ group: expr("needs.route.outputs.group"), labels: expr("fromJSON(needs.route.outputs.labels)") }),
    );
    expect(jobs.get("deploy-secondary")?.runsOn).toEqual(
      mapping({ group: expr("needs.classify.outputs.group"), labels: expr("fromJSON(needs.classify.outputs.labels)") }),
    );
    const yaml = yamlOf(REUSABLE);
    for (const id of ["deploy-primary", "deploy-secondary"]) {
      const steps = yaml.jobs[id]?.["steps"] as { with?: Record<string, unknown> }[];
      expect(
        steps.filter((step) => step.with?.["command"] !== undefined).map((step) => step.with?.["command"]),
        id,
      ).toEqual(["deploy"]);
    }
  });

  it("if-conditions: classify only after the primary failed; the secondary only when classify said failover", async () => {
    const jobs = await byId();
    expect(jobs.get("classify")?.if).toBe("!cancelled() && needs.deploy-primary.result == 'failure'");
    expect(jobs.get("deploy-secondary")?.if).toBe("!cancelled() && needs.classify.result == 'success' && needs.classify.outputs.failover == 'true'");
  });

  it("actions/checkout is v5 or later, pinned by full commit SHA", () => {
    for (const path of [REUSABLE, WATCHDOG]) {
      const uses = [...text(path).matchAll(/uses: (actions\/checkout@\S+)( # (v\S+))?/g)];
      expect(uses.length, path).toBeGreaterThan(0);
      for (const match of uses) {
        expect(match[1], path).toMatch(/^actions\/checkout@[0-9a-f]{40}$/);
        expect(Number(/^v(\d+)/.exec(match[3] ?? "")?.[1]), path).toBeGreaterThanOrEqual(5);
      }
    }
  });
});

describe("watchdog.yml", () => {
  it("runs on a schedule off the top of the hour (never minute 0 or 5), once at a time, with runwarden watchdog", async () => {
    const { jobs } = await parseRepoWorkflow(WATCHDOG);
    const yaml = yamlOf(WATCHDOG);
    expect(Object.keys(yaml.on)).toEqual(["schedule", "workflow_dispatch"]);
    const cron = ((yaml.on["schedule"] as unknown as { cron: string }[])[0]?.cron ?? "").split(" ")[0] ?? "";
    const minutes = /^(\d+)-59\/(\d+)$/.exec(cron);
    expect(minutes, cron).not.toBeNull();
    const fired = Array.from({ length: 60 }, (_, m) => m).filter((m) => m >= Number(minutes?.[1]) && (m - Number(minutes?.[1])) % Number(minutes?.[2]) === 0);
    expect(fired.length).toBeGreaterThan(0);
    expect(fired.some((m) => m === 0 || m === 5)).toBe(false);
    expect(jobs.map((job) => job.id)).toEqual(["watchdog"]);
    const steps = yaml.jobs["watchdog"]?.["steps"] as { with?: Record<string, unknown> }[];
    expect(steps.some((step) => step.with?.["command"] === "watchdog")).toBe(true);
  });
});

describe("the emulator's expressions agree with GitHub's evaluator", () => {
  const RESULTS = ["success", "failure", "cancelled", "skipped"];

  function github(expression: string, needs: Record<string, { result: string; outputs: Record<string, string> }>, cancelled: boolean): boolean {
    const results = Object.values(needs).map((need) => need.result);
    const status = new Map(
      Object.entries({
        success: (): boolean => !cancelled && results.every((r) => r === "success"),
        failure: (): boolean => results.some((r) => r === "failure"),
        cancelled: (): boolean => cancelled,
        always: (): boolean => true,
      }).map(([name, fn]) => [name, { name, minArgs: 0, maxArgs: 0, call: () => new data.BooleanData(fn()) }]),
    );
    const context = new data.Dictionary({
      key: "needs",
      value: new data.Dictionary(
        ...Object.entries(needs).map(([name, need]) => ({
          key: name,
          value: new data.Dictionary(
            { key: "result", value: new data.StringData(need.result) },
            { key: "outputs", value: new data.Dictionary(...Object.entries(need.outputs).map(([key, v]) => ({ key, value: new data.StringData(v) }))) },
          ),
        })),
      ),
    });
    const wrapped = `!(!(${expression}))`;
    const tokens = new Lexer(wrapped).lex().tokens;
    const tree = new Parser(tokens, ["needs"], [...status.values()]).parse();
    const value = new Evaluator(tree, context, status).evaluate();
    if (!(value instanceof data.BooleanData)) throw new Error(`not a boolean: ${wrapped}`);
    return value.value;
  }

  it("on every if: of runwarden-deploy.yml, for every combination of its needs' results and outputs", async () => {
    const { jobs } = await parse(REUSABLE, text(REUSABLE));
    let compared = 0;
    for (const job of jobs.filter((j) => j.needs.length > 0)) {
      const combos = (names: readonly string[]): Record<string, { result: string; outputs: Record<string, string> }>[] => {
        const [first, ...rest] = names;
        if (first === undefined) return [{}];
        return combos(rest).flatMap((tail) =>
          RESULTS.flatMap((result) =>
            ["true", "false", ""].map((failover) => ({ ...tail, [first]: { result, outputs: { failover, group: "prod-secondary" } } })),
          ),
        );
      };
      for (const needs of combos(job.needs)) {
        for (const cancelled of [false, true]) {
          const ours = jobCondition(job.if, { needs, cancelled });
          const theirs = github(
            job.if.includes("success()") || /\b(failure|always|cancelled)\(/.test(job.if) ? job.if : `success() && (${job.if})`,
            needs,
            cancelled,
          );
          expect(ours, `${job.id}: ${job.if} with ${JSON.stringify(needs)} cancelled=${cancelled}`).toBe(theirs);
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(100);
  });
});
