/**
 * `runwarden inventory`: Ansible inventories as Ansible reads them.
 *
 * - `-i PATH… --list`   = `ansible-inventory -i PATH --list` (same JSON, byte for byte)
 * - `--host H`          = `ansible-inventory --host H`
 * - `--graph [GROUP]`   = `ansible-inventory --graph [GROUP]`
 * - `--hosts PATTERN`   = `ansible PATTERN -i PATH --list-hosts`
 * - `inventory check`   sanity checks (loopback targets, literal IPs, missing variables, …) and
 *                       the runner-host rules (inventory/runner-hosts.ts)
 *
 * Vault ciphertexts are shown as `{"__ansible_vault": "***"}` and also registered with the masker
 * as they are printed, so they appear nowhere in the output.
 */
import type { DumpOptions, Finding, Inventory } from "../../../inventory/index.js";
import { UsageError, formatLocation } from "../../../model/errors.js";
import { EXIT, type ExitCode } from "../../../model/result.js";
import { markdownTable } from "../../../output/github.js";
import type { Io } from "../../../output/io.js";
import { emitReport, type Report } from "../../../output/report.js";
import { table } from "../../../output/style.js";
import { keepYoungGenerationSmall } from "../../heap.js";

export interface InventoryOptions {
  readonly inventory: string[];
  /** runwarden.yml whose `inventory:` is used when no `-i` is given. */
  readonly config?: string;
  readonly list?: boolean;
  readonly host?: string;
  readonly graph?: string | boolean;
  readonly hosts?: string;
  readonly json?: boolean;
}

export interface InventoryCheckOptions {
  readonly inventory: string[];
  readonly config?: string;
  readonly pattern?: string;
  readonly require?: string[];
  /** Inventory groups of runner hosts (default: runner_primary, runner_secondary). */
  readonly runnerGroups?: string[];
  readonly json?: boolean;
}

/** `-i` sources, else the `inventory:` of runwarden.yml (when `--config` names one or ./runwarden.yml exists). */
async function sourcesOf(options: { readonly inventory: readonly string[]; readonly config?: string }, io: Io): Promise<readonly string[]> {
  if (options.inventory.length > 0) return options.inventory;
  const { existsSync } = await import("node:fs");
  const { resolve } = await import("node:path");
  const configFile = options.config ?? "runwarden.yml";
  if (options.config === undefined && !existsSync(resolve(io.cwd, configFile))) {
    throw new UsageError("no inventory given: pass -i PATH (a file, a directory or host1,host2,), or run where runwarden.yml names one");
  }
  const { loadConfig, resolvePath } = await import("../../../config/load.js");
  const loaded = loadConfig(configFile, { cwd: io.cwd });
  return loaded.config.inventory.map((path) => resolvePath(loaded, path));
}

async function load(options: { readonly inventory: readonly string[]; readonly config?: string }, io: Io): Promise<Inventory> {
  const sources = await sourcesOf(options, io);
  const { loadInventory } = await import("../../../inventory/index.js");
  return loadInventory(sources, { cwd: io.cwd, playbookDir: io.cwd });
}

/** What the CLI prints vault values as: redacted, and their ciphertext registered with the masker. */
function vaultOptions(io: Io): DumpOptions {
  return { redactVaults: true, onVault: (vault) => io.masker.addSecret(vault.ciphertext, "an !vault value in the inventory", { minLength: 1 }) };
}

function warn(io: Io, inventory: Inventory, extra: readonly string[] = []): void {
  for (const warning of inventory.warnings) io.stderr.write(`[WARNING]: ${formatLocation(warning.location)}: ${warning.message}\n`);
  for (const message of extra) io.stderr.write(`[WARNING]: ${message}\n`);
}

interface GraphNode {
  readonly group: string;
  readonly children: GraphNode[];
  readonly hosts: string[];
}

function graphData(inventory: Inventory, name: string): GraphNode {
  const group = inventory.group(name);
  return {
    group: name,
    children: (group?.childGroups ?? []).map((child) => graphData(inventory, child.name)),
    hosts: name === "all" ? [] : (group?.hosts ?? []).map((host) => host.name),
  };
}

