/**
 * Variable values as Ansible holds them. Ansible is Python: a YAML `1.0` is a float and stays
 * `1.0` in `ansible-inventory --list`, a YAML 1.1 `0x1F` is the int 31, a 30-digit number stays
 * exact. JavaScript numbers cannot tell `1` from `1.0`, so values keep their Python type here:
 *
 * | Python                         | here                                   |
 * |--------------------------------|----------------------------------------|
 * | `None`, `bool`, `str`          | `null`, `boolean`, `string`            |
 * | `int`                          | `number` (always integral) or `bigint` |
 * | `float`                        | `PyFloat`                              |
 * | `list` / `tuple`               | `PyValue[]`                            |
 * | `dict`                         | `PyDict` (a `Map`, keys in Python order) |
 * | `!vault` (AnsibleVaultEncryptedUnicode) | `VaultValue` — opaque, never decrypted |
 * | `!unsafe` (AnsibleUnsafeText)  | `UnsafeText`                           |
 * | `datetime.date` / `datetime`   | `PyDate` (its `isoformat()`)           |
 */

export class PyFloat {
  constructor(readonly value: number) {}
}

/** An `!vault` value: the ciphertext only. runwarden never decrypts it. */
export class VaultValue {
  constructor(readonly ciphertext: string) {}
  toJSON(): { __ansible_vault: string } {
    return { __ansible_vault: this.ciphertext };
  }
}

/** An `!unsafe` string: Ansible never templates it; `--list` shows `{"__ansible_unsafe": text}`. */
export class UnsafeText {
  constructor(readonly text: string) {}
}

/** A YAML timestamp; JSON shows Python's `isoformat()`. */
export class PyDate {
  constructor(readonly iso: string) {}
}

/** Keys of a Python dict that survive in JSON: str, int, float, bool, None. */
export type PyKey = string | number | bigint | boolean | null | PyFloat;

export type PyDict = Map<PyKey, PyValue>;

export type PyValue = null | boolean | number | bigint | string | PyFloat | VaultValue | UnsafeText | PyDate | readonly PyValue[] | PyDict;

/**
 * Builds a dict with Python's key equality: `True == 1 == 1.0`, so a later `True` key updates the
 * entry of an earlier `1` (which keeps its key). Returns whether the key was already there.
 */
export class DictBuilder {
  readonly dict: PyDict = new Map();
  readonly #numeric = new Map<number | bigint, PyKey>();

  set(key: PyKey, value: PyValue): boolean {
    if (typeof key === "string" || key === null) {
      const had = this.dict.has(key);
      this.dict.set(key, value);
      return had;
    }
    const canonical = numericKey(key);
    const existing = this.#numeric.get(canonical);
    if (existing !== undefined) {
      this.dict.set(existing, value);
      return true;
    }
    this.#numeric.set(canonical, key);
    this.dict.set(key, value);
    return false;
  }
}

/** The number a non-string key equals in Python (`True == 1 == 1.0`). */
export function numericKey(key: number | bigint | boolean | PyFloat): number | bigint {
  if (typeof key === "boolean") return key ? 1 : 0;
  if (key instanceof PyFloat) return key.value;
  if (typeof key === "bigint" && key <= BigInt(Number.MAX_SAFE_INTEGER) && key >= BigInt(Number.MIN_SAFE_INTEGER)) return Number(key);
  return key;
}

export function isDict(value: PyValue | undefined): value is PyDict {
  return value instanceof Map;
}

export function isList(value: PyValue | undefined): value is readonly PyValue[] {
  return Array.isArray(value);
}

/** The text of a `str` value (plain or `!unsafe`); undefined for anything else. */
export function textOf(value: PyValue | undefined): string | undefined {
  if (typeof value === "string") return value;
  if (value instanceof UnsafeText) return value.text;
  return undefined;
}

/** Python truthiness (`if value:`). */
export function truthy(value: PyValue | undefined): boolean {
  if (value === undefined || value === null || value === false) return false;
  if (typeof value === "number") return value !== 0;
  if (typeof value === "bigint") return value !== 0n;
  if (typeof value === "string") return value !== "";
  if (value instanceof PyFloat) return value.value !== 0;
  if (value instanceof UnsafeText) return value.text !== "";
  if (value instanceof Map) return value.size > 0;
  if (Array.isArray(value)) return value.length > 0;
  return true;
}

/** Python's name for the value's type, for messages (`<class 'list'>` style is Ansible's). */
export function pyTypeName(value: PyValue | undefined): string {
  if (value === undefined || value === null) return "NoneType";
  if (typeof value === "boolean") return "bool";
  if (typeof value === "number" || typeof value === "bigint") return "int";
  if (typeof value === "string" || value instanceof UnsafeText) return "str";
  if (value instanceof PyFloat) return "float";
  if (value instanceof VaultValue) return "AnsibleVaultEncryptedUnicode";
  if (value instanceof PyDate) return "datetime";
  if (value instanceof Map) return "dict";
  return "list";
}

