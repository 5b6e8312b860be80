/** The acts in order (or one alone: `--scenario NAME`, a drill), each timed and judged, then the finale. */
import { checkAborted, type SandboxContext } from "../context.js";
import { Checks, type ActName, type ActRecord } from "../types.js";
import { brokenTask } from "./broken-task.js";
import { finale } from "./finale.js";
import { goodDeploy } from "./good-deploy.js";
import { nothingHealthy } from "./nothing-healthy.js";
import { runnerDies } from "./runner-dies.js";

interface ActDef {
  readonly name: ActName;
  readonly number: number;
  readonly title: string;
  readonly why: string;
  readonly play: (ctx: SandboxContext, checks: Checks) => Promise<Record<string, unknown>>;
}

export const ACTS: readonly ActDef[] = [
  {
    name: "good-deploy",
    number: 1,
    title: "a good deploy",
    why: "route → deploy (guards, lock, GitHub deployment, preflight, ansible-playbook, gates) → audit → deployment status",
    play: goodDeploy,
  },
  {
    name: "runner-dies",
    number: 2,
    title: "the runner dies mid-deploy",
    why: "the primary's runner is lost while it deploys: diagnose names the cause, route picks the secondary, the deploy completes there",
    play: runnerDies,
  },
  {
    name: "broken-task",
    number: 3,
    title: "a failure that must not fail over",
    why: "the release itself is broken: another runner would fail the same way, so runwarden does not fail over",
    play: brokenTask,
  },
  {
    name: "nothing-healthy",
    number: 4,
    title: "nothing healthy",
    why: "both runner groups are down: route fails fast instead of a 24-hour queue; the watchdog decides for a queued run",
    play: nothingHealthy,
  },
];

async function play(
  ctx: SandboxContext,
  name: ActRecord["name"],
  title: string,
  run: (checks: Checks) => Promise<Record<string, unknown>>,
): Promise<ActRecord> {
  const started = performance.now();
  const checks = new Checks();
  let outcome: Record<string, unknown> = {};
  let error: string | undefined;
  try {
    checkAborted(ctx);
    outcome = await run(checks);
  } catch (e: unknown) {
    error = ctx.signal.aborted ? "interrupted (Ctrl-C)" : e instanceof Error ? e.message : String(e);
  }
  const record: ActRecord = {
    name,
    title,
    ok: error === undefined && checks.ok && checks.list.length > 0,
    ms: Math.round(performance.now() - started),
    expectations: checks.list,
    outcome,
    ...(error === undefined ? {} : { error }),
  };
  ctx.say.verdict(record);
  return record;
}

export async function runActs(ctx: SandboxContext, only: ActName | undefined): Promise<ActRecord[]> {
  const records: ActRecord[] = [];
  for (const act of ACTS.filter((a) => only === undefined || a.name === only)) {
    if (ctx.signal.aborted) break;
    ctx.say.act(act.number, act.title, act.why);
    records.push(await play(ctx, act.name, `Act ${act.number} (${act.name})`, (checks) => act.play(ctx, checks)));
  }
  if (!ctx.signal.aborted) {
    ctx.say.act("finale", "Finale — what runwarden recorded", "the audit chain verified, the deploy report, what Prometheus holds, where everything lives");
    records.push(await play(ctx, "finale", "Finale", (checks) => finale(ctx, checks, records)));
  }
  return records;
}