/** `runwarden inventory -i PATH (--list | --host H | --graph [GROUP] | --hosts PATTERN)` */
export async function inventory(options: InventoryOptions, io: Io): Promise<ExitCode> {
  const actions = [options.list === true, options.host !== undefined, options.graph !== undefined && options.graph !== false, options.hosts !== undefined];
  const chosen = actions.filter(Boolean).length;
  if (chosen === 0) throw new UsageError("no action selected: give one of --list, --host HOST, --graph [GROUP] or --hosts PATTERN");
  if (chosen > 1) throw new UsageError("conflicting options: only one of --list, --host, --graph or --hosts can be used at a time");
  keepYoungGenerationSmall();
  const inv = await load(options, io);
  const render = await import("../../../inventory/index.js");
  if (options.list === true) {
    // Rendered whole before anything is printed (a vars file that fails to load prints nothing),
    // then written in pieces: never joined into one string.
    const parts = render.listJsonParts(inv, vaultOptions(io));
    warn(io, inv);
    await io.stdout.writePieces([...parts, "\n"]);
    return EXIT.ok;
  }
  if (options.host !== undefined) {
    const text = render.hostJson(inv, options.host, vaultOptions(io));
    warn(io, inv);
    io.stdout.write(`${text}\n`);
    return EXIT.ok;
  }
  if (options.hosts !== undefined) {
    const pattern = options.hosts;
    const { hosts, warnings } = render.selectHostNames(inv, pattern);
    warn(io, inv, options.json === true ? [] : [...warnings, ...(hosts.length === 0 ? ["No hosts matched, nothing to do"] : [])]);
    const report: Report<{ pattern: string; hosts: string[]; warnings: string[] }> = {
      exitCode: EXIT.ok,
      data: { pattern, hosts, warnings },
      text: () => render.listHostsText(hosts),
      github: { outputs: { hosts: hosts.join(","), count: String(hosts.length) } },
    };
    return emitReport(io, report, { json: options.json === true });
  }
  const group = typeof options.graph === "string" && options.graph !== "" ? options.graph : "all";
  const text = render.graph(inv, group);
  warn(io, inv);
  const report: Report<GraphNode> = { exitCode: EXIT.ok, data: graphData(inv, group), text: () => text };
  return emitReport(io, report, { json: options.json === true });
}

interface CheckData {
  readonly pattern: string;
  readonly hosts: number;
  readonly counts: { readonly error: number; readonly warning: number; readonly notice: number };
  readonly findings: readonly Finding[];
}

export function checkReport(data: CheckData): Report<CheckData> {
  const { error, warning, notice } = data.counts;
  const verdict = error > 0 ? "fail" : "ok";
  const rows = data.findings.map((finding) => [finding.severity, formatLocation(finding.location), finding.message]);
  return {
    exitCode: error > 0 ? EXIT.negative : EXIT.ok,
    data,
    text: (style) => {
      const mark = error > 0 ? style.red("✗") : style.green("✓");
      const head = `${mark} pattern '${data.pattern}': ${data.hosts} host(s) — ${error} error(s), ${warning} warning(s), ${notice} notice(s)`;
      if (rows.length === 0) return head;
      const paint = (severity: string): string =>
        severity === "error" ? style.red(severity) : severity === "warning" ? style.yellow(severity) : style.dim(severity);
      const hints = data.findings
        .filter((finding) => finding.hint !== undefined)
        .map((finding) => `  ${style.cyan("hint:")} ${finding.id}: ${finding.hint ?? ""}`);
      return [head, table(rows.map(([severity = "", where = "", message = ""]) => [paint(severity), where, message])), ...[...new Set(hints)]].join("\n");
    },
    github: {
      outputs: { verdict, errors: String(error), warnings: String(warning) },
      annotations: data.findings.map((finding) => ({
        level: finding.severity,
        title: finding.id,
        message: finding.hint === undefined ? finding.message : `${finding.message}\n${finding.hint}`,
        file: finding.location.file,
        ...(finding.location.line === undefined ? {} : { line: finding.location.line }),
      })),
      summary: `### runwarden inventory check: ${verdict} (pattern \`${data.pattern}\`)\n\n${
        rows.length === 0 ? "No findings." : markdownTable(["severity", "where", "finding"], rows)
      }`,
    },
  };
}

/** `runwarden inventory check -i PATH [--pattern P] [--require VAR…]`: exit 1 on error findings. */
export async function inventoryCheck(options: InventoryCheckOptions, io: Io): Promise<ExitCode> {
  const inv = await load(options, io);
  const { checkInventory, selectHosts } = await import("../../../inventory/index.js");
  const pattern = options.pattern ?? "all";
  const { checkRunnerHosts } = await import("../../../inventory/runner-hosts.js");
  const selected = selectHosts(inv, pattern);
  const findings = [
    ...checkInventory(inv, { pattern, require: options.require ?? [] }),
    ...checkRunnerHosts(inv, { hosts: selected, ...(options.runnerGroups === undefined ? {} : { groups: options.runnerGroups }) }),
  ];
  const count = (severity: Finding["severity"]): number => findings.filter((finding) => finding.severity === severity).length;
  const data: CheckData = {
    pattern,
    hosts: selected.length,
    counts: { error: count("error"), warning: count("warning"), notice: count("notice") },
    findings,
  };
  return emitReport(io, checkReport(data), { json: options.json === true });
}
