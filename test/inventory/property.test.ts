/**
 * Random inventories against real Ansible, on every run: a fresh seed each time (printed on
 * failure; set INVENTORY_PROPERTY_SEED to replay), a bounded number of inventories, all asked in
 * one batch so the test stays fast. `--list`, random host patterns and `--host` must agree.
 */
import fc from "fast-check";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hostJson, listJson, loadInventory, selectHostNames, type Inventory } from "../../src/inventory/index.js";
import { InputError } from "../../src/model/errors.js";
import { OracleSandbox, parseListHosts, type Job, type Run } from "./oracle/ansible.js";
import { canonicalJson, sameSelection } from "./oracle/compare.js";
import { inventoryArgs } from "./oracle/corpus.js";
import { describeInventory, inventoryArbitrary, writeInventory, type GenInventory } from "./oracle/generator.js";

const RUNS = Number(process.env.INVENTORY_PROPERTY_RUNS ?? 40);
const SEED = process.env.INVENTORY_PROPERTY_SEED === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(process.env.INVENTORY_PROPERTY_SEED);

interface Sample {
  readonly index: number;
  readonly inv: GenInventory;
  readonly sources: string[];
}

let sandbox: OracleSandbox;
let samples: Sample[] = [];
let answers = new Map<string, Run>();

beforeAll(async () => {
  sandbox = new OracleSandbox();
  samples = fc.sample(inventoryArbitrary, { numRuns: RUNS, seed: SEED }).map((inv, index) => {
    const dir = join(sandbox.cwd, "generated", String(index));
    mkdirSync(dir, { recursive: true });
    return { index, inv, sources: writeInventory(inv, dir) };
  });
  const jobs: Job[] = samples.flatMap(({ index, inv, sources }) => {
    const args = inventoryArgs(sources);
    return [
      { id: `${index}|list`, cmd: "ansible-inventory" as const, args: [...args, "--list"] },
      ...inv.patterns.map((pattern) => ({ id: `${index}|hosts|${pattern}`, cmd: "ansible" as const, args: [pattern, ...args, "--list-hosts"] })),
      ...inv.hostQueries.map((host) => ({ id: `${index}|host|${host}`, cmd: "ansible-inventory" as const, args: [...args, "--host", host] })),
    ];
  });
  answers = await sandbox.batch(jobs);
}, 120_000);

afterAll(() => sandbox?.dispose());

function answer(id: string): Run {
  const run = answers.get(id);
  if (run === undefined) throw new Error(`no oracle answer for ${id}`);
  return run;
}

function load(sample: Sample): Inventory | InputError {
  try {
    return loadInventory(sample.sources, { cwd: sandbox.cwd, playbookDir: sandbox.cwd });
  } catch (err: unknown) {
    if (err instanceof InputError) return err;
    throw err;
  }
}

describe(`random inventories vs Ansible (seed ${SEED}, ${RUNS} inventories)`, () => {
  it("agree on --list, host patterns and --host", () => {
    let compared = 0;
    for (const sample of samples) {
      const context = `seed ${SEED}, sample ${sample.index}: ${describeInventory(sample.inv, sample.sources)}`;
      const list = answer(`${sample.index}|list`);
      const ansibleFailed = list.stderr.includes("Unable to parse") || list.rc !== 0;
      const inventory = load(sample);
      if (inventory instanceof InputError) {
        expect(ansibleFailed, `${context}: runwarden refused (${JSON.stringify(inventory.problems)}) but Ansible read it`).toBe(true);
        continue;
      }
      expect(ansibleFailed, `${context}: Ansible could not read it but runwarden did:\n${list.stderr}`).toBe(false);
      expect(canonicalJson(listJson(inventory)), `${context}: --list`).toBe(canonicalJson(list.stdout));
      for (const pattern of sample.inv.patterns) {
        const theirs = answer(`${sample.index}|hosts|${pattern}`);
        const fresh = load(sample) as Inventory;
        if (theirs.rc !== 0) {
          expect(() => selectHostNames(fresh, pattern), `${context}: pattern ${pattern}: ${theirs.stderr}`).toThrow(InputError);
          continue;
        }
        const expected = parseListHosts(theirs.stdout);
        const got = selectHostNames(fresh, pattern).hosts;
        const same = sameSelection(fresh, pattern, got, expected);
        expect(same.ok, `${context}: pattern ${pattern}: expected ${same.why}: runwarden ${JSON.stringify(got)}, Ansible ${JSON.stringify(expected)}`).toBe(
          true,
        );
      }
      for (const host of sample.inv.hostQueries) {
        const theirs = answer(`${sample.index}|host|${host}`);
        const fresh = load(sample) as Inventory;
        if (theirs.rc !== 0) expect(() => hostJson(fresh, host), `${context}: --host ${host}`).toThrow(InputError);
        else expect(canonicalJson(hostJson(fresh, host)), `${context}: --host ${host}`).toBe(canonicalJson(theirs.stdout));
      }
      compared++;
    }
    // Most generated inventories are readable: the comparison is not vacuous.
    expect(compared).toBeGreaterThan(samples.length / 2);
  });
});
