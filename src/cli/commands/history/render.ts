/** Renderers of `runwarden history`: the attempts as JSON data and as a table. */
import { formatMs } from "../../../checks/format.js";
import type { Masker } from "../../../mask/index.js";
import { EXIT } from "../../../model/result.js";
import type { Report } from "../../../output/report.js";
import { table, type Style } from "../../../output/style.js";
import type { AttemptRecord, AttemptStatus, HostRecap, StageRecord } from "../../../store/types.js";

/** Per-host PLAY RECAP totals: how many hosts, and how many of them changed, failed, were unreachable. */
export interface RecapSummary {
  readonly hosts: number;
  readonly ok: number;
  readonly changed: number;
  readonly failed: number;
  readonly unreachable: number;
}

export interface HistoryAttempt {
  readonly id: number;
  readonly environment: string;
  readonly sha: string;
  readonly ref: string;
  readonly run_id: string;
  readonly run_attempt: number;
  readonly actor: string;
  readonly runner: string;
  readonly runner_group: string | null;
  /** The outcome; `running` while its lease is current, `aborted` once it expired without one. */
  readonly outcome: AttemptStatus;
  readonly failure_class: string | null;
  readonly failover: boolean;
  readonly deployment_id: number | null;
  readonly lock_token: number | null;
  readonly stages: readonly StageRecord[];
  readonly hosts: readonly HostRecap[];
  readonly recap: RecapSummary;
  readonly started_at: string;
  readonly finished_at: string | null;
  readonly duration_ms: number | null;
}

export interface HistoryData {
  /** `sqlite:/abs/path` or the PostgreSQL URL (never a password). */
  readonly store: string;
  readonly environment: string | null;
  readonly limit: number;
  readonly attempts: readonly HistoryAttempt[];
}

export function recapSummary(hosts: readonly HostRecap[]): RecapSummary {
  return {
    hosts: hosts.length,
    ok: hosts.filter((h) => h.failed === 0 && h.unreachable === 0).length,
    changed: hosts.filter((h) => h.changed > 0).length,
    failed: hosts.filter((h) => h.failed > 0).length,
    unreachable: hosts.filter((h) => h.unreachable > 0).length,
  };
}

function attemptData(record: AttemptRecord, masker: Masker): HistoryAttempt {
  // Stage details are masked when written; masked again here for rows written by older versions.
  const stages = record.stages.map((s) => (s.detail === undefined ? s : { ...s, detail: masker.mask(s.detail) }));
  return {
    id: record.id,
    environment: record.environment,
    sha: record.sha,
    ref: record.ref,
    run_id: record.runId,
    run_attempt: record.runAttempt,
    actor: record.actor,
    runner: record.runner,
    runner_group: record.runnerGroup ?? null,
    outcome: record.status,
    failure_class: record.failureClass,
    failover: record.failover,
    deployment_id: record.deploymentId ?? null,
    lock_token: record.lockToken ?? null,
    stages,
    hosts: record.hosts,
    recap: recapSummary(record.hosts),
    started_at: new Date(record.startedAt).toISOString(),
    finished_at: record.finishedAt === undefined ? null : new Date(record.finishedAt).toISOString(),
    duration_ms: record.finishedAt === undefined ? null : record.finishedAt - record.startedAt,
  };
}

const PAINT: Readonly<Record<AttemptStatus, keyof Pick<Style, "green" | "red" | "yellow" | "cyan">>> = {
  success: "green",
  skipped: "green",
  failure: "red",
  refused: "red",
  aborted: "yellow",
  running: "cyan",
};

/** `command ✗` — the stage that decided, or how far it got. */
function stagesText(stages: readonly StageRecord[]): string {
  const ran = stages.filter((s) => s.status !== "skipped");
  const stopped = ran.find((s) => s.status !== "success");
  if (stopped !== undefined) return `${stopped.name} ${stopped.status}`;
  const last = ran.filter((s) => s.name !== "release" && s.name !== "status").at(-1);
  return last === undefined ? "" : `${ran.length} ok (last: ${last.name})`;
}

function recapText(recap: RecapSummary): string {
  if (recap.hosts === 0) return "";
  const bad = [recap.failed > 0 ? `${recap.failed} failed` : "", recap.unreachable > 0 ? `${recap.unreachable} unreachable` : ""].filter((x) => x !== "");
  return `${recap.hosts} host(s): ${recap.ok} ok, ${recap.changed} changed${bad.length === 0 ? "" : `, ${bad.join(", ")}`}`;
}

function text(data: HistoryData, style: Style): string {
  const scope = data.environment === null ? "" : ` of ${data.environment}`;
  if (data.attempts.length === 0) return `no deploy attempts${scope} in ${data.store}`;
  const rows = data.attempts.map((a) => [
    String(a.id),
    a.started_at.replace("T", " ").replace(/\.\d+Z$/, "Z"),
    a.duration_ms === null ? "" : formatMs(a.duration_ms),
    a.environment,
    a.sha.slice(0, 12),
    a.ref.replace(/^refs\/heads\//, ""),
    `${a.run_id}#${a.run_attempt}`,
    a.actor,
    a.runner_group === null ? a.runner : `${a.runner} (${a.runner_group})`,
    style[PAINT[a.outcome]](a.outcome),
    a.failure_class === null ? "" : `${a.failure_class}${a.failover ? ", failover" : ""}`,
    stagesText(a.stages),
    recapText(a.recap),
  ]);
  const header = ["id", "started", "took", "environment", "sha", "ref", "run", "actor", "runner (group)", "outcome", "class", "stages", "hosts"].map(style.dim);
  return [style.bold(`${data.attempts.length} deploy attempt(s)${scope}, newest first (${data.store})`), "", table([header, ...rows])].join("\n");
}

export function historyReport(
  input: { store: string; environment: string | null; limit: number; attempts: readonly AttemptRecord[] },
  masker: Masker,
): Report<HistoryData> {
  const data: HistoryData = {
    store: input.store,
    environment: input.environment,
    limit: input.limit,
    attempts: input.attempts.map((a) => attemptData(a, masker)),
  };
  return { exitCode: EXIT.ok, data, text: (style) => text(data, style) };
}
