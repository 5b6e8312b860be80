/**
 * `json.dumps(value, cls=AnsibleJSONEncoder, sort_keys=True, indent=4, ensure_ascii=False)` — the
 * exact text `ansible-inventory --list` and `--host` print. Python writes floats with `repr`
 * (`1.0`, `1e+16`), big ints exactly, `Infinity`/`NaN` for non-finite floats, and sorts keys by
 * code point. A dict whose keys Python cannot order (a str next to an int) makes it fall back to
 * unsorted output for the whole document, as Ansible does.
 */
import { entriesOf, flatten, floatText, HIGH_UNITS, pyString, sortEntries, TOP_LEVEL, Unsortable, type Level } from "./pyjson-text.js";
import { LayeredDict, LazyDict } from "./pyjson-dicts.js";
import { compareCodePoints } from "./python/text.js";
import { keyText, PyDate, PyFloat, UnsafeText, VaultValue, type PyKey, type PyValue } from "./value.js";

/** A value to print: Python values plus plain records (used for the `--list` skeleton). */
export type Dumpable = PyValue | LazyDict | LayeredDict | ReadonlyMap<string, Dumpable> | readonly Dumpable[] | { readonly [key: string]: Dumpable };

export interface DumpOptions {
  /** Print vault values as `{"__ansible_vault": "***"}` (what the CLI shows; the data keeps the ciphertext). */
  readonly redactVaults?: boolean;
  /** Called for every vault value printed (the CLI registers the ciphertext with the masker). */
  readonly onVault?: (vault: VaultValue) => void;
  /**
   * Print lone surrogates (bytes that were not UTF-8) as `?`, as Ansible's display does — the text
   * `ansible-inventory` shows — instead of raw, as `json.dumps` returns them.
   */
  readonly display?: boolean;
}

/** A shared base dict printed at one indentation: its shown keys in order, and their texts (filled when first printed). */
interface SharedBase {
  /** The level of the entries (inside the dict). */
  readonly level: Level;
  readonly hidden: ReadonlySet<string>;
  readonly keys: readonly string[];
  readonly texts: string[];
  /** Runs of consecutive entries joined, by `from * (keys.length + 1) + to`. */
  readonly runs: Map<number, string>;
  /** A key needs code-point order (UTF-16 order differs above U+D7FF). */
  readonly exact: boolean;
}

/** A key as printed (`"key": `), and whether it needs code-point order. */
interface OwnKey {
  readonly text: string;
  readonly high: boolean;
}

/** Sorts a few distinct keys in place without allocating (an insertion sort); many with the engine's sort. */
function sortKeys(keys: string[], exact: boolean): void {
  if (keys.length > 16) {
    keys.sort(exact ? compareCodePoints : undefined);
    return;
  }
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i] as string;
    let j = i - 1;
    while (j >= 0 && (exact ? compareCodePoints(keys[j] as string, key) > 0 : (keys[j] as string) > key)) {
      keys[j + 1] = keys[j] as string;
      j--;
    }
    keys[j + 1] = key;
  }
}

/** Strings in Python's order (code points); UTF-16 order — the engine's own sort — when that is the same. */
function sortedStrings(keys: readonly string[]): string[] {
  const exact = keys.some((key) => HIGH_UNITS.test(key));
  return [...keys].sort(exact ? compareCodePoints : undefined);
}

/** Printed keys remembered (the same keys come back for every host). */
const MAX_KEYS = 16384;

/** Output is flattened into parts of about this many characters (the small pieces die young). */
const FLUSH_AT = 4096;

class Writer {
  readonly parts: string[] = [];
  /** Small pieces are joined here first, so the parts list stays short. */
  out = "";
  readonly display: boolean;
  constructor(
    readonly sorted: boolean,
    readonly options: DumpOptions,
  ) {
    this.display = options.display === true;
  }

  /** Appends a flat text: a long one becomes a part of its own instead of being copied into a chunk. */
  append(text: string): void {
    if (text.length < 2048) {
      this.out += text;
      return;
    }
    this.flush();
    this.parts.push(text);
  }

  flush(): void {
    // Flatten each chunk right away: the many small strings it was built from die young.
    if (this.out.length > 0) this.parts.push(flatten(this.out));
    this.out = "";
  }

