/**
 * The command stage: the rendered `deploy.run`, executed (executor.ts) with its output streamed
 * live and masked to the console and the log file (live-output.ts), and — for ansible-playbook —
 * its PLAY RECAP turned into a per-host table.
 */
import { resolve } from "node:path";
import { renderTemplate } from "../config/template.js";
import { resolvePath } from "../config/load.js";
import { InputError, RunwardenError } from "../model/errors.js";
import type { Io, Sink } from "../output/io.js";
import type { EnvironmentSetup } from "../preflight/environment.js";
import { execute, type ExecResult } from "./executor.js";
import { LiveOutput } from "./live-output.js";
import { parseRecap, runsAnsible, type HostRecap } from "./recap.js";

export interface RenderedCommand {
  readonly run: string;
  readonly cwd: string;
  readonly timeoutMs: number;
  readonly killGraceMs: number;
  readonly ansible: boolean;
}

/** The environment's deploy command with its templates rendered; bad input (exit 2) before anything runs. */
export function renderCommand(setup: EnvironmentSetup, configFile: string): RenderedCommand {
  const deploy = setup.environment.deploy;
  const path = `environments.${setup.name}.deploy`;
  if (deploy === undefined) {
    throw new InputError("RW_NO_DEPLOY", `environment '${setup.name}' has no deploy command`, [{ location: { file: configFile }, path, message: "missing" }], {
      hint: "add deploy: { run: ansible-playbook -i {{ inventory }} playbooks/deploy.yml -e app_version={{ sha }} }",
    });
  }
  let run: string;
  try {
    run = renderTemplate(deploy.run, setup.vars);
  } catch (e: unknown) {
    if (!(e instanceof RunwardenError)) throw e;
    throw new InputError(
      "RW_DEPLOY_TEMPLATE",
      `deploy.run of '${setup.name}' cannot be rendered: ${e.message}`,
      [{ location: { file: configFile }, path: `${path}.run`, message: e.message }],
      {
        ...(e.hint === undefined ? {} : { hint: e.hint }),
      },
    );
  }
  const cwd = deploy.working_directory === undefined ? setup.loaded.dir : resolve(resolvePath(setup.loaded, deploy.working_directory));
  return { run, cwd, timeoutMs: deploy.timeout, killGraceMs: deploy.kill_grace, ansible: runsAnsible(run) };
}

export interface CommandRun {
  readonly exec: ExecResult;
  /** The masked output kept (head and tail). */
  readonly output: string;
  readonly hosts: readonly HostRecap[];
}

export interface CommandOptions {
  readonly command: RenderedCommand;
  readonly io: Io;
  readonly live: Sink;
  readonly logFile: string;
  /** Added to the command's environment (RUNWARDEN_*). */
  readonly extraEnv: Readonly<Record<string, string>>;
  readonly signal?: AbortSignal;
}

export async function runCommand(options: CommandOptions): Promise<CommandRun> {
  const { io, command, logFile } = options;
  io.files.append(logFile, `# runwarden deploy: ${command.run}\n# in ${command.cwd}, started ${new Date(io.now()).toISOString()}\n`);
  const live = new LiveOutput({
    masker: io.masker,
    console: (_stream, text) => options.live.write(text),
    log: (text) => io.files.append(logFile, text),
  });
  let exec: ExecResult;
  try {
    exec = await execute({
      command: command.run,
      cwd: command.cwd,
      env: { ...io.env, ...options.extraEnv },
      timeoutMs: command.timeoutMs,
      killGraceMs: command.killGraceMs,
      onOutput: (stream, text) => live.write(stream, text),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
  } finally {
    live.finish();
  }
  const end = exec.stopped === undefined ? "" : `, stopped: ${exec.stopped.detail}${exec.stopped.killed ? " (SIGKILL)" : ""}`;
  io.files.append(logFile, `# exit ${exec.exitCode ?? `signal ${exec.signal ?? "?"}`} after ${exec.durationMs} ms${end}\n`);
  const output = live.captured();
  return { exec, output, hosts: command.ansible ? parseRecap(output) : [] };
}
