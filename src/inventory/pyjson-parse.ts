/**
 * Python's `json.loads(text, cls=AnsibleJSONDecoder)`, which Ansible tries before YAML on every
 * vars and inventory file: numbers keep int/float apart (`1.0` stays a float, big ints stay exact),
 * `NaN`/`Infinity` are accepted, the last duplicate key wins, and an object holding
 * `__ansible_vault` or `__ansible_unsafe` becomes a vault value or unsafe text.
 */
import { PyFloat, pyInt, UnsafeText, VaultValue, type PyKey, type PyValue } from "./value.js";

export class PyJsonError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

const WS = new Set([0x20, 0x09, 0x0a, 0x0d]);
const NUMBER = /-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?/y;
const MAX_DEPTH = 900;

/** Ansible's `wrap_var`: every string inside becomes unsafe text. */
export function wrapUnsafe(value: PyValue): PyValue {
  if (typeof value === "string") return new UnsafeText(value);
  if (value instanceof Map) {
    const out = new Map<PyKey, PyValue>();
    for (const [key, item] of value) out.set(key, wrapUnsafe(item));
    return out;
  }
  if (Array.isArray(value)) return value.map(wrapUnsafe);
  return value as PyValue;
}

class Reader {
  pos = 0;
  depth = 0;
  constructor(readonly text: string) {}

  fail(message: string): never {
    throw new PyJsonError(message, this.pos);
  }

  skip(): void {
    while (this.pos < this.text.length && WS.has(this.text.charCodeAt(this.pos))) this.pos++;
  }

  value(): PyValue {
    this.skip();
    const c = this.text[this.pos];
    if (c === "{") return this.object();
    if (c === "[") return this.array();
    if (c === '"') return this.string();
    for (const [word, value] of WORDS) {
      if (this.text.startsWith(word, this.pos)) {
        this.pos += word.length;
        return value;
      }
    }
    NUMBER.lastIndex = this.pos;
    const match = NUMBER.exec(this.text);
    if (match === null) this.fail("Expecting value");
    this.pos += match[0].length;
    if (match[1] === undefined && match[2] === undefined) return pyInt(BigInt(match[0]));
    return new PyFloat(Number(match[0]));
  }

  nest(): void {
    if (++this.depth > MAX_DEPTH) this.fail("maximum recursion depth exceeded");
  }

  object(): PyValue {
    this.nest();
    this.pos++;
    const out = new Map<PyKey, PyValue>();
    this.skip();
    if (this.text[this.pos] === "}") {
      this.pos++;
    } else {
      for (;;) {
        this.skip();
        if (this.text[this.pos] !== '"') this.fail("Expecting property name enclosed in double quotes");
        const key = this.string();
        this.skip();
        if (this.text[this.pos] !== ":") this.fail("Expecting ':' delimiter");
        this.pos++;
        out.set(key, this.value());
        this.skip();
        const c = this.text[this.pos++];
        if (c === "}") break;
        if (c !== ",") this.fail("Expecting ',' delimiter");
      }
    }
    this.depth--;
    for (const [key, value] of out) {
      if (key === "__ansible_vault") return new VaultValue(typeof value === "string" ? value : String(value));
      if (key === "__ansible_unsafe") return wrapUnsafe(value);
    }
    return out;
  }

  array(): PyValue {
    this.nest();
    this.pos++;
    const out: PyValue[] = [];
    this.skip();
    if (this.text[this.pos] === "]") {
      this.pos++;
    } else {
      for (;;) {
        out.push(this.value());
        this.skip();
        const c = this.text[this.pos++];
        if (c === "]") break;
        if (c !== ",") this.fail("Expecting ',' delimiter");
      }
    }
    this.depth--;
    return out;
  }

  string(): string {
    const text = this.text;
    let pos = this.pos + 1;
    let out = "";
    let chunkStart = pos;
    for (;;) {
      if (pos >= text.length) {
        this.pos = pos;
        this.fail("Unterminated string starting at");
      }
      const code = text.charCodeAt(pos);
      if (code === 0x22) break;
      if (code < 0x20) {
        this.pos = pos;
        this.fail("Invalid control character at");
      }
      if (code !== 0x5c) {
        pos++;
        continue;
      }
      out += text.slice(chunkStart, pos);
      const escaped = text[pos + 1];
      const simple = escaped === undefined ? undefined : ESCAPES[escaped];
      if (simple !== undefined) {
        out += simple;
        pos += 2;
      } else if (escaped === "u" && /^[0-9a-fA-F]{4}$/.test(text.slice(pos + 2, pos + 6))) {
        out += String.fromCharCode(Number.parseInt(text.slice(pos + 2, pos + 6), 16));
        pos += 6;
      } else {
        this.pos = pos;
        this.fail("Invalid \\escape");
      }
      chunkStart = pos;
    }
    out += text.slice(chunkStart, pos);
    this.pos = pos + 1;
    return out;
  }
}

const WORDS: readonly (readonly [string, PyValue])[] = [
  ["true", true],
  ["false", false],
  ["null", null],
  ["NaN", new PyFloat(Number.NaN)],
  ["Infinity", new PyFloat(Infinity)],
  ["-Infinity", new PyFloat(-Infinity)],
];

const ESCAPES: Readonly<Record<string, string>> = { '"': '"', "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" };

/** Parses `text` as Python's json module would, or throws PyJsonError. */
export function pyJsonLoads(text: string): PyValue {
  if (text.startsWith("\ufeff")) throw new PyJsonError("Unexpected UTF-8 BOM (decode using utf-8-sig)", 0);
  const reader = new Reader(text);
  const value = reader.value();
  reader.skip();
  if (reader.pos !== text.length) reader.fail("Extra data");
  return value;
}

/** Cheap pre-check: only text starting with a JSON value can be JSON. */
export function mayBeJson(text: string): boolean {
  // The first of the first 64 characters that is not JSON whitespace.
  const end = Math.min(text.length, 64);
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) continue;
    // { [ " 0-9 open a document that may be JSON; `-` only before a digit or Infinity (`---` is
    // YAML); a word only when it is the whole document (else Python's json fails: extra data).
    if (c === 0x7b || c === 0x5b || c === 0x22 || (c >= 0x30 && c <= 0x39)) return true;
    if (c === 0x2d) {
      const next = text.charCodeAt(i + 1);
      return (next >= 0x30 && next <= 0x39) || text.startsWith("Infinity", i + 1);
    }
    for (const word of JSON_WORDS) if (text.startsWith(word, i)) return ONLY_SPACE.test(text.slice(i + word.length));
    return false;
  }
  return false;
}

const JSON_WORDS = ["true", "false", "null", "NaN", "Infinity"];
const ONLY_SPACE = /^[ \t\n\r]*$/;
