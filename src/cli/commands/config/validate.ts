import type { LoadedConfig } from "../../../config/load.js";
import { storeText } from "../../../config/schema/store.js";
import { EXIT, type ExitCode } from "../../../model/result.js";
import { markdownTable } from "../../../output/github.js";
import type { Io } from "../../../output/io.js";
import { emitReport, type Report } from "../../../output/report.js";
import { table } from "../../../output/style.js";

interface EnvironmentSummary {
  readonly name: string;
  readonly hosts: string;
  readonly runner_groups: readonly string[];
  readonly preflight_checks: number;
  readonly gates: number;
  readonly deploy: boolean;
}

interface ValidateData {
  readonly valid: true;
  readonly file: string;
  readonly inventory: readonly string[];
  readonly store: string;
  readonly environments: readonly EnvironmentSummary[];
}

function summarise(loaded: LoadedConfig, shownPath: string): ValidateData {
  const { config } = loaded;
  return {
    valid: true,
    file: shownPath,
    inventory: config.inventory,
    store: storeText(config.store),
    environments: Object.entries(config.environments).map(([name, env]) => ({
      name,
      hosts: env.hosts,
      runner_groups: env.runner_groups.map((group) => group.name),
      preflight_checks: env.preflight?.length ?? 0,
      gates: env.gates?.length ?? 0,
      deploy: env.deploy !== undefined,
    })),
  };
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

export function validateReport(data: ValidateData): Report<ValidateData> {
  const rows = data.environments.map((env) => [
    env.name,
    env.hosts,
    env.runner_groups.join(" → "),
    plural(env.preflight_checks, "check"),
    plural(env.gates, "gate"),
    env.deploy ? "deploy" : "no deploy",
  ]);
  return {
    exitCode: EXIT.ok,
    data,
    text: (style) =>
      [
        `${style.green("✓")} ${style.bold(data.file)} is valid — ${plural(data.environments.length, "environment")}`,
        table([["environment", "hosts", "runner groups", "preflight", "gates", ""].map(style.dim), ...rows]),
        `${style.dim("inventory:")} ${data.inventory.length === 0 ? "(none)" : data.inventory.join(", ")}   ${style.dim("store:")} ${data.store}`,
      ].join("\n"),
    github: {
      outputs: { valid: "true" },
      summary: `### runwarden config: \`${data.file}\` is valid\n\n${markdownTable(
        ["environment", "hosts", "runner groups", "preflight", "gates"],
        rows.map((row) => row.slice(0, 5)),
      )}`,
    },
  };
}

/** `runwarden config validate`: schema, templates and references of runwarden.yml. */
export async function configValidate(options: { config: string; json: boolean }, io: Io): Promise<ExitCode> {
  const { loadConfig } = await import("../../../config/load.js");
  const loaded = loadConfig(options.config, { cwd: io.cwd });
  return emitReport(io, validateReport(summarise(loaded, options.config)), { json: options.json });
}