/** `str(key)` as `json.dumps` writes a non-string dict key. */
export function keyText(key: PyKey): string {
  if (typeof key === "string") return key;
  if (key === null) return "null";
  if (typeof key === "boolean") return key ? "true" : "false";
  if (typeof key === "bigint") return key.toString();
  if (key instanceof PyFloat) return pyFloatRepr(key.value);
  return String(key);
}

/** Python's `repr(float)`: shortest round-trip digits, exponent form outside 1e-4 ≤ |x| < 1e16. */
export function pyFloatRepr(value: number): string {
  if (Number.isNaN(value)) return "nan";
  if (value === Infinity) return "inf";
  if (value === -Infinity) return "-inf";
  if (value === 0) return Object.is(value, -0) ? "-0.0" : "0.0";
  const magnitude = Math.abs(value);
  if (magnitude >= 1e-4 && magnitude < 1e16) {
    // Both languages print the shortest round-trip digits; in this range JavaScript uses no
    // exponent either, and only integral values lack Python's ".0".
    const text = String(value);
    if (!text.includes("e")) return text.includes(".") ? text : `${text}.0`;
  }
  const sign = value < 0 ? "-" : "";
  const [mantissa = "0", exponentText = "0"] = Math.abs(value).toExponential().split("e");
  const digits = mantissa.replace(".", "");
  const exponent = Number(exponentText);
  if (exponent >= -4 && exponent < 16) {
    if (exponent < 0) return `${sign}0.${"0".repeat(-exponent - 1)}${digits}`;
    const intPart = digits.slice(0, exponent + 1).padEnd(exponent + 1, "0");
    const fraction = digits.slice(exponent + 1);
    return `${sign}${intPart}.${fraction === "" ? "0" : fraction}`;
  }
  const head = digits.length > 1 ? `${digits[0] ?? ""}.${digits.slice(1)}` : digits;
  const expSign = exponent < 0 ? "-" : "+";
  return `${sign}${head}e${expSign}${String(Math.abs(exponent)).padStart(2, "0")}`;
}

/** An int from its decimal digits: a number when exact, else a bigint. */
export function pyInt(digits: bigint): number | bigint {
  return digits >= BigInt(Number.MIN_SAFE_INTEGER) && digits <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(digits) : digits;
}

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/**
 * The value as plain JSON data, the way `ansible-inventory --list` shows it: vault values become
 * `{"__ansible_vault": ciphertext}`, unsafe text `{"__ansible_unsafe": text}`, dates their ISO text,
 * big ints a (lossy) number.
 */
export function toPlain(value: PyValue): JsonValue {
  if (value === null || typeof value === "boolean" || typeof value === "number" || typeof value === "string") return value;
  if (typeof value === "bigint") return Number(value);
  if (value instanceof PyFloat) return value.value;
  if (value instanceof VaultValue) return { __ansible_vault: value.ciphertext };
  if (value instanceof UnsafeText) return { __ansible_unsafe: value.text };
  if (value instanceof PyDate) return value.iso;
  if (value instanceof Map) {
    const out: { [key: string]: JsonValue } = {};
    for (const [key, item] of value) {
      Object.defineProperty(out, keyText(key), { value: toPlain(item), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  return value.map(toPlain);
}

/** Structural equality of two values (Python `==` for the types above, ints and floats by value). */
export function pyEqual(a: PyValue, b: PyValue): boolean {
  if (a === b) return true;
  const na = numeric(a);
  const nb = numeric(b);
  if (na !== undefined && nb !== undefined) return na === nb;
  if (typeof a === "string" || a instanceof UnsafeText) return textOf(a) === textOf(b) && (typeof b === "string" || b instanceof UnsafeText);
  if (a instanceof VaultValue) return b instanceof VaultValue && a.ciphertext === b.ciphertext;
  if (a instanceof PyDate) return b instanceof PyDate && a.iso === b.iso;
  if (a instanceof Map) {
    if (!(b instanceof Map) || a.size !== b.size) return false;
    for (const [key, item] of a) {
      const other = b.get(key);
      if (other === undefined || !pyEqual(item, other)) return false;
    }
    return true;
  }
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item: PyValue, index: number) => pyEqual(item, b[index] as PyValue));
  }
  return false;
}

function numeric(value: PyValue): number | bigint | undefined {
  if (typeof value === "number" || typeof value === "bigint") return value;
  if (typeof value === "boolean") return value ? 1 : 0;
  if (value instanceof PyFloat) return value.value;
  return undefined;
}
