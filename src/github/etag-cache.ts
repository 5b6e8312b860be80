/**
 * In-process cache of GET responses by URL, for conditional requests: the next read of the same URL
 * sends `If-None-Match`, and a `304 Not Modified` (which GitHub does not count against the primary
 * rate limit) is answered from here. Bounded; the least recently used entry goes first.
 */

export interface CachedResponse {
  readonly etag: string;
  readonly status: number;
  readonly headers: readonly (readonly [string, string])[];
  readonly body: Uint8Array;
}

export const DEFAULT_CACHE_ENTRIES = 500;
/** Bodies larger than this are not cached (job logs, for instance). */
export const MAX_CACHED_BODY_BYTES = 2 * 1024 * 1024;

export class EtagCache {
  readonly #entries = new Map<string, CachedResponse>();

  constructor(readonly maxEntries: number = DEFAULT_CACHE_ENTRIES) {}

  get(url: string): CachedResponse | undefined {
    const entry = this.#entries.get(url);
    if (entry === undefined) return undefined;
    this.#entries.delete(url);
    this.#entries.set(url, entry);
    return entry;
  }

  set(url: string, entry: CachedResponse): void {
    if (entry.body.byteLength > MAX_CACHED_BODY_BYTES) return;
    this.#entries.delete(url);
    this.#entries.set(url, entry);
    while (this.#entries.size > this.maxEntries) {
      const oldest = this.#entries.keys().next();
      if (oldest.done === true) break;
      this.#entries.delete(oldest.value);
    }
  }

  get size(): number {
    return this.#entries.size;
  }
}
