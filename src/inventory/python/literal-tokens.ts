/**
 * The tokens of a Python expression, as far as `ast.literal_eval` needs them: numbers (with
 * underscores, hex/octal/binary, floats, imaginary), string literals (see literal-strings.ts),
 * names and single-character operators. Anything Python's tokenizer would reject as a literal
 * start throws NOT_LITERAL.
 */
import { PyFloat } from "../value.js";
import { decodeEscapes, type StringToken } from "./literal-strings.js";

export type Token =
  | { readonly t: "num"; readonly value: number | bigint | PyFloat; readonly imag: boolean }
  | StringToken
  | { readonly t: "name"; readonly text: string }
  | { readonly t: "op"; readonly text: string };

export class NotLiteral extends Error {}
/** Thrown on every non-literal: one instance, so no stack trace is captured each time. */
export const NOT_LITERAL = new NotLiteral("not a Python literal");

const NUMBER =
  /(?:[0-9](?:_?[0-9])*\.(?:[0-9](?:_?[0-9])*)?|\.[0-9](?:_?[0-9])*)(?:[eE][-+]?[0-9](?:_?[0-9])*)?[jJ]?|[0-9](?:_?[0-9])*[eE][-+]?[0-9](?:_?[0-9])*[jJ]?|[0-9](?:_?[0-9])*[jJ]|0[xX](?:_?[0-9a-fA-F])+|0[bB](?:_?[01])+|0[oO](?:_?[0-7])+|0(?:_?0)*|[1-9](?:_?[0-9])*/y;
const NAME = /[\p{L}\p{Nl}_][\p{L}\p{N}\p{Mn}\p{Mc}\p{Pc}_]*/uy;
const STRING_PREFIX = /(?:[bB][rR]?|[rR][bB]?|[uU]|[fF][rR]?|[rR][fF])?(?=['"])/y;
const IDENT_CHAR = /[\p{L}\p{N}_]/u;

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (c === " " || c === "\t" || c === "\f") {
      i++;
      continue;
    }
    if (c === "#") break;
    NUMBER.lastIndex = i;
    const number = /[0-9.]/.test(c) ? NUMBER.exec(text) : null;
    if (number !== null) {
      const raw = number[0];
      i += raw.length;
      if (i < text.length && IDENT_CHAR.test(text[i] as string)) throw NOT_LITERAL;
      tokens.push(numberToken(raw));
      continue;
    }
    STRING_PREFIX.lastIndex = i;
    const prefix = STRING_PREFIX.exec(text);
    if (prefix !== null) {
      const { token, end } = decodeEscapes(text, i, prefix[0].toLowerCase());
      tokens.push(token);
      i = end;
      continue;
    }
    NAME.lastIndex = i;
    const name = NAME.exec(text);
    if (name !== null) {
      tokens.push({ t: "name", text: name[0] });
      i += name[0].length;
      continue;
    }
    if (text.startsWith("...", i)) {
      tokens.push({ t: "op", text: "..." });
      i += 3;
      continue;
    }
    tokens.push({ t: "op", text: c });
    i++;
  }
  return tokens;
}

function numberToken(raw: string): Token {
  const clean = raw.replace(/_/g, "");
  const imag = /[jJ]$/.test(clean);
  const body = imag ? clean.slice(0, -1) : clean;
  if (imag) return { t: "num", value: new PyFloat(Number(body)), imag };
  if (/^0[xXbBoO]/.test(body) || /^[0-9]+$/.test(body)) {
    const big = BigInt(body.toLowerCase());
    const value = big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big;
    return { t: "num", value, imag };
  }
  return { t: "num", value: new PyFloat(Number(body)), imag };
}
