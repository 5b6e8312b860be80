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

interface Positioned {
  [POSITIONS]?: Map<PyKey, Position> | (() => Map<PyKey, Position>);
}

export interface KeyPositions {
  get(dict: object): Map<PyKey, Position> | undefined;
  /** Positions now, or a function computing them when first asked (most are never asked for). */
  set(dict: object, where: Map<PyKey, Position> | (() => Map<PyKey, Position>)): void;
}

export const keyPositions: KeyPositions = {
  get: (dict) => {
    const held = (dict as Positioned)[POSITIONS];
    if (typeof held !== "function") return held;
    const where = held();
    (dict as Positioned)[POSITIONS] = where;
    return where;
  },
  set: (dict, where) => {
    (dict as Positioned)[POSITIONS] = where;
  },
};
