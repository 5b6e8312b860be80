import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Masker } from "../../src/mask/index.js";
import { escapeData, escapeProperty, formatAnnotation, formatOutput, markdownTable, publishToGithub } from "../../src/output/github.js";
import { createMemoryIo } from "../../src/output/memory-io.js";

describe("workflow commands", () => {
  it("escapes data and properties like actions/toolkit", () => {
    expect(escapeData("100%\r\nnext")).toBe("100%25%0D%0Anext");
    expect(escapeProperty("a:b,c%\n")).toBe("a%3Ab%2Cc%25%0A");
  });

  it("formats an annotation with file, line, col and title", () => {
    expect(formatAnnotation({ level: "error", message: "bad\nvalue", title: "RW_CONFIG_INVALID", file: "deploy/run,warden.yml", line: 3, col: 7 })).toBe(
      "::error file=deploy/run%2Cwarden.yml,line=3,col=7,title=RW_CONFIG_INVALID::bad%0Avalue\n",
    );
    expect(formatAnnotation({ level: "notice", message: "plain" })).toBe("::notice::plain\n");
  });

  it("writes multi-line outputs with a heredoc delimiter and refuses a value containing it", () => {
    expect(formatOutput("labels", '["a",\n"b"]', "EOF_X")).toBe('labels<<EOF_X\n["a",\n"b"]\nEOF_X\n');
    expect(() => formatOutput("x", "has EOF_X inside", "EOF_X")).toThrow(RangeError);
    expect(formatOutput("x", "v")).toMatch(/^x<<ghadelimiter_[0-9a-f-]{36}\nv\nghadelimiter_[0-9a-f-]{36}\n$/);
  });

  it("escapes pipes and newlines in Markdown tables", () => {
    expect(markdownTable(["a", "b"], [["x|y", "1\n2"]])).toBe("| a | b |\n| --- | --- |\n| x\\|y | 1<br>2 |\n");
  });
});

describe("publishToGithub", () => {
  const secret = "s3cr3t-value-for-outputs";

  it("writes outputs, summary and annotations inside Actions — all masked", async () => {
    const dir = mkdtempSync(join(tmpdir(), "rw-gh-"));
    const env = {
      GITHUB_ACTIONS: "true",
      GITHUB_OUTPUT: join(dir, "out", "output.txt"),
      GITHUB_STEP_SUMMARY: join(dir, "summary.md"),
    };
    const masker = new Masker();
    masker.addSecret(secret, "test");
    const io = createMemoryIo(masker, { env });
    publishToGithub(io, {
      outputs: { group: "prod-primary", note: `token ${secret}` },
      summary: `## routed\nwith ${secret}`,
      annotations: [{ level: "warning", message: `leaked ${secret}?`, file: "a.yml", line: 1 }],
    });
    await io.close();
    const outputs = readFileSync(env.GITHUB_OUTPUT, "utf8");
    expect(outputs).toMatch(/^group<<(ghadelimiter_\S+)\nprod-primary\n\1\nnote<<(ghadelimiter_\S+)\ntoken \*\*\*\n\2\n$/);
    expect(readFileSync(env.GITHUB_STEP_SUMMARY, "utf8")).toBe("## routed\nwith ***\n");
    expect(io.stdoutText()).toBe("::warning file=a.yml,line=1::leaked ***?\n");
  });

  it("does nothing outside Actions", async () => {
    const io = createMemoryIo(new Masker(), { env: {} });
    publishToGithub(io, { annotations: [{ level: "error", message: "x" }], outputs: { a: "b" } });
    await io.close();
    expect(io.stdoutText()).toBe("");
  });
});
