/** The `gate.verdict` audit entries of a gate run (docs/audit.md): one per gate, with its measurement counts. */
import type { AuditSubject, GateVerdictEvent } from "../audit/events.js";
import type { Gate } from "../config/schema.js";
import type { GateReport, GateResult, MeasurementStatus } from "./types.js";

function count(result: GateResult, status: MeasurementStatus): number {
  return result.measurements.filter((m) => m.status === status).length;
}

/** `gates`: the configured gates the report measured (for each probe's kind). */
export function gateVerdictEvents(report: GateReport, gates: readonly Gate[], subject: AuditSubject = {}): GateVerdictEvent[] {
  const kinds = new Map(gates.map((g) => [g.name, g.probe.kind]));
  return report.gates.map((result) => ({
    type: "gate.verdict",
    ...subject,
    duration_ms: Math.round(result.durationMs),
    gate: result.name,
    verdict: result.verdict,
    reason: result.reason === "" ? null : result.reason,
    probes: [
      {
        name: result.probe,
        kind: kinds.get(result.name) ?? "unknown",
        passes: count(result, "pass"),
        failures: count(result, "fail"),
        // No data is not a pass (fail closed): counted with the errors.
        errors: count(result, "error") + count(result, "no_data"),
      },
    ],
  }));
}
