/**
 * The part of GitHub Actions' expression language the emulator needs to move a deploy workflow the
 * way GitHub does: job `if:` conditions and `runs-on` read from `needs.<job>.outputs`. Supported:
 * `${{ }}` (optional), `||`, `&&`, `!`, `==`, `!=`, parentheses, string/number/boolean/null
 * literals, `needs.<job>.result`, `needs.<job>.outputs.<name>`, and the functions `success()`,
 * `failure()`, `always()`, `cancelled()`, `fromJSON()`, `contains()`, `startsWith()`. Comparison
 * follows GitHub's rules for strings (case-insensitive) and truthiness (`''`, `0`, `false`, `null`
 * are falsy). Anything else is an `ExpressionError`, so a scenario cannot silently mean something else.
 */

export class ExpressionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ExpressionError";
  }
}

export type Value = null | boolean | number | string | readonly Value[] | { readonly [key: string]: Value };

export interface NeedState {
  readonly result: string;
  readonly outputs: Readonly<Record<string, string>>;
}

export interface ExpressionContext {
  readonly needs: Readonly<Record<string, NeedState>>;
  /** The run was cancelled. */
  readonly cancelled: boolean;
}

type Token = { kind: "op"; text: string } | { kind: "string"; text: string } | { kind: "number"; value: number } | { kind: "word"; text: string };

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i] ?? "";
    if (/\s/.test(c)) {
      i++;
    } else if (c === "'") {
      let text = "";
      i++;
      for (;;) {
        if (i >= source.length) throw new ExpressionError(`unterminated string in '${source}'`);
        if (source[i] === "'" && source[i + 1] === "'") {
          text += "'";
          i += 2;
        } else if (source[i] === "'") {
          i++;
          break;
        } else {
          text += source[i];
          i++;
        }
      }
      tokens.push({ kind: "string", text });
    } else if (/[0-9]/.test(c) || (c === "-" && /[0-9]/.test(source[i + 1] ?? ""))) {
      const match = /^-?\d+(\.\d+)?/.exec(source.slice(i));
      tokens.push({ kind: "number", value: Number(match?.[0] ?? "0") });
      i += match?.[0].length ?? 1;
    } else if (/[A-Za-z_]/.test(c)) {
      const match = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(source.slice(i));
      tokens.push({ kind: "word", text: match?.[0] ?? c });
      i += match?.[0].length ?? 1;
    } else {
      const two = source.slice(i, i + 2);
      if (["&&", "||", "==", "!="].includes(two)) {
        tokens.push({ kind: "op", text: two });
        i += 2;
      } else if ("!().,".includes(c)) {
        tokens.push({ kind: "op", text: c });
        i++;
      } else {
        throw new ExpressionError(`unexpected '${c}' in '${source}'`);
      }
    }
  }
  return tokens;
}

export function truthy(value: Value): boolean {
  if (value === null || value === false || value === "" || value === 0) return false;
  return !(typeof value === "number" && Number.isNaN(value));
}

function equal(a: Value, b: Value): boolean {
  if (typeof a === "string" && typeof b === "string") return a.toLowerCase() === b.toLowerCase();
  if (a === null || b === null) return a === b;
  if (typeof a === typeof b && typeof a !== "object") return a === b;
  const number = (v: Value) =>
    typeof v === "boolean" ? (v ? 1 : 0) : typeof v === "string" ? (v.trim() === "" ? 0 : Number(v)) : typeof v === "number" ? v : Number.NaN;
  if (typeof a === "object" || typeof b === "object") return a === b;
  return number(a) === number(b);
}

class Parser {
  #i = 0;
  constructor(
    readonly tokens: readonly Token[],
    readonly context: ExpressionContext,
    readonly source: string,
  ) {}

  #peek(): Token | undefined {
    return this.tokens[this.#i];
  }

