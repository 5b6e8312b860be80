/**
 * `change_ticket`: the pattern (a JavaScript regular expression, `u` flag) appears in the deployed
 * commit's message or in the title of a pull request associated with the commit.
 */
import { githubOf, type Guard } from "./types.js";

function firstLine(text: string): string {
  const line = text.split(/\r?\n/, 1)[0] ?? "";
  return line.length > 80 ? `${line.slice(0, 79)}…` : line;
}

export const changeTicketGuard: Guard = {
  id: "change-ticket",
  title: "a change ticket is referenced",
  async check(ctx, signal) {
    const source = ctx.guards.change_ticket;
    if (source === undefined) return { status: "off", reason: "guards.change_ticket not set" };
    const github = githubOf(ctx);
    if ("status" in github) return github;
    const pattern = new RegExp(source, "u");
    const sha = ctx.facts.sha;
    const message = await github.commitMessage(sha, signal);
    const inMessage = pattern.exec(message);
    if (inMessage !== null) return { status: "pass", reason: `${inMessage[0]} in the message of commit ${sha.slice(0, 12)}` };
    const titles = await github.pullRequestTitles(sha, signal);
    for (const title of titles) {
      const found = pattern.exec(title);
      if (found !== null) return { status: "pass", reason: `${found[0]} in the title of a pull request of commit ${sha.slice(0, 12)}: "${firstLine(title)}"` };
    }
    return {
      status: "refuse",
      reason: `no change ticket matching /${source}/ in the message of commit ${sha.slice(0, 12)} ("${firstLine(message)}")${titles.length === 0 ? " and the commit has no pull request" : ` nor in the title of its ${titles.length} pull request(s)`}`,
      remedy: "reference the change ticket in the pull request title (or the commit message) and deploy that commit",
    };
  },
};
