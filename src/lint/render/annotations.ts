/** Findings as GitHub Actions workflow commands (`::error file=…,line=…,col=…,title=…::message`). */
import { formatAnnotation, type Annotation } from "../../output/github.js";
import type { Finding } from "../types.js";

export function annotationsOf(findings: readonly Finding[]): Annotation[] {
  return findings.map((f) => ({ level: f.severity, message: f.message, title: `runwarden lint: ${f.ruleId}`, file: f.file, line: f.line, col: f.col }));
}

export function renderAnnotations(findings: readonly Finding[]): string {
  return annotationsOf(findings).map(formatAnnotation).join("");
}
