import { describe, expect, it } from "vitest";
import {
  parseTemplate,
  renderTemplate,
  shellQuote,
  templateLiterals,
  templateVariables,
  TemplateRenderError,
  TemplateSyntaxError,
  UndefinedVariableError,
  urlEncode,
} from "../../src/config/template.js";

function syntaxError(source: string): TemplateSyntaxError {
  try {
    parseTemplate(source);
  } catch (e: unknown) {
    if (e instanceof TemplateSyntaxError) return e;
    throw e;
  }
  throw new Error(`expected a syntax error for ${source}`);
}

describe("parseTemplate", () => {
  it("splits text and expressions, with offsets", () => {
    const tpl = parseTemplate("http://{{ ansible_host }}:8080/version");
    expect(tpl.parts.map((p) => [p.kind, p.start, p.end])).toEqual([
      ["text", 0, 7],
      ["expr", 7, 25],
      ["text", 25, 38],
    ]);
  });

  it("reads variable paths: a, a.b, a[0], a['b-c'], a[\"d\"]", () => {
    const tpl = parseTemplate("{{ a }}{{ a.b }}{{ a[0] }}{{ a['b-c'] }}{{ a[\"d\"].e }}");
    expect(templateVariables(tpl)).toEqual(["a", "a.b", "a[0]", 'a["b-c"]', "a.d.e"]);
  });

  it("reads filters with literal arguments, and canonicalises aliases", () => {
    const tpl = parseTemplate(`{{ port | d(22) | int }}{{ x | default('a, b', true) }}{{ y | join(", ") }}{{ z | default(-1.5) | default(none) }}`);
    const filters = tpl.parts.flatMap((p) => (p.kind === "expr" ? p.filters.map((f) => [f.name, f.args.map((a) => a.value)]) : []));
    expect(filters).toEqual([
      ["default", [22]],
      ["int", []],
      ["default", ["a, b", true]],
      ["join", [", "]],
      ["default", [-1.5]],
      ["default", [null]],
    ]);
  });

  it("keeps '}}' inside a string argument, and lone braces in text", () => {
    expect(renderTemplate("{ {{ x | default('}}') }} }", {})).toBe("{ }} }");
    expect(renderTemplate('sum(rate(x{code=~"5.."}[5m]))', {})).toBe('sum(rate(x{code=~"5.."}[5m]))');
  });

  it.each([
    ["deploy {{ sha", 7, "unclosed '{{'"],
    ["{{ sha | lowr }}", 9, "unknown filter 'lowr' (did you mean 'lower'?)"],
    ["a {% if x %}b{% endif %}", 2, "only {{ }} expressions are supported"],
    ["{# note #}", 0, "only {{ }} expressions are supported"],
    ["{{ }}", 0, "empty expression"],
    ["{{ a + b }}", 5, "unexpected '+'"],
    ["{{ a | default(b) }}", 15, "filter arguments must be literals"],
    ["{{ a | default('x) }}", 15, "unterminated string"],
    ["{{ a | upper(1) }}", 7, "filter 'upper' takes 0 argument(s), found 1"],
    ["{{- a }}", 2, "whitespace control"],
    ["{{ a[b] }}", 5, "filter arguments must be literals"],
  ])("rejects %j at offset %i", (source, offset, message) => {
    const error = syntaxError(source);
    expect(error.message).toContain(message);
    expect(error.offset).toBe(offset);
    expect(error.code).toBe("RW_TEMPLATE_SYNTAX");
    expect(error.exitCode).toBe(2);
  });

  it("reports line and column inside a multi-line template", () => {
    const error = syntaxError("line one\n  {{ x | nope }}");
    expect([error.line, error.column]).toEqual([2, 10]);
  });

  it("does not evaluate anything", () => {
    const error = syntaxError("{{ constructor.constructor('return process')() }}");
    expect(error).toBeInstanceOf(TemplateSyntaxError);
    expect(renderTemplate("{{ constructor | default('safe') }}", {})).toBe("safe");
  });
});

