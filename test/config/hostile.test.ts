/** Inputs written to hurt: line endings, huge lines, alias bombs, deep nesting, unicode, prototype keys, tags. */
import { describe, expect, it } from "vitest";
import { formatProblem } from "../../src/output/errors.js";
import { MAX_ALIAS_COUNT } from "../../src/config/yaml-source.js";
import { at, BASE, loadText, problemsOf } from "./helpers.js";

describe("hostile inputs", () => {
  it("CRLF line endings: lines and columns are those an editor shows", () => {
    const text = `${BASE}    gates:\n      - name: g\n        command: { run: "true" }\n        interval: 10\n`.replaceAll("\n", "\r\n");
    const [problem] = problemsOf(text);
    expect(at(problem)).toBe("11:19");
    expect(problem?.path).toBe("environments.production.gates[0].interval");
    const [syntax] = problemsOf("inventory: x\r\nenvironments:\r\n  production:\r\n   hosts: a\r\n  - b\r\n");
    expect(syntax?.location.line).toBe(5);
  });

  it("CRLF inside a block template keeps the column inside the string", () => {
    const text = `${BASE}    deploy:\n      run: |\n        set -eu\n        deploy {{ sha | nope }}\n`.replaceAll("\n", "\r\n");
    expect(at(problemsOf(text)[0])).toBe("11:25");
  });

  it("a 1 MB single line: loads when valid, and a bad one is reported short", () => {
    const long = "a".repeat(1024 * 1024);
    expect(loadText(BASE.replace("inventory: hosts", `inventory: ${long}`)).config.inventory[0]).toHaveLength(long.length);
    const [problem] = problemsOf(`${BASE}    deploy: { run: "x", timeout: ${long} }\n`);
    expect(problem?.message).toBe("not a duration");
    expect(problem?.found?.length).toBeLessThan(120);
    expect(problem?.found).toContain(`(${long.length} characters)`);
    expect(formatProblem(problem ?? { location: { file: "" }, message: "" }).length).toBeLessThan(400);
  });

  it("a 1 MB template and a 1 MB address are scanned in linear time", () => {
    const template = `${"{{ x }}".repeat(150_000)} {{ x | nope }}`;
    const [problem] = problemsOf(`${BASE}    deploy: { run: "${template}" }\n`);
    expect(problem?.message).toBe("invalid template: unknown filter 'nope'");
    const colons = ":".repeat(1024 * 1024);
    expect(loadText(`monitoring: { prometheus_url: "http://a${colons}" }\n${BASE}`).config.monitoring.prometheus_url).toHaveLength(colons.length + 8);
  }, 20_000);

  it("billion laughs: refused after a bounded number of alias expansions", () => {
    let text = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n';
    for (let i = 0; i < 9; i++) text += `l${i}: &l${i} [${Array.from({ length: 9 }, () => `*${i === 0 ? "a" : `l${i - 1}`}`).join(",")}]\n`;
    const problems = problemsOf(text);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.message).toBe(`aliases expand to too much data (more than ${MAX_ALIAS_COUNT} alias expansions)`);
    expect(problems[0]?.location.line).toBe(2);
  });

  it("deep nesting: one problem, no stack overflow", () => {
    const flow = problemsOf(`inventory: ${"[".repeat(100_000)}${"]".repeat(100_000)}\n`);
    expect(flow).toHaveLength(1);
    expect(flow[0]?.message).toBe("the document nests too deeply to read");
    const block = problemsOf(Array.from({ length: 2_000 }, (_, i) => `${" ".repeat(i)}k:\n`).join(""));
    expect(block).toHaveLength(1);
    expect(block[0]?.message).toBe("the document nests too deeply to read");
  });

  it("unicode keys and values: columns count characters, suggestions still work", () => {
    const text = 'inventory: x\nenvironments:\n  prødüction: { hosts: "😀😀", runner_groups: [{ name: a, labels: [x] }], gatés: [] }\n';
    const [problem] = problemsOf(text);
    expect(problem?.message).toBe("unknown key 'gatés' (did you mean 'gates'?)");
    expect(problem?.path).toBe("environments.prødüction.gatés");
    expect(at(problem)).toBe(`3:${'  prødüction: { hosts: "😀😀", runner_groups: [{ name: a, labels: [x] }], '.length - 1}`);
    expect(Object.keys(loadText(text.replace(", gatés: []", "")).config.environments)).toEqual(["prødüction"]);
  });

  it("__proto__ and constructor keys are plain unknown keys, and pollute nothing", () => {
    const problems = problemsOf(`__proto__: { polluted: true }\nconstructor: { prototype: { polluted: true } }\n${BASE}`);
    expect(problems.map((p) => p.message)).toEqual(["unknown key '__proto__'", "unknown key 'constructor'"]);
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
  });

  it("YAML tags, several documents, tabs, complex keys: refused", () => {
    const binary = problemsOf(`${BASE}    deploy: { run: !!binary aGVsbG8= }\n`)[0];
    expect(binary?.message).toBe("custom YAML tag '!!binary' is not allowed");
    expect(at(binary)).toBe("8:20");
    expect(problemsOf(`${BASE}    guards: { branches: !!set { main } }\n`)[0]?.message).toBe("custom YAML tag '!!set' is not allowed");
    expect(problemsOf(`${BASE}---\n${BASE}`)[0]?.message).toMatch(/^more than one YAML document/);
    expect(problemsOf("inventory: x\nenvironments:\n\tproduction: {}\n")[0]?.location.line).toBe(3);
    expect(problemsOf(`? [a, b]\n: 1\n${BASE}`)[0]?.message).toBe("a mapping key must be a plain string, not a list or mapping");
  });

  it("a byte-order mark is accepted, standard tags are fine", () => {
    expect(loadText(`\uFEFF${BASE}`).config.inventory).toEqual(["hosts"]);
    expect(loadText(BASE.replace("hosts: production", "hosts: !!str production")).config.environments["production"]?.hosts).toBe("production");
  });
});
