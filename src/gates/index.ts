/** Health gates (docs/gates.md): plan (render, expand, parse conditions), then run. */
export { planGates, type GatePlan, type GatePlanOptions } from "./plan.js";
export { runGates, gatesVerdict, type GateRunOptions } from "./run.js";
export { decide, policyOf, tally, type Decision, type GatePolicy, type NoDataPolicy, type Tally } from "./policy.js";
export { systemClock, virtualClock, type Clock } from "./clock.js";
export { combineHostResults } from "./hosts.js";
export type { GateReport, GateResult, Measurement, MeasurementOutcome, MeasurementStatus } from "./types.js";
export { parseCondition, evaluateCondition, type Condition, type ConditionOutcome } from "../checks/condition.js";
