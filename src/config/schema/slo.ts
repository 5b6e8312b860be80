/** `slo:` — the deploy service-level objectives `runwarden report` judges (docs/report.md). */
import { z } from "zod";
import { parseWindow, WINDOW_EXPECTED } from "../../report/window.js";
import { duration } from "./duration.js";
import { fieldMeta } from "./meta.js";

const successRate = z.number().gt(0).max(1).register(fieldMeta, { type: "ratio", expected: "a ratio above 0 and at most 1, e.g. 0.95 for 95 %" });

const window = z
  .string()
  .refine((text) => parseWindow(text) !== undefined, { error: "not a window" })
  .register(fieldMeta, { type: "window", expected: WINDOW_EXPECTED })
  .transform((text) => parseWindow(text) ?? 0);

const SUCCESS_RATE = "Target share of deploys that succeed (the latest attempt of each completed deploy), from 0 to 1.";
const P95 = "Target 95th percentile of a deploy's run time (nearest rank, queue time apart).";
const WINDOW = "How far back `runwarden report` looks by default (`--since` overrides it): whole days (`30d`) or a duration.";

export const sloSchema = z
  .strictObject({
    success_rate: successRate.default(0.95).describe(SUCCESS_RATE),
    p95: duration().prefault("10m").describe(P95),
    window: window.prefault("30d").describe(WINDOW),
  })
  .describe("Deploy service-level objectives, judged by `runwarden report` (exit 1 when one is breached).");

/** Per-environment override of `slo:`: what is not given comes from the top-level `slo:`. */
export const sloOverrideSchema = z
  .strictObject({
    success_rate: successRate.optional().describe(`${SUCCESS_RATE} Default: the top-level \`slo.success_rate\`.`),
    p95: duration().optional().describe(`${P95} Default: the top-level \`slo.p95\`.`),
  })
  .describe("This environment's deploy objectives, where they differ from the top-level `slo:`.");

export type SloConfig = z.output<typeof sloSchema>;
export type SloOverride = z.output<typeof sloOverrideSchema>;
