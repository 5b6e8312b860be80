/** `runwarden metrics`: the exposition on stdout, or DIR/runwarden.prom written atomically for node_exporter. */
import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../src/sandbox/github/server.js";
import { runBinary } from "../helpers/cli.js";
import { closedPort } from "../helpers/servers.js";
import { parseExposition, sampleValue } from "./exposition.js";
import { githubEnv, seedStore, startEmulator, writeConfig, type Fixture } from "./fixture.js";

let emulator: RunningEmulator;
let fixture: Fixture;

beforeAll(async () => {
  emulator = await startEmulator();
  fixture = writeConfig();
  await seedStore(fixture);
}, 60_000);

afterAll(async () => {
  await emulator.close();
});

function hasPromtool(): boolean {
  try {
    execFileSync("promtool", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

describe("runwarden metrics", () => {
  it("prints the exposition on stdout", async () => {
    const run = await runBinary(["metrics", "-c", fixture.configPath], { env: githubEnv(emulator), cwd: fixture.dir });
    expect(run.code).toBe(0);
    const exposition = parseExposition(run.stdout);
    expect(sampleValue(exposition, "runwarden_runner_group_healthy", { environment: "production", group: "primary" })).toBe(1);
    expect(sampleValue(exposition, "runwarden_deploys_total", { environment: "production", outcome: "succeeded", failure_class: "none" })).toBe(3);
  });

  it("writes DIR/runwarden.prom by rename, leaving no temporary file, and replaces it on the next run", async () => {
    const dir = join(fixture.dir, "textfile");
    mkdirSync(dir);
    const first = await runBinary(["metrics", "--textfile", dir, "-c", fixture.configPath], { env: githubEnv(emulator), cwd: fixture.dir });
    expect(first.code).toBe(0);
    expect(first.stdout).toBe("");
    expect(first.stderr).toMatch(/wrote .*runwarden\.prom \(\d+ series\)/);
    const path = join(dir, "runwarden.prom");
    const before = statSync(path).ino;
    const second = await runBinary(["metrics", "--textfile", dir, "-c", fixture.configPath], { env: githubEnv(emulator), cwd: fixture.dir });
    expect(second.code).toBe(0);
    // A new inode: the file was renamed over the old one, never rewritten in place.
    expect(statSync(path).ino).not.toBe(before);
    expect(readdirSync(dir)).toEqual(["runwarden.prom"]);
    const text = readFileSync(path, "utf8");
    const exposition = parseExposition(text);
    expect(sampleValue(exposition, "runwarden_failovers_total", { environment: "production" })).toBe(1);
    if (hasPromtool()) {
      // promtool parses it as node_exporter's collector would (lint findings are not the point here).
      const out = execFileSync("promtool", ["check", "metrics"], { input: text, encoding: "utf8", stdio: ["pipe", "pipe", "pipe"] });
      expect(out).not.toMatch(/error parsing/i);
    }
  });

  it("exits 2 when the textfile directory does not exist, before reading anything", async () => {
    const run = await runBinary(["metrics", "--textfile", join(fixture.dir, "missing"), "-c", fixture.configPath], {
      env: githubEnv(emulator),
      cwd: fixture.dir,
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("no such directory");
  });

  it("exits 3 and keeps the previous file when GitHub cannot be reached", async () => {
    const dir = join(fixture.dir, "kept");
    mkdirSync(dir);
    const ok = await runBinary(["metrics", "--textfile", dir, "-c", fixture.configPath], { env: githubEnv(emulator), cwd: fixture.dir });
    expect(ok.code).toBe(0);
    const before = readFileSync(join(dir, "runwarden.prom"), "utf8");
    const env = { ...githubEnv(emulator), GITHUB_API_URL: `http://127.0.0.1:${await closedPort()}` };
    const failed = await runBinary(["metrics", "--textfile", dir, "-c", fixture.configPath], { env, cwd: fixture.dir });
    expect(failed.code).toBe(3);
    expect(readFileSync(join(dir, "runwarden.prom"), "utf8")).toBe(before);
    expect(readdirSync(dir)).toEqual(["runwarden.prom"]);
  });
});
