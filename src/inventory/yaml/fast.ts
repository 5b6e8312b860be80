/**
 * The fast YAML path: the YAML people write in vars files and inventories — block mappings and
 * sequences (compact `- key: v` items and indentless sequences too), flow collections on one line
 * (`[a, b]`, `{k: v}`), plain and quoted scalars, `|`/`>` block scalars, anchors, aliases and `<<`
 * merges, `!vault`/`!unsafe` scalars, comments — read in one pass over the text straight into
 * Python values, with each key's line and column, and the duplicate keys Ansible warns about.
 *
 * Anything else (multi-line plain or quoted scalars, flow collections over several lines, complex
 * keys, non-string keys, other tags, tabs, CR line ends, directives, several documents, anything
 * that would be an error) returns undefined: the full loader (`load.ts`, which keeps a syntax tree
 * with positions) reads it and explains errors. `test/inventory/fast-yaml.test.ts` checks both agree.
 *
 * The parser is in three layers: `fast-cursor.ts` (lines, spaces, indicators, anchors),
 * `fast-nodes.ts` (what starts at a position: scalars, flow collections, anchors, aliases, tags),
 * `fast-block.ts` (the document, block mappings with `<<` merges, block sequences); `fast-flow.ts`
 * reads flow collections and `fast-scalars.ts` scalars.
 */
import type { PyValue } from "../value.js";
import { BlockParser } from "./fast-block.js";
import { FastBail } from "./fast-scalars.js";
import { keyPositions, type KeyPositions, type Position } from "./positions.js";

/**
 * Characters the fast path leaves to the full loader: tabs, CR, C0/C1 controls, the non-breaking
 * and other Unicode spaces, line separators, BOMs, surrogates (so also characters above U+FFFF),
 * U+FFFE/U+FFFF; a directive, a document marker or `...` at the start of a line after the first.
 */
const UNSUPPORTED =
  /[^\n\x20-\x7e\u00a1-\u167f\u1681-\u1fff\u200b-\u2027\u202a-\u202e\u2030-\u205e\u2060-\u2fff\u3001-\ud7ff\ue000-\ufefe\uff00-\ufffd]|^%|\n(?:---|\.\.\.|%)|^\.\.\./;

export interface FastLoaded {
  readonly value: PyValue;
  readonly positions: KeyPositions;
  readonly duplicates: readonly { readonly key: string; readonly position: Position }[];
}

const NO_DUPLICATES: readonly { readonly key: string; readonly position: Position }[] = [];

/** The document, or undefined when the full loader must read it. */
export function fastYaml(text: string): FastLoaded | undefined {
  if (UNSUPPORTED.test(text)) return undefined;
  const parser = new BlockParser(text);
  let value: PyValue;
  try {
    value = parser.document();
  } catch (err: unknown) {
    if (err instanceof FastBail) return undefined;
    throw err;
  }
  return { value, positions: keyPositions, duplicates: parser.duplicates ?? NO_DUPLICATES };
}
