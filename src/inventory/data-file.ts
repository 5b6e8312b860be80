/**
 * Ansible's `DataLoader.load_from_file` for vars files and YAML/JSON inventories: JSON first
 * (Python's json module), then YAML. A file that starts with `$ANSIBLE_VAULT` is encrypted:
 * runwarden never decrypts it and reports it as opaque instead.
 */
import { readBoundedSync, type ReadLimit } from "../files/read.js";
import { inventoryLimits, LIMIT_ENV } from "./limits.js";
import { mayBeJson, PyJsonError, pyJsonLoads } from "./pyjson-parse.js";
import { decodeSurrogateEscape, loneSurrogateAt } from "./python/decode.js";
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

/** How a vault-encrypted file starts. */
export const VAULT_HEADER = "$ANSIBLE_VAULT";

export function isVaultText(text: string): boolean {
  return text.startsWith(VAULT_HEADER);
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
  const lone = loneSurrogateAt(text);
  if (lone >= 0) {
    // A byte that is not UTF-8 (kept as a lone surrogate): libyaml cannot take the text.
    const before = text.slice(0, lone);
    const line = before.split("\n").length;
    const code = text.charCodeAt(lone).toString(16);
    throw new DataFileError(`'utf-8' codec can't encode character '\\u${code}' in position ${lone}: surrogates not allowed (the file is not UTF-8 here)`, {
      line,
      col: lone - before.lastIndexOf("\n"),
    });
  }
  try {
    return { kind: "data", ...loadYaml(text) };
  } catch (err: unknown) {
    if (err instanceof YamlLoadError) throw new DataFileError(`Syntax Error while loading YAML: ${err.message}`, err.position);
    throw err;
  }
}

/** The most bytes an inventory or vars file may have, and how to raise it. */
export function readLimit(): ReadLimit {
  return { maxBytes: inventoryLimits().maxFileBytes, raise: LIMIT_ENV.maxFileBytes };
}

/**
 * Reads an inventory or vars file as Ansible does: bytes that are not UTF-8 become lone
 * surrogates. Only regular files, and at most `readLimit()` bytes (FileReadError otherwise).
 */
export function readText(path: string, limit: ReadLimit = readLimit()): string {
  return decodeSurrogateEscape(readBoundedSync(path, limit)).text;
}

export function loadDataFile(path: string): DataFile {
  return loadDataText(readText(path));
}
