/** A fixture workspace for the docs examples: a copy of examples/, `runwarden` on PATH, an emulated GitHub. */
import { spawn } from "node:child_process";
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { RunningEmulator } from "../../src/sandbox/github/server.js";
import { binPath, repoRoot } from "../helpers/cli.js";
import { parseScenario } from "../../src/sandbox/github/scenario.js";
import type { Scenario } from "../../src/sandbox/github/scenario-schema.js";
import { exampleScenario, startEmulator } from "../sandbox/helpers.js";

/** What a page needs beyond the common workspace. */
export interface PageSetup {
  /** Emulator scenario under examples/scenarios (default two-groups.yml). */
  readonly scenario?: string;
  /** YAML appended to that scenario (e.g. a `runs:` list it lacks). */
  readonly scenarioAppend?: string;
  readonly env?: Readonly<Record<string, string>>;
  /** Files written into the workspace (path relative to it → content); executable when the path ends in .sh. */
  readonly files?: Readonly<Record<string, string>>;
  /** Commands run (with bash, in the workspace) before the page's examples; each must exit 0. */
  readonly before?: readonly string[];
}

export interface Workspace {
  readonly dir: string;
  readonly env: Record<string, string>;
  readonly emulator: RunningEmulator;
  close(): Promise<void>;
}

const COMMAND_LIMIT_MS = 40_000;

export interface ShellRun {
  readonly code: number;
  /** stdout and stderr interleaved as written. */
  readonly output: string;
}

export async function openWorkspace(setup: PageSetup = {}): Promise<Workspace> {
  const root = mkdtempSync(join(tmpdir(), "rw-docs-"));
  const dir = join(root, "work");
  const bin = join(root, "bin");
  const home = join(root, "home");
  cpSync(join(repoRoot, "examples"), dir, { recursive: true });
  // Pages also name the examples by their repository path (examples/scenarios/…).
  cpSync(join(repoRoot, "examples"), join(dir, "examples"), { recursive: true });
  mkdirSync(bin);
  mkdirSync(home);
  const shim = join(bin, "runwarden");
  writeFileSync(shim, `#!/bin/sh\nexec "${process.execPath}" "${binPath}" "$@"\n`);
  chmodSync(shim, 0o755);
  for (const [path, content] of Object.entries(setup.files ?? {})) {
    const target = join(dir, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, content);
    if (path.endsWith(".sh")) chmodSync(target, 0o755);
  }
  const emulator = await startEmulator(pageScenario(setup));
  const env: Record<string, string> = {
    PATH: `${bin}:${process.env.PATH ?? ""}`,
    HOME: home,
    LANG: "C.UTF-8",
    NO_COLOR: "1",
    GITHUB_API_URL: emulator.url,
    GITHUB_TOKEN: emulator.token,
    GITHUB_REPOSITORY: "acme/platform",
    ...setup.env,
  };
  const workspace: Workspace = {
    dir,
    env,
    emulator,
    async close() {
      await emulator.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
  for (const command of setup.before ?? []) {
    const run = await runShell(workspace, command);
    if (run.code !== 0) throw new Error(`setup command failed (${run.code}): ${command}\n${run.output}`);
  }
  return workspace;
}

/**
 * Runs `command` with bash in the workspace, stdout and stderr into one pipe. With `untilLines`,
 * the command is interrupted (SIGINT) once `untilLines(output)` holds.
 */
export function runShell(workspace: Workspace, command: string, untilLines?: (output: string) => boolean): Promise<ShellRun> {
  return new Promise((resolve, reject) => {
    const child = spawn("bash", ["-c", `exec 2>&1\nset -o pipefail\n${command}`], {
      cwd: workspace.dir,
      env: workspace.env,
      stdio: ["ignore", "pipe", "ignore"],
      detached: true,
    });
    let output = "";
    let interrupted = false;
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk: string) => {
      output += chunk;
      if (untilLines !== undefined && !interrupted && untilLines(output) && child.pid !== undefined) {
        interrupted = true;
        stopGroup(child.pid, "SIGINT");
      }
    });
    // A command that does not end is stopped (and fails on its exit code) rather than hanging the suite.
    const limit = setTimeout(() => {
      if (child.pid !== undefined && child.exitCode === null) stopGroup(child.pid, "SIGKILL");
    }, COMMAND_LIMIT_MS);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(limit);
      resolve({ code: code ?? (signal === "SIGINT" ? 130 : -1), output });
    });
  });
}

/** Signals the command's process group (it may have ended already). */
function stopGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch (err: unknown) {
    if ((err as NodeJS.ErrnoException).code !== "ESRCH") throw err;
  }
}

function pageScenario(setup: PageSetup): Scenario {
  const name = setup.scenario ?? "two-groups.yml";
  if (setup.scenarioAppend === undefined) return exampleScenario(name);
  const path = join("examples", "scenarios", name);
  return parseScenario(`${readFileSync(join(repoRoot, path), "utf8")}\n${setup.scenarioAppend}`, path);
}
