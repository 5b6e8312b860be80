/**
 * Every runwarden example in README.md and docs/*.md runs and behaves as shown: each ```console
 * command is run by bash in a fixture workspace (a copy of examples/, an emulated GitHub), and must
 * exit as its line says (`# exit N`, else 0) and print its key lines in order (`…` a wildcard).
 * Conventions: CONTRIBUTING.md, "Docs examples".
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../helpers/cli.js";
import { consoleCommands, docPages, fencedBlocks, invokesRunwarden, type Block } from "./extract.js";
import { matchKeyLines } from "./match.js";
import { PAGE_SETUP } from "./page-setup.js";
import { openWorkspace, runShell, type Workspace } from "./workspace.js";

const pages = docPages(repoRoot);
const blocksOf = (file: string): Block[] => fencedBlocks(repoRoot, file);

describe("docs examples: shape", () => {
  it("finds console examples in README.md and docs/", () => {
    const count = pages.flatMap(blocksOf).filter((b) => b.lang === "console").length;
    expect(count).toBeGreaterThan(5);
  });

  it("key lines: whole lines, in order, `…` a wildcard, runs of spaces equal", () => {
    const output = "✓ route production → primary\n\ngroup    healthy\nprimary  yes   2\n";
    expect(matchKeyLines(["✓ route production → …", "primary yes …"], output).ok).toBe(true);
    expect(matchKeyLines(["primary yes …", "✓ route production → …"], output).missing).toBe("✓ route production → …");
    expect(matchKeyLines(["route production"], output).ok).toBe(false);
  });

  it("reads the exit convention and continuation lines", () => {
    const block: Block = {
      file: "x.md",
      line: 1,
      lang: "console",
      body: "$ runwarden gate -e p   # outside a runner · exit 1\n✗ gates\n$ curl -s x \\\n    -d y\n$ runwarden sandbox github   # until Ctrl-C",
    };
    const [gate, curl, sandbox] = consoleCommands(block);
    expect(gate).toMatchObject({ exit: 1, expected: ["✗ gates"], line: 2 });
    expect(curl).toMatchObject({ exit: 0, command: "curl -s x \\\n    -d y", expected: [] });
    expect(sandbox?.untilInterrupted).toBe(true);
    expect(invokesRunwarden("npm link\nnode dist/runwarden.js --help")).toBe(false);
    expect(invokesRunwarden("./deploy.sh | runwarden mask")).toBe(true);
  });

  it.each(pages)("%s: no bash/sh block runs runwarden (runwarden examples are console blocks, executed)", (file) => {
    const offending = blocksOf(file)
      .filter((b) => ["bash", "sh", "shell", "zsh"].includes(b.lang) && invokesRunwarden(b.body))
      .map((b) => `${b.file}:${b.line}`);
    expect(offending).toEqual([]);
  });

  it.each(pages)("%s: every console block has a command", (file) => {
    const empty = blocksOf(file)
      .filter((b) => b.lang === "console" && consoleCommands(b).length === 0)
      .map((b) => `${b.file}:${b.line}`);
    expect(empty).toEqual([]);
  });
});

for (const file of pages) {
  const commands = blocksOf(file)
    .filter((b) => b.lang === "console")
    .flatMap(consoleCommands);
  if (commands.length === 0) continue;

  describe(`docs examples: ${file}`, () => {
    let workspace: Workspace;
    beforeAll(async () => {
      workspace = await openWorkspace(PAGE_SETUP[file]);
    });
    afterAll(async () => {
      await workspace?.close();
    });

    it.each(commands.map((c) => [`${c.file}:${c.line} $ ${c.command.split("\n")[0] ?? ""}`, c] as const))(
      "%s",
      async (_name, command) => {
        const run = await runShell(workspace, command.command, command.untilInterrupted ? (output) => matchKeyLines(command.expected, output).ok : undefined);
        const where = `${command.file}:${command.line}\n--- output (exit ${run.code}) ---\n${run.output}`;
        const match = matchKeyLines(command.expected, run.output);
        expect(match.missing, `expected line not found in ${where}`).toBeUndefined();
        expect(run.code, `exit code of ${where}`).toBe(command.untilInterrupted ? 0 : command.exit);
      },
      60_000,
    );
  });
}
