/** The syntax tree of a template string: text and `{{ expression }}` parts. Offsets are UTF-16 indexes into the source. */

export type Literal = string | number | boolean | null;

export interface TextPart {
  readonly kind: "text";
  readonly value: string;
  readonly start: number;
  readonly end: number;
}

/** `a`, `a.b`, `a[0]`, `a['b-c']` */
export interface VariableExpr {
  readonly kind: "variable";
  readonly root: string;
  readonly segments: readonly (string | number)[];
  readonly start: number;
  readonly end: number;
}

/** `'text'`, `"text"`, `42`, `-1.5`, `true`, `false`, `none` */
export interface LiteralExpr {
  readonly kind: "literal";
  readonly value: Literal;
  readonly start: number;
  readonly end: number;
}

export interface FilterCall {
  /** Canonical name (an alias such as `d` is stored as `default`). */
  readonly name: string;
  readonly args: readonly LiteralExpr[];
  readonly start: number;
  readonly end: number;
}

export interface ExpressionPart {
  readonly kind: "expr";
  readonly base: VariableExpr | LiteralExpr;
  readonly filters: readonly FilterCall[];
  /** Offset of `{{`. */
  readonly start: number;
  /** Offset just after `}}`. */
  readonly end: number;
}

export type TemplatePart = TextPart | ExpressionPart;

export interface Template {
  readonly source: string;
  readonly parts: readonly TemplatePart[];
}

/** `a.b[0]['c-d']` */
export function formatVariable(root: string, segments: readonly (string | number)[]): string {
  let text = root;
  for (const segment of segments) {
    if (typeof segment === "number") text += `[${segment}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(segment)) text += `.${segment}`;
    else text += `[${JSON.stringify(segment)}]`;
  }
  return text;
}
