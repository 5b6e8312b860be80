/** The masking filter's sources: a descriptor read on the thread pool, and its fallback. */
import { closeSync, mkdtempSync, openSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { descriptorSource, readableByDescriptor, streamSource } from "../../src/output/filter.js";

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

describe("streamSource", () => {
  it("keeps a surrogate pair split between two string chunks whole", async () => {
    const text = await drain(streamSource(Readable.from(["a\ud83d", "\ude00b"])));
    expect(text).toBe("a😀b");
  });
});
