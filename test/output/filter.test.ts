/** The masking filter's sources: a descriptor read on the thread pool, and its fallback. */
import { execFileSync } from "node:child_process";
import { closeSync, constants, mkdtempSync, openSync, writeFileSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable, Writable } from "node:stream";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type BufferMaskStream, Masker } from "../../src/mask/index.js";
import { InternalError } from "../../src/model/errors.js";
import { createIo } from "../../src/output/io.js";
import { type ChunkSink, descriptorSink, descriptorSource, descriptorWrites, readableByDescriptor, streamSource, textSource } from "../../src/output/filter.js";

async function drain(source: { next(): Promise<Buffer | null> }): Promise<string> {
  const parts: Buffer[] = [];
  for (let chunk = await source.next(); chunk !== null; chunk = await source.next()) parts.push(chunk);
  return Buffer.concat(parts).toString("utf8");
}

describe("descriptorSource", () => {
  const dir = mkdtempSync(join(tmpdir(), "rw-filter-"));

  it("reads a file from its current offset to the end, in chunks", async () => {
    const file = join(dir, "input");
    writeFileSync(file, "x".repeat(200_000));
    const fd = openSync(file, "r");
    try {
      expect(readableByDescriptor(fd)).toBe(true);
      const text = await drain(descriptorSource(fd, () => streamSource(Readable.from(["unused"]))));
      expect(text).toBe("x".repeat(200_000));
    } finally {
      closeSync(fd);
    }
  });

  it("reads the rest through the fallback when a read fails (nothing was consumed)", async () => {
    const fd = openSync(dir, "r"); // read(2) on a folder: EISDIR
    try {
      expect(readableByDescriptor(fd)).toBe(false);
      const text = await drain(descriptorSource(fd, () => streamSource(Readable.from(["from ", "the stream"]))));
      expect(text).toBe("from the stream");
    } finally {
      closeSync(fd);
    }
  });
});

describe("textSource", () => {
  it("gives the pieces' UTF-8 in order, a pair split between two pieces kept whole", async () => {
    // The first chunk ends after the first piece (64 Ki characters), between the two halves.
    const big = "z".repeat(65_535);
    const source = textSource([`${big}\ud83d`, "\ude00b", "", "é"]);
    const first = await source.next();
    expect(first?.toString("utf8")).toBe(big);
    expect(await drain(source)).toBe("😀bé");
  });

  it("gives nothing for no pieces", async () => {
    expect(await textSource([]).next()).toBeNull();
  });

  it("joins short pieces into texts of 64 Ki characters or a little more, and gives a long piece alone", async () => {
    const long = "L".repeat(20_000);
    const short = "s".repeat(10_000);
    const source = textSource(["a", long, ...Array.from({ length: 8 }, () => short), long, "b"]);
    const sizes: number[] = [];
    for (let chunk = await source.next(); chunk !== null; chunk = await source.next()) sizes.push(chunk.length);
    // "a" stops before the long piece; seven short pieces reach 64 Ki; the eighth stops before the
    // second long piece; "b" ends it.
    expect(sizes).toEqual([1, 20_000, 70_000, 10_000, 20_000, 1]);
  });

  it("gives every piece's text once, in order, whatever the pieces' lengths", async () => {
    const piece = fc.oneof(
      fc.string({ unit: "grapheme", maxLength: 40 }),
      fc.integer({ min: 1, max: 40_000 }).map((n) => "x".repeat(n)),
      fc.constantFrom("\ud83d", "\ude00", ""),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(piece, { maxLength: 30 }), async (pieces) => {
        const source = textSource(pieces);
        const parts: Buffer[] = [];
        for (let chunk = await source.next(); chunk !== null; chunk = await source.next()) {
          expect(chunk.length).toBeGreaterThan(0);
          parts.push(chunk);
        }
        expect(Buffer.concat(parts).toString("utf8")).toBe(Buffer.from(pieces.join(""), "utf8").toString("utf8"));
      }),
      { numRuns: 300 },
    );
  });
});

describe("streamSource", () => {
  it("keeps a surrogate pair split between two string chunks whole", async () => {
    const text = await drain(streamSource(Readable.from(["a\ud83d", "\ude00b"])));
    expect(text).toBe("a😀b");
  });
});

