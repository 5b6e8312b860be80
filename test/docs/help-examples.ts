/** The `$ runwarden …` lines of the `Examples:` blocks in the CLI's help texts (src/cli/). */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export interface HelpExample {
  /** e.g. `src/cli/commands/gate/index.ts:28`. */
  readonly where: string;
  /** The words after `runwarden` up to the first pipe, redirection or comment, quotes removed. */
  readonly argv: readonly string[];
}

/** Shell words of `line` up to `|`, `>`, `<` or `#` (outside quotes). */
export function shellWords(line: string): string[] {
  const words: string[] = [];
  let word = "";
  let quote: string | null = null;
  let has = false;
  for (const char of line) {
    if (quote !== null) {
      if (char === quote) quote = null;
      else word += char;
      continue;
    }
    if (char === "'" || char === '"') {
      quote = char;
      has = true;
    } else if (char === "|" || char === ">" || char === "<" || char === "#") {
      break;
    } else if (/\s/.test(char)) {
      if (has) words.push(word);
      word = "";
      has = false;
    } else {
      word += char;
      has = true;
    }
  }
  if (has) words.push(word);
  return words;
}

export function helpExamples(repoRoot: string): HelpExample[] {
  const files = ["src/cli/program.ts"];
  const commandsDir = join(repoRoot, "src", "cli", "commands");
  for (const verb of readdirSync(commandsDir).sort()) {
    for (const name of readdirSync(join(commandsDir, verb)).sort()) {
      if (name.endsWith(".ts")) files.push(`src/cli/commands/${verb}/${name}`);
    }
  }
  const examples: HelpExample[] = [];
  for (const file of files) {
    readFileSync(join(repoRoot, file), "utf8")
      .split("\n")
      .forEach((text, index) => {
        const found = /^\s*\$ runwarden(?:\s+(.*?))?`?,?\s*$/.exec(text);
        if (found === null) return;
        examples.push({ where: `${file}:${index + 1}`, argv: shellWords(found[1] ?? "") });
      });
  }
  return examples;
}

/** The options (`--long`, `-x`) `argv` uses that `help` does not list. */
export function unlistedOptions(argv: readonly string[], help: string): string[] {
  const missing: string[] = [];
  for (const word of argv) {
    const flag = /^(--?[A-Za-z][\w-]*)/.exec(word)?.[1];
    if (flag === undefined || flag === "--help") continue;
    if (!new RegExp(`(^|[\\s,])${flag}([\\s,=<\\[]|$)`, "m").test(help)) missing.push(flag);
  }
  return missing;
}
