/**
 * How the sandbox runs runwarden: each step is the built CLI itself (`node dist/runwarden.js <verb>
 * …`), spawned with the environment a GitHub Actions job would give it — the same code the Action
 * runs, never a re-implementation of a decision. A step's JSON (`--json`) is its recorded outcome;
 * its stderr (the live narrative of deploy) can be followed line by line.
 */
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { ProcessRegistry, Tracked } from "./processes.js";

/** dist/runwarden.js: the script this process runs, or the one next to the sources. */
export function runwardenBin(): string {
  const argv1 = process.argv[1];
  if (argv1 !== undefined && /runwarden(\.js)?$/.test(argv1) && existsSync(argv1)) return argv1;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    for (const candidate of [join(dir, "runwarden.js"), join(dir, "dist", "runwarden.js")]) if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  throw new Error("dist/runwarden.js not found: build runwarden first (npm run build)");
}

export interface StepResult {
  readonly argv: readonly string[];
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
  /** stdout parsed as JSON, when it is JSON. */
  readonly json: unknown;
}

export interface StepOptions {
  readonly env: Record<string, string>;
  readonly cwd: string;
  /** Each line the step prints on stderr (deploy's live stages), as it comes. */
  readonly onLine?: (line: string) => void;
  /** Called once the step started, with its handle (to wait for a line or signal it). */
  readonly started?: (tracked: Tracked) => void;
}

function parseJson(text: string): unknown {
  const trimmed = text.trim();
  if (trimmed === "") return undefined;
  try {
    return JSON.parse(trimmed) as unknown;
  } catch {
    return undefined;
  }
}

export class StepRunner {
  readonly bin = runwardenBin();
  private count = 0;

  constructor(private readonly registry: ProcessRegistry) {}

  async run(argv: readonly string[], options: StepOptions): Promise<StepResult> {
    const started = performance.now();
    let stdout = "";
    let stderr = "";
    const tracked = this.registry.start(`runwarden ${argv[0] ?? ""} #${++this.count}`, process.execPath, [this.bin, ...argv], {
      cwd: options.cwd,
      env: options.env,
    });
    tracked.child.stdout?.on("data", (chunk: Buffer) => {
      stdout += chunk.toString("utf8");
    });
    let partial = "";
    tracked.child.stderr?.on("data", (chunk: Buffer) => {
      const text = chunk.toString("utf8");
      stderr += text;
      if (options.onLine === undefined) return;
      partial += text;
      const lines = partial.split("\n");
      partial = lines.pop() ?? "";
      for (const line of lines) options.onLine(line);
    });
    options.started?.(tracked);
    const code = await tracked.exited;
    return { argv, code, stdout, stderr, ms: Math.round(performance.now() - started), json: parseJson(stdout) };
  }
}
