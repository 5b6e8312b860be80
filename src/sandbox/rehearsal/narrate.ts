/**
 * The narrative a newcomer follows: each act, what runwarden decided and why, with timings. Every
 * line goes through the masked Io (stdout, or stderr when `--json` keeps stdout for the record).
 */
import type { Sink } from "../../output/io.js";
import { createStyle, type Style } from "../../output/style.js";
import type { ActRecord } from "./types.js";

export function seconds(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

export class Narrator {
  readonly style: Style;

  constructor(private readonly sink: Sink) {
    this.style = createStyle(sink.color);
  }

  text(line = ""): void {
    this.sink.write(`${line}\n`);
  }

  /** `  label      text` — one fact, aligned. */
  fact(label: string, text: string): void {
    this.text(`  ${label.padEnd(11)}${text}`);
  }

  act(number: number | string, title: string, why: string): void {
    this.text();
    this.text(this.style.bold(`── ${typeof number === "number" ? `Act ${number} — ` : ""}${title}`));
    this.text(this.style.dim(`   ${why}`));
  }

  verdict(record: ActRecord): void {
    if (record.ok) {
      this.text(`${this.style.green("✓")} ${record.title}: as expected (${seconds(record.ms)})`);
      return;
    }
    this.text(`${this.style.red("✗")} ${record.title}: NOT as expected (${seconds(record.ms)})`);
    for (const e of record.expectations.filter((x) => !x.ok)) this.text(`    expected ${e.what}; saw ${e.saw ?? "otherwise"}`);
    if (record.error !== undefined) this.text(`    ${record.error}`);
  }
}
