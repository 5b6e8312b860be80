import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig, resolvePath, MAX_CONFIG_CHARS } from "../../src/config/load.js";
import { formatProblem } from "../../src/output/errors.js";
import { ConfigError, InputError } from "../../src/model/errors.js";
import { thrown } from "../helpers/thrown.js";
import { BASE, configError, loadText } from "./helpers.js";

const inputError = (load: () => unknown): InputError => thrown(InputError, load);

describe("loadConfig", () => {
  it("reads a file from disk and resolves paths from its folder", () => {
    const dir = mkdtempSync(join(tmpdir(), "runwarden-config-"));
    mkdirSync(join(dir, "deploy"));
    writeFileSync(join(dir, "deploy", "runwarden.yml"), BASE);
    const loaded = loadConfig(join(dir, "deploy", "runwarden.yml"));
    expect(loaded.file).toBe(join(dir, "deploy", "runwarden.yml"));
    expect(loaded.dir).toBe(join(dir, "deploy"));
    expect(resolvePath(loaded, loaded.config.inventory[0] ?? "")).toBe(join(dir, "deploy", "hosts"));
    expect(resolvePath(loaded, "/etc/ansible/hosts")).toBe("/etc/ansible/hosts");
    expect(resolvePath(loaded, "../inventories/x")).toBe(join(dir, "inventories", "x"));
  });

  it("makes a relative path absolute from the working directory", () => {
    const loaded = loadText(BASE, "sub/runwarden.yml");
    expect(loaded.file).toBe(resolve("sub/runwarden.yml"));
    expect(loaded.dir).toBe(resolve("sub"));
  });

  it("resolves a relative path from an injected cwd, and shows it as given", () => {
    const dir = mkdtempSync(join(tmpdir(), "runwarden-cwd-"));
    writeFileSync(join(dir, "runwarden.yml"), `${BASE}    bogus: 1\n`);
    const error = configError(() => loadConfig("runwarden.yml", { cwd: dir }));
    expect(error.problems[0]?.location.file).toBe("runwarden.yml");
    writeFileSync(join(dir, "runwarden.yml"), BASE);
    expect(loadConfig("runwarden.yml", { cwd: dir }).file).toBe(join(dir, "runwarden.yml"));
  });

  it("a missing file is RW_CONFIG_NOT_FOUND (exit 2), naming the path and --config", () => {
    const error = inputError(() => loadConfig("does/not/exist/runwarden.yml"));
    expect(error).not.toBeInstanceOf(ConfigError);
    expect(error.code).toBe("RW_CONFIG_NOT_FOUND");
    expect(error.exitCode).toBe(2);
    expect(error.message).toBe("config file not found: does/not/exist/runwarden.yml");
    expect(error.hint).toContain("--config");
  });

  it("an injected reader's ENOENT is the same error; other read errors are RW_CONFIG_UNREADABLE", () => {
    const enoent = Object.assign(new Error("nope"), { code: "ENOENT" });
    const readFile = (): string => {
      throw enoent;
    };
    expect(inputError(() => loadConfig("x.yml", { readFile })).code).toBe("RW_CONFIG_NOT_FOUND");
    const folder = inputError(() => loadConfig(tmpdir()));
    expect(folder.code).toBe("RW_CONFIG_UNREADABLE");
    expect(folder.hint).toBe("--config takes a file, not a folder");
  });

  it("an empty file, or one with only comments, is an error", () => {
    for (const text of ["", "# nothing yet\n", "\n\n"]) {
      const error = configError(() => loadText(text));
      expect(error.problems[0]?.message).toBe("the file is empty");
      expect(error.exitCode).toBe(2);
    }
  });

  it("refuses a file above the size cap before parsing it", () => {
    const error = configError(() => loadText(`# ${"x".repeat(MAX_CONFIG_CHARS)}\n`));
    expect(error.problems[0]?.message).toMatch(/^the file is too large/);
  });
});

describe("formatProblem (the CLI's own problem line, without colour)", () => {
  it("renders file:line:col: message (at path) — expected X, found Y and the hint on a second line", () => {
    expect(
      formatProblem({
        location: { file: "runwarden.yml", line: 14, col: 19 },
        path: "environments.production.gates[0].interval",
        message: "wrong type",
        expected: "a duration such as 500ms, 10s, 15m or 1h30m",
        found: "10 (an integer)",
        hint: "durations need a unit: write 10s (units: ms, s, m, h)",
      }),
    ).toBe(
      "runwarden.yml:14:19: wrong type (at environments.production.gates[0].interval) — expected a duration such as 500ms, 10s, 15m or 1h30m, found 10 (an integer)\n" +
        "  hint: durations need a unit: write 10s (units: ms, s, m, h)",
    );
  });

  it("leaves out what it does not know", () => {
    expect(formatProblem({ location: { file: "runwarden.yml", line: 1, col: 1 }, message: "the file is empty" })).toBe("runwarden.yml:1:1: the file is empty");
    expect(formatProblem({ location: { file: "x.yml" }, message: "m", found: "f" })).toBe("x.yml: m — found f");
  });
});
