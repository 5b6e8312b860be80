/**
 * The one way runwarden reads an input file: only regular files, and never more bytes than a limit,
 * checked *while* reading. A device (`/dev/zero`), a FIFO with no writer, a socket or a folder where
 * a file is expected is refused at once instead of hanging or filling memory.
 *
 * The file is opened with O_NONBLOCK (so opening a FIFO never waits for a writer) and inspected with
 * fstat on the open descriptor (so a path swapped after the check cannot slip a device in).
 */
import { closeSync, constants, fstatSync, openSync, readSync } from "node:fs";
import { errorCode } from "../model/system-errors.js";

/** Why a file could not be read. Stable: callers branch on it, never on the message. */
export type ReadFailure = "missing" | "not-regular" | "too-large" | "loop" | "denied" | "unreadable";

export class FileReadError extends Error {
  constructor(
    readonly reason: ReadFailure,
    readonly path: string,
    message: string,
    /** The limit in bytes, for `too-large`. */
    readonly limit?: number,
    /** The system error code (ENOENT, ELOOP …) when there was one. */
    readonly sysCode?: string,
  ) {
    super(message);
  }
}

export interface ReadLimit {
  /** Largest size read, in bytes. */
  readonly maxBytes: number;
  /** How the user raises it (an environment variable or a flag), named in the message. */
  readonly raise?: string;
}

const FAILURES: Readonly<Record<string, ReadFailure>> = {
  ENOENT: "missing",
  ENOTDIR: "missing",
  ELOOP: "loop",
  EACCES: "denied",
  EPERM: "denied",
  EISDIR: "not-regular",
};

function kindOf(stat: { isDirectory(): boolean; isFIFO(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean; isSocket(): boolean }): string {
  if (stat.isDirectory()) return "a folder";
  if (stat.isFIFO()) return "a FIFO (named pipe)";
  if (stat.isCharacterDevice()) return "a character device";
  if (stat.isBlockDevice()) return "a block device";
  if (stat.isSocket()) return "a socket";
  return "not a regular file";
}

function systemFailure(path: string, err: unknown): FileReadError {
  const code = errorCode(err);
  const reason = (code !== undefined ? FAILURES[code] : undefined) ?? "unreadable";
  const what: Record<ReadFailure, string> = {
    missing: "no such file",
    "not-regular": "a folder, not a file",
    "too-large": "too large",
    loop: "too many levels of symbolic links (a link loop)",
    denied: "permission denied",
    unreadable: `cannot be read${code === undefined ? "" : ` (${code})`}`,
  };
  return new FileReadError(reason, path, `${path}: ${what[reason]}`, undefined, code);
}

/** Formats a byte count for messages: `8 MiB`, `512 KiB`, `300 bytes`. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}

/**
 * Reads the regular file at `path` into a Buffer, refusing anything else and stopping as soon as
 * more than `limit.maxBytes` bytes arrive (the file may grow while it is read). Throws FileReadError.
 */
export function readBoundedSync(path: string, limit: ReadLimit): Buffer {
  return withRegularFile(path, (fd, size) => readUpTo(path, fd, size, limit));
}

/**
 * The first `bytes` bytes of the regular file at `path` (all of it when it is shorter), refusing
 * anything else as {@link readBoundedSync} does; no size limit applies, nothing more is read.
 * Throws FileReadError.
 */
export function readHeadSync(path: string, bytes: number): Buffer {
  return withRegularFile(path, (fd) => {
    const buffer = Buffer.alloc(bytes);
    let length = 0;
    for (;;) {
      const n = readSync(fd, buffer, length, bytes - length, null);
      length += n;
      if (n === 0 || length === bytes) return buffer.subarray(0, length);
    }
  });
}

/** Opens `path`, checks on the open descriptor that it is a regular file, runs `read`, closes. */
function withRegularFile<T>(path: string, read: (fd: number, size: number) => T): T {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err: unknown) {
    throw systemFailure(path, err);
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) {
      throw new FileReadError("not-regular", path, `${path}: ${kindOf(stat)}, not a regular file`);
    }
    return read(fd, stat.size);
  } catch (err: unknown) {
    if (err instanceof FileReadError) throw err;
    throw systemFailure(path, err);
  } finally {
    closeSync(fd);
  }
}

/** Reads the open regular file `fd` (`size` bytes by fstat) to its end, stopping past the limit. */
function readUpTo(path: string, fd: number, size: number, limit: ReadLimit): Buffer {
  const tooLarge = (): FileReadError =>
    new FileReadError(
      "too-large",
      path,
      `${path}: larger than ${formatBytes(limit.maxBytes)}${limit.raise === undefined ? "" : ` (raise the limit with ${limit.raise})`}`,
      limit.maxBytes,
    );
  if (size > limit.maxBytes) throw tooLarge();
  // One byte more than the limit tells "exactly at the limit" from "over it".
  // A regular file's size is known: one byte more holds it (and tells whether it grew); files
  // that report no size (e.g. under /proc) start at 64 KiB.
  let buffer = Buffer.allocUnsafe(Math.min(limit.maxBytes + 1, size > 0 ? size + 1 : 64 * 1024));
  let length = 0;
  for (;;) {
    if (length === buffer.length) {
      if (length > limit.maxBytes) throw tooLarge();
      const grown = Buffer.allocUnsafe(Math.min(limit.maxBytes + 1, buffer.length * 2));
      buffer.copy(grown, 0, 0, length);
      buffer = grown;
    }
    const wanted = buffer.length - length;
    const n = readSync(fd, buffer, length, wanted, null);
    if (n === 0) break;
    length += n;
    // A short read once all that fstat reported is in is the end of a regular file: no second
    // read(2) to see 0 (a file that grew meanwhile fills the byte asked beyond its size).
    if (n < wanted && size > 0 && length >= size) break;
  }
  if (length > limit.maxBytes) throw tooLarge();
  return buffer.subarray(0, length);
}

/** `readBoundedSync` decoded as UTF-8 (a leading BOM dropped; invalid bytes become U+FFFD). */
export function readBoundedTextSync(path: string, limit: ReadLimit): string {
  return new TextDecoder("utf-8").decode(readBoundedSync(path, limit));
}