  value(value: Dumpable, level: Level): void {
    if (typeof value === "string") this.out += pyString(value, this.display);
    else if (value instanceof Map) this.map(value as ReadonlyMap<PyKey, Dumpable>, level);
    else if (value === null) this.out += "null";
    else if (typeof value === "number") this.out += String(value);
    else if (typeof value === "boolean") this.out += value ? "true" : "false";
    else if (typeof value === "bigint") this.out += value.toString();
    else if (value instanceof PyFloat) this.out += floatText(value.value);
    else if (value instanceof VaultValue) {
      this.options.onVault?.(value);
      this.object(new Map<string, Dumpable>([["__ansible_vault", this.options.redactVaults === true ? "***" : value.ciphertext]]), level);
    } else if (value instanceof UnsafeText) this.object(new Map<string, Dumpable>([["__ansible_unsafe", value.text]]), level);
    else if (value instanceof PyDate) this.out += JSON.stringify(value.iso);
    else if (Array.isArray(value)) this.array(value as readonly Dumpable[], level);
    else if (value instanceof LazyDict) this.lazy(value, level);
    else if (value instanceof LayeredDict) this.layered(value, level);
    else this.object(value as object, level);
  }

  array(items: readonly Dumpable[], level: Level): void {
    if (items.length === 0) {
      this.out += "[]";
      return;
    }
    const inner = level.inner;
    this.out += inner.openList;
    for (let index = 0; index < items.length; index++) {
      if (index > 0) this.out += inner.comma;
      this.value(items[index] as Dumpable, inner);
    }
    this.out += level.closeList;
  }

  /** Printed `"key": value` texts of shared base dicts, by dict and indent. */
  readonly #shared = new WeakMap<object, SharedBase>();

