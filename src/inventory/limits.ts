/**
 * The inventory engine's budgets (docs/inventory.md#limits): how large a file it reads, how many
 * hosts a range pattern and a whole inventory may expand to, how deep group nesting goes. Each is
 * raised with an environment variable; exceeding one is bad input (exit 2) naming the file and
 * line, reached in bounded time and memory.
 */
import { InputError } from "../model/errors.js";

export interface InventoryLimits {
  /** Largest inventory or vars file read, in bytes. */
  readonly maxFileBytes: number;
  /** Most host names one range pattern (`web[0:99]`, nested ranges multiplied) expands to. */
  readonly maxRangeHosts: number;
  /** Most hosts in one inventory (all sources together). */
  readonly maxHosts: number;
}

export const LIMIT_ENV = {
  maxFileBytes: "RUNWARDEN_INVENTORY_MAX_FILE_BYTES",
  maxRangeHosts: "RUNWARDEN_INVENTORY_MAX_RANGE_HOSTS",
  maxHosts: "RUNWARDEN_INVENTORY_MAX_HOSTS",
} as const;

export const DEFAULT_LIMITS: InventoryLimits = {
  maxFileBytes: 64 * 1024 * 1024,
  maxRangeHosts: 100_000,
  maxHosts: 1_000_000,
};

/** The limits in force: the defaults, each raised (or lowered) by its environment variable. */
export function inventoryLimits(env: NodeJS.ProcessEnv = process.env): InventoryLimits {
  const read = (name: keyof InventoryLimits): number => {
    const variable = LIMIT_ENV[name];
    const text = env[variable];
    if (text === undefined || text === "") return DEFAULT_LIMITS[name];
    const value = /^[0-9]{1,15}$/.test(text.trim()) ? Number(text.trim()) : Number.NaN;
    if (!Number.isSafeInteger(value) || value < 1) {
      throw new InputError("RW_INVENTORY_LIMIT", `${variable} must be a positive whole number (got '${text.slice(0, 40)}')`, [], {
        hint: `unset ${variable} for the default (${DEFAULT_LIMITS[name]})`,
      });
    }
    return value;
  };
  return { maxFileBytes: read("maxFileBytes"), maxRangeHosts: read("maxRangeHosts"), maxHosts: read("maxHosts") };
}
