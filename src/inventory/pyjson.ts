/**
 * `json.dumps(value, cls=AnsibleJSONEncoder, sort_keys=True, indent=4, ensure_ascii=False)` — the
 * exact text `ansible-inventory --list` and `--host` print. Python writes floats with `repr`
 * (`1.0`, `1e+16`), big ints exactly, `Infinity`/`NaN` for non-finite floats, and sorts keys by
 * code point. A dict whose keys Python cannot order (a str next to an int) makes it fall back to
 * unsorted output for the whole document, as Ansible does.
 */
import { entriesOf, flatten, floatText, HIGH_UNITS, nativeOrder, pyString, sep, sortEntries, Unsortable } from "./pyjson-text.js";
import { compareCodePoints } from "./python/text.js";
import { keyText, PyDate, PyFloat, UnsafeText, VaultValue, type PyKey, type PyValue } from "./value.js";

/**
 * A dict whose values are computed while printing, one at a time, and dropped right after: ten
 * thousand hosts' variables never need to be held at once. `get` returning undefined skips the key.
 */
export class LazyDict {
  constructor(
    readonly keys: readonly string[],
    readonly get: (key: string) => Dumpable | undefined,
  ) {}
}

/**
 * A dict made of a shared `base` (e.g. the group variables every host of a group inherits),
 * overridden by `top`, without the `hidden` keys. The writer prints each base entry once per
 * dump and reuses the text for every host sharing it.
 */
export class LayeredDict {
  constructor(
    readonly base: ReadonlyMap<PyKey, PyValue>,
    readonly top: ReadonlyMap<PyKey, PyValue>,
    readonly hidden: ReadonlySet<string>,
  ) {}

  /** The merged dict (for the rare keys the writer cannot merge: non-string keys). */
  materialize(): Map<PyKey, PyValue> {
    const out = new Map(this.base);
    for (const [key, value] of this.top) out.set(key, value);
    for (const key of this.hidden) out.delete(key);
    return out;
  }

  get size(): number {
    let size = this.base.size;
    for (const key of this.top.keys()) if (!this.base.has(key)) size++;
    for (const key of this.hidden) if (this.base.has(key) || this.top.has(key)) size--;
    return size;
  }
}

/** A value to print: Python values plus plain records (used for the `--list` skeleton). */
export type Dumpable = PyValue | LazyDict | LayeredDict | ReadonlyMap<string, Dumpable> | readonly Dumpable[] | { readonly [key: string]: Dumpable };

export interface DumpOptions {
  /** Print vault values as `{"__ansible_vault": "***"}` (what the CLI shows; the data keeps the ciphertext). */
  readonly redactVaults?: boolean;
  /** Called for every vault value printed (the CLI registers the ciphertext with the masker). */
  readonly onVault?: (vault: VaultValue) => void;
}

class Writer {
  readonly parts: string[] = [];
  /** Small pieces are joined here first, so the parts list stays short. */
  out = "";
  constructor(
    readonly sorted: boolean,
    readonly options: DumpOptions,
  ) {}

  flush(): void {
    // Flatten each chunk right away: the many small strings it was built from die young.
    if (this.out.length > 0) this.parts.push(flatten(this.out));
    this.out = "";
  }

  value(value: Dumpable, indent: string): void {
    if (value === null) this.out += "null";
    else if (typeof value === "string") this.out += pyString(value);
    else if (typeof value === "number") this.out += String(value);
    else if (typeof value === "boolean") this.out += value ? "true" : "false";
    else if (typeof value === "bigint") this.out += value.toString();
    else if (value instanceof PyFloat) this.out += floatText(value.value);
    else if (value instanceof VaultValue) {
      this.options.onVault?.(value);
      this.object(new Map<string, Dumpable>([["__ansible_vault", this.options.redactVaults === true ? "***" : value.ciphertext]]), indent);
    }
    else if (value instanceof UnsafeText) this.object(new Map<string, Dumpable>([["__ansible_unsafe", value.text]]), indent);
    else if (value instanceof PyDate) this.out += JSON.stringify(value.iso);
    else if (Array.isArray(value)) this.array(value as readonly Dumpable[], indent);
    else if (value instanceof LazyDict) this.lazy(value, indent);
    else if (value instanceof LayeredDict) this.layered(value, indent);
    else this.object(value as object, indent);
  }

  array(items: readonly Dumpable[], indent: string): void {
    if (items.length === 0) {
      this.out += "[]";
      return;
    }
    const inner = `${indent}    `;
    this.out += sep(inner).openList;
    for (let index = 0; index < items.length; index++) {
      if (index > 0) this.out += sep(inner).comma;
      this.value(items[index] as Dumpable, inner);
    }
    this.out += sep(indent).closeList;
  }

