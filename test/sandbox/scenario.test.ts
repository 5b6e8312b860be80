/** Scenario files: the shipped ones load; mistakes are reported at file:line:col. */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/model/errors.js";
import { parseScenario } from "../../src/sandbox/github/scenario.js";
import { repoRoot } from "../helpers/cli.js";
import { thrown } from "../helpers/thrown.js";
import { exampleScenario, fixtureScenario } from "./helpers.js";

function problems(text: string): string[] {
  const error = thrown(InputError, () => parseScenario(text, "drill.yml"));
  expect(error.code).toBe("RW_SCENARIO_INVALID");
  return error.problems.map((p) => `${p.location.line}:${p.location.col} ${p.message}`);
}

const BASE = "org: acme\nrepository: platform\n";

describe("scenario files", () => {
  it.each(readdirSync(join(repoRoot, "examples", "scenarios")))("examples/scenarios/%s loads", (name) => {
    expect(exampleScenario(name).org).toBe("acme");
  });

  it.each(readdirSync(join(repoRoot, "test", "fixtures", "scenarios")))("test/fixtures/scenarios/%s loads", (name) => {
    expect(fixtureScenario(name).repository).toBe("platform");
  });

  it("defaults: runners online, idle, org-level, in Default, current version", () => {
    const scenario = parseScenario(`${BASE}runners:\n  - { name: a, labels: [self-hosted] }\n`, "s.yml");
    expect(scenario.runners[0]).toEqual({
      name: "a",
      labels: ["self-hosted"],
      scope: "org",
      status: "online",
      busy: false,
      version: "2.330.0",
      os: "Linux",
      ephemeral: false,
    });
  });

  it("unknown keys, wrong values and cross-references point at their line and column", () => {
    expect(problems(`${BASE}runnners: []\n`)).toEqual(["3:1 unknown key 'runnners' (did you mean 'runners'?)"]);
    expect(problems(`${BASE}runners:\n  - { name: a, labels: [x], status: sleeping }\n`)).toEqual(["4:37 invalid value"]);
    expect(problems(`${BASE}runners:\n  - { name: a, labels: [x], version: latest }\n`)).toEqual(["4:38 not a runner version such as 2.330.0"]);
    expect(problems(`${BASE}runners:\n  - { name: a, labels: [x], group: nope }\n`)).toEqual(["4:36 unknown runner group 'nope'"]);
    expect(problems(`${BASE}workflows:\n  - file: d.yml\n    name: d\n    jobs:\n      - { name: a, runs_on: [x], needs: [b] }\n`)).toEqual([
      "7:42 unknown job 'b' in needs",
    ]);
    expect(problems(`${BASE}runs:\n  - { workflow: nope.yml }\n`)).toEqual(["4:17 unknown workflow 'nope.yml'"]);
  });

  it("a needs cycle, a completed job without conclusion, an unknown runner", () => {
    const text = `${BASE}workflows:
  - file: d.yml
    name: d
    jobs:
      - { name: a, runs_on: [x], needs: [b] }
      - { name: b, runs_on: [x], needs: [a] }
runs:
  - workflow: d.yml
    jobs:
      a: { status: completed, runner: ghost }
`;
    expect(problems(text)).toEqual([
      "7:7 the jobs' needs form a cycle through 'a'",
      "12:20 a completed job needs a conclusion",
      "12:39 unknown runner 'ghost'",
    ]);
  });

  it("YAML errors and tags are refused like in runwarden.yml", () => {
    expect(problems(`${BASE}runners: [\n`)[0]).toMatch(/^4:1 YAML syntax error/);
    expect(problems(`${BASE}org: again\n`)[0]).toMatch(/^3:1 duplicate key 'org'/);
  });
});
