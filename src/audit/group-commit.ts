/**
 * Group commit for `recordAudit`: appends to one chain of one store that arrive while a commit is
 * running wait and go together in the next transaction. Each caller's promise settles only after
 * the transaction holding its entry committed (or rolled back: then every entry of that batch is
 * refused, and none was written). A single caller awaiting each append sees one transaction per
 * entry, as before; concurrent callers (the service, parallel jobs in one process) share commits.
 */
import type { Store } from "../store/types.js";
import { appendEntries, type PendingEntry } from "./chain-sql.js";
import type { StoredEntry } from "./entry.js";

/** Most entries per transaction. */
export const MAX_GROUP = 256;

interface Waiting extends PendingEntry {
  resolve(entry: StoredEntry): void;
  reject(err: unknown): void;
}

class ChainCommitter {
  readonly #queue: Waiting[] = [];
  #running = false;

  constructor(
    private readonly store: Store,
    private readonly chain: string,
  ) {}

  append(item: PendingEntry): Promise<StoredEntry> {
    return new Promise<StoredEntry>((resolve, reject) => {
      this.#queue.push({ ...item, resolve, reject });
      if (!this.#running) void this.#drain();
    });
  }

  async #drain(): Promise<void> {
    this.#running = true;
    try {
      while (this.#queue.length > 0) {
        const batch = this.#queue.splice(0, MAX_GROUP);
        try {
          const entries = await this.store.transaction((tx) => appendEntries(tx, this.chain, batch));
          batch.forEach((item, index) => {
            const entry = entries[index];
            if (entry === undefined) item.reject(new Error("entry missing from its batch"));
            else item.resolve(entry);
          });
        } catch (err: unknown) {
          for (const item of batch) item.reject(err);
        }
      }
    } finally {
      this.#running = false;
    }
  }
}

const committers = new WeakMap<Store, Map<string, ChainCommitter>>();

/** Appends through the store's committer for `chain` (created on first use). */
export function groupAppend(store: Store, chain: string, item: PendingEntry): Promise<StoredEntry> {
  let byChain = committers.get(store);
  if (byChain === undefined) {
    byChain = new Map();
    committers.set(store, byChain);
  }
  let committer = byChain.get(chain);
  if (committer === undefined) {
    committer = new ChainCommitter(store, chain);
    byChain.set(chain, committer);
  }
  return committer.append(item);
}
