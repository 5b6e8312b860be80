/** The minimum-length policy, options, and that a Masker never gives its secrets away. */
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { InternalError, SecretPolicyError } from "../../src/model/errors.js";
import { Masker } from "../../src/mask/index.js";
import { thrown } from "../helpers/thrown.js";

const refusal = (run: () => void): SecretPolicyError => thrown(SecretPolicyError, run);

describe("minimum secret length", () => {
  it("refuses a secret shorter than the default minimum of 6, naming source and lengths but not the value", () => {
    const e = refusal(() => new Masker().addSecret("pa55w", "environment variable PIN"));
    expect(e.code).toBe("RW_SECRET_POLICY");
    expect(e.exitCode).toBe(2);
    expect(e.message).toContain("environment variable PIN");
    expect(e.message).toContain("5 characters");
    expect(e.message).toContain("minimum is 6");
    expect(e.message).not.toContain("pa55w");
    expect(e.hint ?? "").not.toContain("pa55w");
  });

  it("measures the trimmed value", () => {
    const e = refusal(() => new Masker().addSecret("   abcd   \n", "secret file pin.txt"));
    expect(e.message).toContain("4 characters");
    expect(e.message).not.toContain("abcd");
  });

  it.each(["", "   ", "\n\t "])("refuses an empty or whitespace value %j", (value) => {
    const e = refusal(() => new Masker().addSecret(value, "environment variable EMPTY"));
    expect(e.message).toContain("environment variable EMPTY");
    expect(e.message).toContain("0 characters");
    expect(e.message).toContain("minimum is 6");
  });

  it("honours minSecretLength and a per-secret minLength", () => {
    const m = new Masker({ minSecretLength: 10 });
    expect(() => m.addSecret("123456789", "a")).toThrow(SecretPolicyError);
    m.addSecret("1234567890", "b");
    m.addSecret("4711", "c", { minLength: 4 });
    expect(m.mask("pin 4711, code 1234567890")).toBe("pin ***, code ***");
    expect(() => m.addSecret("471", "d", { minLength: 4 })).toThrow(/3 characters.*minimum is 4/);
  });

  it("accepts exactly the minimum", () => {
    const m = new Masker();
    m.addSecret("abcdef", "six");
    expect(m.mask("xabcdefx")).toBe("x***x");
  });

  it("rejects nonsensical options as a bug, not a policy refusal", () => {
    expect(() => new Masker({ minSecretLength: 0 })).toThrow(InternalError);
    expect(() => new Masker({ minSecretLength: 2.5 })).toThrow(InternalError);
    expect(() => new Masker().createStream({ maxHoldBytes: 0 })).toThrow(InternalError);
  });
});

describe("secrets stay inside", () => {
  const secret = "super-secret-value-42";
  const masker = new Masker();
  masker.addSecret(secret, "test");
  masker.addSecret(secret, "same value again");

  it("counts distinct secrets", () => {
    expect(masker.secretCount).toBe(1);
  });

  it("shows no secret when inspected, serialised or enumerated", () => {
    expect(inspect(masker, { showHidden: true, depth: 10 })).not.toContain(secret);
    expect(JSON.stringify(masker)).not.toContain(secret);
    expect(Object.keys(masker)).toEqual([]);
    expect(Object.getOwnPropertyNames(Object.getPrototypeOf(masker))).toEqual(expect.not.arrayContaining(["secrets", "variants", "values"]));
    const stream = masker.createStream();
    stream.write(`partial ${secret.slice(0, 10)}`);
    expect(inspect(stream, { showHidden: true, depth: 10 })).not.toContain(secret);
  });

  it("returns the very same string when nothing matched", () => {
    const text = "nothing to see here\n".repeat(100);
    expect(masker.mask(text)).toBe(text);
  });

  it("masks secrets added after a stream was created", () => {
    const m = new Masker();
    const stream = m.createStream();
    let out = stream.write("first line\nheld late-secret-value");
    m.addSecret("late-secret-value", "added later");
    out += stream.write(" tail\nlate-secret-value\n") + stream.flush();
    expect(out).toBe("first line\nheld *** tail\n***\n");
  });
});
