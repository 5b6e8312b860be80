/**
 * The hand-computed history of known.ts as SQL for the `sqlite3` shell, its times relative to the
 * moment it runs (ten days ago onwards), and the runwarden.yml that reports it: what the examples
 * of docs/report.md run against (test/docs/page-setup.ts) and what test/report/cli.test.ts runs.
 */
import { SECOND } from "./history.js";
import { knownHistory } from "./known.js";

export const REPORT_CONFIG = `inventory: inventories/production/hosts
store: sqlite:.runwarden/state.db
slo:
  success_rate: 0.95
  p95: 10m
  window: 30d
environments:
  production:
    hosts: production
    runner_groups: [{ name: primary, group: prod-primary, labels: [self-hosted, production] }]
  staging:
    hosts: production
    runner_groups: [{ name: primary, labels: [self-hosted, staging] }]
    slo: { p95: 20m }
`;

const quote = (text: string): string => `'${text.replaceAll("'", "''")}'`;

/** INSERT statements into a store already migrated (run any runwarden command that opens it first). */
export function knownHistorySql(): string {
  const lines = ["CREATE TEMP TABLE t0 AS SELECT CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) - 10 * 86400000 AS v;"];
  const at = (offset: number): string => `(SELECT v FROM t0) + ${offset}`;
  for (const deploy of knownHistory(0)) {
    deploy.executions.forEach((execution, index) => {
      const next = deploy.executions[index + 1];
      const finished = execution.seconds === undefined ? "NULL" : at(execution.startedAt + execution.seconds * SECOND);
      const outcome = execution.outcome === "running" ? "NULL" : quote(execution.outcome);
      const failureClass = execution.failureClass === undefined || execution.outcome === "success" ? "NULL" : quote(execution.failureClass);
      const failover = next !== undefined && next.attempt === execution.attempt ? 1 : 0;
      lines.push(
        "INSERT INTO rw_deploy_attempts (environment, sha, ref, run_id, run_attempt, actor, runner, runner_group, outcome, failure_class, failover, started_at, finished_at, queued_at) VALUES " +
          `(${quote(deploy.environment)}, '4c2a6f0e8b1d3a5c7e9f0b2d4a6c8e0f1a3b5c7d', 'refs/heads/main', '${deploy.runId}', ${execution.attempt}, 'alice', 'prod-a-1', 'primary', ${outcome}, ${failureClass}, ${failover}, ${at(execution.startedAt)}, ${finished}, ${at(execution.queuedAt)});`,
      );
    });
  }
  return `${lines.join("\n")}\n`;
}
