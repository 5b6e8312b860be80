import type { RawFinding, Rule } from "../types.js";
import { entries, keyToken, literalText, tokenSpan } from "../workflow/tokens.js";

export const permissions: Rule = {
  id: "permissions",
  title: "GITHUB_TOKEN permissions missing or broader than jobs need",
  category: "secrets",
  severity: "warning",
  securitySeverity: 5.0,
  kinds: ["workflow"],
  docs: {
    description:
      "Without a `permissions:` block the workflow's `GITHUB_TOKEN` gets the repository's default, which may be read and write on everything; `write-all` asks for that explicitly, and a write scope at the workflow's level hands it to every job. A token that can push code or change releases is one compromised step away from doing so. Declare `permissions:` for the workflow (usually `contents: read`) and give write scopes only to the job that needs them.",
    bad: `on: push
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - run: make`,
    good: `on: push
permissions:
  contents: read
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - run: make`,
  },
  check(doc) {
    if (doc.kind !== "workflow") return [];
    const findings: RawFinding[] = [];
    const top = doc.get("permissions");
    const withoutPermissions = doc.jobs.filter((job) => job.get("permissions") === undefined);
    if (top === undefined && withoutPermissions.length > 0) {
      const names = withoutPermissions.map((job) => `'${job.id}'`).join(", ");
      findings.push({
        span: tokenSpan(doc.source, keyToken(doc.root, "jobs") ?? doc.root),
        message: `no permissions: for the workflow or for job${withoutPermissions.length === 1 ? "" : "s"} ${names}: their GITHUB_TOKEN gets the repository's default permissions; declare permissions: (e.g. contents: read)`,
      });
    }
    const scopes = [{ where: "the workflow", token: top }, ...doc.jobs.map((job) => ({ where: `job '${job.id}'`, token: job.get("permissions") }))];
    for (const { where, token } of scopes) {
      if (literalText(token) === "write-all") {
        findings.push({ span: tokenSpan(doc.source, token), message: `${where} asks for write-all permissions; list only the scopes it needs` });
      }
    }
    if (top !== undefined && doc.jobs.length > 1) {
      for (const entry of entries(top)) {
        if (literalText(entry.value) !== "write") continue;
        findings.push({
          span: tokenSpan(doc.source, entry.keyToken),
          message: `'${entry.key}: write' at the workflow's level gives it to all ${doc.jobs.length} jobs; grant it on the job that needs it`,
        });
      }
    }
    return findings;
  },
};
