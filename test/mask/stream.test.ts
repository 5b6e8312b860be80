/** MaskStream: no leak across chunk boundaries, bounded hold-back, same output as mask(). */
import { describe, expect, it } from "vitest";
import { BUILTIN_PATTERNS, Masker, type MaskStream } from "../../src/mask/index.js";

const secret = "S3cr3t-Value!42";
const multiLine = "first-secret-line\nsecond-secret-line";
const masker = new Masker();
masker.addSecret(secret, "test");
masker.addSecret(multiLine, "test");
const b64 = (text: string): string => Buffer.from(text, "utf8").toString("base64");

const examples = BUILTIN_PATTERNS.flatMap((p) => p.examples.positive.map((e) => e.text));
/** Ends with the unterminated PEM example, which masks through the end of the text. */
const complete = examples.filter((t) => !t.includes("(truncated)"));
const text = [
  `start ${secret} middle ${secret}${secret} end`,
  `base64 ${b64(`user:${secret}\n`)} hex ${Buffer.from(secret).toString("hex")}`,
  ...complete,
  multiLine,
  `json {"p":${JSON.stringify(`${secret}"`)}}\r\nwindows line\rold mac line`,
  ...examples.filter((t) => t.includes("(truncated)")),
].join("\n");
const whole = masker.mask(text);

function feed(stream: MaskStream, pieces: readonly string[]): { out: string; emitted: string[] } {
  const emitted = pieces.map((p) => stream.write(p));
  emitted.push(stream.flush());
  return { out: emitted.join(""), emitted };
}

