/** `runwarden monitoring targets`: file-SD JSON for machines, a table for people. */
import { EXIT } from "../../../model/result.js";
import type { Report } from "../../../output/report.js";
import { table } from "../../../output/style.js";
import type { FileSdGroup } from "../../../metrics/targets.js";

export function targetsReport(groups: readonly FileSdGroup[]): Report<readonly FileSdGroup[]> {
  return {
    data: groups,
    exitCode: EXIT.ok,
    text: () =>
      groups.length === 0
        ? "no hosts matched: check --runners and the environments' hosts: patterns\n"
        : table([
            ["ROLE", "ENVIRONMENT", "HOST", "TARGET"],
            ...groups.map((group) => [
              group.labels["runwarden_role"] ?? "",
              group.labels["environment"] ?? "-",
              group.labels["inventory_host"] ?? "",
              group.targets.join(", "),
            ]),
          ]),
  };
}
