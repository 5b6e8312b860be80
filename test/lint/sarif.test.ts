/**
 * The SARIF renderer against the oracles: Microsoft's SARIF multitool (`validate`, with the SARIF
 * spec's rules and GitHub's ingestion rules) and the SARIF 2.1.0 JSON schema the multitool ships;
 * then the fields GitHub code scanning relies on, checked one by one.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import type { Log } from "sarif";
import { afterAll, describe, expect, it } from "vitest";
import { lineReader, lintPaths, RULES, sarifInput } from "../../src/lint/index.js";
import { renderSarif } from "../../src/output/sarif.js";
import { fixtures } from "./golden.js";

const require = createRequire(import.meta.url);
const multitool = require("@microsoft/sarif-multitool-linux") as string;
const schemaPath = join(multitool, "..", "sarif-2.1.0.json");
const work = mkdtempSync(join(tmpdir(), "rw-sarif-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function sarifOf(dir: string): Promise<string> {
  const result = await lintPaths(["."], { cwd: dir, threshold: "notice" });
  return renderSarif(sarifInput(result, { version: "0.1.0", lineOf: lineReader(dir, 1 << 20) }));
}

/** Runs `Sarif.Multitool validate` over logs (one process) and returns what it reports at error and warning level. */
function validate(texts: readonly string[], name: string): string[] {
  const inputs = texts.map((text, i) => {
    const input = join(work, `${name}-${i}.sarif`);
    writeFileSync(input, text);
    return input;
  });
  const output = join(work, `${name}.validation.sarif`);
  execFileSync(multitool, ["validate", ...inputs, "--output", output, "--rule-kind", "Sarif;Gh", "--level", "Error;Warning", "--log", "ForceOverwrite"], {
    encoding: "utf8",
    env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: "1" },
  });
  const log = JSON.parse(readFileSync(output, "utf8")) as Log;
  return (log.runs[0]?.results ?? []).map((r) => `${r.ruleId ?? ""}: ${r.message.text ?? JSON.stringify(r.message)}`);
}

describe("SARIF 2.1.0", () => {
  const cases = [
    join(fixtures, "renderers", "mixed"),
    join(fixtures, "rules", "literal-ip", "bad"),
    join(fixtures, "hostile", "runs-on-forms"),
    join(fixtures, "rules", "parse-error", "good"),
  ];

  it("passes the SARIF multitool's validate (the SARIF spec's rules and GitHub's ingestion rules)", async () => {
    const logs = await Promise.all(cases.map(sarifOf));
    expect(validate(logs, "cases")).toEqual([]);
  }, 180_000);

  it("the multitool is a real check: a region ending before it starts, or a rule index past the rules, is reported", async () => {
    const log = JSON.parse(await sarifOf(cases[0] ?? "")) as Log;
    const results = log.runs[0]?.results ?? [];
    const region = results[0]?.locations?.[0]?.physicalLocation?.region;
    if (region !== undefined) Object.assign(region, { startLine: 5, endLine: 3 });
    if (results[1] !== undefined) results[1].ruleIndex = 99;
    const problems = validate([JSON.stringify(log)], "broken");
    expect(problems.some((p) => p.startsWith("SARIF1007"))).toBe(true);
    expect(problems.some((p) => p.startsWith("SARIF1009"))).toBe(true);
  }, 180_000);

  it("matches the SARIF 2.1.0 JSON schema", async () => {
    const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
    const ajv = addFormats(new Ajv2020({ strict: false, allErrors: true }));
    const check = ajv.compile(JSON.parse(readFileSync(schemaPath, "utf8")) as object);
    for (const dir of cases) {
      const ok = check(JSON.parse(await sarifOf(dir)));
      expect(check.errors ?? [], dir).toEqual([]);
      expect(ok).toBe(true);
    }
  });

  it("carries what GitHub code scanning uses: rules from metadata, security-severity, fingerprints, relative URIs", async () => {
    const log = JSON.parse(await sarifOf(cases[0] ?? "")) as Log;
    const run = log.runs[0];
    const rules = run?.tool.driver.rules ?? [];
    expect(rules.map((r) => r.id)).toEqual(RULES.map((r) => r.id));
    for (const [index, rule] of RULES.entries()) {
      const descriptor = rules[index];
      expect(descriptor?.shortDescription?.text).toBe(rule.title);
      expect(descriptor?.fullDescription?.text).toBe(rule.docs.description);
      const severity = descriptor?.properties?.["security-severity"] as string | undefined;
      if (rule.securitySeverity === undefined) {
        expect(severity).toBeUndefined();
      } else {
        expect(Number(severity)).toBe(rule.securitySeverity);
        expect(descriptor?.properties?.tags).toContain("security");
      }
    }
    const results = run?.results ?? [];
    expect(results.length).toBeGreaterThan(5);
    const prints = new Set<string>();
    for (const result of results) {
      const print = result.partialFingerprints?.["runwardenFindingHash/v1"] ?? "";
      expect(print).toMatch(/^[0-9a-f]{32}:\d+$/);
      prints.add(print);
      expect(rules[result.ruleIndex ?? -1]?.id).toBe(result.ruleId);
      const location = result.locations?.[0]?.physicalLocation;
      expect(location?.artifactLocation?.uri).toBe("workflow.yml");
      expect(location?.region?.startLine).toBeGreaterThan(0);
    }
    expect(prints.size).toBe(results.length);
  });

  it("fingerprints survive lines moving, and change when the finding does", async () => {
    const base = join(work, "moved");
    const write = (text: string) => {
      rmSync(base, { recursive: true, force: true });
      execFileSync("mkdir", ["-p", base]);
      writeFileSync(join(base, "workflow.yml"), text);
    };
    const original = readFileSync(join(cases[0] ?? "", "workflow.yml"), "utf8");
    const printsOf = async () =>
      ((JSON.parse(await sarifOf(base)) as Log).runs[0]?.results ?? []).map(
        (r) => `${r.ruleId ?? ""} ${r.partialFingerprints?.["runwardenFindingHash/v1"] ?? ""}`,
      );
    write(original);
    const before = await printsOf();
    write(`# a comment added above\n# and another\n${original}`);
    expect(await printsOf()).toEqual(before);
    write(original.replace("10.0.0.5", "10.0.0.6"));
    expect(await printsOf()).not.toEqual(before);
  });
});
