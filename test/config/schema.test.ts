/** The schema itself: every field documented, value formats, types, and the JSON Schema it generates. */
import { describe, expect, expectTypeOf, it } from "vitest";
import { z } from "zod";
import { configJsonSchema, CONFIG_SCHEMA_ID } from "../../src/config/json-schema.js";
import { configSchema, type Config, type Gate, type PreflightCheck, type Size, type StoreConfig } from "../../src/config/schema.js";
import { findLiteralAddress } from "../../src/config/schema/address.js";
import { formatDuration, parseDuration } from "../../src/config/schema/duration.js";
import { parseSize } from "../../src/config/schema/size.js";
import { descriptionOf, unwrap, type AnySchema } from "../../src/config/schema-walk.js";
import { didYouMean, editDistance } from "../../src/config/suggest.js";

/** Every object field reachable from the root, with its path. */
function fields(schema: AnySchema, path: string, out: { path: string; schema: AnySchema }[] = []): typeof out {
  const chain = unwrap(schema);
  const core = chain[chain.length - 1];
  if (core instanceof z.ZodObject) {
    for (const [key, field] of Object.entries(core.shape)) {
      out.push({ path: `${path}.${key}`, schema: field });
      fields(field, `${path}.${key}`, out);
    }
  } else if (core instanceof z.ZodArray) {
    fields(core.element, `${path}[]`, out);
  } else if (core instanceof z.ZodRecord) {
    fields(core.valueType, `${path}.<name>`, out);
  } else if (core instanceof z.ZodUnion) {
    for (const option of core.options) fields(option, path, out);
  }
  return out;
}

describe("configSchema", () => {
  it("documents every field (docs are generated from these descriptions)", () => {
    const all = fields(configSchema, "");
    expect(all.length).toBeGreaterThan(100);
    expect(all.filter((field) => descriptionOf(unwrap(field.schema)) === undefined).map((field) => field.path)).toEqual([]);
  });

  it("is strict everywhere: every object refuses unknown keys", () => {
    const loose: string[] = [];
    const visit = (schema: AnySchema, path: string): void => {
      const chain = unwrap(schema);
      const core = chain[chain.length - 1];
      if (core instanceof z.ZodObject) {
        if (!(core.def.catchall instanceof z.ZodNever)) loose.push(path);
        for (const [key, field] of Object.entries(core.shape)) visit(field, `${path}.${key}`);
      } else if (core instanceof z.ZodArray) visit(core.element, `${path}[]`);
      else if (core instanceof z.ZodRecord) visit(core.valueType, `${path}.<name>`);
      else if (core instanceof z.ZodUnion) for (const option of core.options) visit(option, path);
    };
    visit(configSchema, "");
    expect(loose).toEqual([]);
  });

  it("exports output types with discriminated unions", () => {
    expectTypeOf<Config["store"]>().toEqualTypeOf<StoreConfig>();
    expectTypeOf<Config["inventory"]>().toEqualTypeOf<string[]>();
    expectTypeOf<PreflightCheck["kind"]>().toEqualTypeOf<
      "disk" | "memory" | "load" | "command" | "file" | "inventory" | "tcp" | "http" | "dns" | "prometheus" | "systemd" | "runner" | "secrets" | "github"
    >();
    expectTypeOf<Extract<PreflightCheck, { kind: "disk" }>["min_free"]>().toEqualTypeOf<Size>();
    expectTypeOf<Gate["probe"]["kind"]>().toEqualTypeOf<"http" | "tcp" | "prometheus" | "command" | "version">();
    expectTypeOf<Gate["interval"]>().toEqualTypeOf<number>();
    expectTypeOf<Gate["no_data"]>().toEqualTypeOf<"fail" | "pass" | "inconclusive">();
  });
});

describe("value formats", () => {
  it.each([
    ["500ms", 500],
    ["10s", 10_000],
    ["15m", 900_000],
    ["1h30m", 5_400_000],
    ["2m30s", 150_000],
    ["1h0m5s250ms", 3_605_250],
    ["0s", 0],
  ])("duration %s = %i ms", (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(["", "10", "1.5h", "10 s", "s", "10S", "30m1h", "1d", "-5s", "10sec", "5mm"])("not a duration: %j", (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });

  it("formats durations back", () => {
    expect([0, 500, 90_000, 5_400_000, 3_605_250].map(formatDuration)).toEqual(["0s", "500ms", "1m30s", "1h30m", "1h5s250ms"]);
  });

  it.each([
    ["5GiB", { unit: "bytes", bytes: 5 * 2 ** 30 }],
    ["500MB", { unit: "bytes", bytes: 500_000_000 }],
    ["1.5KiB", { unit: "bytes", bytes: 1536 }],
    ["1024B", { unit: "bytes", bytes: 1024 }],
    ["10%", { unit: "percent", percent: 10 }],
    ["100%", { unit: "percent", percent: 100 }],
  ] as const)("size %s", (text, size) => {
    expect(parseSize(text)).toEqual(size);
  });

  it.each(["5", "5gb", "5 GiB", "101%", "GiB", "5G", "-1GiB"])("not a size: %j", (text) => {
    expect(parseSize(text)).toBeUndefined();
  });

  it.each([
    ["http://192.0.2.1:9090", "192.0.2.1", 7],
    ["10.0.0.1", "10.0.0.1", 0],
    ["http://[2001:db8::1]:8080/", "2001:db8::1", 8],
    ["::1", "::1", 0],
    ["tcp 127.0.0.1", "127.0.0.1", 4],
    ["http://h:9090/?ip=203.0.113.9", "203.0.113.9", 18],
  ])("finds the literal address in %j", (text, address, offset) => {
    expect(findLiteralAddress(text)).toEqual({ address, offset });
  });

  it.each([
    "http://prometheus.monitoring.example.internal:9090",
    "http://{{ ansible_host }}:8080/version",
    "https://localhost:9090",
    "ansible-playbook 2.14.1.0-beta",
    "v1.2.3.4",
    "http://cafe:80/dead:beef",
    "1.2.3.4.5",
  ])("no literal address in %j", (text) => {
    expect(findLiteralAddress(text)).toBeUndefined();
  });
});

describe("suggestions", () => {
  it("uses Damerau–Levenshtein distance", () => {
    expect(editDistance("intervall", "interval")).toBe(1);
    expect(editDistance("dsik", "disk")).toBe(1);
    expect(editDistance("abc", "xyz")).toBe(3);
  });

  it("suggests only likely typos", () => {
    expect(didYouMean("dsk", ["disk", "dns", "tcp"])).toBe("disk");
    expect(didYouMean("Gates", ["gates", "guards"])).toBe("gates");
    expect(didYouMean("enviroments", ["environments", "inventory"])).toBe("environments");
    expect(didYouMean("banana", ["disk", "dns", "tcp"])).toBeUndefined();
  });
});

describe("configJsonSchema", () => {
  const schema = configJsonSchema();

  it("is draft 2020-12 with an id and title, describing the input (strings for durations)", () => {
    expect(schema).toMatchObject({ $schema: "https://json-schema.org/draft/2020-12/schema", $id: CONFIG_SCHEMA_ID, title: "runwarden.yml", type: "object" });
    expect(schema).toMatchObject({ required: ["inventory", "environments"], additionalProperties: false });
    const text = JSON.stringify(schema);
    expect(text).toContain('"default":"30m"');
    expect(text).toContain('"default":"sqlite:.runwarden/state.db"');
  });
});