describe("renderTemplate", () => {
  const vars = {
    sha: "0123abc",
    ansible_host: "app1.prod.example.internal",
    ansible_port: "2222",
    labels: ["self-hosted", "linux"],
    empty: "",
    nested: { "b-c": { d: 1 } },
    flag: true,
    nothing: null,
  };

  it("substitutes variables and paths", () => {
    expect(renderTemplate("http://{{ ansible_host }}:8080/{{ sha }}", vars)).toBe("http://app1.prod.example.internal:8080/0123abc");
    expect(renderTemplate("{{ nested['b-c'].d }} {{ labels[1] }} {{ labels[-1] }}", vars)).toBe("1 linux linux");
    expect(renderTemplate("{{ flag }}|{{ nothing }}|{{ 42 }}|{{ 'lit' }}", vars)).toBe("true||42|lit");
  });

  it("applies default like Jinja/Ansible: only for undefined, unless boolean=true", () => {
    expect(renderTemplate("{{ missing | default(22) }}", vars)).toBe("22");
    expect(renderTemplate("{{ missing.deeper | d('x') }}", vars)).toBe("x");
    expect(renderTemplate("{{ empty | default('x') }}", vars)).toBe("");
    expect(renderTemplate("{{ empty | default('x', true) }}", vars)).toBe("x");
    expect(renderTemplate("{{ missing | default }}", vars)).toBe("");
    expect(renderTemplate("{{ ansible_port | default(22) | int }}", vars)).toBe("2222");
  });

  it("names the undefined variable (full path) when nothing covers it", () => {
    for (const [source, name] of [
      ["{{ missing }}", "missing"],
      ["x {{ nested.nope.deeper }}", "nested.nope"],
      ["{{ labels[5] }}", "labels[5]"],
      ["{{ missing | upper | default('x') }}", "missing"],
    ] as const) {
      let error: unknown;
      try {
        renderTemplate(source, vars);
      } catch (e: unknown) {
        error = e;
      }
      expect(error).toBeInstanceOf(UndefinedVariableError);
      if (error instanceof UndefinedVariableError) {
        expect(error.variable).toBe(name);
        expect(error.code).toBe("RW_TEMPLATE_UNDEFINED");
        expect(error.message).toContain(`'${name}'`);
      }
    }
  });

  it("does not read inherited properties", () => {
    expect(() => renderTemplate("{{ nested.toString }}", vars)).toThrow(UndefinedVariableError);
    expect(() => renderTemplate("{{ __proto__ }}", vars)).toThrow(UndefinedVariableError);
  });

  it("implements the filters", () => {
    expect(renderTemplate("{{ 'AbC' | lower }} {{ 'AbC' | upper }} [{{ '  x ' | trim }}] {{ 'xxaxx' | trim('x') }}", {})).toBe("abc ABC [x] a");
    expect(renderTemplate("{{ '42' | int }} {{ 'x' | int }} {{ 'x' | int(7) }} {{ 3.9 | int }} {{ '0x1f' | int(0, 16) }} {{ '2.5' | int }}", {})).toBe(
      "42 0 7 3 31 2",
    );
    expect(renderTemplate("{{ 5 | string }}{{ labels | join(',') }} {{ 'ab' | join('-') }}", vars)).toBe("5self-hosted,linux a-b");
    expect(renderTemplate("{{ x | quote }}", { x: "it's a test" })).toBe(`'it'"'"'s a test'`);
    expect(renderTemplate("{{ x | urlencode }}", { x: "a b/c?d=é" })).toBe("a%20b/c%3Fd%3D%C3%A9");
  });

  it("refuses to render a list or mapping as text", () => {
    expect(() => renderTemplate("{{ labels }}", vars)).toThrow(TemplateRenderError);
    expect(() => renderTemplate("{{ nested }}", vars)).toThrow(/mapping/);
    expect(() => renderTemplate("{{ nested | join(',') }}", vars)).toThrow(/not a list/);
  });

  it("accepts a parsed template or source text", () => {
    const tpl = parseTemplate("{{ sha }}");
    expect(renderTemplate(tpl, vars)).toBe(renderTemplate("{{ sha }}", vars));
  });
});

describe("helpers", () => {
  it("quotes for a POSIX shell like shlex.quote", () => {
    expect(shellQuote("")).toBe("''");
    expect(shellQuote("plain-word_1.2/x")).toBe("plain-word_1.2/x");
    expect(shellQuote("a b")).toBe("'a b'");
    expect(shellQuote("$(rm -rf /)")).toBe("'$(rm -rf /)'");
  });

  it("percent-encodes like urllib.parse.quote(safe='/')", () => {
    expect(urlEncode("~a-b_c.d/e f+g")).toBe("~a-b_c.d/e%20f%2Bg");
  });

  it("lists literal text with offsets (for address checks)", () => {
    const tpl = parseTemplate("http://{{ host | default('fallback') }}:80");
    expect(templateLiterals(tpl)).toEqual([
      { text: "http://", offset: 0 },
      { text: "fallback", offset: 26 },
      { text: ":80", offset: 39 },
    ]);
  });
});

describe("literal delimiters", () => {
  it("can be written as string expressions", () => {
    expect(renderTemplate("printf '{{ '{%' }}s}' {{ '{{' }}", {})).toBe("printf '{%s}' {{");
  });
});
