/**
 * Every `$ runwarden …` line in a command's `Examples:` help names a command that exists and only
 * options that command's --help lists (Commander shows help for `--help` even after an unknown
 * option, so the options are checked against the help text itself).
 */
import { describe, expect, it } from "vitest";
import { repoRoot, runBinary } from "../helpers/cli.js";
import { helpExamples, shellWords, unlistedOptions } from "./help-examples.js";

const examples = helpExamples(repoRoot);

/** The leading words that name the (sub)command: up to the first option. */
function commandWords(argv: readonly string[]): string[] {
  const words: string[] = [];
  for (const word of argv) {
    if (word.startsWith("-")) break;
    words.push(word);
  }
  return words;
}

describe("help examples", () => {
  it("finds the Examples: lines of the commands", () => {
    expect(examples.length).toBeGreaterThan(20);
  });

  it("names an option the help does not list", () => {
    const help = "Options:\n  -e, --environment <name>  the environment\n  --dry-run  plan only\n";
    expect(unlistedOptions(shellWords("gate -e production --dry-run --json | jq ."), help)).toEqual(["--json"]);
    expect(unlistedOptions(shellWords("gate --environment=production --run 1 # --bogus"), help)).toEqual(["--run"]);
  });

  it.each(examples.map((e) => [`${e.where}: runwarden ${e.argv.join(" ")}`, e] as const))("%s", async (_name, example) => {
    const words = commandWords(example.argv);
    // `runwarden help mask` is the help command itself.
    const argv = words[0] === "help" ? words : [...words.filter((w) => w.includes("/") === false && !w.includes(".")).slice(0, 2), "--help"];
    const run = await runBinary(argv);
    expect(run.code, `${example.where}: ${run.stderr}`).toBe(0);
    expect(unlistedOptions(example.argv, run.stdout), `${example.where}: options not in 'runwarden ${argv.join(" ")}'`).toEqual([]);
  });
});
