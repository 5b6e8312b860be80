import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { Masker } from "../../src/mask/index.js";
import { createMemoryIo } from "../../src/output/memory-io.js";
import { startProgress } from "../../src/output/progress.js";
import { createStyle, table, wantsColor } from "../../src/output/style.js";

const secret = "hunter2-but-longer";

describe("masked Io", () => {
  it("masks stdout and stderr, even a secret split across writes", async () => {
    const masker = new Masker();
    masker.addSecret(secret, "test");
    const io = createMemoryIo(masker);
    io.stdout.write("password: hunt");
    io.stdout.write("er2-but-lon");
    io.stdout.write("ger\nnext line\n");
    io.stderr.write(`err ${secret} err\n`);
    await io.close();
    expect(io.stdoutText()).toBe("password: ***\nnext line\n");
    expect(io.stderrText()).toBe("err *** err\n");
  });

  it("masks files written and appended through it", () => {
    const masker = new Masker();
    masker.addSecret(secret, "test");
    const io = createMemoryIo(masker);
    const file = join(mkdtempSync(join(tmpdir(), "rw-io-")), "nested", "f.txt");
    io.files.write(file, `a ${secret}\n`);
    io.files.append(file, `b ${Buffer.from(secret).toString("base64")}\n`);
    expect(readFileSync(file, "utf8")).toBe("a ***\nb ***\n");
  });
});

describe("style", () => {
  it("colours only on a TTY without NO_COLOR, unless FORCE_COLOR", () => {
    expect(wantsColor(true, {})).toBe(true);
    expect(wantsColor(false, {})).toBe(false);
    expect(wantsColor(true, { NO_COLOR: "1" })).toBe(false);
    expect(wantsColor(false, { FORCE_COLOR: "1" })).toBe(true);
    expect(wantsColor(true, { FORCE_COLOR: "0" })).toBe(false);
    expect(wantsColor(true, { TERM: "dumb" })).toBe(false);
    expect(createStyle(false).red("x")).toBe("x");
    expect(createStyle(true).red("x")).toBe("\u001b[31mx\u001b[39m");
  });

  it("aligns table columns ignoring colour codes", () => {
    const style = createStyle(true);
    expect(
      table([
        [style.red("a"), "b"],
        ["ccc", "d"],
      ]).replace(/\u001b\[[0-9;]*m/g, ""),
    ).toBe("a    b\nccc  d");
  });
});

describe("progress", () => {
  it("stays silent for quick work", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval"] });
    const io = createMemoryIo(new Masker(), { isTTY: true });
    const progress = startProgress(io.stderr, "checking", { delayMs: 50 });
    progress.done();
    await vi.advanceTimersByTimeAsync(1000);
    vi.useRealTimers();
    await io.close();
    expect(io.stderrText()).toBe("");
  });

  it("draws a spinner on a TTY after the delay and clears it when done", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval"] });
    const io = createMemoryIo(new Masker(), { isTTY: true });
    const progress = startProgress(io.stderr, "checking hosts", { delayMs: 10, intervalMs: 10 });
    progress.update("3/200");
    await vi.advanceTimersByTimeAsync(30);
    progress.done();
    vi.useRealTimers();
    await io.close();
    const text = io.stderrText();
    expect(text).toContain("checking hosts — 3/200");
    expect(text.endsWith("\r\u001b[2K")).toBe(true);
  });

  it("prints one plain line when not on a TTY", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval"] });
    const io = createMemoryIo(new Masker(), { isTTY: false });
    const progress = startProgress(io.stderr, "checking hosts", { delayMs: 10 });
    await vi.advanceTimersByTimeAsync(30);
    progress.done();
    vi.useRealTimers();
    await io.close();
    expect(io.stderrText()).toBe("checking hosts …\n");
  });
});
