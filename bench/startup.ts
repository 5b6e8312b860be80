/**
 * Start-up time of the bundled CLI beside a bare `node -e 0`, measured in the same run, interleaved.
 * Prints figures; asserts nothing. Run: npm run build && npx tsx bench/startup.ts [runs]
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { median } from "./figures.js";

const root = join(import.meta.dirname, "..");
const bin = join(root, "dist", "runwarden.js");
if (!existsSync(bin)) {
  process.stderr.write("bench/startup: dist/runwarden.js is missing — run `npm run build` first\n");
  process.exit(2);
}
const runs = Number.parseInt(process.argv[2] ?? "30", 10);

const subjects = [
  { name: "node -e 0", args: ["-e", "0"] },
  { name: "runwarden --version", args: [bin, "--version"] },
  { name: "runwarden --help", args: [bin, "--help"] },
  { name: "runwarden config validate (example)", args: [bin, "config", "validate", "--config", join(root, "examples", "runwarden.yml")] },
] as const;

const times = new Map<string, number[]>(subjects.map((subject) => [subject.name, []]));
for (let i = 0; i < runs + 3; i += 1) {
  for (const subject of subjects) {
    const start = process.hrtime.bigint();
    const result = spawnSync(process.execPath, subject.args, { stdio: "ignore", env: { PATH: process.env.PATH ?? "" } });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (result.status !== 0) throw new Error(`${subject.name} exited ${result.status}`);
    if (i >= 3) times.get(subject.name)?.push(ms); // the first 3 rounds warm the page cache
  }
}

const baseline = median(times.get("node -e 0") ?? []);
process.stdout.write(`startup, median of ${runs} runs (node ${process.version}, ${process.arch}):\n`);
for (const subject of subjects) {
  const value = median(times.get(subject.name) ?? []);
  process.stdout.write(`  ${subject.name.padEnd(38)} ${value.toFixed(1).padStart(7)} ms   ${(value / baseline).toFixed(2)}× node -e 0\n`);
}
process.stdout.write(`goal: runwarden --version within 2× node -e 0\n`);
