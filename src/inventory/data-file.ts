/**
 * Ansible's `DataLoader.load_from_file` for vars files and YAML/JSON inventories: JSON first
 * (Python's json module), then YAML. A file that starts with `$ANSIBLE_VAULT` is encrypted:
 * runwarden never decrypts it and reports it as opaque instead.
 */
import { closeSync, openSync, readFileSync, readSync } from "node:fs";
import { mayBeJson, PyJsonError, pyJsonLoads } from "./pyjson-parse.js";
import type { PyValue } from "./value.js";
import { fastYaml } from "./yaml/fast.js";
import { loadYaml, YamlLoadError } from "./yaml/load.js";
import { keyPositions, type KeyPositions, type Position } from "./yaml/positions.js";

export type DataFile =
  | {
      readonly kind: "data";
      readonly value: PyValue;
      readonly positions: KeyPositions;
      readonly duplicates: readonly { readonly key: string; readonly position: Position }[];
    }
  | { readonly kind: "vault" };

export class DataFileError extends Error {
  constructor(
    message: string,
    readonly position: Position | undefined,
  ) {
    super(message);
  }
}

const NO_POSITIONS: KeyPositions = keyPositions;
const NO_DUPLICATES: readonly { readonly key: string; readonly position: Position }[] = [];

export function isVaultText(text: string): boolean {
  return text.startsWith("$ANSIBLE_VAULT");
}

/** Parses file content as Ansible would. Throws DataFileError with the YAML error's position. */
export function loadDataText(text: string): DataFile {
  if (isVaultText(text)) return { kind: "vault" };
  if (mayBeJson(text)) {
    try {
      return { kind: "data", value: pyJsonLoads(text), positions: NO_POSITIONS, duplicates: NO_DUPLICATES };
    } catch (err: unknown) {
      if (!(err instanceof PyJsonError)) throw err;
    }
  }
  const fast = fastYaml(text);
  if (fast !== undefined) return { kind: "data", ...fast };
  try {
    return { kind: "data", ...loadYaml(text) };
  } catch (err: unknown) {
    if (err instanceof YamlLoadError) throw new DataFileError(`Syntax Error while loading YAML: ${err.message}`, err.position);
    throw err;
  }
}

const decoder = new TextDecoder("utf-8", { ignoreBOM: true });
const SMALL = Buffer.allocUnsafe(64 * 1024);

/** Reads a file as UTF-8; small files (most vars files) with one read into a shared buffer. */
export function readText(path: string): string {
  const fd = openSync(path, "r");
  let length: number;
  try {
    length = readSync(fd, SMALL, 0, SMALL.length, 0);
  } finally {
    closeSync(fd);
  }
  if (length < SMALL.length) return SMALL.toString("utf8", 0, length);
  return decoder.decode(readFileSync(path));
}

export function loadDataFile(path: string): DataFile {
  return loadDataText(readText(path));
}
