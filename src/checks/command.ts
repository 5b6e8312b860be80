/** `command`: a program is on PATH (or at a path) and, optionally, at least a given version. */
import type { PreflightCheckOf } from "../config/schema.js";
import { InputError } from "../model/errors.js";
import type { KindDefinition } from "./context.js";
import { findOnPath, runProgram } from "./exec.js";
import { errorText, excerpt } from "./format.js";
import { DEFAULT_CHECK_TIMEOUT_MS, type Outcome, type Probe } from "./types.js";
import { compareVersions, findVersion } from "./version.js";

export interface CommandProbeOptions {
  readonly name: string;
  readonly minVersion?: string;
  /** Argument that makes the program print its version. Default `--version`. */
  readonly versionArg?: string;
  readonly timeoutMs: number;
}

export function commandProbe(options: CommandProbeOptions): Probe {
  return {
    timeoutMs: options.timeoutMs,
    async body(ctx, signal): Promise<Outcome> {
      const path = await findOnPath(options.name, ctx.env);
      if (path === undefined) {
        const where = options.name.includes("/") ? "" : " on PATH";
        return { status: "fail", summary: `${options.name} not found${where}`, evidence: [`PATH=${ctx.env.PATH ?? ""}`] };
      }
      if (options.minVersion === undefined) return { status: "pass", summary: `${options.name} is ${path}` };
      const arg = options.versionArg ?? "--version";
      let output: string;
      try {
        const result = await runProgram(path, [arg], { env: ctx.env, signal, maxChars: 8192 });
        output = `${result.stdout}\n${result.stderr}`.trim();
      } catch (e: unknown) {
        if (signal.aborted) throw e;
        return { status: "error", summary: `cannot run ${path} ${arg}: ${errorText(e)}` };
      }
      const firstLine = excerpt(output.split("\n")[0] ?? "", 200);
      const version = findVersion(output);
      if (version === undefined) {
        return { status: "error", summary: `no version in the output of ${options.name} ${arg}`, evidence: [firstLine] };
      }
      if (compareVersions(version, options.minVersion) < 0) {
        return { status: "fail", summary: `${options.name} ${version} is older than ${options.minVersion}`, evidence: [path, firstLine] };
      }
      return { status: "pass", summary: `${options.name} ${version} (≥ ${options.minVersion})`, evidence: [path, firstLine] };
    },
  };
}

type CommandSpec = Omit<PreflightCheckOf<"command">, "name" | "warn_only">;

export const commandKind: KindDefinition<CommandSpec> = {
  kind: "command",
  description: "A program is installed on the runner, at least at a minimum version.",
  label: (spec) => `command ${spec.program}`,
  perHost: () => false,
  probe: (spec, target) =>
    commandProbe({
      name: required(spec.program),
      ...(spec.min_version === undefined ? {} : { minVersion: spec.min_version }),
      versionArg: spec.version_arg,
      timeoutMs: target.context.timeouts?.checkMs ?? DEFAULT_CHECK_TIMEOUT_MS,
    }),
};

function required(program: string): string {
  if (program !== "") return program;
  throw new InputError("RW_CHECK_SETTING", "command check without a `program`", [], {
    hint: 'e.g. command: { program: ansible-playbook, min_version: "2.14" }',
  });
}
