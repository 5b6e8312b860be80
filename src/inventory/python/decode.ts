/**
 * Python's `bytes.decode("utf-8", "surrogateescape")`, which Ansible's `to_text(…,
 * errors="surrogate_or_strict")` uses on inventory and vars files: every byte that is not part of a
 * valid UTF-8 sequence becomes the lone surrogate U+DC80–U+DCFF (`\xe9` → U+DCE9), the rest is
 * decoded as usual (a BOM stays U+FEFF). Where the text goes out, Ansible's display turns each lone
 * surrogate into `?` (`displayText`).
 */

/** The length of the valid UTF-8 sequence at `i`, or 0 (Python's decoder: no overlongs, no surrogates). */
function sequenceAt(bytes: Uint8Array, i: number): number {
  const b = bytes[i] as number;
  let length: number;
  let low = 0x80;
  let high = 0xbf;
  if (b >= 0xc2 && b <= 0xdf) length = 2;
  else if (b >= 0xe0 && b <= 0xef) {
    length = 3;
    if (b === 0xe0) low = 0xa0;
    else if (b === 0xed) high = 0x9f;
  } else if (b >= 0xf0 && b <= 0xf4) {
    length = 4;
    if (b === 0xf0) low = 0x90;
    else if (b === 0xf4) high = 0x8f;
  } else return 0;
  if (i + length > bytes.length) return 0;
  const second = bytes[i + 1] as number;
  if (second < low || second > high) return 0;
  for (let k = 2; k < length; k++) {
    const next = bytes[i + k] as number;
    if (next < 0x80 || next > 0xbf) return 0;
  }
  return length;
}

const utf8 = new TextDecoder("utf-8", { ignoreBOM: true });

/** The text, and whether any byte had to be escaped. */
export function decodeSurrogateEscape(bytes: Uint8Array): { text: string; escaped: boolean } {
  const text = utf8.decode(bytes);
  // U+FFFD appears only for invalid bytes — or where the file holds U+FFFD itself (checked below).
  if (!text.includes("\ufffd")) return { text, escaped: false };
  let out = "";
  let from = 0;
  let escaped = false;
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i] as number;
    if (b < 0x80) {
      i++;
      continue;
    }
    const length = sequenceAt(bytes, i);
    if (length > 0) {
      i += length;
      continue;
    }
    out += utf8.decode(bytes.subarray(from, i)) + String.fromCharCode(0xdc00 + b);
    escaped = true;
    i++;
    from = i;
  }
  return escaped ? { text: out + utf8.decode(bytes.subarray(from)), escaped } : { text, escaped };
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** The first lone surrogate of `text` (an undecodable byte, escaped), or -1. */
export function loneSurrogateAt(text: string): number {
  LONE_SURROGATE.lastIndex = 0;
  const match = LONE_SURROGATE.exec(text);
  return match === null ? -1 : match.index;
}

/** What Ansible's display prints for text holding lone surrogates: each becomes `?`. */
export function displayText(text: string): string {
  return text.replace(LONE_SURROGATE, "?");
}
