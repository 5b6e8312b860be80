/**
 * Where each key of a loaded mapping sits (for findings). Kept on the mapping object itself under
 * a private symbol — cheaper than a WeakMap for ten thousand small vars files.
 */
import type { PyKey } from "../value.js";

export interface Position {
  readonly line: number;
  readonly col: number;
}

const POSITIONS = Symbol("key positions");

/**
 * The positions of a mapping's keys: a Map, or (cheaper to keep for the many small files whose
 * positions are never asked for) the line and column of each key in the mapping's key order, two
 * numbers per key.
 */
export type HeldPositions = Map<PyKey, Position> | readonly number[];

interface Positioned {
  [POSITIONS]?: HeldPositions;
}

export interface KeyPositions {
  get(dict: object): Map<PyKey, Position> | undefined;
  set(dict: object, where: HeldPositions): void;
}

export const keyPositions: KeyPositions = {
  get: (dict) => {
    const held = (dict as Positioned)[POSITIONS];
    if (held === undefined || held instanceof Map) return held;
    const where = new Map<PyKey, Position>();
    if (dict instanceof Map) {
      let index = 0;
      for (const key of (dict as Map<PyKey, unknown>).keys()) {
        where.set(key, { line: held[index] ?? 1, col: held[index + 1] ?? 1 });
        index += 2;
      }
    }
    (dict as Positioned)[POSITIONS] = where;
    return where;
  },
  set: (dict, where) => {
    (dict as Positioned)[POSITIONS] = where;
  },
};
