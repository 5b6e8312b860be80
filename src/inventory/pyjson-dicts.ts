/**
 * The dicts `--list` prints without building them: a LazyDict computes each value while it is
 * printed (ten thousand hosts' variables are never held at once), a LayeredDict is a host's
 * variables as the shared part of its groups plus its own (nothing copied per host).
 */
import type { Dumpable } from "./pyjson.js";
import type { PyKey, PyValue } from "./value.js";

const NOTHING: ReadonlyMap<PyKey, PyValue> = new Map();

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
 * overridden by `top` (the host's own variables), itself overridden by `over` (its host_vars
 * files), without the `hidden` keys. The writer prints each base entry once per dump and reuses
 * the text for every host sharing it; nothing is copied per host.
 */
export class LayeredDict {
  constructor(
    readonly base: ReadonlyMap<PyKey, PyValue>,
    readonly top: ReadonlyMap<PyKey, PyValue>,
    readonly hidden: ReadonlySet<string>,
    readonly over: ReadonlyMap<PyKey, PyValue> = NOTHING,
  ) {}

  /** The merged dict (for the rare keys the writer cannot merge: non-string keys). */
  materialize(): Map<PyKey, PyValue> {
    const out = new Map(this.base);
    for (const [key, value] of this.top) out.set(key, value);
    for (const [key, value] of this.over) out.set(key, value);
    for (const key of this.hidden) out.delete(key);
    return out;
  }

  /** The value of an own key (of `top` or `over`). */
  own(key: PyKey): PyValue {
    return (this.over.size > 0 && this.over.has(key) ? this.over.get(key) : this.top.get(key)) as PyValue;
  }

  get size(): number {
    let size = this.base.size;
    for (const key of this.top.keys()) if (!this.base.has(key)) size++;
    for (const key of this.over.keys()) if (!this.base.has(key) && !this.top.has(key)) size++;
    for (const key of this.hidden) if (this.base.has(key) || this.top.has(key) || this.over.has(key)) size--;
    return size;
  }
}
