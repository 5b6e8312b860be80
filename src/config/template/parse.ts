/**
 * A parser for the Jinja subset runwarden templates use: text with `{{ expression }}` parts, where
 * an expression is a variable path or a literal followed by `| filter` or `| filter(literal, …)`.
 * No statements, no operators, no evaluation of code: the result is data (see `ast.ts`).
 */
import type { ExpressionPart, FilterCall, Literal, LiteralExpr, Template, TemplatePart, VariableExpr } from "./ast.js";
import { TemplateSyntaxError } from "./errors.js";
import { filterNames, findFilter } from "./filters.js";
import { didYouMean } from "../suggest.js";

const IDENT_START = /[A-Za-z_]/;
const IDENT_CHAR = /[A-Za-z0-9_]/;
const KEYWORDS: ReadonlyMap<string, Literal> = new Map<string, Literal>([
  ["true", true],
  ["True", true],
  ["false", false],
  ["False", false],
  ["none", null],
  ["None", null],
]);
const ONLY_EXPRESSIONS = "only {{ }} expressions are supported";

class Parser {
  pos: number;

  constructor(
    readonly source: string,
    /** Offset of the `{{` being parsed. */
    readonly open: number,
  ) {
    this.pos = open + 2;
  }

  fail(message: string, at = this.pos, hint?: string): never {
    throw new TemplateSyntaxError(message, this.source, at, hint === undefined ? undefined : { hint });
  }

  peek(offset = 0): string {
    return this.source[this.pos + offset] ?? "";
  }

  /** Skips spaces; reaching the end of the text inside `{{ }}` means the expression was never closed. */
  skipSpaces(): void {
    while (/\s/.test(this.peek())) this.pos++;
    if (this.pos >= this.source.length) this.unclosed();
  }

  unclosed(): never {
    this.fail("unclosed '{{' (expected '}}')", this.open, "close the expression with '}}'");
  }

  identifier(): string {
    const start = this.pos;
    if (!IDENT_START.test(this.peek())) this.fail(`expected a name, found ${describeChar(this.peek())}`);
    while (IDENT_CHAR.test(this.peek())) this.pos++;
    return this.source.slice(start, this.pos);
  }

  literal(): LiteralExpr {
    const start = this.pos;
    const ch = this.peek();
    if (ch === "'" || ch === '"') return { kind: "literal", value: this.string(ch), start, end: this.pos };
    if (/[0-9]/.test(ch) || ((ch === "-" || ch === "+") && /[0-9.]/.test(this.peek(1)))) {
      const match = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?/.exec(this.source.slice(this.pos, this.pos + 64));
      if (match === null) this.fail(`malformed number`);
      this.pos += match[0].length;
      return { kind: "literal", value: Number(match[0]), start, end: this.pos };
    }
    if (IDENT_START.test(ch)) {
      const word = this.identifier();
      const value = KEYWORDS.get(word);
      if (value !== undefined) return { kind: "literal", value, start, end: this.pos };
      this.fail(`filter arguments must be literals (a quoted string, a number, true, false or none), found '${word}'`, start);
    }
    return this.fail(`expected a literal (a quoted string, a number, true, false or none), found ${describeChar(ch)}`);
  }

  string(quote: string): string {
    const start = this.pos;
    this.pos++;
    let value = "";
    for (;;) {
      const ch = this.peek();
      if (ch === "") this.fail(`unterminated string (missing closing ${quote})`, start);
      this.pos++;
      if (ch === quote) return value;
      if (ch === "\\") {
        const escaped = this.peek();
        this.pos++;
        const map: Record<string, string> = { n: "\n", t: "\t", r: "\r", "\\": "\\", "'": "'", '"': '"' };
        const replacement = map[escaped];
        if (replacement === undefined) this.fail(`unknown escape '\\${escaped}' in string`, this.pos - 2);
        value += replacement;
      } else {
        value += ch;
      }
    }
  }

  variable(): VariableExpr {
    const start = this.pos;
    const root = this.identifier();
    const segments: (string | number)[] = [];
    for (;;) {
      if (this.peek() === "." && IDENT_CHAR.test(this.peek(1))) {
        this.pos++;
        if (/[0-9]/.test(this.peek())) {
          const digits = /^\d{1,15}/.exec(this.source.slice(this.pos, this.pos + 15))?.[0] ?? "";
          this.pos += digits.length;
          segments.push(Number(digits));
        } else {
          segments.push(this.identifier());
        }
      } else if (this.peek() === "[") {
        this.pos++;
        this.skipSpaces();
        const key = this.literal();
        if (typeof key.value !== "string" && !(typeof key.value === "number" && Number.isInteger(key.value))) {
          this.fail("a subscript must be a quoted key or an integer index", key.start);
        }
        segments.push(key.value);
        this.skipSpaces();
        if (this.peek() !== "]") this.fail(`expected ']', found ${describeChar(this.peek())}`);
        this.pos++;
      } else {
        return { kind: "variable", root, segments, start, end: this.pos };
      }
    }
  }

