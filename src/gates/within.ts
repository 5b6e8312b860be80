/** Runs one measurement under its own time limit and the caller's signal (checks/abortable.ts); abort and exceptions become `error`. */
import { abortable } from "../checks/abortable.js";
import { errorText } from "../checks/format.js";
import type { MeasurementOutcome } from "./types.js";

export async function within(timeoutMs: number, signal: AbortSignal, body: (signal: AbortSignal) => Promise<MeasurementOutcome>): Promise<MeasurementOutcome> {
  const settled = await abortable(timeoutMs, signal, body);
  if (settled.kind === "returned") return settled.value;
  return { status: "error", summary: settled.stopped === undefined ? errorText(settled.error) : settled.stopped.reason };
}
