/** The version-live gate's matching rule, and that nothing measured is never a pass. */
import { describe, expect, it } from "vitest";
import { gateSchema } from "../../src/config/schema/gates.js";
import { combineHostResults, planGates } from "../../src/gates/index.js";
import { sameVersion } from "../../src/gates/version.js";
import { InputError } from "../../src/model/errors.js";
import { thrown } from "../helpers/thrown.js";

const SHA = "3f9c2e1d0b8a4c5e6f7a8b9c0d1e2f3a4b5c6d7e";

describe("version gate", () => {
  it("a commit matches itself or an abbreviation of at least 7 characters, either way round, any case", () => {
    expect(sameVersion(SHA, SHA)).toBe(true);
    expect(sameVersion(SHA.slice(0, 7), SHA)).toBe(true);
    expect(sameVersion(SHA, SHA.slice(0, 12).toUpperCase())).toBe(true);
    expect(sameVersion(SHA.slice(0, 6), SHA)).toBe(false);
    expect(sameVersion("3f9c2e1x", SHA)).toBe(false);
    expect(sameVersion("", SHA)).toBe(false);
    expect(sameVersion("v1.4.2", "v1.4.2")).toBe(true);
  });

  it("defaults to {{ sha }}; without hosts or a commit it cannot be planned", () => {
    const gate = gateSchema.parse({ name: "live", version: { url: "http://{{ ansible_host }}:8080/version" } });
    expect(gate.probe).toEqual({ kind: "version", url: "http://{{ ansible_host }}:8080/version", expect: "{{ sha }}", tls_verify: true, timeout: 10_000 });
    expect(gate.phase).toBe("post");
    const noHosts = thrown(InputError, () => planGates([gate], { env: {}, vars: { sha: SHA }, hosts: [] }));
    expect(noHosts.message).toBe("1 problem(s) in the gates: gate 'live': the environment's host pattern selects no hosts");
    const noSha = thrown(InputError, () =>
      planGates([gate], { env: {}, vars: {}, hosts: [{ name: "web-01", vars: { ansible_host: "web-01.example.internal" } }] }),
    );
    expect(noSha.message).toMatch(/gate 'live': expect '\{\{ sha \}\}': undefined template variable 'sha'/);
  });

  it("a measurement over no host is an error, never a pass", () => {
    expect(combineHostResults([])).toEqual({ status: "error", summary: "no host to measure" });
  });
});
