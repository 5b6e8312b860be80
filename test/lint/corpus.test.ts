/**
 * The corpus (test/fixtures/lint-corpus/, 100+ workflows after public patterns) lints without a
 * crash or a parse error, every rule meant for workflows fires somewhere in it, and the files that
 * follow the safe pattern stay clean.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { lintPaths, type LintResult } from "../../src/lint/index.js";
import { repoRoot } from "../helpers/cli.js";

const corpus = join(repoRoot, "test", "fixtures", "lint-corpus");
let result: LintResult;

beforeAll(async () => {
  result = await lintPaths(["."], { cwd: corpus, threshold: "notice" });
});

const fired = (file: string) => [...new Set(result.findings.filter((f) => f.file === file).map((f) => f.ruleId))].sort();

describe("lint corpus", () => {
  it("has at least 100 workflows, all parsed by GitHub's parser and linted", () => {
    const yml = readdirSync(corpus).filter((name) => name.endsWith(".yml"));
    expect(yml.length).toBeGreaterThanOrEqual(100);
    expect(result.files).toHaveLength(yml.length);
    expect(result.files.filter((f) => f.status !== "linted" || f.kind !== "workflow")).toEqual([]);
  });

  it("every workflow rule fires somewhere in it", () => {
    const rules = new Set(result.findings.map((f) => f.ruleId));
    for (const id of [
      "deploy-timeout",
      "deploy-concurrency",
      "deploy-static-runner",
      "deploy-second-approval",
      "deploy-on-pull-request",
      "self-hosted-pull-request",
      "secret-in-run",
      "secret-printed",
      "secret-from-json",
      "secrets-inherit",
      "permissions",
      "untrusted-input",
      "unpinned-action",
      "literal-ip",
      "localhost-target",
    ]) {
      expect(rules, id).toContain(id);
    }
  });

  it("the safe patterns are clean", () => {
    for (const file of [
      "runwarden-pattern.yml",
      "runwarden-watchdog.yml",
      "deploy-aws-s3-pr.yml",
      "pr-safe-env.yml",
      "pr-ci-sh-guarded.yml",
      "pr-ci-sh-fork-flag.yml",
      "reusable-caller-named-sha.yml",
      "misc-anchors.yml",
    ]) {
      expect(fired(file), file).toEqual([]);
    }
  });

  it("the mistakes are found where they are", () => {
    expect(fired("deploy-ansible-ssh-key-echo-unbounded.yml")).toEqual(["deploy-concurrency", "deploy-timeout", "literal-ip", "secret-in-run"]);
    expect(fired("deploy-ansible-self-hosted-localhost-bounded.yml")).toEqual(["deploy-static-runner", "localhost-target"]);
    expect(fired("runwarden-pattern-second-approval.yml")).toContain("deploy-second-approval");
    expect(fired("misc-pr-merged-deploy.yml")).toEqual(["deploy-on-pull-request"]);
    expect(fired("pr-ci-sh-matrix.yml")).toEqual(["self-hosted-pull-request"]);
  });
});
