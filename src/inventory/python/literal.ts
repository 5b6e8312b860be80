/**
 * Python's `ast.literal_eval` (3.11), as Ansible's INI plugin applies it to every value
 * (`_parse_value`): a valid Python literal becomes that value; anything Python rejects (syntax
 * error or non-literal expression) stays the original string.
 *
 * Values JSON cannot hold (sets, complex numbers, `...`, bytes inside containers, tuple keys) make
 * `ansible-inventory` crash when it prints them; unhashable dict keys make the INI plugin fail.
 * Both raise `LiteralError` here, so the caller reports a precise error instead.
 */
import { DictBuilder, PyFloat, type PyKey, type PyValue } from "../value.js";
import { LiteralError } from "./literal-errors.js";
import { StringSyntaxError } from "./literal-strings.js";
import { NOT_LITERAL, NotLiteral, tokenize, type Token } from "./literal-tokens.js";

export { LiteralError };

type Node =
  | { readonly k: "const"; readonly value: PyValue; readonly num: boolean; readonly imag: boolean; readonly bytes: boolean }
  | { readonly k: "unary"; readonly op: string; readonly operand: Node }
  | { readonly k: "bin"; readonly op: string; readonly left: Node; readonly right: Node }
  | { readonly k: "tuple" | "list" | "set"; readonly elts: readonly Node[] }
  | { readonly k: "dict"; readonly keys: readonly Node[]; readonly values: readonly Node[] }
  | { readonly k: "emptyset" | "ellipsis" | "fstring" | "named" };

/** Python 3.11 refuses more than 200 nested brackets ("too many nested parentheses"). */
const MAX_NESTING = 200;

class Parser {
  #pos = 0;
  #depth = 0;
  constructor(readonly tokens: readonly Token[]) {}