  filter(): FilterCall {
    const start = this.pos;
    const written = this.identifier();
    const spec = findFilter(written);
    if (spec === undefined) {
      const suggestion = didYouMean(written, filterNames());
      this.fail(
        `unknown filter '${written}'${suggestion === undefined ? "" : ` (did you mean '${suggestion}'?)`}`,
        start,
        `available filters: ${filterNames().join(", ")}`,
      );
    }
    const args: LiteralExpr[] = [];
    if (this.peek() === "(") {
      this.pos++;
      this.skipSpaces();
      while (this.peek() !== ")") {
        args.push(this.literal());
        this.skipSpaces();
        if (this.peek() === ",") {
          this.pos++;
          this.skipSpaces();
        } else if (this.peek() !== ")") {
          this.fail(`expected ',' or ')' in the arguments of '${written}', found ${describeChar(this.peek())}`);
        }
      }
      this.pos++;
    }
    if (args.length < spec.minArgs || args.length > spec.maxArgs) {
      const range = spec.minArgs === spec.maxArgs ? `${spec.maxArgs}` : `${spec.minArgs} to ${spec.maxArgs}`;
      this.fail(`filter '${written}' takes ${range} argument(s), found ${args.length}`, start, spec.doc);
    }
    return { name: spec.name, args, start, end: this.pos };
  }

  expression(): ExpressionPart {
    if (this.peek() === "-" || this.peek() === "+") {
      this.fail("whitespace control ('{{-', '-}}') is not supported", this.pos);
    }
    this.skipSpaces();
    if (this.source.startsWith("}}", this.pos)) this.fail("empty expression: write a variable name, e.g. {{ sha }}", this.open);
    const ch = this.peek();
    const base = IDENT_START.test(ch) && !KEYWORDS.has(this.wordAhead()) ? this.variable() : this.literal();
    const filters: FilterCall[] = [];
    for (;;) {
      this.skipSpaces();
      if (this.peek() === "|") {
        this.pos++;
        this.skipSpaces();
        filters.push(this.filter());
        continue;
      }
      if (this.source.startsWith("}}", this.pos)) {
        this.pos += 2;
        return { kind: "expr", base, filters, start: this.open, end: this.pos };
      }
      if (this.source.startsWith("-}}", this.pos)) this.fail("whitespace control ('{{-', '-}}') is not supported");
      this.fail(
        `unexpected ${describeChar(this.peek())} in expression; expected '|' or '}}'`,
        this.pos,
        `${ONLY_EXPRESSIONS}: a variable (a, a.b, a['b']) or a literal, then filters (| name or | name(args)); no operators or tests`,
      );
    }
  }

  wordAhead(): string {
    return /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.source.slice(this.pos, this.pos + 64))?.[0] ?? "";
  }
}

function describeChar(ch: string): string {
  return ch === "" ? "the end of the text" : `'${ch}'`;
}

/** Parses `source`; throws `TemplateSyntaxError` (with the offset of the problem) when it is not a valid template. */
export function parseTemplate(source: string): Template {
  const parts: TemplatePart[] = [];
  let pos = 0;
  let textStart = 0;
  while (pos < source.length) {
    const open = source.indexOf("{", pos);
    if (open === -1 || open === source.length - 1) break;
    const next = source[open + 1];
    if (next !== "{" && next !== "%" && next !== "#") {
      pos = open + 1;
      continue;
    }
    if (next === "%") {
      throw new TemplateSyntaxError(`${ONLY_EXPRESSIONS}: '{%' statements (if, for, set …) are not`, source, open, {
        hint: "compute the value in the inventory (group_vars/host_vars) and reference it with {{ name }}",
      });
    }
    if (next === "#") {
      throw new TemplateSyntaxError(`${ONLY_EXPRESSIONS}: '{#' comments are not`, source, open, {
        hint: "use a YAML comment (# …) outside the string",
      });
    }
    if (open > textStart) parts.push({ kind: "text", value: source.slice(textStart, open), start: textStart, end: open });
    const expression = new Parser(source, open).expression();
    parts.push(expression);
    pos = textStart = expression.end;
  }
  if (textStart < source.length) parts.push({ kind: "text", value: source.slice(textStart), start: textStart, end: source.length });
  return { source, parts };
}
