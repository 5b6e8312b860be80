import { EXIT, type ExitCode } from "../../../model/result.js";
import type { Io } from "../../../output/io.js";
import { createStyle } from "../../../output/style.js";
import { withInterrupt } from "../../interrupt.js";

export interface SandboxGithubOptions {
  readonly scenario: string;
  readonly port?: number;
  readonly verbose?: boolean;
}

/**
 * `runwarden sandbox github`: the GitHub API emulator on its own, seeded from a scenario, until
 * SIGINT/SIGTERM (or `stop` resolves, for tests). Prints where it listens and a token to use.
 */
export async function sandboxGithub(options: SandboxGithubOptions, io: Io, stop?: Promise<unknown>): Promise<ExitCode> {
  if (stop === undefined) return withInterrupt((interrupt) => sandboxGithub(options, io, interrupt.stopped));
  const { loadScenario } = await import("../../../sandbox/github/scenario.js");
  const { startGithubEmulator } = await import("../../../sandbox/github/server.js");
  const scenario = loadScenario(options.scenario, io.cwd);
  const emulator = await startGithubEmulator({
    scenario,
    ...(options.port === undefined ? {} : { port: options.port }),
    ...(options.verbose === true ? { log: (line: string) => io.stderr.write(`${line}\n`) } : {}),
  });
  const style = createStyle(io.stdout.color);
  const repo = `${scenario.org}/${scenario.repository}`;
  io.stdout.write(
    [
      `${style.green("●")} GitHub API emulator for ${style.bold(repo)} listening on ${style.bold(emulator.url)}`,
      `  GHES-style base URL:  ${emulator.ghesUrl}`,
      `  token:                ${emulator.token}`,
      `  control API:          ${emulator.url}/_emulator/state (docs/sandbox.md)`,
      "",
      `  export GITHUB_API_URL=${emulator.url}`,
      `  export GITHUB_TOKEN=${emulator.token}`,
      `  export GITHUB_REPOSITORY=${repo}`,
      "",
      style.dim("Ctrl-C stops it."),
      "",
    ].join("\n"),
  );
  await stop;
  await emulator.close();
  io.stdout.write(`${style.dim("emulator stopped")}\n`);
  return EXIT.ok;
}
