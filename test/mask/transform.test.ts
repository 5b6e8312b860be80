/** createMaskTransform: bytes in, masked UTF-8 out, idle flush for prompts. */
import { once } from "node:events";
import { Readable, type Transform } from "node:stream";
import { describe, expect, it, vi } from "vitest";
import { createMaskTransform, Masker } from "../../src/mask/index.js";

const secret = "p\u00e4ssw\u00f6rd-\u{1f511}-42";
const masker = new Masker();
masker.addSecret(secret, "test");

async function collect(transform: Transform, chunks: readonly Buffer[]): Promise<string> {
  const out: Buffer[] = [];
  transform.on("data", (b: Buffer) => out.push(b));
  const done = once(transform, "end");
  Readable.from(chunks).pipe(transform);
  await done;
  return Buffer.concat(out).toString("utf8");
}

describe("createMaskTransform", () => {
  const text = `h\u00e9llo ${secret} w\u00f6rld \u4e2d\u6587\n${Buffer.from(secret).toString("base64")}\nend \u{1f600}`;
  const expected = masker.mask(text);

  it("masks UTF-8 split inside multi-byte characters, one byte per chunk", async () => {
    const bytes = Buffer.from(text, "utf8");
    const chunks = [...bytes].map((b) => Buffer.from([b]));
    const out = await collect(createMaskTransform(masker, { idleFlushMs: 0 }), chunks);
    expect(out).toBe(expected);
    expect(out).not.toContain(secret);
    expect(out).not.toContain("\ufffd");
  });

  it("masks UTF-8 at every two-way byte split", async () => {
    const bytes = Buffer.from(text, "utf8");
    for (let i = 0; i <= bytes.length; i += 3) {
      const out = await collect(createMaskTransform(masker), [bytes.subarray(0, i), bytes.subarray(i)]);
      expect(out).toBe(expected);
    }
  });

  it("emits a prompt without a newline after the idle time", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const transform = createMaskTransform(masker, { idleFlushMs: 20 });
    const out: string[] = [];
    transform.on("data", (b: Buffer) => out.push(b.toString("utf8")));
    transform.write(Buffer.from("Connecting...\nPassword: "));
    await vi.advanceTimersByTimeAsync(19);
    expect(out.join("")).toBe("Connecting...\n");
    await vi.advanceTimersByTimeAsync(1);
    expect(out.join("")).toBe("Connecting...\nPassword: ");
    vi.useRealTimers();
    transform.end(Buffer.from(`${secret}\n`));
    await once(transform, "end");
    expect(out.join("")).toBe("Connecting...\nPassword: ***\n");
  });

  it("idle flush keeps back what could be the start of a secret", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const transform = createMaskTransform(masker, { idleFlushMs: 10 });
    const out: string[] = [];
    transform.on("data", (b: Buffer) => out.push(b.toString("utf8")));
    transform.write(Buffer.from(`value: ${secret.slice(0, 8)}`));
    await vi.advanceTimersByTimeAsync(10);
    expect(out.join("")).toBe("value: ");
    vi.useRealTimers();
    transform.end(Buffer.from(`${secret.slice(8)}!`));
    await once(transform, "end");
    expect(out.join("")).toBe("value: ***!");
  });

  it("does not keep the process alive with its timer, and stops it when destroyed", async () => {
    const transform = createMaskTransform(masker, { idleFlushMs: 10_000 });
    transform.write(Buffer.from("partial"));
    transform.destroy();
    await once(transform, "close");
    expect(transform.destroyed).toBe(true);
  });

  it("accepts string chunks", async () => {
    const transform = createMaskTransform(masker);
    const out: Buffer[] = [];
    transform.on("data", (b: Buffer) => out.push(b));
    transform.end(`x ${secret} y`);
    await once(transform, "end");
    expect(Buffer.concat(out).toString("utf8")).toBe("x *** y");
  });

  it("masks a secret split across string chunks, and across bytes then a string", async () => {
    const run = async (write: (transform: Transform) => void): Promise<string> => {
      const transform = createMaskTransform(masker);
      const out: Buffer[] = [];
      transform.on("data", (b: Buffer) => out.push(b));
      const done = once(transform, "end");
      write(transform);
      transform.end();
      await done;
      return Buffer.concat(out).toString("utf8");
    };
    for (let cut = 1; cut < secret.length; cut++) {
      const strings = await run((t) => {
        for (const chunk of [`a ${secret.slice(0, cut)}`, `${secret.slice(cut)} b`]) t.write(chunk);
      });
      expect(strings).toBe("a *** b");
    }
    const bytes = Buffer.from(`a ${secret}`);
    for (let cut = 1; cut < bytes.length; cut++) {
      const mixed = await run((t) => {
        t.write(bytes.subarray(0, cut));
        t.write(bytes.subarray(cut).toString("latin1"), "latin1");
        t.write(" b");
      });
      expect(mixed).toBe("a *** b");
    }
    // A UTF-8 string after bytes that stopped mid-character: the broken character is U+FFFD, as for bytes.
    const broken = await run((t) => {
      t.write(Buffer.from([0x78, 0xc3]));
      t.write(` ${secret}`);
    });
    expect(broken).toBe("x\ufffd ***");
  });
});
