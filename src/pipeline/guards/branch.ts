/**
 * The ref being deployed is a branch listed in `guards.branches`. Patterns follow GitHub's filter
 * pattern syntax for branches (docs: "Workflow syntax for GitHub Actions", filter pattern cheat
 * sheet): `*` matches any characters except `/`, `**` any characters, `?` one character.
 */
import { branchOf, type Guard } from "./types.js";

export function branchPattern(glob: string): RegExp {
  let source = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] ?? "";
    if (c === "*" && glob[i + 1] === "*") {
      source += ".*";
      i++;
    } else if (c === "*") source += "[^/]*";
    else if (c === "?") source += "[^/]";
    else source += c.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${source}$`);
}

export const branchGuard: Guard = {
  id: "branch",
  title: "the ref is an allowed branch",
  async check(ctx) {
    const allowed = ctx.guards.branches;
    if (allowed === undefined) return { status: "off", reason: "guards.branches not set: any branch may deploy" };
    const ref = ctx.facts.ref;
    const branch = branchOf(ref);
    const list = allowed.join(", ");
    if (branch === undefined) {
      return {
        status: "refuse",
        reason: `${ref === undefined || ref === "" ? "no ref given" : `'${ref}' is not a branch`}; allowed branches: ${list}`,
        remedy: "deploy from an allowed branch (GITHUB_REF, or --ref refs/heads/BRANCH)",
      };
    }
    if (allowed.some((glob) => branchPattern(glob).test(branch))) return { status: "pass", reason: `branch '${branch}' matches guards.branches (${list})` };
    return {
      status: "refuse",
      reason: `branch '${branch}' is not among the branches allowed to deploy to ${ctx.environment}: ${list}`,
      remedy: "merge the change into an allowed branch and deploy from there, or add the branch to guards.branches",
    };
  },
};
