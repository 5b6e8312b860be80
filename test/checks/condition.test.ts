import { describe, expect, it } from "vitest";
import { evaluateCondition, parseCondition } from "../../src/checks/condition.js";
import { parseSampleValue, type QueryResult } from "../../src/checks/prometheus-api.js";
import { InputError } from "../../src/model/errors.js";
import { thrown } from "../helpers/thrown.js";

const vector = (...values: [Record<string, string>, string][]): QueryResult => ({
  type: "vector",
  samples: values.map(([labels, value]) => ({ labels, value: parseSampleValue(value) })),
});
const one = (value: string) => vector([{ job: "app" }, value]);

describe("conditions over query results", () => {
  it("decides the binding from the condition's type, once, up front", () => {
    expect(parseCondition("result < 0.01").shape).toBe("number");
    expect(parseCondition("result == 0").shape).toBe("number");
    expect(parseCondition("isNaN(result) || result < 0.01").shape).toBe("number");
    expect(parseCondition("size(result) >= 2").shape).toBe("list");
    expect(parseCondition("result.all(r, r.value > 0.95)").shape).toBe("list");
    expect(parseCondition('result.exists(r, r.labels.instance == "a")').shape).toBe("list");
  });

  it("binds a single-sample vector or a scalar to the number", () => {
    const low = parseCondition("result < 0.01");
    expect(evaluateCondition(low, one("0.001"))).toMatchObject({ status: "pass", value: 0.001 });
    expect(evaluateCondition(low, one("0.5"))).toMatchObject({ status: "fail", value: 0.5 });
    expect(evaluateCondition(low, { type: "scalar", value: 0 })).toMatchObject({ status: "pass" });
    expect(evaluateCondition(parseCondition("result == 0"), one("0"))).toMatchObject({ status: "pass" });
  });

  it("binds a multi-sample vector to a list of {labels, value}, in a stable order", () => {
    const all = parseCondition("result.all(r, r.value > 0.95)");
    const healthy = vector([{ instance: "b" }, "0.99"], [{ instance: "a" }, "0.97"]);
    const sick = vector([{ instance: "b" }, "0.99"], [{ instance: "a" }, "0.5"]);
    expect(evaluateCondition(all, healthy).status).toBe("pass");
    expect(evaluateCondition(all, sick).status).toBe("fail");
    const first = parseCondition('result[0].labels.instance == "a"');
    expect(evaluateCondition(first, healthy).status).toBe("pass");
    expect(evaluateCondition(parseCondition("size(result) == 2"), healthy).status).toBe("pass");
  });

  it("a number condition over several series is an error that says how to fix it", () => {
    const outcome = evaluateCondition(parseCondition("result < 0.01"), vector([{ a: "1" }, "0"], [{ a: "2" }, "0"]));
    expect(outcome.status).toBe("error");
    expect(outcome.summary).toMatch(/2 series.*sum\(\)/);
  });

  it("an empty result is no data for every shape: the condition is not evaluated", () => {
    expect(evaluateCondition(parseCondition("result < 0.01"), vector()).status).toBe("no_data");
    expect(evaluateCondition(parseCondition("result.all(r, r.value > 0.95)"), vector()).status).toBe("no_data");
    expect(evaluateCondition(parseCondition("size(result) == 0"), { type: "matrix", samples: [] }).status).toBe("no_data");
  });

  it("NaN compares false either way; +Inf and -Inf are numbers", () => {
    expect(evaluateCondition(parseCondition("result < 0.01"), one("NaN")).status).toBe("fail");
    expect(evaluateCondition(parseCondition("result >= 0.01"), one("NaN")).status).toBe("fail");
    expect(evaluateCondition(parseCondition("isNaN(result)"), one("NaN")).status).toBe("pass");
    expect(evaluateCondition(parseCondition("result > 1000000"), one("+Inf"))).toMatchObject({ status: "pass", value: "+Inf" });
    expect(evaluateCondition(parseCondition("result < 0.0"), one("-Inf")).status).toBe("pass");
    expect(evaluateCondition(parseCondition("result.all(r, r.value < 1.0)"), vector([{}, "NaN"], [{ a: "b" }, "0.1"])).status).toBe("fail");
  });

  it("binds a matrix series with its latest value and every value", () => {
    const matrix: QueryResult = { type: "matrix", samples: [{ labels: { a: "b" }, value: 3, values: [1, 2, 3] }] };
    expect(evaluateCondition(parseCondition("result == 3.0"), matrix).status).toBe("pass");
    expect(evaluateCondition(parseCondition("result.all(r, r.values.all(v, v > 0.0))"), matrix).status).toBe("pass");
  });

  it("rejects invalid conditions before anything runs, with a hint", () => {
    for (const source of ["result <", "foo < 1", "result", "result + 1.0", "result[0] >= 0.95"]) {
      const error = thrown(InputError, () => parseCondition(source));
      expect(error.code).toBe("RW_CONDITION_INVALID");
      expect(error.message).toContain(source);
    }
    expect(thrown(InputError, () => parseCondition("result[0] >= 0.95")).hint).toMatch(/result\[0\]\.value/);
  });

  it("a condition that fails while evaluating is an error, not a fail", () => {
    const outcome = evaluateCondition(parseCondition('result.all(r, r.labels.missing == "x")'), one("1"));
    expect(outcome.status).toBe("error");
    const string = evaluateCondition(parseCondition("result < 1.0"), { type: "string", value: "x" });
    expect(string.status).toBe("error");
  });
});
