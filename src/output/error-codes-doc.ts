/** docs/errors.md, generated from the one list of error codes (src/model/error-codes.ts). */
import { ERROR_CODES } from "../model/error-codes.js";

export function errorCodesDoc(): string {
  const rows = Object.entries(ERROR_CODES).map(([code, info]) => `| \`${code}\` | ${info.exit} | ${info.meaning.replace(/\|/g, "\\|")} |`);
  return `# Error codes

<!-- Generated from src/model/error-codes.ts by \`npm run gen\`; do not edit by hand. -->

Every error runwarden prints carries a stable code (\`error [RW_…]: …\` on stderr, \`{"error": {"code": …}}\`
with \`--json\`, the annotation title inside GitHub Actions). Scripts may branch on the code; never on the
message. Exit code 1 is never an error: it is a negative verdict (a failed gate, no healthy runner
group, lint findings, a broken audit chain), reported as a result.

| code | exit | meaning |
|---|---|---|
${rows.join("\n")}
`;
}
