/**
 * The shipped workflows, checked by GitHub's own workflow parser (@actions/workflow-parser) and for
 * the structure the failover pattern depends on; the emulator's copy of the job graph
 * (examples/scenarios/failover.yml) is checked against deploy.yml, and the emulator's expression
 * evaluator against GitHub's (@actions/expressions) on every `if:` the workflow uses.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { data, Evaluator, Lexer, Parser } from "@actions/expressions";
import { convertWorkflowTemplate, NoOperationTraceWriter, parseWorkflow } from "@actions/workflow-parser";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { jobCondition, unwrap } from "../../src/sandbox/github/expressions.js";
import { repoRoot } from "../helpers/cli.js";
import { exampleScenario } from "../sandbox/helpers.js";

interface ParsedJob {
  readonly id: string;
  readonly needs: string[];
  readonly if: string;
  readonly runsOn: unknown;
  readonly environment: unknown;
  readonly concurrency: unknown;
  readonly outputs: unknown;
}

async function parse(file: string, content = readFileSync(join(repoRoot, "examples", "workflows", file), "utf8")): Promise<{ errors: string[]; jobs: ParsedJob[] }> {
  const result = parseWorkflow({ name: file, content }, new NoOperationTraceWriter());
  const errors = result.context.errors.getErrors().map((e) => e.message);
  if (result.value === undefined || errors.length > 0) return { errors, jobs: [] };
  const template = await convertWorkflowTemplate(result.context, result.value);
  const json = (token: { toJSON(): unknown } | undefined) => (token === undefined ? undefined : JSON.parse(JSON.stringify(token.toJSON())) as unknown);
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

const raw = (file: string) => parseYaml(readFileSync(join(repoRoot, "examples", "workflows", file), "utf8")) as { jobs: Record<string, Record<string, unknown>>; on: Record<string, unknown> };
const expr = (text: string) => ({ type: 3, expr: text });
const mapping = (entries: Record<string, unknown>) => ({ type: 2, map: Object.entries(entries).map(([Key, Value]) => ({ Key, Value })) });

describe("examples/workflows parse with GitHub's workflow parser", () => {
  it.each(["deploy.yml", "watchdog.yml"])("%s has no errors", async (file) => {
    const { errors, jobs } = await parse(file);
    expect(errors).toEqual([]);
    expect(jobs.length).toBeGreaterThan(0);
  });

  it("the parser is a real check: secrets in runs-on, or a misspelt key, are errors", async () => {
    const content = readFileSync(join(repoRoot, "examples", "workflows", "deploy.yml"), "utf8");
    const secrets = await parse("bad.yml", content.replace("group: ${{ needs.route.outputs.group }}", "group: ${{ secrets.GROUP }}"));
    expect(secrets.errors.join("\n")).toContain("Unrecognized named-value: 'secrets'");
    const typo = await parse("bad.yml", content.replace("timeout-minutes: 30", "timeout-minute: 30"));
    expect(typo.errors.length).toBeGreaterThan(0);
  });
});

describe("deploy.yml: the failover pattern's structure", () => {
  const byId = async () => new Map((await parse("deploy.yml")).jobs.map((job) => [job.id, job]));

  it("route → approve → deploy-primary → classify → deploy-secondary → verify", async () => {
    const jobs = await byId();
    expect([...jobs.keys()]).toEqual(["route", "approve", "deploy-primary", "classify", "deploy-secondary", "verify"]);
    expect(jobs.get("route")).toMatchObject({ needs: [], runsOn: "ubuntu-latest" });
    expect(jobs.get("approve")).toMatchObject({ needs: ["route"], runsOn: "ubuntu-latest", environment: "production" });
    expect(jobs.get("deploy-primary")?.needs).toEqual(["route", "approve"]);
    expect(jobs.get("classify")).toMatchObject({ needs: ["route", "deploy-primary"], runsOn: "ubuntu-latest" });
    expect(jobs.get("deploy-secondary")?.needs).toEqual(["route", "classify"]);
    expect(jobs.get("verify")).toMatchObject({ needs: ["deploy-primary", "deploy-secondary"], runsOn: "ubuntu-latest" });
  });

  it("route's outputs feed runs-on: {group, labels}; the failover job's outputs feed the secondary's", async () => {
    const jobs = await byId();
    expect(jobs.get("deploy-primary")?.runsOn).toEqual(mapping({ group: expr("needs.route.outputs.group"), labels: expr("fromJSON(needs.route.outputs.labels)") }));
    expect(jobs.get("deploy-secondary")?.runsOn).toEqual(mapping({ group: expr("needs.classify.outputs.group"), labels: expr("fromJSON(needs.classify.outputs.labels)") }));
    expect(jobs.get("route")?.outputs).toEqual(mapping({ group: expr("steps.route.outputs.group"), labels: expr("steps.route.outputs.labels"), name: expr("steps.route.outputs.name") }));
    expect(jobs.get("classify")?.outputs).toEqual(
      mapping({ failover: expr("steps.classify.outputs.failover"), class: expr("steps.classify.outputs.class"), group: expr("steps.reroute.outputs.group"), labels: expr("steps.reroute.outputs.labels") }),
    );
  });

  it("if-conditions: classify only after the primary failed; the secondary only when classify said failover", async () => {
    const jobs = await byId();
    expect(jobs.get("route")?.if).toBe("success()");
    expect(jobs.get("deploy-primary")?.if).toBe("success()");
    expect(jobs.get("classify")?.if).toBe("!cancelled() && needs.deploy-primary.result == 'failure'");
    expect(jobs.get("deploy-secondary")?.if).toBe("!cancelled() && needs.classify.result == 'success' && needs.classify.outputs.failover == 'true'");
    expect(jobs.get("verify")?.if).toBe("!cancelled() && (needs.deploy-primary.result == 'success' || needs.deploy-secondary.result == 'success')");
  });

  it("deploy jobs: no second approval (deployment: false), one concurrency group, a time limit", async () => {
    const jobs = await byId();
    const yaml = raw("deploy.yml");
    for (const id of ["deploy-primary", "deploy-secondary"]) {
      expect(jobs.get(id)?.environment, id).toEqual(mapping({ name: "production", deployment: false }));
      expect(jobs.get(id)?.concurrency, id).toEqual(mapping({ group: "deploy-production", "cancel-in-progress": false }));
      expect(yaml.jobs[id]?.["timeout-minutes"], id).toBe(30);
    }
    // Exactly one job references the reviewer-protected environment with a deployment: the approval.
    const approving = [...jobs.values()].filter((job) => job.environment === "production");
    expect(approving.map((job) => job.id)).toEqual(["approve"]);
    for (const job of Object.values(yaml.jobs)) expect(typeof job["timeout-minutes"]).toBe("number");
  });

  it("the failover job asks diagnose --classify, then route --exclude the group that failed", () => {
    const steps = raw("deploy.yml").jobs["classify"]?.["steps"] as { id?: string; with?: Record<string, unknown>; if?: string }[];
    expect(steps.find((s) => s.id === "classify")?.with).toMatchObject({ command: "diagnose", job: "deploy-primary", classify: true });
    expect(steps.find((s) => s.id === "reroute")).toMatchObject({ if: "${{ steps.classify.outputs.failover == 'true' }}", with: { command: "route", exclude: "${{ needs.route.outputs.name }}" } });
  });

  it("watchdog.yml runs on a schedule, once at a time, with runwarden watchdog", async () => {
    const { jobs } = await parse("watchdog.yml");
    const yaml = raw("watchdog.yml");
    expect(Object.keys(yaml.on)).toEqual(["schedule", "workflow_dispatch"]);
    expect(jobs.map((job) => job.id)).toEqual(["watchdog"]);
    const steps = yaml.jobs["watchdog"]?.["steps"] as { with?: Record<string, unknown> }[];
    expect(steps.some((step) => step.with?.["command"] === "watchdog")).toBe(true);
  });
});

describe("the emulator's copy of the job graph", () => {
  it("examples/scenarios/failover.yml has deploy.yml's jobs, needs, conditions and runs-on", async () => {
    const workflow = exampleScenario("failover.yml").workflows.find((w) => w.file === "deploy.yml");
    const { jobs } = await parse("deploy.yml");
    expect(workflow?.jobs.map((job) => job.name)).toEqual(jobs.map((job) => job.id));
    for (const job of jobs) {
      const copy = workflow?.jobs.find((j) => j.name === job.id);
      expect(copy?.needs, job.id).toEqual(job.needs);
      expect(unwrap(copy?.if ?? "${{ success() }}"), job.id).toBe(job.if);
      const runsOn = job.runsOn as string | { map: { Key: string; Value: { expr: string } }[] };
      if (typeof runsOn === "string") {
        expect(copy?.runs_on, job.id).toEqual([runsOn]);
      } else {
        const value = (key: string) => runsOn.map.find((entry) => entry.Key === key)?.Value.expr;
        expect(copy?.group, job.id).toBe(`\${{ ${value("group") ?? ""} }}`);
        expect(copy?.runs_on, job.id).toEqual([`\${{ ${value("labels") ?? ""} }}`]);
      }
    }
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

  it("on every if: of deploy.yml, for every combination of its needs' results and outputs", async () => {
    const { jobs } = await parse("deploy.yml");
    let compared = 0;
    for (const job of jobs.filter((j) => j.needs.length > 0)) {
      const combos = (names: readonly string[]): Record<string, { result: string; outputs: Record<string, string> }>[] => {
        const [first, ...rest] = names;
        if (first === undefined) return [{}];
        return combos(rest).flatMap((tail) =>
          RESULTS.flatMap((result) => ["true", "false", ""].map((failover) => ({ ...tail, [first]: { result, outputs: { failover, group: "prod-secondary" } } }))),
        );
      };
      for (const needs of combos(job.needs)) {
        for (const cancelled of [false, true]) {
          const ours = jobCondition(job.if, { needs, cancelled });
          const theirs = github(job.if.includes("success()") || /\b(failure|always|cancelled)\(/.test(job.if) ? job.if : `success() && (${job.if})`, needs, cancelled);
          expect(ours, `${job.id}: ${job.if} with ${JSON.stringify(needs)} cancelled=${cancelled}`).toBe(theirs);
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(100);
  });
});
