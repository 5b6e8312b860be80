/**
 * Whether a job's `if:` can be true for a given event: GitHub's expression parser
 * (@actions/expressions) builds the tree, and a small three-valued evaluator folds it with the few
 * facts known for that event (`github.event_name`, `github.ref` of a pull request …); everything
 * else is unknown. Only a condition that is false whatever the unknowns are excludes the event —
 * a condition runwarden cannot read keeps the job reachable (fail closed).
 */
import { Lexer, Parser } from "@actions/expressions";
import { Binary, ContextAccess, FunctionCall, Grouping, IndexAccess, Literal, Logical, Unary, type Expr } from "@actions/expressions/ast";
import { Kind } from "@actions/expressions/data/expressiondata";
import { TokenType } from "@actions/expressions/lexer";

type Primitive = string | number | boolean | null;
/** A value, or `undefined` when it cannot be known before the run. */
type Value = Primitive | undefined;

/** Known values of context paths, keyed by the lower-case dotted path (`github.event_name`). */
export type Facts = ReadonlyMap<string, Primitive>;

const CONTEXTS = ["github", "needs", "inputs", "vars", "env", "matrix", "strategy", "steps", "job", "jobs", "runner", "secrets"];
const FUNCTIONS = [
  { name: "success", minArgs: 0, maxArgs: 0 },
  { name: "failure", minArgs: 0, maxArgs: 255 },
  { name: "cancelled", minArgs: 0, maxArgs: 0 },
  { name: "always", minArgs: 0, maxArgs: 0 },
  { name: "hashFiles", minArgs: 1, maxArgs: 255 },
];

/** Parses an expression (without `${{ }}`); undefined when GitHub's parser rejects it. */
export function parseExpression(text: string): Expr | undefined {
  try {
    return new Parser(new Lexer(text).lex().tokens, CONTEXTS, FUNCTIONS).parse();
  } catch (err: unknown) {
    if (err instanceof Error) return undefined;
    throw err;
  }
}

function truthy(value: Value): boolean | undefined {
  if (value === undefined) return undefined;
  return !(value === false || value === 0 || value === "" || value === null);
}

function pathOf(expr: Expr): string | undefined {
  if (expr instanceof ContextAccess) return expr.name.lexeme.toLowerCase();
  if (expr instanceof IndexAccess && expr.index instanceof Literal && expr.index.literal.kind === Kind.String) {
    const head = pathOf(expr.expr);
    return head === undefined ? undefined : `${head}.${expr.index.literal.coerceString().toLowerCase()}`;
  }
  return undefined;
}

function literalValue(literal: Literal): Value {
  switch (literal.literal.kind) {
    case Kind.String:
      return literal.literal.coerceString();
    case Kind.Number:
      return literal.literal.number();
    case Kind.Boolean:
      return literal.literal.coerceString() === "true";
    case Kind.Null:
      return null;
    default:
      return undefined;
  }
}

function equal(a: Value, b: Value): boolean | undefined {
  if (a === undefined || b === undefined) return undefined;
  if (typeof a === "string" && typeof b === "string") return a.toLowerCase() === b.toLowerCase();
  if (typeof a === typeof b) return a === b;
  return undefined;
}

function evaluate(expr: Expr, facts: Facts): Value {
  if (expr instanceof Literal) return literalValue(expr);
  if (expr instanceof Grouping) return evaluate(expr.group, facts);
  if (expr instanceof Unary) {
    const inner = truthy(evaluate(expr.expr, facts));
    return inner === undefined ? undefined : !inner;
  }
  if (expr instanceof Logical) {
    const values = expr.args.map((arg) => evaluate(arg, facts));
    if (expr.operator.type === TokenType.AND) {
      const falsy = values.find((value) => truthy(value) === false);
      if (falsy !== undefined) return falsy;
      return values.every((value) => value !== undefined) ? values[values.length - 1] : undefined;
    }
    const hit = values.find((value) => truthy(value) === true);
    if (hit !== undefined) return hit;
    return values.every((value) => value !== undefined) ? values[values.length - 1] : undefined;
  }
  if (expr instanceof Binary) {
    const left = evaluate(expr.left, facts);
    const right = evaluate(expr.right, facts);
    if (expr.operator.type === TokenType.EQUAL_EQUAL) return equal(left, right);
    if (expr.operator.type === TokenType.BANG_EQUAL) {
      const same = equal(left, right);
      return same === undefined ? undefined : !same;
    }
    return undefined;
  }
  if (expr instanceof FunctionCall) {
    const name = expr.functionName.lexeme.toLowerCase();
    if (name === "always") return true;
    const args = expr.args.map((arg) => evaluate(arg, facts));
    const [a, b] = args;
    if (typeof a !== "string" || typeof b !== "string") return undefined;
    if (name === "startswith") return a.toLowerCase().startsWith(b.toLowerCase());
    if (name === "endswith") return a.toLowerCase().endsWith(b.toLowerCase());
    if (name === "contains") return a.toLowerCase().includes(b.toLowerCase());
    return undefined;
  }
  const path = pathOf(expr);
  return path === undefined || !facts.has(path) ? undefined : facts.get(path);
}

/** False when `condition` (an `if:` text, with or without `${{ }}`) is false whatever is unknown; true otherwise. */
export function mayBeTrue(condition: string, facts: Facts): boolean {
  const text = condition.trim().replace(/^\$\{\{([\s\S]*)\}\}$/, "$1");
  const expr = parseExpression(text);
  if (expr === undefined) return true;
  return truthy(evaluate(expr, facts)) !== false;
}

/** Whether a condition calls a status function other than success() (the job then runs after a skipped dependency). */
export function overridesSkips(condition: string): boolean {
  return /\b(?:always|failure|cancelled)\s*\(/i.test(condition);
}
