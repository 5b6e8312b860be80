/**
 * The text some bytes were encoded from, when it is their exact Latin-1 reading (one character per
 * byte): pure ASCII. The scan's prefilter (prefilter.ts) searches a byte string; for bytes that came
 * from such a text (most output runwarden prints itself), that text is the byte string, and the
 * scan need not make a copy of every chunk. Anything else is read from the bytes as before.
 */

interface Encoded {
  /** The memory the bytes live in, where in it they start, and the text. */
  readonly buffer: ArrayBufferLike;
  readonly offset: number;
  readonly text: string;
}

/**
 * The last few texts recorded, no more: a chunk is scanned right after it is encoded, and a text
 * kept longer would outlive a garbage collection or two and be copied into the old generation,
 * which cost more than the copies it saves (70 MB of `--list` output: +0.1 s with every text kept
 * as long as its bytes).
 */
const recent: (Encoded | undefined)[] = [undefined, undefined, undefined];
let next = 0;

/**
 * Records that `bytes` are the UTF-8 encoding of `text`. Only a text whose encoding has as many
 * bytes as it has characters is kept: every character is then ASCII, and its UTF-8 is its Latin-1.
 * Only bytes with memory of their own are kept (a pooled Buffer shares its memory with others).
 */
export function rememberEncoded(bytes: Uint8Array, text: string): void {
  if (bytes.length !== text.length || bytes.byteLength !== bytes.buffer.byteLength) return;
  recent[next] = { buffer: bytes.buffer, offset: bytes.byteOffset, text };
  next = (next + 1) % recent.length;
}

/** `bytes.toString("latin1", from, to)`, without a copy when the bytes (or the memory around them) came from a recorded text. */
export function latin1View(bytes: Buffer, from: number, to: number): string {
  for (const known of recent) {
    if (known === undefined || known.buffer !== bytes.buffer) continue;
    const start = bytes.byteOffset - known.offset + from;
    const end = bytes.byteOffset - known.offset + to;
    if (start >= 0 && end <= known.text.length) return known.text.slice(start, end);
  }
  return bytes.toString("latin1", from, to);
}