describe("descriptorWrites", () => {
  it("is true of a regular file and of /dev/null, false of a FIFO (whose reader may be slow)", () => {
    const dir = mkdtempSync(join(tmpdir(), "rw-filter-kind-"));
    const fifo = join(dir, "fifo");
    execFileSync("mkfifo", [fifo]);
    const fds = [openSync(join(dir, "out"), "w"), openSync("/dev/null", "w"), openSync(fifo, constants.O_RDWR | constants.O_NONBLOCK)];
    try {
      expect(fds.map((fd) => descriptorWrites(fd) === "never-waits")).toEqual([true, true, false]);
    } finally {
      for (const fd of fds) closeSync(fd);
    }
  });
});

describe("descriptorSink", () => {
  const pieces = ["first ", "second ", "", "third piece\n"].map((text) => Buffer.from(text));
  const collecting = (): ChunkSink & { text: () => string } => {
    const got: Buffer[] = [];
    return {
      async write(parts) {
        got.push(...parts);
      },
      text: () => Buffer.concat(got).toString(),
    };
  };

  it("continues a partial write where it stopped", async () => {
    const written: Buffer[] = [];
    // At most 5 bytes per writev, as a pipe near full may take.
    const sink = descriptorSink(
      async (parts) => {
        const bytes = Buffer.concat(parts).subarray(0, 5);
        written.push(bytes);
        return bytes.length;
      },
      () => undefined,
      collecting,
    );
    await sink.write(pieces);
    expect(Buffer.concat(written).toString()).toBe("first second third piece\n");
  });

  it("hands the rest to the stream on EAGAIN, and keeps using it", async () => {
    const fallback = collecting();
    let calls = 0;
    const sink = descriptorSink(
      async () => {
        calls++;
        if (calls === 1) return 3;
        throw Object.assign(new Error("try again"), { code: "EAGAIN" });
      },
      () => undefined,
      () => fallback,
    );
    await sink.write(pieces);
    await sink.write([Buffer.from("more\n")]);
    expect(fallback.text()).toBe("st second third piece\nmore\n");
    expect(calls).toBe(2);
  });

  it("reports any other failure (EPIPE, ENOSPC) and throws it", async () => {
    const failures: unknown[] = [];
    const enospc = Object.assign(new Error("no space"), { code: "ENOSPC" });
    const sink = descriptorSink(
      async () => {
        throw enospc;
      },
      (err) => failures.push(err),
      collecting,
    );
    await expect(sink.write(pieces)).rejects.toBe(enospc);
    expect(failures).toEqual([enospc]);
  });
});

describe("Io.filterStdin on a failure", () => {
  it("reports a read of the descriptor left waiting (it cannot be cancelled), so the process can still exit", async () => {
    const dir = mkdtempSync(join(tmpdir(), "rw-filter-fifo-"));
    const fifo = join(dir, "stdin");
    execFileSync("mkfifo", [fifo]);
    const readEnd = openSync(fifo, "r+"); // blocking reads; this process also holds a writer
    const writeEnd = openSync(fifo, "w");
    class FailingMasker extends Masker {
      override createByteStream(): BufferMaskStream {
        const inner = super.createByteStream();
        return {
          ...inner,
          writeParts: () => {
            throw new InternalError("the scan failed");
          },
        };
      }
    }
    let abandoned = 0;
    const sink = () => new Writable({ write: (_chunk, _encoding, callback) => callback() });
    const io = createIo({
      masker: new FailingMasker(),
      stdout: { destination: sink(), isTTY: false, columns: undefined },
      stderr: { destination: sink(), isTTY: false, columns: undefined },
      stdin: () => Readable.from([]),
      stdinFd: readEnd,
      env: {},
      cwd: dir,
      onAbandonedRead: () => abandoned++,
    });
    try {
      writeSync(writeEnd, "first line\n");
      await expect(io.filterStdin()).rejects.toThrow("the scan failed");
      // The read-ahead of the next chunk was waiting when the scan failed.
      expect(abandoned).toBe(1);
    } finally {
      // Wakes the waiting read (it holds the pipe open itself: closing alone would not end it).
      writeSync(writeEnd, "end\n");
      closeSync(writeEnd);
      closeSync(readEnd);
    }
  });
});
