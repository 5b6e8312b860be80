/**
 * Malformed configs: each gives one ConfigError (exit 2) whose problems point at file:line:col,
 * name the key path, and say what was expected and what was found.
 */
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { formatProblem } from "../../src/output/errors.js";
import { loadConfig } from "../../src/config/load.js";
import { at, configError, FIXTURES, REPO } from "./helpers.js";

interface Case {
  readonly fixture: string;
  readonly at: string;
  readonly path?: string;
  readonly message: string | RegExp;
  readonly expected?: string | RegExp;
  readonly found?: string | RegExp;
  readonly hint?: string | RegExp;
}

const CASES: readonly Case[] = [
  { fixture: "bad-syntax.yml", at: "3:1", message: /^YAML syntax error: Flow sequence/, hint: /indentation/ },
  { fixture: "duplicate-key.yml", at: "8:5", message: "duplicate key 'hosts' (first at line 4)", found: "'hosts' again" },
  {
    fixture: "wrong-type.yml",
    at: "11:16",
    path: "environments.production.gates[0].count",
    message: "wrong type",
    expected: "an integer",
    found: '"six"',
  },
  {
    fixture: "unknown-key.yml",
    at: "11:9",
    path: "environments.production.gates[0].intervall",
    message: "unknown key 'intervall' (did you mean 'interval'?)",
    expected: /^one of: name, http, tcp, prometheus, command, initial_delay, interval, count/,
    found: '"intervall"',
    hint: "rename it to 'interval'",
  },
  {
    fixture: "unknown-check-kind.yml",
    at: "10:9",
    path: "environments.production.preflight[1].dsk",
    message: "unknown check kind 'dsk' (did you mean 'disk'?)",
    expected: "one of: disk, memory, load, command, file, inventory, tcp, http, dns, prometheus, systemd, runner, secrets, github",
    found: '"dsk"',
  },
  {
    fixture: "template-unclosed.yml",
    at: "9:44",
    path: "environments.production.deploy.run",
    message: "invalid template: unclosed '{{' (expected '}}')",
    expected: /\{\{ variable \| filter \}\}/,
    found: '"ansible-playbook -e app_version={{ sha"',
  },
  {
    fixture: "template-unknown-filter.yml",
    at: "9:54",
    path: "environments.production.deploy.run",
    message: "invalid template: unknown filter 'lowr' (did you mean 'lower'?)",
    hint: /available filters: default, d, lower/,
  },
  {
    fixture: "template-statement.yml",
    at: "11:9",
    path: "environments.production.deploy.run",
    message: /only \{\{ \}\} expressions are supported/,
  },
  {
    fixture: "bad-duration.yml",
    at: "10:16",
    path: "environments.production.deploy.timeout",
    message: "not a duration",
    expected: "a duration such as 500ms, 10s, 15m or 1h30m",
    found: '"1.5h"',
    hint: "fractions are not accepted: write 1h30m",
  },
  {
    fixture: "bad-regex.yml",
    at: "9:22",
    path: "environments.production.guards.change_ticket",
    message: "invalid regular expression: Unterminated character class",
    found: '"INFRA-[0-9+"',
  },
  {
    fixture: "literal-ip.yml",
    at: "3:26",
    path: "monitoring.prometheus_url",
    message: "literal IP address '192.0.2.10': addresses come from the inventory",
    found: '"http://192.0.2.10:9090"',
    hint: /\{\{ prometheus_url \}\}/,
  },
  {
    fixture: "secret-value.yml",
    at: "10:33",
    path: "environments.production.deploy.secrets[1]",
    message: "not an environment variable name",
    expected: /^an environment variable name, like DEPLOY_SSH_KEY/,
    found: "a value not shown here (it may be a secret)",
  },
  { fixture: "custom-tag.yml", at: "9:12", message: "custom YAML tag '!vault' is not allowed", hint: /deploy\.secrets/ },
  { fixture: "python-tag.yml", at: "1:9", message: "custom YAML tag '!!python/object/apply:os.system' is not allowed" },
];

function check(value: string | undefined, expected: string | RegExp | undefined): void {
  if (expected === undefined) return;
  if (typeof expected === "string") expect(value).toBe(expected);
  else expect(value).toMatch(expected);
}

describe("malformed configs", () => {
  it.each(CASES)("$fixture → $at $message", (c) => {
    const file = relative(REPO, join(FIXTURES, c.fixture));
    const error = configError(() => loadConfig(file));
    expect(error.exitCode).toBe(2);
    expect(error.code).toBe("RW_CONFIG_INVALID");
    const [problem] = error.problems;
    expect(problem?.location.file).toBe(file);
    expect(at(problem)).toBe(c.at);
    if (c.path !== undefined) expect(problem?.path).toBe(c.path);
    check(problem?.message, c.message);
    check(problem?.expected, c.expected);
    check(problem?.found, c.found);
    check(problem?.hint, c.hint);
    // The one-line rendering carries the same facts.
    const text = formatProblem(problem ?? { location: { file }, message: "" });
    expect(text.startsWith(`${file}:${c.at}: `)).toBe(true);
    if (c.path !== undefined) expect(text).toContain(`(at ${c.path})`);
  });

  it("reports every problem of a file at once, sorted by position", () => {
    const error = configError(() => loadConfig(join(FIXTURES, "bad-duration.yml")));
    expect(error.problems.map(at)).toEqual(["10:16", "14:19"]);
    expect(error.message).toMatch(/: 2 problems$/);
    const interval = error.problems[1];
    expect(interval?.path).toBe("environments.production.gates[0].interval");
    expect(interval?.found).toBe("10 (an integer)");
    expect(interval?.hint).toBe("durations need a unit: write 10s (units: ms, s, m, h)");
  });

  it("reports both literal addresses (IPv4 in a URL, IPv6 as a host)", () => {
    const error = configError(() => loadConfig(join(FIXTURES, "literal-ip.yml")));
    expect(error.problems.map((p) => [at(p), p.path])).toEqual([
      ["3:26", "monitoring.prometheus_url"],
      ["13:23", "environments.production.gates[0].tcp.host"],
    ]);
  });

  it("never echoes a value given where a secret's name belongs", () => {
    const error = configError(() => loadConfig(join(FIXTURES, "secret-value.yml")));
    const rendered = [error.message, ...error.problems.map(formatProblem)].join("\n");
    expect(rendered).not.toContain("ghp_");
  });
});