describe("MaskStream", () => {
  it("the test text exercises every kind of match", () => {
    expect(whole).not.toContain(secret);
    expect(whole.match(/\*\*\*/g)?.length).toBeGreaterThan(15);
  });

  it("gives the same output as mask() for every split point", () => {
    for (let i = 0; i <= text.length; i++) {
      const { out } = feed(masker.createStream(), [text.slice(0, i), text.slice(i)]);
      if (out !== whole) expect({ split: i, out }).toEqual({ split: i, out: whole });
    }
  });

  it("gives the same output for every pair of split points around each secret", () => {
    let from = text.indexOf(secret) - 3;
    for (let i = from; i < from + secret.length + 6; i++) {
      for (let j = i; j < i + secret.length + 6; j++) {
        const { out } = feed(masker.createStream(), [text.slice(0, i), text.slice(i, j), text.slice(j)]);
        expect(out).toBe(whole);
      }
    }
    from = text.indexOf(multiLine) - 2;
    for (let i = from; i < from + multiLine.length + 4; i += 3) {
      for (let j = i; j < from + multiLine.length + 4; j += 2) {
        expect(feed(masker.createStream(), [text.slice(0, i), text.slice(i, j), text.slice(j)]).out).toBe(whole);
      }
    }
  });

  it("gives the same output fed one character at a time, and in random chunk sizes", () => {
    expect(feed(masker.createStream(), [...text]).out).toBe(whole);
    let seed = 7;
    for (let run = 0; run < 50; run++) {
      const pieces: string[] = [];
      for (let i = 0; i < text.length; ) {
        seed = (seed * 1103515245 + 12345) & 0x7fffffff;
        const n = 1 + (seed % 40);
        pieces.push(text.slice(i, i + n));
        i += n;
      }
      expect(feed(masker.createStream(), pieces).out).toBe(whole);
    }
  });

  it("never lets a secret out when it is split across 2, 3 or N chunks", () => {
    for (let n = 2; n <= secret.length; n++) {
      const size = Math.ceil(secret.length / n);
      const pieces = ["log: "];
      for (let i = 0; i < secret.length; i += size) pieces.push(secret.slice(i, i + size));
      pieces.push(" done\n");
      const stream = masker.createStream();
      const { out, emitted } = feed(stream, pieces);
      expect(out).toBe("log: *** done\n");
      expect(emitted.join("|")).not.toContain(secret.slice(0, size + 1));
    }
  });

  it("emits complete lines at once and holds back only a partial line", () => {
    const stream = masker.createStream();
    expect(stream.write("line one\nline two\npartial")).toBe("line one\nline two\n");
    expect(stream.pending()).toBe("partial".length);
    expect(stream.write(" rest\n")).toBe("partial rest\n");
    expect(stream.pending()).toBe(0);
  });

  it("holds a trailing \\r until it knows whether \\n follows", () => {
    const stream = masker.createStream();
    expect(stream.write("a\r")).toBe("a");
    expect(stream.pending()).toBe(1);
    expect(stream.write("\nb\r")).toBe("\r\nb");
    expect(stream.write("c")).toBe("\r");
    expect(stream.flush()).toBe("c");
  });

  it("emits a newline-less partial line once it exceeds maxHoldBytes, minus a possible secret start", () => {
    const stream = masker.createStream({ maxHoldBytes: 100 });
    expect(stream.write("x".repeat(60))).toBe("");
    const out = stream.write(`${"y".repeat(60)}${secret.slice(0, 6)}`);
    expect(out).toBe("x".repeat(60) + "y".repeat(60));
    expect(stream.pending()).toBe(6);
    expect(stream.write(`${secret.slice(6)} and more`)).toBe("");
    expect(stream.flush()).toBe("*** and more");
  });

  it("holds at most a bounded suffix of an endless line", () => {
    const stream = masker.createStream();
    let out = "";
    for (let i = 0; i < 1000; i++) {
      out += stream.write(`${"z".repeat(97)}${i % 100 === 0 ? secret : "abc"}`);
      expect(stream.pending()).toBeLessThanOrEqual(8192 + 200);
    }
    out += stream.flush();
    expect(out).not.toContain(secret);
    expect(out.match(/\*\*\*/g)?.length).toBe(10);
  });

  it("masks a PEM key arriving line by line without ever emitting a body line", () => {
    const body = ["MIIEowIBAAKCAQEAwJ8n4qSh1Xm", "ZXhhbXBsZSBrZXkgbWF0ZXJpYWw", "dGhpcyBpcyBub3QgYSByZWFsIGtleQ=="];
    const lines = ["before\n", "-----BEGIN RSA PRIVATE KEY-----\n", ...body.map((l) => `${l}\n`), "-----END RSA PRIVATE KEY-----\n", "after\n"];
    const stream = masker.createStream();
    const emitted: string[] = [];
    for (const line of lines) {
      emitted.push(stream.write(line));
      for (const b of body) expect(emitted.join("")).not.toContain(b);
      // Only a possible start of the END marker is held, never the key's lines.
      expect(stream.pending()).toBeLessThan(8);
    }
    emitted.push(stream.flush());
    expect(emitted.join("")).toBe("before\n***\nafter\n");
    // The header line goes out as the one mask; the body lines continue it.
    expect(emitted.slice(0, 3)).toEqual(["before\n", "***", ""]);
  });

  it("masks a PEM key split at every character, including inside the END line", () => {
    const key = "x\n-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\ny\n";
    for (let i = 0; i <= key.length; i++) {
      expect(feed(masker.createStream(), [key.slice(0, i), key.slice(i)]).out).toBe("x\n***\ny\n");
    }
  });

  it("masks vault payload lines as they arrive and stops at the first other line", () => {
    const lines = ["v: !vault |\n", "  $ANSIBLE_VAULT;1.1;AES256\n", "  6162636465666768\n", "  3031323334353637\n", "w: 1\n"];
    const stream = masker.createStream();
    const emitted = lines.map((l) => stream.write(l));
    emitted.push(stream.flush());
    expect(emitted.join("")).toBe("v: !vault |\n  ***\nw: 1\n");
    expect(emitted.join("")).not.toContain("6162");
  });

  it("a forced release inside a vault payload line masks that line", () => {
    const stream = masker.createStream({ maxHoldBytes: 16 });
    let out = stream.write("$ANSIBLE_VAULT;1.1;AES256\n");
    out += stream.write("61626364656667686162636465666768");
    out += stream.write("6162\nnext\n") + stream.flush();
    expect(out).toBe("***\nnext\n");
  });

  it("a release between vault lines does not take the next line as payload", () => {
    const stream = masker.createStream();
    let out = stream.write("$ANSIBLE_VAULT;1.1;AES256\n6162636465666768\n");
    out += stream.release();
    expect(stream.pending()).toBe(1);
    out += stream.write("ok: [web-01]\n") + stream.flush();
    expect(out).toBe("***\nok: [web-01]\n");
  });

  it("holds a pending token trigger until it is decided", () => {
    const token = `ghp_${"a1B2c3D4e5".repeat(4).slice(0, 36)}`;
    const stream = masker.createStream({ maxHoldBytes: 10 });
    expect(stream.write(`${"p".repeat(20)}${token.slice(0, 20)}`)).toBe("p".repeat(20));
    expect(stream.write(token.slice(20))).toBe("***");
    expect(stream.flush()).toBe("");
  });

  it("is reusable after flush()", () => {
    const stream = masker.createStream();
    expect(stream.write(`a ${secret}`) + stream.flush()).toBe("a ***");
    expect(stream.write(`b ${secret}\n`) + stream.flush()).toBe("b ***\n");
  });

  it("keeps surrogate pairs together across emissions", () => {
    const stream = masker.createStream({ maxHoldBytes: 4 });
    const out = [stream.write("ab\u{1f511}"), stream.write("\u{1f511}cd\u{1f511}"), stream.flush()];
    for (const piece of out) expect(piece).not.toMatch(/[\ud800-\udbff]$/);
    expect(out.join("")).toBe("ab\u{1f511}\u{1f511}cd\u{1f511}");
  });
});
