/** The Prometheus rules: promtool validates them and runs their unit tests; every runbook link resolves. */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { CATALOGUE } from "../../src/metrics/catalogue.js";
import { repoRoot } from "../helpers/cli.js";
import { metricNames, ruleFiles, ruleTestsDir, rules } from "./queries.js";

const run = promisify(execFile);
const catalogued = new Set<string>(CATALOGUE.map((spec) => spec.name));
const temp = mkdtempSync(join(tmpdir(), "rw-rules-"));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to dashes. */
function anchors(markdown: string): Set<string> {
  const out = new Set<string>();
  for (const line of markdown.split("\n")) {
    const heading = /^#{1,6}\s+(.*)$/.exec(line);
    if (heading?.[1] !== undefined)
      out.add(
        heading[1]
          .trim()
          .toLowerCase()
          .replace(/[^\w\- ]/g, "")
          .replace(/ /g, "-"),
      );
  }
  return out;
}

describe("prometheus/rules", () => {
  it("pass promtool check rules", async () => {
    const { stdout } = await run("promtool", ["check", "rules", ...ruleFiles()]);
    expect(stdout).toContain("SUCCESS");
    expect(stdout).not.toContain("FAILED");
  });

  it("pass their promtool unit tests (each alert fires when it should, and not otherwise)", async () => {
    const files = readdirSync(ruleTestsDir).filter((name) => name.endsWith(".yml"));
    expect(files.length).toBeGreaterThan(0);
    const { stdout, stderr } = await run("promtool", ["test", "rules", ...files], { cwd: ruleTestsDir }).catch((err: unknown) => {
      const failed = err as { stdout?: string; stderr?: string };
      throw new Error(`promtool test rules failed:\n${failed.stdout ?? ""}${failed.stderr ?? ""}`);
    });
    expect(`${stdout}${stderr}`).not.toContain("FAILED");
    expect(stdout.match(/SUCCESS/g)?.length).toBe(files.length);
  });

  it("unit-test every alert both firing and silent", () => {
    const tests = readdirSync(ruleTestsDir)
      .filter((name) => name.endsWith(".yml"))
      .map((name) => readFileSync(join(ruleTestsDir, name), "utf8"))
      .join("\n");
    for (const rule of rules().filter((r) => r.alert !== undefined)) {
      const name = rule.alert ?? "";
      expect(tests, name).toMatch(new RegExp(`alertname: ${name}\\n\\s+exp_alerts:\\n\\s+- exp_labels`));
      expect(tests, name).toMatch(new RegExp(`alertname: ${name}\\n\\s+exp_alerts: \\[\\]`));
    }
  });

  it("give every alert a severity and a runbook_url whose anchor is a heading of docs/observe.md", () => {
    const doc = anchors(readFileSync(join(repoRoot, "docs", "observe.md"), "utf8"));
    const alerts = rules().filter((r) => r.alert !== undefined);
    expect(alerts.length).toBeGreaterThanOrEqual(9);
    for (const rule of alerts) {
      expect(["critical", "warning"], rule.alert).toContain(rule.labels?.severity);
      const url = rule.annotations?.runbook_url ?? "";
      expect(url, rule.alert).toMatch(/^https:\/\/github\.com\/runwarden\/runwarden\/blob\/main\/docs\/observe\.md#/);
      const anchor = url.split("#")[1] ?? "";
      expect(doc.has(anchor), `${rule.alert}: #${anchor} in docs/observe.md`).toBe(true);
    }
  });

  it("use only metrics of the catalogue", () => {
    for (const rule of rules()) for (const name of metricNames(rule.expr)) expect(catalogued.has(name), `${name} in ${rule.record ?? rule.alert}`).toBe(true);
  });

  it("come with a file-SD scrape config example that promtool accepts and that holds no address", async () => {
    const example = readFileSync(join(repoRoot, "prometheus", "scrape-config.example.yml"), "utf8");
    expect(example).not.toMatch(/\b\d{1,3}(\.\d{1,3}){3}\b/);
    expect(example).toContain("job_name: runwarden\n");
    expect(example).toContain("file_sd_configs:");
    // Installed as the example says: rules and (empty) file-SD files under one directory.
    const etc = join(temp, "etc");
    mkdirSync(join(etc, "rules"), { recursive: true });
    mkdirSync(join(etc, "file_sd"), { recursive: true });
    for (const path of ruleFiles()) writeFileSync(join(etc, "rules", path.split("/").pop() ?? ""), readFileSync(path));
    for (const name of ["runwarden-serve.json", "runwarden-hosts.json"]) writeFileSync(join(etc, "file_sd", name), "[]\n");
    const config = join(temp, "prometheus.yml");
    writeFileSync(config, example.replaceAll("/etc/prometheus/", `${etc}/`));
    const { stdout } = await run("promtool", ["check", "config", config]);
    expect(stdout).toContain("SUCCESS");
    expect(stdout).not.toContain("FAILED");
  });
});
