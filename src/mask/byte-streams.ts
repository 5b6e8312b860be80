/**
 * The two faces of a masking stream over `LineMaskStream` (which reads byte strings):
 * - `BufferMaskStream`: bytes in, bytes out. Any byte sequence comes out unchanged except where a
 *   secret form was replaced — nothing is decoded, so invalid UTF-8 and binary data pass intact.
 * - `TextMaskStream`: JS strings in and out (the `MaskStream` interface): each chunk is encoded as
 *   UTF-8, masked as bytes and decoded back; a surrogate pair split between two writes and a UTF-8
 *   character split between two emissions are both kept whole.
 */
import { StringDecoder } from "node:string_decoder";
import { LineMaskStream, type MaskStream } from "./stream.js";

/** A JS string as a byte string (one code unit per UTF-8 byte); ASCII is returned as it is. */
export function utf8ByteString(text: string): string {
  return Buffer.byteLength(text, "utf8") === text.length ? text : Buffer.from(text, "utf8").toString("latin1");
}

/** A Uint8Array as a byte string. */
export function byteString(bytes: Uint8Array): string {
  return (Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)).toString("latin1");
}

export interface BufferMaskStream {
  /** Feeds bytes; returns the bytes that are safe to emit now. */
  write(chunk: Uint8Array): Buffer;
  /** End of input: the rest. The stream can then be reused. */
  flush(): Buffer;
  /** See MaskStream.release. */
  release(): Buffer;
  /** Bytes held back. */
  pending(): number;
}

const EMPTY = Buffer.alloc(0);
const out = (text: string): Buffer => (text.length === 0 ? EMPTY : Buffer.from(text, "latin1"));

export function bufferStream(inner: LineMaskStream): BufferMaskStream {
  return {
    write: (chunk) => (chunk.length === 0 ? EMPTY : out(inner.write(byteString(chunk)))),
    flush: () => out(inner.flush()),
    release: () => out(inner.release()),
    pending: () => inner.pending(),
  };
}

export class TextMaskStream implements MaskStream {
  readonly #inner: LineMaskStream;
  #decoder = new StringDecoder("utf8");
  /** A high surrogate that ended the last write: its pair may come next. */
  #carry = "";

  constructor(inner: LineMaskStream) {
    this.#inner = inner;
  }

  write(chunk: string): string {
    let text = this.#carry + chunk;
    this.#carry = "";
    const last = text.charCodeAt(text.length - 1);
    if (last >= 0xd800 && last <= 0xdbff) {
      this.#carry = text.slice(-1);
      text = text.slice(0, -1);
    }
    return text.length === 0 ? "" : this.#decode(this.#inner.write(utf8ByteString(text)));
  }

  flush(): string {
    const carried = this.#carry.length === 0 ? "" : this.#decode(this.#inner.write(utf8ByteString(this.#carry)));
    this.#carry = "";
    const rest = carried + this.#decode(this.#inner.flush()) + this.#decoder.end();
    this.#decoder = new StringDecoder("utf8");
    return rest;
  }

  release(): string {
    return this.#decode(this.#inner.release());
  }

  pending(): number {
    return this.#inner.pending() + this.#carry.length;
  }

  #decode(bytes: string): string {
    if (bytes.length === 0) return "";
    return this.#decoder.write(Buffer.from(bytes, "latin1"));
  }
}
