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
  intact?: boolean;
  entries_checked?: number;
  first_seq?: number;
  last_seq?: number;
  keyed?: boolean;
  checkpoints_found?: number;
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
  const range = json.first_seq === undefined ? "" : ` (seq ${json.first_seq}–${String(json.last_seq)})`;
  return `${String(json.entries_checked ?? 0)} entries${range}, ${json.keyed === true ? "HMAC-keyed" : "plain SHA-256"}, ${String(json.checkpoints_checked ?? 0)} of ${String(json.checkpoints_found ?? 0)} signed checkpoints checked`;
}

interface EnvironmentReport {
  environment: string;
  deploys: number;
  succeeded: number;
  success_rate: number | null;
  p95_seconds: number | null;
  failovers: number;
  failovers_succeeded: number;
  failure_classes: { failure_class: string; count: number }[];
  slo: { met: boolean; success_rate_target: number; p95_target_seconds: number };
}

async function reportFigures(ctx: SandboxContext, config: string): Promise<Record<string, unknown> | null> {
  const report = await verb(ctx, ["report", "-c", config, "-e", "production", "--json"]);
  if (report.code === 2 && /unknown command/.test(report.stderr)) {
    ctx.say.fact("report", ctx.say.style.dim("runwarden report is not in this build yet"));
    return null;
  }
  const json = (report.json ?? {}) as { environments?: EnvironmentReport[] };
  const env = json.environments?.find((e) => e.environment === "production");
  if (env === undefined) {
    ctx.say.fact("report", ctx.say.style.red(`no figures (exit ${report.code})`));
    return json;
  }
  const { style } = ctx.say;
  const rate = env.success_rate === null ? "n/a" : `${(env.success_rate * 100).toFixed(0)} %`;
  const p95 = env.p95_seconds === null ? "n/a" : `${env.p95_seconds.toFixed(1)} s`;
  ctx.say.fact(
    "report",
    `${env.deploys} deploys, ${env.succeeded} succeeded: success rate ${style.bold(rate)}, p95 ${style.bold(p95)}, ${env.failovers} failover(s) (${env.failovers_succeeded} succeeded)`,
  );
  const classes = env.failure_classes.map((c) => `${c.count} ${c.failure_class}`).join(", ");
  if (classes !== "") ctx.say.fact("", `failure classes: ${classes}`);
  ctx.say.fact(
    "",
    `SLO (${(env.slo.success_rate_target * 100).toFixed(0)} %, p95 ≤ ${env.slo.p95_target_seconds} s): ${env.slo.met ? style.green("met") : style.yellow("breached")} — exit ${report.code}; the sandbox's acts fail on purpose`,
  );
  return json;
}

async function prometheusFigures(ctx: SandboxContext): Promise<Record<string, string | null> | null> {
  if (ctx.prometheus === undefined) return null;
  const queries: Record<string, string> = {
    apps_up: 'count(up{job="app"} == 1)',
    requests_served: "sum(http_requests_total)",
    health_checks: 'sum(http_requests_total{path="/health"})',
    version_checks: 'sum(http_requests_total{path="/version"})',
    runwarden_up: 'up{job="runwarden"}',
    runwarden_deploys: "sum(runwarden_deploys_total)",
    runwarden_failovers: "sum(runwarden_failovers_total)",
    runwarden_healthy_groups: "sum(runwarden_environment_healthy_groups)",
  };
  const values: Record<string, string | null> = {};
  for (const [name, expr] of Object.entries(queries)) values[name] = (await ctx.prometheus.query(expr)) ?? null;
  ctx.say.fact(
    "Prometheus",
    `${values.apps_up ?? "0"} apps up; they served ${values.requests_served ?? "0"} requests (${values.health_checks ?? "0"} /health, ${values.version_checks ?? "0"} /version) — the gates' probes`,
  );
  if (values.runwarden_up === "1")
    ctx.say.fact(
      "",
      `runwarden serve: ${values.runwarden_deploys ?? "0"} deploy attempts, ${values.runwarden_failovers ?? "0"} failover(s), ${values.runwarden_healthy_groups ?? "0"} healthy runner group(s) now (runwarden_* metrics)`,
    );
  return values;
}

function sayWhere(ctx: SandboxContext): void {
  const p = ctx.paths;
  ctx.say.fact("files", p.dir);
  ctx.say.fact("", `runwarden.yml · inventory/hosts · playbooks/deploy.yml · github-scenario.yml`);
  ctx.say.fact(
    "",
    `state/runwarden.db (history, lock, audit chain) · state/audit-checkpoints.jsonl · logs/ (masked deploy logs) · steps/ (each deploy step's output)`,
  );
}