  peekOp(text: string): boolean {
    const token = this.tokens[this.#pos];
    return token !== undefined && token.t === "op" && token.text === text;
  }

  takeOp(text: string): boolean {
    if (!this.peekOp(text)) return false;
    this.#pos++;
    return true;
  }

  expectOp(text: string): void {
    if (!this.takeOp(text)) throw NOT_LITERAL;
  }

  atEnd(): boolean {
    return this.#pos >= this.tokens.length;
  }

  /** `a, b` at the top level is a tuple. */
  top(): Node {
    const first = this.sum();
    if (!this.peekOp(",")) return first;
    const elts = [first];
    while (this.takeOp(",")) {
      if (this.atEnd()) break;
      elts.push(this.sum());
    }
    return { k: "tuple", elts };
  }

  sum(): Node {
    let left = this.unary();
    while (this.peekOp("+") || this.peekOp("-")) {
      const op = (this.tokens[this.#pos++] as { text: string }).text;
      left = { k: "bin", op, left, right: this.unary() };
    }
    return left;
  }

  unary(): Node {
    if (this.peekOp("+") || this.peekOp("-")) {
      const op = (this.tokens[this.#pos++] as { text: string }).text;
      return { k: "unary", op, operand: this.unary() };
    }
    return this.atom();
  }

  atom(): Node {
    const token = this.tokens[this.#pos];
    if (token === undefined) throw NOT_LITERAL;
    if (token.t === "num") {
      this.#pos++;
      return { k: "const", value: token.value, num: true, imag: token.imag, bytes: false };
    }
    if (token.t === "str") return this.strings();
    if (token.t === "name") {
      this.#pos++;
      if (token.text === "True" || token.text === "False") return { k: "const", value: token.text === "True", num: false, imag: false, bytes: false };
      if (token.text === "None") return { k: "const", value: null, num: false, imag: false, bytes: false };
      if (token.text === "set" && this.peekOp("(")) {
        this.#pos++;
        this.expectOp(")");
        return { k: "emptyset" };
      }
      throw NOT_LITERAL;
    }
    if (token.text === "...") {
      this.#pos++;
      return { k: "ellipsis" };
    }
    if (token.text === "(" || token.text === "[" || token.text === "{") return this.nested(token.text);
    throw NOT_LITERAL;
  }

  strings(): Node {
    let value = "";
    let bytes: boolean | undefined;
    let fstring = false;
    let named = false;
    for (let token = this.tokens[this.#pos]; token !== undefined && token.t === "str"; token = this.tokens[++this.#pos]) {
      if (bytes !== undefined && bytes !== token.bytes) throw NOT_LITERAL;
      bytes = token.bytes;
      fstring ||= token.fstring;
      named ||= token.namedEscape;
      value += token.value;
    }
    if (fstring) return { k: "fstring" };
    if (named) return { k: "named" };
    return { k: "const", value, num: false, imag: false, bytes: bytes === true };
  }

  nested(open: string): Node {
    if (++this.#depth > MAX_NESTING) throw NOT_LITERAL;
    this.#pos++;
    const close = open === "(" ? ")" : open === "[" ? "]" : "}";
    const elts: Node[] = [];
    const values: Node[] = [];
    let isDict = false;
    let trailingComma = false;
    while (!this.takeOp(close)) {
      elts.push(this.sum());
      if (open === "{" && (elts.length === 1 || isDict) && this.takeOp(":")) {
        isDict = true;
        values.push(this.sum());
      } else if (isDict) {
        throw NOT_LITERAL;
      }
      trailingComma = this.takeOp(",");
      if (!trailingComma) {
        this.expectOp(close);
        break;
      }
    }
    this.#depth--;
    if (open === "(") {
      if (elts.length === 1 && !trailingComma) return elts[0] as Node;
      return { k: "tuple", elts };
    }
    if (open === "[") return { k: "list", elts };
    if (isDict || elts.length === 0) return { k: "dict", keys: elts, values };
    return { k: "set", elts };
  }
}

function unsupported(what: string): never {
  throw new LiteralError(`${what} cannot be represented in JSON (ansible-inventory fails on it)`);
}

function signedNumber(node: Node): number | bigint | PyFloat {
  if (node.k === "unary") {
    const operand = node.operand;
    if (operand.k !== "const" || !operand.num) throw NOT_LITERAL;
    if (operand.imag) unsupported("a complex number");
    return node.op === "-" ? negate(operand.value as number | bigint | PyFloat) : (operand.value as number | bigint | PyFloat);
  }
  if (node.k !== "const" || !node.num) throw NOT_LITERAL;
  if (node.imag) unsupported("a complex number");
  return node.value as number | bigint | PyFloat;
}

function negate(value: number | bigint | PyFloat): number | bigint | PyFloat {
  if (value instanceof PyFloat) return new PyFloat(-value.value);
  if (typeof value === "bigint") return -value;
  return value === 0 ? 0 : -value;
}

function hashable(node: Node): PyKey {
  if (node.k === "list" || node.k === "dict" || node.k === "set" || node.k === "emptyset") {
    throw new LiteralError(`unhashable type: '${node.k === "emptyset" ? "set" : node.k}'`);
  }
  if (node.k === "tuple") {
    node.elts.forEach(hashable);
    unsupported("a tuple dict key");
  }
  const value = convert(node, false);
  if (value instanceof PyFloat) return value;
  if (value === null || typeof value === "string" || typeof value === "number" || typeof value === "bigint" || typeof value === "boolean") return value;
  return unsupported("this dict key");
}

function convert(node: Node, top: boolean): PyValue {
  switch (node.k) {
    case "const":
      if (node.imag) return unsupported("a complex number");
      if (!node.bytes) return node.value;
      if (!top) return unsupported("a bytes value inside a list or dict");
      return decodeBytes(node.value as string);
    case "unary":
    case "bin":
      if (node.k === "bin") {
        // Python's literal_eval: `real ± imaginary` only; an imaginary left side is malformed (the text stays a string).
        const left = node.left.k === "unary" ? node.left.operand : node.left;
        if (left.k === "const" && left.num && left.imag) throw NOT_LITERAL;
        signedNumber(node.left);
        if (node.right.k !== "const" || !node.right.num) throw NOT_LITERAL;
        if (!node.right.imag) throw NOT_LITERAL;
        return unsupported("a complex number");
      }
      return signedNumber(node);
    case "tuple":
    case "list":
      return node.elts.map((elt) => convert(elt, false));
    case "set":
      node.elts.forEach(hashable);
      for (const elt of node.elts) convert(elt, false);
      return unsupported("a set");
    case "emptyset":
      return unsupported("a set");
    case "dict": {
      const keys = node.keys.map(hashable);
      const dict = new DictBuilder();
      for (const [index, value] of node.values.entries()) dict.set(keys[index] as PyKey, convert(value, false));
      return dict.dict;
    }
    case "ellipsis":
      return unsupported("Ellipsis (...)");
    case "fstring":
      throw NOT_LITERAL;
    case "named":
      throw new LiteralError("\\N{…} escapes (Unicode character names) in INI values are not supported by runwarden");
  }
}

/**
 * `ast.literal_eval(text)`: the value when `text` is a Python literal, otherwise `undefined` (Ansible
 * then keeps the string). Throws LiteralError where Ansible fails.
 */
const PLAIN_WORD = /^[A-Za-z_][A-Za-z0-9_.\-/:@%+~]*$/;
const KEYWORD_START = /^(?:True|False|None|set)(?![A-Za-z0-9_])/;
const DECIMAL = /^[1-9][0-9]{0,14}$/;
const TRUE = { value: true } as const;
const FALSE = { value: false } as const;
const NONE = { value: null } as const;

export function literalEval(text: string): { value: PyValue } | undefined {
  // Fast paths for the common cases: names, the three constants and small decimal ints.
  if (text === "True") return TRUE;
  if (text === "False") return FALSE;
  if (text === "None") return NONE;
  if (PLAIN_WORD.test(text) && !KEYWORD_START.test(text)) return undefined;
  if (DECIMAL.test(text) || text === "0") return { value: Number(text) };
  const source = text.replace(/^[ \t]+/, "");
  try {
    const tokens = tokenize(source);
    const parser = new Parser(tokens);
    const node = parser.top();
    if (!parser.atEnd()) return undefined;
    return { value: convert(node, true) };
  } catch (err: unknown) {
    if (err instanceof NotLiteral || err instanceof StringSyntaxError) return undefined;
    throw err;
  }
}

/** Ansible's `to_text(bytes, errors='surrogate_or_strict')`: UTF-8, bad bytes as U+DC80–U+DCFF. */
function decodeBytes(latin1: string): string {
  const bytes = Uint8Array.from(latin1, (c) => c.charCodeAt(0));
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    let out = "";
    let i = 0;
    while (i < bytes.length) {
      const b = bytes[i] as number;
      const length = b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
      if (length > 0) {
        try {
          out += new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes.subarray(i, i + length));
          i += length;
          continue;
        } catch {
          // falls through to escaping this byte
        }
      }
      out += String.fromCharCode(0xdc00 + b);
      i++;
    }
    return out;
  }
}
