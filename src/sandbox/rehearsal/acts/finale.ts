/**
 * Finale — what runwarden recorded: `audit verify` over the chain and its signed checkpoints, the
 * deploy history and report (deploys, success rate, p95, failovers), what Prometheus holds, and
 * where everything lives.
 */
import { jobEnv, type SandboxContext } from "../context.js";
import { COMMITS } from "../layout.js";
import { seconds } from "../narrate.js";
import type { ActRecord, Checks } from "../types.js";

interface VerifyJson {
  ok?: boolean;
  intact?: boolean;
  status?: string;
  entries_checked?: number;
  checkpoints_checked?: number;
  [key: string]: unknown;
}

async function verb(ctx: SandboxContext, argv: string[]) {
  return ctx.steps.run(argv, { env: jobEnv(ctx, { sha: COMMITS.A.sha, runId: 1, job: "finale" }), cwd: ctx.paths.dir });
}

export async function finale(ctx: SandboxContext, checks: Checks, acts: readonly ActRecord[]): Promise<Record<string, unknown>> {
  const { style } = ctx.say;
  const config = ctx.paths.config;
  const verify = await verb(ctx, ["audit", "verify", "-c", config, "--json"]);
  const verified = (verify.json ?? {}) as VerifyJson;
  const firstLine = verify.stderr.trim().split("\n")[0] ?? "";
  ctx.say.fact(
    "audit",
    `${verify.code === 0 ? style.green("✓ intact") : style.red("✗ BROKEN")} — ${summariseVerify(verified)}   ${style.dim(seconds(verify.ms))}`,
  );
  if (verify.code !== 0 && firstLine !== "") ctx.say.fact("", firstLine);
  checks.expect("audit verify: the chain is intact", verify.code === 0, verified);

  const history = await verb(ctx, ["history", "-c", config, "-e", "production", "--json"]);
  type Attempt = { status?: string; outcome?: string };
  const attempts: Attempt[] = Array.isArray(history.json) ? (history.json as Attempt[]) : (((history.json ?? {}) as { attempts?: Attempt[] }).attempts ?? []);
  const byStatus = new Map<string, number>();
  for (const a of attempts) {
    const status = a.status ?? a.outcome ?? "?";
    byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
  }
  ctx.say.fact("history", `${attempts.length} deploy attempts: ${[...byStatus].map(([s, n]) => `${n} ${s}`).join(", ")}`);
  const played = acts.filter((a) => a.name !== "finale").length;
  checks.expect(
    "history holds the acts' deploy attempts",
    attempts.length > 0 || played === 0 || acts.every((a) => a.name === "nothing-healthy"),
    attempts.length,
  );

  const report = await reportFigures(ctx, config);
  const metrics = await prometheusFigures(ctx);
  sayWhere(ctx);
  return { audit_verify: { code: verify.code, ...verified }, history: { attempts: attempts.length, by_status: Object.fromEntries(byStatus) }, report, metrics };
}

function summariseVerify(json: VerifyJson): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(json)) if (typeof value === "number") parts.push(`${key.replace(/_/g, " ")}: ${value}`);
  return parts.slice(0, 4).join(", ");
}

async function reportFigures(ctx: SandboxContext, config: string): Promise<Record<string, unknown> | null> {
  const report = await verb(ctx, ["report", "-c", config, "-e", "production", "--json"]);
  if (report.code === 2 && /unknown command/.test(report.stderr)) {
    ctx.say.fact("report", ctx.say.style.dim("runwarden report is not in this build yet"));
    return null;
  }
  const json = (report.json ?? {}) as Record<string, unknown>;
  ctx.say.fact("report", JSON.stringify(json).slice(0, 200));
  return json;
}

async function prometheusFigures(ctx: SandboxContext): Promise<Record<string, string | null> | null> {
  if (ctx.prometheus === undefined) return null;
  const queries: Record<string, string> = {
    apps_up: 'count(up{job="app"} == 1)',
    requests_served: "sum(http_requests_total)",
    health_checks: 'sum(http_requests_total{path="/health"})',
    version_checks: 'sum(http_requests_total{path="/version"})',
  };
  const values: Record<string, string | null> = {};
  for (const [name, expr] of Object.entries(queries)) values[name] = (await ctx.prometheus.query(expr)) ?? null;
  ctx.say.fact(
    "Prometheus",
    `${values.apps_up ?? "0"} apps up; they served ${values.requests_served ?? "0"} requests (${values.health_checks ?? "0"} /health, ${values.version_checks ?? "0"} /version) — the gates' probes`,
  );
  return values;
}

function sayWhere(ctx: SandboxContext): void {
  const p = ctx.paths;
  ctx.say.fact("files", p.dir);
  ctx.say.fact("", `runwarden.yml · inventory/hosts · playbooks/deploy.yml · github-scenario.yml`);
  ctx.say.fact("", `state/runwarden.db (history, lock, audit chain) · state/audit-checkpoints.jsonl · logs/ (masked deploy logs)`);
}
