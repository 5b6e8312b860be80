/**
 * The examples in README.md and docs/*.md, as the docs-examples test reads them.
 *
 * A ```console block holds commands (lines starting with `$ `, continued by a trailing `\`) and,
 * after each, the key lines of its output. A command is expected to exit 0 unless its line ends
 * with a comment `# … exit N` (e.g. `$ runwarden gate -e production   # exit 1`). A command whose
 * comment ends with `until Ctrl-C` keeps running: the test waits for its key lines, then interrupts it.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export interface Block {
  /** Path relative to the repository root, e.g. `docs/inventory.md`. */
  readonly file: string;
  /** 1-based line of the opening fence. */
  readonly line: number;
  readonly lang: string;
  readonly body: string;
}

export interface ConsoleCommand {
  readonly file: string;
  /** 1-based line of the `$ ` line. */
  readonly line: number;
  /** The shell command, continuation lines joined, without the `$ `. */
  readonly command: string;
  readonly exit: number;
  /** Runs until interrupted: wait for the expected lines, then SIGINT. */
  readonly untilInterrupted: boolean;
  /** Key lines of its output (blank lines dropped), in order. */
  readonly expected: readonly string[];
}

/** Pages whose examples are documentation of runwarden usage (generated pages and ADRs excluded). */
export function docPages(repoRoot: string): string[] {
  const generated = new Set(["config-reference.md", "lint.md", "errors.md"]);
  const docs = readdirSync(join(repoRoot, "docs"))
    .filter((name) => name.endsWith(".md") && !generated.has(name))
    .sort()
    .map((name) => `docs/${name}`);
  return ["README.md", ...docs];
}

export function fencedBlocks(repoRoot: string, file: string): Block[] {
  const lines = readFileSync(join(repoRoot, file), "utf8").split("\n");
  const blocks: Block[] = [];
  let open: { lang: string; line: number; fence: string; body: string[] } | null = null;
  lines.forEach((text, index) => {
    if (open === null) {
      const start = /^(```+|~~~+)\s*([\w-]*)/.exec(text);
      if (start !== null) open = { lang: start[2] ?? "", line: index + 1, fence: start[1] ?? "```", body: [] };
      return;
    }
    if (text.trim() === open.fence) {
      blocks.push({ file, line: open.line, lang: open.lang, body: open.body.join("\n") });
      open = null;
      return;
    }
    open.body.push(text);
  });
  return blocks;
}

const EXIT_COMMENT = /#[^#'"]*\bexit (\d+)\s*$/;
const UNTIL_INTERRUPTED = /#[^#'"]*\buntil Ctrl-C\s*$/;

export function consoleCommands(block: Block): ConsoleCommand[] {
  const commands: ConsoleCommand[] = [];
  const lines = block.body.split("\n");
  let current: { line: number; parts: string[]; expected: string[] } | null = null;
  let continued = false;
  const flush = (): void => {
    if (current === null) return;
    const command = current.parts.join("\n");
    const exit = EXIT_COMMENT.exec(command);
    commands.push({
      file: block.file,
      line: current.line,
      command,
      exit: exit === null ? 0 : Number(exit[1]),
      untilInterrupted: UNTIL_INTERRUPTED.test(command),
      expected: current.expected.filter((l) => l.trim() !== ""),
    });
  };
  lines.forEach((text, index) => {
    if (continued && current !== null) {
      current.parts.push(text);
      continued = text.endsWith("\\");
      return;
    }
    if (text.startsWith("$ ")) {
      flush();
      current = { line: block.line + index + 1, parts: [text.slice(2)], expected: [] };
      continued = text.endsWith("\\");
      return;
    }
    if (current !== null) current.expected.push(text);
    else if (text.trim() !== "") {
      // Output with no command: the block shows output only (e.g. an error message). Not runnable.
      current = null;
    }
  });
  flush();
  return commands;
}

/** True when a shell block runs runwarden (`runwarden ` as a command word, not `dist/runwarden.js`). */
export function invokesRunwarden(body: string): boolean {
  return body
    .split("\n")
    .map((line) => line.replace(/#.*$/, ""))
    .some((line) => /(^|[\s|;&(`$])runwarden\s/.test(line));
}
