/** The masking filter's sources: a descriptor read on the thread pool, and its fallback. */
import { closeSync, mkdtempSync, openSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { type ChunkSink, descriptorSink, descriptorSource, readableByDescriptor, streamSource, textSource } from "../../src/output/filter.js";

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
});

describe("streamSource", () => {
  it("keeps a surrogate pair split between two string chunks whole", async () => {
    const text = await drain(streamSource(Readable.from(["a\ud83d", "\ude00b"])));
    expect(text).toBe("a😀b");
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
