/**
 * The command registry is the one list of commands: nothing may be offered — by the program, the
 * Action, action.yml or the README — that the registry does not implement, and nothing the registry
 * implements may be missing from them.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { CommandUnknownOpts } from "@commander-js/extra-typings";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { ACTION_INPUTS, GENERAL_INPUTS } from "../../src/cli/action-inputs.js";
import type { CliContext } from "../../src/cli/context.js";
import { buildProgram } from "../../src/cli/program.js";
import { actionCommands, COMMANDS } from "../../src/cli/registry.js";
import { Masker } from "../../src/mask/index.js";
import { createMemoryIo } from "../../src/output/memory-io.js";
import { repoRoot, runInProcess } from "../helpers/cli.js";

function program(): CommandUnknownOpts {
  const ctx: CliContext = { io: createMemoryIo(new Masker()), exitCode: 0, json: false };
  return buildProgram(ctx);
}

function find(root: CommandUnknownOpts, argv: readonly string[]): CommandUnknownOpts | undefined {
  let command: CommandUnknownOpts | undefined = root;
  for (const word of argv) command = command?.commands.find((child) => child.name() === word);
  return command;
}

function leaves(command: CommandUnknownOpts, path: readonly string[] = []): { path: string[]; command: CommandUnknownOpts }[] {
  const children = command.commands.filter((child) => child.name() !== "help");
  const here = [...path, command.name()];
  // A command with an action of its own (inventory) is a leaf too, even with subcommands.
  const own = children.length === 0 || command.options.some((option) => option.long === "--json") ? [{ path: here, command }] : [];
  return [...own, ...children.flatMap((child) => leaves(child, here))];
}

interface ActionYaml {
  readonly inputs: Record<string, { description: string }>;
  readonly outputs: Record<string, { description: string }>;
}

const actionYaml = parse(readFileSync(join(repoRoot, "action.yml"), "utf8")) as ActionYaml;
const readme = readFileSync(join(repoRoot, "README.md"), "utf8");

describe("the command registry", () => {
  it("is exactly the program's command list, each name once", () => {
    const names = COMMANDS.map((command) => command.name);
    expect(new Set(names).size).toBe(names.length);
    expect(
      program()
        .commands.map((command) => command.name())
        .filter((name) => name !== "help"),
    ).toEqual(names);
  });

  it("every command the Action offers runs a real command, and every input it reads is a flag of that command", () => {
    const root = program();
    const problems: string[] = [];
    for (const [id, spec] of actionCommands()) {
      const command = find(root, spec.argv);
      if (command === undefined) {
        problems.push(`${id}: no command '${spec.argv.join(" ")}'`);
        continue;
      }
      const flags = new Set(command.options.map((option) => option.long));
      for (const flag of ["--config", ...(spec.fixed ?? []), ...spec.inputs.map((name) => ACTION_INPUTS[name].flag)]) {
        if (!flags.has(flag)) problems.push(`${id}: '${spec.argv.join(" ")}' has no ${flag}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("action.yml offers exactly the registry's Action commands, inputs and outputs", () => {
    const ids = [...actionCommands().keys()];
    const offered = /What to run: ([^.]*)\./.exec(actionYaml.inputs["command"]?.description ?? "")?.[1]?.split(", ");
    expect(offered?.sort()).toEqual([...ids].sort());
    const used = new Set([...actionCommands().values()].flatMap((spec) => spec.inputs));
    expect(Object.keys(ACTION_INPUTS).filter((name) => !used.has(name as keyof typeof ACTION_INPUTS))).toEqual([]);
    expect(Object.keys(actionYaml.inputs).sort()).toEqual([...GENERAL_INPUTS, ...Object.keys(ACTION_INPUTS)].sort());
    const outputs = new Set([...actionCommands().values()].flatMap((spec) => spec.outputs));
    expect(Object.keys(actionYaml.outputs).sort()).toEqual([...outputs].sort());
  });

  it("the README's command table lists every command, and only those", () => {
    const table = readme.slice(readme.indexOf("| command |"), readme.indexOf("\n\n", readme.indexOf("| command |")));
    const listed = new Set([...table.matchAll(/^\| `runwarden ([a-z-]+)/gm)].map((match) => match[1]));
    const names = COMMANDS.map((command) => command.name).filter((name) => name !== "version");
    expect([...listed].sort()).toEqual([...names].sort());
  });

  it("every leaf command takes --json, or the registry says why not and the README repeats it", () => {
    const problems: string[] = [];
    const root = program();
    for (const def of COMMANDS) {
      const command = find(root, [def.name]);
      if (command === undefined) continue;
      for (const leaf of leaves(command)) {
        const hasJson = leaf.command.options.some((option) => option.long === "--json");
        if (def.json === "all" && !hasJson) problems.push(`${leaf.path.join(" ")}: no --json`);
      }
      if (def.json !== "all" && !readme.replace(/\s+/g, " ").includes(def.json.without))
        problems.push(`${def.name}: the README does not say why it takes no --json`);
    }
    expect(problems).toEqual([]);
  });

  it("the root help's exit codes name each command's negative verdict, and nothing that does not exist", async () => {
    const { stdout } = await runInProcess(["--help"]);
    const block = stdout.slice(stdout.indexOf("Exit codes:"));
    const named = [...block.matchAll(/^ {7}([a-z-]+): /gm)].map((match) => match[1]);
    expect(named).toEqual(COMMANDS.filter((command) => command.negative !== undefined).map((command) => command.name));
    for (const command of COMMANDS) if (command.negative !== undefined) expect(block).toContain(`${command.name}: ${command.negative}`);
  });
});