  /** Printed `"key": value` texts of shared base dicts, by dict and indent. */
  readonly #shared = new WeakMap<object, { indent: string; keys: string[]; exact: boolean; texts: Map<string, string> }>();

  #entryText(key: string, value: PyValue, indent: string): string {
    const sub = new Writer(this.sorted, this.options);
    sub.out = `${pyString(key)}: `;
    sub.value(value, indent);
    sub.flush();
    return sub.parts.join("");
  }

  layered(dict: LayeredDict, indent: string): void {
    const allStrings = (map: ReadonlyMap<PyKey, PyValue>): boolean => [...map.keys()].every((key) => typeof key === "string");
    const inner = `${indent}    `;
    let shared = this.#shared.get(dict.base);
    if (shared === undefined || shared.indent !== inner) {
      if (!this.sorted || !allStrings(dict.base)) {
        this.object(dict.materialize(), indent);
        return;
      }
      const keys = [...dict.base.keys()] as string[];
      const exact = keys.some((key) => HIGH_UNITS.test(key));
      shared = { indent: inner, keys: keys.sort(exact ? compareCodePoints : nativeOrder), exact, texts: new Map() };
      this.#shared.set(dict.base, shared);
    }
    if (!allStrings(dict.top)) {
      this.object(dict.materialize(), indent);
      return;
    }
    const own = [...dict.top.keys()] as string[];
    const exact = shared.exact || own.some((key) => HIGH_UNITS.test(key));
    const compare = exact ? compareCodePoints : nativeOrder;
    own.sort(compare);
    let first = true;
    const emit = (text: string): void => {
      this.out += first ? sep(inner).openDict : sep(inner).comma;
      first = false;
      this.out += text;
    };
    let i = 0;
    let j = 0;
    while (i < shared.keys.length || j < own.length) {
      const a = shared.keys[i];
      const b = own[j];
      const order = a === undefined ? 1 : b === undefined ? -1 : compare(a, b);
      if (order < 0 && a !== undefined) {
        i++;
        if (dict.hidden.has(a)) continue;
        let text = shared.texts.get(a);
        if (text === undefined) {
          text = this.#entryText(a, dict.base.get(a) as PyValue, inner);
          shared.texts.set(a, text);
        }
        emit(text);
      } else if (b !== undefined) {
        if (order === 0) i++;
        j++;
        if (dict.hidden.has(b)) continue;
        this.out += first ? sep(inner).openDict : sep(inner).comma;
        first = false;
        this.out += `${pyString(b)}: `;
        this.value(dict.top.get(b) as PyValue, inner);
      }
    }
    this.out += first ? "{}" : sep(indent).closeDict;
  }

  lazy(dict: LazyDict, indent: string): void {
    const keys = this.sorted ? [...dict.keys].sort(compareCodePoints) : dict.keys;
    const inner = `${indent}    `;
    let first = true;
    for (const key of keys) {
      const item = dict.get(key);
      if (item === undefined) continue;
      this.out += first ? sep(inner).openDict : sep(inner).comma;
      first = false;
      this.out += `${pyString(key)}: `;
      this.value(item, inner);
      if (this.out.length > 4096) this.flush();
    }
    this.out += first ? "{}" : sep(indent).closeDict;
  }

  object(value: object, indent: string): void {
    const entries = entriesOf(value) ?? [];
    if (entries.length === 0) {
      this.out += "{}";
      return;
    }
    if (this.sorted) sortEntries(entries);
    const inner = `${indent}    `;
    this.out += sep(inner).openDict;
    for (let index = 0; index < entries.length; index++) {
      const [key, item] = entries[index] as [PyKey, Dumpable];
      if (index > 0) this.out += sep(inner).comma;
      this.out += `${pyString(typeof key === "string" ? key : keyText(key))}: `;
      this.value(item, inner);
      if (this.out.length > 4096) this.flush();
    }
    this.out += sep(indent).closeDict;
  }
}

/** The text Ansible prints (without the trailing newline `display` adds). */
export function pyJsonDumps(value: Dumpable, options: DumpOptions = {}): string {
  try {
    const writer = new Writer(true, options);
    writer.value(value, "");
    writer.flush();
    return writer.parts.join("");
  } catch (err: unknown) {
    if (!(err instanceof Unsortable)) throw err;
    const writer = new Writer(false, options);
    writer.value(value, "");
    writer.flush();
    return writer.parts.join("");
  }
}
