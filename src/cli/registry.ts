/**
 * Every runwarden command, once. The program (program.ts), the GitHub Action's accepted commands and
 * inputs (action-inputs.ts), action.yml, the root help's exit codes and the README's command table are
 * derived from this list or checked against it (test/cli/registry.test.ts). A command's run module is
 * imported only when that command runs.
 */
import type { CommandDef } from "./command.js";
import { auditCommands } from "./commands/audit/index.js";
import { configCommands } from "./commands/config/index.js";
import { deployCommand } from "./commands/deploy/index.js";
import { diagnoseCommand } from "./commands/diagnose/index.js";
import { fleetCommand } from "./commands/fleet/index.js";
import { gateCommand } from "./commands/gate/index.js";
import { historyCommand } from "./commands/history/index.js";
import { inventoryCommands } from "./commands/inventory/index.js";
import { lintCommand } from "./commands/lint/index.js";
import { maskCommand } from "./commands/mask/index.js";
import { metricsCommand } from "./commands/metrics/index.js";
import { monitoringCommands } from "./commands/monitoring/index.js";
import { preflightCommand } from "./commands/preflight/index.js";
import { reportCommand } from "./commands/report/index.js";
import { routeCommand } from "./commands/route/index.js";
import { sandboxCommands } from "./commands/sandbox/index.js";
import { serveCommand } from "./commands/serve/index.js";
import { versionCommand } from "./commands/version/index.js";
import { watchdogCommand } from "./commands/watchdog/index.js";

/** In the order `runwarden --help` lists them: the deploy's path first, then tools. */
export const COMMANDS: readonly CommandDef[] = [
  configCommands,
  fleetCommand,
  routeCommand,
  preflightCommand,
  gateCommand,
  deployCommand,
  diagnoseCommand,
  watchdogCommand,
  historyCommand,
  reportCommand,
  serveCommand,
  metricsCommand,
  monitoringCommands,
  lintCommand,
  auditCommands,
  inventoryCommands,
  maskCommand,
  sandboxCommands,
  versionCommand,
];

/** Every command the Action offers, by its `command:` value. */
export function actionCommands(): ReadonlyMap<string, NonNullable<CommandDef["action"]>[number]> {
  return new Map(COMMANDS.flatMap((command) => command.action ?? []).map((entry) => [entry.id, entry]));
}

/** The root help's exit-code block, with exit 1 spelled out per command. */
export function exitCodesHelp(): string {
  const negatives = COMMANDS.flatMap((command) => (command.negative === undefined ? [] : [`\n       ${command.name}: ${command.negative}`]));
  return `
Exit codes:
  0  ok / healthy
  1  negative verdict:${negatives.join("")}
  2  bad input (usage, config, inventory) — the message names file:line:col
  3  could not decide (GitHub or Prometheus unreachable, internal error)`;
}
