/**
 * scripts/release.sh refuses before it builds, tags or changes anything: run in a temporary clone of
 * this repository (never pushed anywhere), with the script under test copied in and committed.
 * The build-test-tag path itself is the release's own (docs/release.md).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../helpers/cli.js";

let clone: string;
const git = (...args: string[]) => execFileSync("git", ["-C", clone, ...args], { encoding: "utf8" }).trim();
const version = () => (JSON.parse(git("show", "HEAD:package.json")) as { version: string }).version;

function release(...args: string[]): { code: number | null; stderr: string } {
  const run = spawnSync("bash", [join(clone, "scripts", "release.sh"), ...args], {
    cwd: clone,
    encoding: "utf8",
    env: { ...process.env, RELEASE_BRANCH: "main" },
  });
  return { code: run.status, stderr: run.stderr };
}

beforeAll(() => {
  clone = mkdtempSync(join(tmpdir(), "rw-release-"));
  execFileSync("git", ["clone", "--quiet", "--local", "--branch", "main", repoRoot, clone]);
  git("config", "user.email", "release-test@example.invalid");
  git("config", "user.name", "release test");
  git("remote", "remove", "origin");
  copyFileSync(join(repoRoot, "scripts", "release.sh"), join(clone, "scripts", "release.sh"));
  git("add", "scripts/release.sh");
  if (git("status", "--porcelain") !== "") git("commit", "--quiet", "-m", "release script under test");
});

afterAll(() => {
  rmSync(clone, { recursive: true, force: true });
});

describe("scripts/release.sh refuses", () => {
  it("bad usage: no version, or not X.Y.Z (exit 2)", () => {
    expect(release().code).toBe(2);
    for (const bad of ["1.2", "v1.2.3", "1.2.3-rc1", "01.2.3"]) expect(release(bad), bad).toMatchObject({ code: 2 });
  });

  it("a dirty tree — a modified file, or an untracked one — before anything else", () => {
    writeFileSync(join(clone, "stray.txt"), "not committed\n");
    const untracked = release(version());
    expect(untracked.code).toBe(1);
    expect(untracked.stderr).toContain("uncommitted or untracked changes");
    expect(untracked.stderr).toContain("stray.txt");
    rmSync(join(clone, "stray.txt"));
    writeFileSync(join(clone, "README.md"), "changed\n", { flag: "a" });
    expect(release(version()).stderr).toContain("README.md");
    git("checkout", "--quiet", "--", "README.md");
  });

  it("a version other than package.json's", () => {
    const other = release("999.0.0");
    expect(other.code).toBe(1);
    expect(other.stderr).toContain(`package.json says version ${version()}, not 999.0.0`);
  });

  it("another branch than the release branch", () => {
    git("checkout", "--quiet", "-b", "feature");
    const run = release(version());
    git("checkout", "--quiet", "main");
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("not on the release branch 'main'");
  });

  it("a tag that already exists — and it creates no tag on refusal", () => {
    const tags = git("tag", "--list");
    git("tag", `v${version()}`);
    const run = release(version());
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`tag v${version()} already exists`);
    git("tag", "-d", `v${version()}`);
    expect(git("tag", "--list")).toBe(tags);
  });
});
