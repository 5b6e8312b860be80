/**
 * Literal IP addresses in config text. Infrastructure addresses come from the inventory
 * (DESIGN.md §3), so an address field that spells one out is an error; hostnames are fine.
 */
import { isIPv4, isIPv6 } from "node:net";

export interface LiteralAddress {
  readonly address: string;
  /** 0-based index in the text. */
  readonly offset: number;
}

const RUN = /[0-9A-Fa-f:.]+/g;
const WORD_BEFORE = /[G-Zg-z_-]/;
const WORD_AFTER = /[G-Zg-z_-]/;

/** The first literal IPv4 or IPv6 address in `text` (in a URL, `host:port`, `[v6]:port` …), if any. Linear time. */
export function findLiteralAddress(text: string): LiteralAddress | undefined {
  for (const match of text.matchAll(RUN)) {
    const run = match[0];
    const start = match.index;
    if (WORD_BEFORE.test(text[start - 1] ?? "") || WORD_AFTER.test(text[start + run.length] ?? "")) continue;
    const trimmed = run.replace(/\.+$/, "");
    if (trimmed.includes(":") && isIPv6(trimmed)) return { address: trimmed, offset: start };
    let pieceStart = start;
    for (const piece of run.split(":")) {
      const candidate = piece.replace(/\.+$/, "");
      if (isIPv4(candidate)) return { address: candidate, offset: pieceStart };
      pieceStart += piece.length + 1;
    }
  }
  return undefined;
}
