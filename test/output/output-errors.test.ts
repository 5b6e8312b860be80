/** Output that cannot be written: one line and a defined exit code, never a stack trace. */
import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { Masker } from "../../src/mask/index.js";
import { createMemoryIo } from "../../src/output/memory-io.js";
import { describeWriteFailure, EXIT_OUTPUT_FAILED, onOutputFailure, OutputError } from "../../src/output/io.js";

class Exit extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

function run(err: unknown, options: { exitCode?: number; otherGone?: boolean } = {}): { code: number; lines: string[] } {
  const masker = new Masker();
  masker.addSecret("s3cret-value", "test");
  const lines: string[] = [];
  const handler = onOutputFailure(masker, "stdout", {
    writeOther: (text) => {
      if (options.otherGone === true) throw Object.assign(new Error("gone"), { code: "EBADF" });
      lines.push(text);
    },
    exit: (code) => {
      throw new Exit(code);
    },
    exitCode: () => options.exitCode,
  });
  try {
    handler(err);
  } catch (e: unknown) {
    if (e instanceof Exit) return { code: e.code, lines };
    throw e;
  }
  throw new Error("the handler did not exit");
}

const errno = (code: string): Error => Object.assign(new Error(`${code}: something`), { code });

describe("stdout or stderr cannot be written", () => {
  it("EPIPE: a reader that went away ends quietly with the exit code decided so far", () => {
    expect(run(errno("EPIPE"))).toEqual({ code: 0, lines: [] });
    expect(run(errno("EPIPE"), { exitCode: 1 })).toEqual({ code: 1, lines: [] });
    // A socket whose reader closed with data unread may answer the next write with ECONNRESET.
    expect(run(errno("ECONNRESET"))).toEqual({ code: 0, lines: [] });
  });

  it.each(["ENOSPC", "EBADF", "EIO", "EDQUOT"])("%s: one line on the other stream, exit 3", (code) => {
    const result = run(errno(code));
    expect(result.code).toBe(EXIT_OUTPUT_FAILED);
    expect(result.lines).toHaveLength(1);
    expect(result.lines[0]).toMatch(new RegExp(`^runwarden: cannot write to stdout: .+ \\(${code}\\); stopping\\n$`));
  });

  it("exits 3 even when the other stream is gone too", () => {
    expect(run(errno("ENOSPC"), { otherGone: true }).code).toBe(EXIT_OUTPUT_FAILED);
  });

  it("names the reason in words", () => {
    expect(describeWriteFailure(errno("ENOSPC"))).toBe("no space left on the device (ENOSPC)");
    expect(describeWriteFailure(errno("EWHATEVER"))).toBe("write failed (EWHATEVER)");
  });
});

describe("files written through the Io", () => {
  it.runIf(existsSync("/dev/full"))("a full device is an OutputError (exit 3) naming the file, not a crash", () => {
    const io = createMemoryIo(new Masker());
    let thrown: unknown;
    try {
      io.files.write("/dev/full", "x\n");
    } catch (err: unknown) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(OutputError);
    expect((thrown as OutputError).exitCode).toBe(3);
    expect((thrown as OutputError).message).toBe("cannot write /dev/full: no space left on the device (ENOSPC)");
  });
});
