/**
 * Reading GitHub's parsed workflow tokens (@actions/workflow-parser): key lookup, scalar text,
 * the `${{ }}` expressions inside a value, and where a token sits in the file.
 */
import { isBasicExpression, isBoolean, isLiteral, isMapping, isNumber, isSequence, isString } from "@actions/workflow-parser";
import type { BasicExpressionToken } from "@actions/workflow-parser/templates/tokens/basic-expression-token";
import type { MappingToken } from "@actions/workflow-parser/templates/tokens/mapping-token";
import type { TemplateToken } from "@actions/workflow-parser/templates/tokens/template-token";
import type { TokenRange } from "@actions/workflow-parser/templates/tokens/token-range";
import { fromUtf16, offsetAt, type SourceText } from "../source.js";
import type { Span } from "../types.js";

export type { MappingToken, TemplateToken, BasicExpressionToken };

/** The value under `key` in a mapping token (undefined for a missing key or a non-mapping). */
export function child(token: TemplateToken | undefined, key: string): TemplateToken | undefined {
  if (token === undefined || !isMapping(token)) return undefined;
  for (const pair of token) if (isString(pair.key) && pair.key.value === key) return pair.value;
  return undefined;
}

/** The key token of `key` in a mapping (to point at `timeout-minutes:` itself). */
export function keyToken(token: TemplateToken | undefined, key: string): TemplateToken | undefined {
  if (token === undefined || !isMapping(token)) return undefined;
  for (const pair of token) if (isString(pair.key) && pair.key.value === key) return pair.key;
  return undefined;
}

export function entries(token: TemplateToken | undefined): { key: string; keyToken: TemplateToken; value: TemplateToken }[] {
  if (token === undefined || !isMapping(token)) return [];
  const out: { key: string; keyToken: TemplateToken; value: TemplateToken }[] = [];
  for (const pair of token) if (isString(pair.key)) out.push({ key: pair.key.value, keyToken: pair.key, value: pair.value });
  return out;
}

export function items(token: TemplateToken | undefined): TemplateToken[] {
  if (token === undefined || !isSequence(token)) return [];
  const out: TemplateToken[] = [];
  for (let i = 0; i < token.count; i++) out.push(token.get(i));
  return out;
}

/** A literal's text (`true`, `30`, `production`); undefined for expressions and collections. */
export function literalText(token: TemplateToken | undefined): string | undefined {
  if (token === undefined) return undefined;
  if (isString(token)) return token.value;
  if (isBoolean(token) || isNumber(token)) return String(token.value);
  return undefined;
}

/** Each `${{ }}` in a value: its expression text and the range of the whole `${{ … }}`. */
export interface Interpolation {
  readonly expression: string;
  readonly range: TokenRange | undefined;
}

export function interpolations(token: TemplateToken | undefined): Interpolation[] {
  if (token === undefined || !isBasicExpression(token)) return [];
  const originals = token.originalExpressions;
  if (originals !== undefined && originals.length > 0) return originals.map((o) => ({ expression: o.expression, range: o.range }));
  return [{ expression: token.expression, range: token.range }];
}

/** Every expression token under `token` (values, keys not included), with each of its interpolations. */
export function* expressionsUnder(token: TemplateToken | undefined): Generator<{ token: BasicExpressionToken; interpolation: Interpolation }> {
  if (token === undefined) return;
  if (isBasicExpression(token)) {
    for (const interpolation of interpolations(token)) yield { token, interpolation };
    return;
  }
  if (isMapping(token)) for (const pair of token) yield* expressionsUnder(pair.value);
  else if (isSequence(token)) for (let i = 0; i < token.count; i++) yield* expressionsUnder(token.get(i));
}

/** Where a token (or a range) sits, in characters. */
export function spanOf(source: SourceText, range: TokenRange | undefined): Span {
  if (range === undefined) return { start: { line: 1, col: 1 } };
  return { start: fromUtf16(source, range.start.line, range.start.column), end: fromUtf16(source, range.end.line, range.end.column) };
}

export function tokenSpan(source: SourceText, token: TemplateToken | undefined): Span {
  return spanOf(source, token?.range);
}

/** UTF-16 offsets [start, end) of a token's source text. */
export function offsets(source: SourceText, range: TokenRange | undefined): [number, number] | undefined {
  if (range === undefined) return undefined;
  return [offsetAt(source, range.start.line, range.start.column), offsetAt(source, range.end.line, range.end.column)];
}

/** The text a script holds with each `${{ }}` as written (for scanning `run:` scripts). */
export function scriptText(token: TemplateToken | undefined): string | undefined {
  if (token === undefined) return undefined;
  if (isString(token)) return token.value;
  if (isBasicExpression(token)) return token.source ?? `\${{ ${token.expression} }}`;
  if (isLiteral(token)) return literalText(token);
  return undefined;
}

export { isBasicExpression, isMapping, isSequence, isString, isBoolean };