  #entryText(key: string, value: PyValue, level: Level): string {
    const sub = new Writer(this.sorted, this.options);
    sub.out = `${pyString(key, this.display)}: `;
    sub.value(value, level);
    sub.flush();
    return sub.parts.join("");
  }

  /** The shared part of LayeredDicts over `dict.base`, or undefined when it cannot be shared. */
  #sharedBase(dict: LayeredDict, inner: Level): SharedBase | undefined {
    const shared = this.#shared.get(dict.base);
    if (shared !== undefined && shared.level === inner && shared.hidden === dict.hidden) return shared;
    if (!this.sorted) return undefined;
    const keys: string[] = [];
    let exact = false;
    for (const key of dict.base.keys()) {
      if (typeof key !== "string") return undefined;
      if (!exact && HIGH_UNITS.test(key)) exact = true;
      keys.push(key);
    }
    keys.sort(exact ? compareCodePoints : undefined);
    const texts: string[] = [];
    const shown: string[] = [];
    for (const key of keys) {
      if (dict.hidden.has(key)) continue;
      shown.push(key);
      texts.push("");
    }
    const made: SharedBase = { level: inner, hidden: dict.hidden, keys: shown, texts, runs: new Map(), exact };
    this.#shared.set(dict.base, made);
    return made;
  }

  /** The keys of LayeredDict tops (the same few keys come back for every host), printed. */
  readonly #keys = new Map<string, OwnKey>();

  #ownKey(key: string): OwnKey {
    let known = this.#keys.get(key);
    if (known === undefined) {
      known = { text: `${pyString(key, this.display)}: `, high: HIGH_UNITS.test(key) };
      if (this.#keys.size < MAX_KEYS) this.#keys.set(key, known);
    }
    return known;
  }

  /** The shared entries `from` to `to` (exclusive) of a base, joined: printed once per base and run. */
  #run(shared: SharedBase, base: ReadonlyMap<PyKey, PyValue>, from: number, to: number): string {
    const id = from * (shared.keys.length + 1) + to;
    let text = shared.runs.get(id);
    if (text === undefined) {
      text = "";
      for (let i = from; i < to; i++) {
        let entry = shared.texts[i] as string;
        if (entry === "") {
          const key = shared.keys[i] as string;
          entry = this.#entryText(key, base.get(key) as PyValue, shared.level);
          shared.texts[i] = entry;
        }
        text += i === from ? entry : shared.level.comma + entry;
      }
      text = flatten(text);
      shared.runs.set(id, text);
    }
    return text;
  }

  layered(dict: LayeredDict, level: Level): void {
    const inner = level.inner;
    const shared = this.#sharedBase(dict, inner);
    if (shared === undefined) {
      this.object(dict.materialize(), level);
      return;
    }
    // The own keys (top's and over's, once each), sorted as Python sorts them.
    const own = [...dict.top.keys()] as string[];
    if (dict.over.size > 0) for (const key of [...dict.over.keys()] as string[]) if (!dict.top.has(key)) own.push(key);
    let exact = shared.exact;
    for (let i = 0; i < own.length; i++) {
      const key: unknown = own[i];
      if (typeof key !== "string") {
        this.object(dict.materialize(), level);
        return;
      }
      if (!exact && this.#ownKey(key).high) exact = true;
    }
    sortKeys(own, exact);
    const { openDict, comma } = inner;
    const keys = shared.keys;
    let first = true;
    let i = 0;
    // Merge the two sorted key lists: shared entries between two own keys are printed as one run.
    for (const key of own) {
      const from = i;
      while (i < keys.length && (exact ? compareCodePoints(keys[i] as string, key) < 0 : (keys[i] as string) < key)) i++;
      if (i > from) {
        this.out += first ? openDict : comma;
        first = false;
        this.append(this.#run(shared, dict.base, from, i));
      }
      if (i < keys.length && keys[i] === key) i++; // the host's own value wins
      if (dict.hidden.has(key)) continue;
      this.out += first ? openDict : comma;
      first = false;
      this.out += this.#ownKey(key).text;
      this.value(dict.own(key), inner);
    }
    if (i < keys.length) {
      this.out += first ? openDict : comma;
      first = false;
      this.append(this.#run(shared, dict.base, i, keys.length));
    }
    this.out += first ? "{}" : level.closeDict;
  }

  lazy(dict: LazyDict, level: Level): void {
    const keys = this.sorted ? sortedStrings(dict.keys) : dict.keys;
    const inner = level.inner;
    const { openDict, comma } = inner;
    let first = true;
    for (const key of keys) {
      const item = dict.get(key);
      if (item === undefined) continue;
      this.out += first ? openDict : comma;
      first = false;
      this.out += `${pyString(key, this.display)}: `;
      this.value(item, inner);
      if (this.out.length > FLUSH_AT) this.flush();
    }
    this.out += first ? "{}" : level.closeDict;
  }

  /** A dict with str keys (nearly all of them): its keys sorted in place, no entry pairs made. */
  map(value: ReadonlyMap<PyKey, Dumpable>, level: Level): void {
    const size = value.size;
    if (size === 0) {
      this.out += "{}";
      return;
    }
    const keys: string[] = [];
    let exact = false;
    for (const key of value.keys()) {
      if (typeof key !== "string") {
        this.object(value, level);
        return;
      }
      const known = this.#ownKey(key);
      if (known.high) exact = true;
      keys.push(key);
    }
    if (this.sorted) sortKeys(keys, exact);
    const inner = level.inner;
    this.out += inner.openDict;
    for (let index = 0; index < keys.length; index++) {
      const key = keys[index] as string;
      if (index > 0) this.out += inner.comma;
      this.out += this.#ownKey(key).text;
      this.value(value.get(key) as Dumpable, inner);
      if (this.out.length > FLUSH_AT) this.flush();
    }
    this.out += level.closeDict;
  }

  object(value: object, level: Level): void {
    const entries = entriesOf(value) ?? [];
    if (entries.length === 0) {
      this.out += "{}";
      return;
    }
    if (this.sorted) sortEntries(entries);
    const inner = level.inner;
    this.out += inner.openDict;
    for (let index = 0; index < entries.length; index++) {
      const [key, item] = entries[index] as [PyKey, Dumpable];
      if (index > 0) this.out += inner.comma;
      this.out += `${pyString(typeof key === "string" ? key : keyText(key), this.display)}: `;
      this.value(item, inner);
      if (this.out.length > FLUSH_AT) this.flush();
    }
    this.out += level.closeDict;
  }
}

/**
 * The parts as one string, concatenated without copying them (a balanced rope the engine flattens
 * once, when the text is first read — e.g. when it is encoded for writing): a large `--list` is not
 * copied into a second buffer of its size first.
 */
function joined(parts: readonly string[]): string {
  if (parts.length <= 64) return parts.join("");
  let level: string[] = [...parts];
  while (level.length > 1) {
    const next: string[] = [];
    for (let i = 0; i < level.length; i += 2) next.push(i + 1 < level.length ? (level[i] as string) + (level[i + 1] as string) : (level[i] as string));
    level = next;
  }
  return level[0] ?? "";
}

/** The text Ansible prints (without the trailing newline `display` adds). */
export function pyJsonDumps(value: Dumpable, options: DumpOptions = {}): string {
  return joined(pyJsonDumpParts(value, options));
}

/**
 * The same text in pieces of a few KiB (long strings alone), in order: a large output is written
 * piece by piece instead of first being joined into one string (which V8 flattens, and encodes as
 * two bytes per character for all of it if one character anywhere needs that).
 */
export function pyJsonDumpParts(value: Dumpable, options: DumpOptions = {}): readonly string[] {
  try {
    const writer = new Writer(true, options);
    writer.value(value, TOP_LEVEL);
    writer.flush();
    return writer.parts;
  } catch (err: unknown) {
    if (!(err instanceof Unsortable)) throw err;
    const writer = new Writer(false, options);
    writer.value(value, TOP_LEVEL);
    writer.flush();
    return writer.parts;
  }
}