  #isOp(text: string): boolean {
    const token = this.#peek();
    return token?.kind === "op" && token.text === text;
  }

  #expect(text: string): void {
    if (!this.#isOp(text)) throw new ExpressionError(`expected '${text}' in '${this.source}'`);
    this.#i++;
  }

  parse(): Value {
    const value = this.#or();
    if (this.#i !== this.tokens.length) throw new ExpressionError(`unexpected text after position ${this.#i} in '${this.source}'`);
    return value;
  }

  #or(): Value {
    let left = this.#and();
    while (this.#isOp("||")) {
      this.#i++;
      const right = this.#and();
      left = truthy(left) ? left : right;
    }
    return left;
  }

  #and(): Value {
    let left = this.#unary();
    while (this.#isOp("&&")) {
      this.#i++;
      const right = this.#unary();
      left = truthy(left) ? right : left;
    }
    return left;
  }

  #unary(): Value {
    if (this.#isOp("!")) {
      this.#i++;
      return !truthy(this.#unary());
    }
    const left = this.#primary();
    if (this.#isOp("==") || this.#isOp("!=")) {
      const negate = this.#isOp("!=");
      this.#i++;
      const same = equal(left, this.#primary());
      return negate ? !same : same;
    }
    return left;
  }

  #primary(): Value {
    const token = this.#peek();
    if (token === undefined) throw new ExpressionError(`unexpected end of '${this.source}'`);
    this.#i++;
    if (token.kind === "string") return token.text;
    if (token.kind === "number") return token.value;
    if (token.kind === "op") {
      if (token.text !== "(") throw new ExpressionError(`unexpected '${token.text}' in '${this.source}'`);
      const value = this.#or();
      this.#expect(")");
      return value;
    }
    const word = token.text;
    if (word === "true") return true;
    if (word === "false") return false;
    if (word === "null") return null;
    if (this.#isOp("(")) return this.#call(word);
    if (word !== "needs") throw new ExpressionError(`unsupported context '${word}' in '${this.source}' (the emulator knows needs.*)`);
    return this.#needs();
  }

  #args(): Value[] {
    this.#expect("(");
    const args: Value[] = [];
    if (this.#isOp(")")) {
      this.#i++;
      return args;
    }
    for (;;) {
      args.push(this.#or());
      if (this.#isOp(")")) {
        this.#i++;
        return args;
      }
      this.#expect(",");
    }
  }

  #call(name: string): Value {
    const args = this.#args();
    const results = Object.values(this.context.needs).map((need) => need.result);
    switch (name.toLowerCase()) {
      case "success":
        return !this.context.cancelled && results.every((result) => result === "success");
      case "failure":
        return results.some((result) => result === "failure");
      case "always":
        return true;
      case "cancelled":
        return this.context.cancelled;
      case "fromjson": {
        const text = args[0];
        if (typeof text !== "string") throw new ExpressionError(`fromJSON needs a string in '${this.source}'`);
        try {
          return JSON.parse(text) as Value;
        } catch (e: unknown) {
          throw new ExpressionError(`fromJSON: ${e instanceof Error ? e.message : String(e)} in '${this.source}'`);
        }
      }
      case "contains": {
        const [haystack, needle] = args;
        if (Array.isArray(haystack)) return haystack.some((item: Value) => equal(item, needle ?? null));
        return String(haystack ?? "")
          .toLowerCase()
          .includes(String(needle ?? "").toLowerCase());
      }
      case "startswith":
        return String(args[0] ?? "")
          .toLowerCase()
          .startsWith(String(args[1] ?? "").toLowerCase());
      default:
        throw new ExpressionError(`unsupported function '${name}' in '${this.source}'`);
    }
  }

  #needs(): Value {
    this.#expect(".");
    const job = this.#peek();
    if (job?.kind !== "word") throw new ExpressionError(`expected a job id after needs. in '${this.source}'`);
    this.#i++;
    const need = this.context.needs[job.text];
    if (need === undefined) throw new ExpressionError(`'${job.text}' is not in this job's needs ('${this.source}')`);
    this.#expect(".");
    const field = this.#peek();
    this.#i++;
    if (field?.kind === "word" && field.text === "result") return need.result;
    if (field?.kind === "word" && field.text === "outputs") {
      this.#expect(".");
      const name = this.#peek();
      if (name?.kind !== "word") throw new ExpressionError(`expected an output name in '${this.source}'`);
      this.#i++;
      return need.outputs[name.text] ?? "";
    }
    throw new ExpressionError(`needs.${job.text}: only .result and .outputs.<name> are supported ('${this.source}')`);
  }
}

/** The expression inside `${{ … }}` (or the whole text when it has no such wrapper). */
export function unwrap(text: string): string | undefined {
  const match = /^\s*\$\{\{([\s\S]*)\}\}\s*$/.exec(text);
  return match?.[1]?.trim();
}

export function evaluate(expression: string, context: ExpressionContext): Value {
  const source = unwrap(expression) ?? expression.trim();
  return new Parser(tokenize(source), context, source).parse();
}

/** Whether `text` uses a status function (else GitHub prepends `success() &&`). */
export function hasStatusFunction(text: string): boolean {
  return /\b(success|failure|always|cancelled)\s*\(/i.test(text);
}

/** A job's `if:`, as GitHub evaluates it. */
export function jobCondition(condition: string | undefined, context: ExpressionContext): boolean {
  if (condition === undefined || condition.trim() === "") return truthy(evaluate("success()", context));
  const wrapped = hasStatusFunction(condition) ? condition : `success() && (${unwrap(condition) ?? condition})`;
  return truthy(evaluate(wrapped, context));
}

/** A `runs-on` value with `${{ }}` expressions resolved: a label list and a group. */
export function resolveRunsOn(
  labels: readonly string[],
  group: string | undefined,
  context: ExpressionContext,
): { labels: string[]; group: string | undefined } {
  const resolved: string[] = [];
  for (const label of labels) {
    if (unwrap(label) === undefined) {
      resolved.push(label);
      continue;
    }
    const value = evaluate(label, context);
    if (Array.isArray(value)) for (const item of value as readonly Value[]) resolved.push(String(item));
    else if (value !== null && value !== "") resolved.push(String(value));
  }
  const groupValue = group === undefined ? undefined : unwrap(group) === undefined ? group : evaluate(group, context);
  return { labels: resolved, group: groupValue === undefined || groupValue === null || groupValue === "" ? undefined : String(groupValue) };
}
