/** Renders a parsed template against variables. Pure: no I/O, no code evaluation. */
import { formatVariable, type ExpressionPart, type Template, type VariableExpr } from "./ast.js";
import { TemplateRenderError, UndefinedVariableError } from "./errors.js";
import { FilterError, Undefined, findFilter, toText } from "./filters.js";
import { parseTemplate } from "./parse.js";

/** Variables a template can read: inventory vars of the host, plus `sha`, `inventory`, `environment`, … */
export type TemplateVars = Readonly<Record<string, unknown>>;

function lookup(expr: VariableExpr, vars: TemplateVars): unknown {
  let value: unknown = Object.hasOwn(vars, expr.root) ? vars[expr.root] : undefined;
  if (value === undefined) return new Undefined(expr.root);
  for (let i = 0; i < expr.segments.length; i++) {
    const segment = expr.segments[i];
    const name = formatVariable(expr.root, expr.segments.slice(0, i + 1));
    if (Array.isArray(value) && typeof segment === "number") {
      value = value[segment < 0 ? value.length + segment : segment];
    } else if (typeof value === "object" && value !== null && segment !== undefined && Object.hasOwn(value, segment)) {
      value = (value as Record<string | number, unknown>)[segment];
    } else {
      value = undefined;
    }
    if (value === undefined) return new Undefined(name);
  }
  return value;
}

function evaluate(part: ExpressionPart, vars: TemplateVars): unknown {
  let value: unknown = part.base.kind === "literal" ? part.base.value : lookup(part.base, vars);
  for (const call of part.filters) {
    const spec = findFilter(call.name);
    if (spec === undefined) throw new TemplateRenderError(`unknown filter '${call.name}'`, part.start);
    if (value instanceof Undefined && !spec.acceptsUndefined) throw new UndefinedVariableError(value.name, part.start);
    try {
      value = spec.apply(
        value,
        call.args.map((arg) => arg.value),
      );
    } catch (e: unknown) {
      if (e instanceof FilterError) throw new TemplateRenderError(e.message, part.start, e.hint === undefined ? undefined : { hint: e.hint });
      throw e;
    }
  }
  if (value instanceof Undefined) throw new UndefinedVariableError(value.name, part.start);
  return value;
}

/**
 * Renders `template` (parsed, or source text that is parsed first) with `vars`.
 * Throws `UndefinedVariableError` for a variable that is not defined and not covered by `default`,
 * `TemplateRenderError` when a value cannot be rendered (a list without `join`, …),
 * `TemplateSyntaxError` when source text is not a valid template.
 */
export function renderTemplate(template: Template | string, vars: TemplateVars): string {
  const parsed = typeof template === "string" ? parseTemplate(template) : template;
  let out = "";
  for (const part of parsed.parts) {
    if (part.kind === "text") {
      out += part.value;
      continue;
    }
    const value = evaluate(part, vars);
    try {
      out += toText(value);
    } catch (e: unknown) {
      if (e instanceof FilterError) throw new TemplateRenderError(e.message, part.start, e.hint === undefined ? undefined : { hint: e.hint });
      throw e;
    }
  }
  return out;
}

/** The variable paths a template reads, in order of appearance, without repeats (e.g. `["sha", "inventory"]`). */
export function templateVariables(template: Template): string[] {
  const names = new Set<string>();
  for (const part of template.parts) {
    if (part.kind === "expr" && part.base.kind === "variable") names.add(formatVariable(part.base.root, part.base.segments));
  }
  return [...names];
}

/** Literal text a template carries (text parts and string arguments), with offsets: what a lint for addresses reads. */
export function templateLiterals(template: Template): { text: string; offset: number }[] {
  const found: { text: string; offset: number }[] = [];
  for (const part of template.parts) {
    if (part.kind === "text") {
      found.push({ text: part.value, offset: part.start });
      continue;
    }
    const literals = [part.base, ...part.filters.flatMap((call) => call.args)];
    for (const literal of literals) {
      // +1 skips the opening quote, so offsets point into the string's content.
      if (literal.kind === "literal" && typeof literal.value === "string") found.push({ text: literal.value, offset: literal.start + 1 });
    }
  }
  return found;
}
