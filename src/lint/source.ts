/**
 * A linted file's text with its line index: decoding (UTF-8; invalid bytes are reported, not
 * guessed at), and positions — 1-based lines and columns counted in characters (code points), a
 * tab counting as one, as actionlint and editors' "go to line:col" do.
 */
import type { Position } from "./types.js";

export interface SourceText {
  /** The file as shown in findings (relative to the working directory, `/`-separated). */
  readonly file: string;
  readonly text: string;
  /** UTF-16 offset of the start of each line. */
  readonly lineStarts: readonly number[];
}

export function sourceText(file: string, text: string): SourceText {
  const lineStarts = [0];
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) lineStarts.push(i + 1);
  return { file, text, lineStarts };
}

/** The 1-based line holding a UTF-16 offset. */
function lineOf(source: SourceText, offset: number): number {
  let low = 0;
  let high = source.lineStarts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if ((source.lineStarts[mid] ?? 0) <= offset) low = mid;
    else high = mid - 1;
  }
  return low + 1;
}

function columnOf(source: SourceText, line: number, offset: number): number {
  const start = source.lineStarts[line - 1] ?? 0;
  const prefix = source.text.slice(start, offset);
  return (/[\uD800-\uDBFF]/.test(prefix) ? Array.from(prefix).length : prefix.length) + 1;
}

/** Line and column (in characters) of a UTF-16 offset. */
export function positionAt(source: SourceText, offset: number): Position {
  const clamped = Math.max(0, Math.min(offset, source.text.length));
  const line = lineOf(source, clamped);
  return { line, col: columnOf(source, line, clamped) };
}

/** UTF-16 offset of a 1-based line and UTF-16 column (the form `yaml` and GitHub's parser report). */
export function offsetAt(source: SourceText, line: number, utf16Col: number): number {
  const start = source.lineStarts[Math.max(0, Math.min(line, source.lineStarts.length) - 1)] ?? 0;
  return Math.min(source.text.length, start + Math.max(0, utf16Col - 1));
}

/** A position reported in UTF-16 columns, as characters. */
export function fromUtf16(source: SourceText, line: number, utf16Col: number): Position {
  return positionAt(source, offsetAt(source, line, utf16Col));
}

/** The text of a 1-based line, without its line break. */
export function lineText(source: SourceText, line: number): string {
  const start = source.lineStarts[line - 1];
  if (start === undefined) return "";
  const next = source.lineStarts[line];
  return source.text.slice(start, next === undefined ? undefined : next - 1).replace(/\r$/, "");
}

export interface Decoded {
  readonly text: string;
  /** Byte offset of the first byte that is not UTF-8, when there is one. */
  readonly invalidAt?: number;
}

/** Decodes UTF-8 (a leading BOM dropped). Invalid bytes become U+FFFD and the first one is located. */
export function decodeUtf8(bytes: Uint8Array): Decoded {
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(bytes) };
  } catch (err: unknown) {
    if (!(err instanceof TypeError)) throw err;
    return { text: new TextDecoder("utf-8").decode(bytes), invalidAt: firstInvalidByte(bytes) };
  }
}

function firstInvalidByte(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] ?? 0;
    const need = b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    if (need < 0) return i;
    for (let k = 1; k <= need; k++) if (((bytes[i + k] ?? 0) & 0xc0) !== 0x80) return i;
    i += need + 1;
  }
  return bytes.length;
}

/** Line and column of a byte offset in the original bytes (for the position of an invalid byte). */
export function positionOfByte(bytes: Uint8Array, byteOffset: number): Position {
  const before = new TextDecoder("utf-8").decode(bytes.subarray(0, byteOffset));
  return positionAt(sourceText("", before), before.length);
}
