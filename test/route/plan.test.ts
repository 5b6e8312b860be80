/** The pure parts of routing — group health, the walk, workflow references — and ETags on repeat. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Runner } from "../../src/github/schemas.js";
import { decideRoute } from "../../src/route/decide.js";
import { assessGroup, type GroupObservation, type RouteGroupConfig } from "../../src/route/health.js";
import { planRoute } from "../../src/route/plan.js";
import { entryAdmits, parseWorkflowRef, resolveWorkflow } from "../../src/route/workflow-ref.js";
import type { RunningEmulator } from "../../src/sandbox/github/server.js";
import { testClient } from "../github/helpers.js";
import { exampleScenario, startEmulator } from "../sandbox/helpers.js";

const LABELS = ["self-hosted", "production"];
const config = (extra: Partial<RouteGroupConfig> = {}): RouteGroupConfig => ({
  name: "primary",
  group: "prod",
  labels: LABELS,
  min_idle: 1,
  max_busy_percent: 100,
  approved_for_failover: false,
  ...extra,
});
let nextId = 1;
const runner = (extra: Partial<Runner> = {}): Runner => ({
  id: nextId++,
  name: `r${nextId}`,
  os: "Linux",
  status: "online",
  busy: false,
  labels: LABELS.map((name) => ({ name })),
  runner_group_id: 7,
  version: "2.330.0",
  ...extra,
});
const org = (
  runners: Runner[],
  extra: Partial<{ visibility: string; restricted_to_workflows: boolean; selected_workflows: string[] }> = {},
): GroupObservation => ({
  kind: "organization",
  group: { id: 7, name: "prod", visibility: "selected", ...extra },
  runners,
});
const context = {
  org: "acme",
  repository: "acme/platform",
  minRunnerVersion: "2.320.0",
  workflow: parseWorkflowRef("acme/platform/.github/workflows/deploy.yml@refs/heads/main", "acme/platform"),
};

describe("group health", () => {
  it("min_idle counts idle online runners with every label (case-insensitive), in the group, recent enough", () => {
    const health = assessGroup(
      config({ min_idle: 2 }),
      0,
      org([
        runner(),
        runner({ labels: [{ name: "Self-Hosted" }, { name: "PRODUCTION" }] }),
        runner({ labels: [{ name: "self-hosted" }] }),
        runner({ runner_group_id: 1 }),
        runner({ version: "2.300.0" }),
      ]),
      context,
    );
    expect(health).toMatchObject({ healthy: true, online: 2, idle: 2, outdated: 1, misplaced: 1 });
  });

  it("min_idle 0: an online runner is enough, busy or not; none online is not", () => {
    expect(assessGroup(config({ min_idle: 0 }), 0, org([runner({ busy: true })]), context).healthy).toBe(true);
    expect(assessGroup(config({ min_idle: 0 }), 0, org([runner({ status: "offline" })]), context).healthy).toBe(false);
  });

  it("min_online with a busy ceiling, for autoscaled groups", () => {
    const busy = [runner({ busy: true }), runner({ busy: true }), runner({ busy: true }), runner()];
    expect(assessGroup(config({ min_online: 4, max_busy_percent: 75 }), 0, org(busy), context).healthy).toBe(true);
    const over = assessGroup(config({ min_online: 4, max_busy_percent: 50 }), 0, org(busy), context);
    expect(over).toMatchObject({ healthy: false });
    expect(over.reasons[0]).toBe("3 of 4 online runners busy (75 %), max_busy_percent is 50");
    expect(assessGroup(config({ min_online: 5 }), 0, org(busy), context).reasons[0]).toBe("4 online, min_online is 5");
  });

  it("failover eligibility: approval, and a group restricted to selected repositories (private is open to every private repository)", () => {
    const runners = [runner()];
    expect(assessGroup(config({ approved_for_failover: true }), 1, org(runners), context)).toMatchObject({ healthy: true, eligible: true });
    expect(assessGroup(config({ approved_for_failover: true }), 1, org(runners, { visibility: "private" }), context)).toMatchObject({
      eligible: false,
      refusals: [{ kind: "open-to-other-repositories" }],
    });
    expect(assessGroup(config({ approved_for_failover: true }), 1, org(runners, { visibility: "all" }), context).eligible).toBe(false);
    expect(assessGroup(config(), 1, org(runners), context).eligible).toBe(false);
    // The primary needs no approval; repository runners are the repository's own.
    expect(assessGroup(config(), 0, org(runners, { visibility: "all" }), context).eligible).toBe(true);
    expect(
      assessGroup(config({ group: undefined, approved_for_failover: true }), 1, { kind: "repository", runners: [runner({ runner_group_id: 1 })] }, context),
    ).toMatchObject({ healthy: true, eligible: true });
  });

  it("workflow restrictions: admitted, not admitted, and unknown (fail closed)", () => {
    const restricted = (selected: string[]) => org([runner()], { restricted_to_workflows: true, selected_workflows: selected });
    expect(assessGroup(config(), 0, restricted(["acme/platform/.github/workflows/deploy.yml@refs/heads/main"]), context).healthy).toBe(true);
    expect(assessGroup(config(), 0, restricted(["acme/platform/.github/workflows/other.yml@refs/heads/main"]), context).healthy).toBe(false);
    const unknown = assessGroup(config(), 0, restricted(["acme/platform/.github/workflows/deploy.yml@refs/heads/main"]), { ...context, workflow: undefined });
    expect(unknown.reasons[0]).toContain("the deploy workflow is not known");
  });

  it("a group that is missing, or not available to the repository", () => {
    expect(assessGroup(config(), 0, { kind: "unavailable", exists: false }, context).reasons[0]).toBe("runner group 'prod' does not exist in acme");
    expect(assessGroup(config(), 0, { kind: "unavailable", exists: true }, context).reasons[0]).toBe(
      "runner group 'prod' is not available to acme/platform (repository access)",
    );
  });
});

describe("the walk", () => {
  const healthy = (name: string, eligible = true) => ({ ...assessGroup(config({ name, approved_for_failover: eligible }), 1, org([runner()]), context), name });
  const sick = (name: string) => ({ ...assessGroup(config({ name }), 0, org([runner({ status: "offline" })]), context), name });

  it("takes the first healthy group; later ones only when eligible", () => {
    expect(planRoute("production", [healthy("a"), healthy("b")]).group).toBe("a");
    expect(planRoute("production", [sick("a"), healthy("b", false), healthy("c")])).toMatchObject({ group: "c", failover: true });
    expect(planRoute("production", [sick("a"), healthy("b", false)])).toMatchObject({ group: null, failover: false });
  });
});

describe("workflow references", () => {
  it("parses GitHub's forms and matches selected_workflows entries", () => {
    expect(parseWorkflowRef(".github/workflows/deploy.yml", "Acme/Platform", "main")).toEqual({
      repository: "acme/platform",
      path: ".github/workflows/deploy.yml",
      ref: "refs/heads/main",
    });
    const ref = parseWorkflowRef("acme/platform/.github/workflows/deploy.yml@refs/heads/main", "x/y");
    expect(ref).toBeDefined();
    if (ref === undefined) return;
    expect(entryAdmits("acme/platform/.github/workflows/deploy.yml@main", ref)).toBe(true);
    expect(entryAdmits("ACME/platform/.github/workflows/deploy.yml@refs/heads/main", ref)).toBe(true);
    expect(entryAdmits("acme/platform/.github/workflows/*.yml@*", ref)).toBe(true);
    expect(entryAdmits("acme/platform/.github/workflows/deploy.yml@refs/heads/release", ref)).toBe(false);
    expect(entryAdmits("acme/other/.github/workflows/deploy.yml@main", ref)).toBe(false);
    expect(entryAdmits("acme/platform/.github/workflows/deploy.yml", { ...ref, ref: undefined })).toBe(false);
  });

  it("the configured path takes its ref from the running workflow, else GITHUB_REF", () => {
    const running = { GITHUB_WORKFLOW_REF: "acme/platform/.github/workflows/deploy.yml@refs/tags/v1" };
    expect(resolveWorkflow(".github/workflows/deploy.yml", "acme/platform", running)?.ref).toBe("refs/tags/v1");
    expect(resolveWorkflow(".github/workflows/deploy.yml", "acme/platform", { GITHUB_REF: "refs/heads/main" })?.ref).toBe("refs/heads/main");
    expect(resolveWorkflow(undefined, "acme/platform", running)?.path).toBe(".github/workflows/deploy.yml");
    expect(resolveWorkflow(undefined, "acme/platform", {})).toBeUndefined();
  });
});

describe("API economy", () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startEmulator(exampleScenario("failover.yml"));
  });
  afterAll(async () => {
    await emulator.close();
  });

  it("at most one listing per group; on repeat every request is conditional and answered 304", async () => {
    const { client } = testClient(emulator);
    const setup = {
      environment: "production",
      repo: { owner: "acme", repo: "platform" },
      groups: [
        config({ group: "prod-primary", labels: ["self-hosted", "production"] }),
        config({ name: "secondary", group: "prod-secondary", labels: ["self-hosted", "production"], approved_for_failover: true }),
      ],
      minRunnerVersion: undefined,
      workflow: context.workflow,
      onApiError: "fail" as const,
    };
    const first = await decideRoute(client, setup);
    expect(first.group).toBe("primary");
    expect(client.stats.snapshot()).toMatchObject({ requests: 3, not_modified: 0 });
    const again = await decideRoute(client, setup);
    expect(again).toEqual(first);
    expect(client.stats.snapshot()).toMatchObject({ requests: 6, not_modified: 3 });
  });
});

describe("the watchdog finds the configured jobs however GitHub names them", () => {
  it("the same name, a matrix leg, or the job of a called reusable workflow (`caller / job`)", async () => {
    const { jobIs } = await import("../../src/route/watchdog-plan.js");
    expect(jobIs("route", "route")).toBe(true);
    expect(jobIs("deploy-primary (eu)", "deploy-primary")).toBe(true);
    expect(jobIs("production / route", "route")).toBe(true);
    expect(jobIs("production / deploy-primary", "deploy-primary")).toBe(true);
    expect(jobIs("production / deploy-secondary", "deploy-primary")).toBe(false);
    expect(jobIs("reroute", "route")).toBe(false);
  });
});
