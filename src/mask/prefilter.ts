/**
 * A skip-ahead for the scan when the masker holds few forms (no registered secret, or a handful):
 * one regular expression that finds the next place where any form or trigger occurs. V8 compiles
 * it to machine code that skips through text holding none of them (Boyer–Moore style), several
 * times faster than the automaton steps through the same bytes; the scan then runs the automaton
 * only from there (scanner.ts). Output is identical with and without it: the automaton still
 * decides every match.
 *
 * Why it is exact: the automaton reports something (a literal, a trigger, a literal to verify)
 * only where a form or trigger, read with `A`–`F` folded to `a`–`f`, ends. The expression matches
 * every such occurrence (it folds `a`–`f` for every form; verification then rejects what the
 * automaton would reject), so no occurrence starts before the first one it finds — except one that
 * the text so far does not hold whole: that one starts in the last `reach − 1` bytes (`reach`, the
 * longest form or trigger) and may end in text still to come, even when a shorter form inside it is
 * already whole. A scan that is between matches (in the automaton's root state) therefore restarts
 * from the root at that occurrence or `reach − 1` bytes before the end, whichever comes first.
 *
 * With many forms the alternation is slower than the automaton (V8 stops skipping once too many
 * bytes can start a form), so none is built past {@link MAX_PREFILTER_ENTRIES}: a job with one or
 * two secrets gets it; `runwarden mask` with 100 secrets (1,335 forms) scans with the automaton alone.
 * Measured on 4.2 MB of `inventory --list` JSON (docs/masking.md): the scan takes 2–5 ms instead of
 * 12–15 ms up to 42 entries, and 18–26 ms from 43 to 62 (the automaton alone: 12 ms). On text where
 * a trigger starts every few dozen bytes both take the same time.
 */
import type { LiteralSpec, TriggerSpec } from "./automaton.js";

/** Forms and triggers together, at most (the built-in patterns have 13 triggers; a secret has 9–13 forms). */
export const MAX_PREFILTER_ENTRIES = 36;

const HEX_LETTER = /[a-fA-F]/;

/** One byte (a code unit 0–255 of a byte string) as an expression: `a`–`f` in either case, letters and digits as
 * themselves, anything else escaped. */
function byteSource(unit: number): string {
  const char = String.fromCharCode(unit);
  if (HEX_LETTER.test(char)) return `[${char.toLowerCase()}${char.toUpperCase()}]`;
  if (/[0-9A-Za-z]/.test(char)) return char;
  return `\\x${unit.toString(16).padStart(2, "0")}`;
}

export class Prefilter {
  readonly #re: RegExp;
  /** Length in bytes of the longest form or trigger. */
  readonly reach: number;

  private constructor(re: RegExp, reach: number) {
    this.#re = re;
    this.reach = reach;
  }

  /** The prefilter of these forms and triggers, or undefined when there are more than `maxEntries` (or none). */
  static build(literals: readonly LiteralSpec[], triggers: readonly TriggerSpec[], maxEntries = MAX_PREFILTER_ENTRIES): Prefilter | undefined {
    const texts = new Set<string>();
    for (const literal of literals) if (literal.text.length > 0) texts.add(literal.text);
    for (const trigger of triggers) if (trigger.text.length > 0) texts.add(trigger.text);
    if (texts.size === 0 || texts.size > maxEntries) return undefined;
    let reach = 0;
    const sources: string[] = [];
    for (const text of texts) {
      reach = Math.max(reach, text.length);
      let source = "";
      for (let i = 0; i < text.length; i++) source += byteSource(text.charCodeAt(i) & 0xff);
      sources.push(source);
    }
    return new Prefilter(new RegExp(sources.join("|"), "g"), reach);
  }

  /**
   * Index in `view` (the bytes as a byte string, one code unit per byte) of the first occurrence
   * of a form or trigger that starts at or after `from`, or -1.
   */
  next(view: string, from: number): number {
    const re = this.#re;
    re.lastIndex = from;
    const found = re.exec(view);
    return found === null ? -1 : found.index;
  }
}
