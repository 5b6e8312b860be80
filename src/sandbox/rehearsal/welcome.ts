/** The sandbox's opening (what was started, where) and `--keep`'s closing (the commands to try next). */
import type { SandboxContext } from "./context.js";
import { ORG, PRIMARY_RUNNER, REPO, SECONDARY_RUNNER } from "./layout.js";
import { seconds } from "./narrate.js";

export function sayWelcome(ctx: SandboxContext, setupMs: number): void {
  const { say, hosts } = ctx;
  say.fact("folder", ctx.paths.dir);
  if (hosts.mode === "netns") {
    say.fact("hosts", hosts.hosts.map((h) => `${h.name} ${h.address}`).join(", "));
    say.fact("", say.style.dim("network namespaces made for this run: sshd + the sandbox app (/health, /version) in each"));
  } else {
    say.fact("hosts", hosts.hosts.map((h) => `${h.name} ${h.address}:${h.appPort}`).join(", "));
    say.fact("", say.style.yellow(`SANDBOX EXCEPTION to the loopback rule (${hosts.reason ?? ""}): production is the app on loopback,`));
    say.fact("", say.style.yellow("Ansible runs locally; a real inventory like this is refused (docs/sandbox.md)"));
  }
  say.fact("GitHub", `emulated at ${ctx.github.emulator.url}: ${ORG}/${REPO}, prod-primary (${PRIMARY_RUNNER}), prod-secondary (${SECONDARY_RUNNER})`);
  if (ctx.serveUrl !== undefined) say.fact("serve", `runwarden serve at ${ctx.serveUrl}/metrics: fleet and deploy metrics`);
  say.fact(
    "Prometheus",
    ctx.prometheus === undefined
      ? say.style.yellow("not installed: the sandbox runs without it (no Prometheus check or gate)")
      : `${ctx.prometheus.url}, scraping the apps and runwarden serve every second`,
  );
  say.fact("ready", `in ${seconds(setupMs)}`);
}

export function sayKeep(ctx: SandboxContext, token: string): void {
  const { say } = ctx;
  const config = ctx.paths.config;
  say.text();
  say.text(say.style.bold("Still running (--keep) until Ctrl-C. In another shell:"));
  say.text(`  export GITHUB_API_URL=${ctx.github.emulator.url} GITHUB_TOKEN=${token} GITHUB_REPOSITORY=${ORG}/${REPO}`);
  say.text(`  export GITHUB_WORKFLOW_REF=${ORG}/${REPO}/.github/workflows/deploy.yml@refs/heads/main`);
  say.text(`  runwarden fleet -c ${config} -e production`);
  say.text(`  runwarden route -c ${config} -e production`);
  say.text(`  runwarden history -c ${config}`);
  say.text(`  runwarden audit show -c ${config}`);
  say.text(`  runwarden diagnose -c ${config} -e production`);
  say.text(`  curl -s -X PATCH "$GITHUB_API_URL/_emulator/runners/${PRIMARY_RUNNER}" -H 'content-type: application/json' -d '{"status":"online"}'`);
  if (ctx.prometheus !== undefined) say.text(`  open ${ctx.prometheus.url}/graph?g0.expr=up`);
}
