/**
 * The dashboards and rules against a real Prometheus scraping runwarden's metrics: every panel query
 * and every recording rule returns data, the SLO figures are the ones fed in, and the alerts fire
 * when the primary runner group goes offline in the GitHub emulator.
 *
 * Sources, each with its own Prometheus: `runwarden serve`, and the textfile `runwarden metrics
 * --textfile` writes — both the bundled executable, over the emulator and a SQLite store.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLivePrometheus, type LivePrometheus } from "./prometheus.js";
import { panelQueries, rules, substitute } from "./queries.js";
import { startServeFeed } from "./serve-feed.js";
import { startTextfileFeed } from "./textfile-feed.js";
import type { MetricsFeed } from "./world.js";

const feeds: [string, () => Promise<MetricsFeed>][] = [
  ["runwarden serve", startServeFeed],
  ["runwarden metrics --textfile", startTextfileFeed],
];

describe.each(feeds)("runwarden's PromQL in a real Prometheus scraping %s", (_name, start) => {
  let feed: MetricsFeed;
  let prom: LivePrometheus;

  async function value(expr: string): Promise<number | undefined> {
    const [first] = await prom.query(expr);
    return first === undefined ? undefined : Number(first.value[1]);
  }

  beforeAll(async () => {
    feed = await start();
    prom = await startLivePrometheus(feed.target);
    // The history is scraped; then deploys happen, and the rules see them.
    await prom.until("the history scraped", async () => ((await value('sum(runwarden_deploys_total{environment="production"})')) ?? 0) > 0);
    await feed.recordDeploys();
    await prom.until("the new deploys scraped", async () => (await value('sum(runwarden_deploys_total{environment="production"})')) === feed.productionDeploys);
    await prom.until(
      "the recording rules evaluated over the new deploys",
      async () => (await value('environment:runwarden_deploy_success:ratio_rate30d{environment="production"} < 1')) !== undefined,
    );
    // Each rule group evaluates on its own schedule, and increase()/rate() need two samples after a
    // change: wait (an event, not a time) until every recorded series and every panel query has data,
    // or until the deadline — then the tests below name whatever still has none.
    const everyQueryAnswers = async (): Promise<boolean> => {
      for (const rule of rules()) if (rule.record !== undefined && (await prom.query(rule.record)).length === 0) return false;
      for (const query of panelQueries()) if ((await prom.query(substitute(query.expr))).length === 0) return false;
      return true;
    };
    await prom.until("every recorded series and panel query answers", everyQueryAnswers, 60_000).catch(() => undefined);
  }, 150_000);

  afterAll(async () => {
    await prom?.stop();
    await feed?.close();
  });

  it("every recording rule's expression returns data, and its recorded series exists", async () => {
    const recording = rules().filter((rule) => rule.record !== undefined);
    expect(recording.length).toBeGreaterThanOrEqual(10);
    for (const rule of recording) {
      expect((await prom.query(rule.expr)).length, rule.record).toBeGreaterThan(0);
      expect((await prom.query(rule.record ?? "")).length, rule.record).toBeGreaterThan(0);
    }
  });

  it("the SLO rules give the figures fed in: 9 of 10 new production deploys succeeded", async () => {
    // rate() extrapolates each series to the window's edges, and how far depends on when the scrapes
    // fell beside the deploys (a series that starts at 0 less so): the ratio is near 9/10 but not
    // exactly (0.043 off it, seen once on a loaded machine). Exact figures are runwarden report's job
    // (test/report). Here: strictly between "all succeeded" and "one in five failed", both windows.
    const success = (await value('environment:runwarden_deploy_success:ratio_rate30d{environment="production"}')) ?? 0;
    expect(success).toBeGreaterThan(0.8);
    expect(success).toBeLessThan(1);
    const errors = (await value('environment:runwarden_deploy_errors:ratio_rate1h{environment="production"}')) ?? 1;
    expect(errors).toBeGreaterThan(0);
    expect(errors).toBeLessThan(0.2);
    // staging never failed: its error ratio is 0, not absent.
    expect(await value('environment:runwarden_deploy_errors:ratio_rate1h{environment="staging"}')).toBe(0);
    // p95 of the deploy durations lies in the (600, 900] bucket: one of ten took 650 s.
    const p95 = await value('environment:runwarden_deploy_duration_seconds:p95_1h{environment="production"}');
    expect(p95).toBeGreaterThan(600);
    expect(p95).toBeLessThanOrEqual(900);
  });

  it("every dashboard panel's query returns data (instant, and over a range for time series)", async () => {
    const queries = panelQueries();
    expect(queries.length).toBeGreaterThanOrEqual(30);
    const empty: string[] = [];
    for (const query of queries) {
      const expr = substitute(query.expr);
      const instant = await prom.query(expr);
      if (instant.length === 0) empty.push(`${query.dashboard} / ${query.panel}: ${expr}`);
      if (!query.instant && (await prom.queryRange(expr, 10)) === 0) empty.push(`${query.dashboard} / ${query.panel} (range): ${expr}`);
    }
    expect(empty).toEqual([]);
  });

  it("the primary group going offline fires RunwardenRunnerGroupUnhealthy (and offline-busy), not NoHealthyRunnerGroup", async () => {
    const firing = async (alertname: string, label: string, labelValue: string) =>
      (await prom.alerts()).some((alert) => alert.labels.alertname === alertname && alert.labels[label] === labelValue && alert.state === "firing");
    expect(await firing("RunwardenRunnerGroupUnhealthy", "group", feed.primaryGroup)).toBe(false);

    await feed.primaryOffline();
    await prom.until("RunwardenRunnerGroupUnhealthy firing for the primary", () => firing("RunwardenRunnerGroupUnhealthy", "group", feed.primaryGroup), 60_000);
    await prom.until("RunwardenRunnerOfflineBusy firing for the primary", () => firing("RunwardenRunnerOfflineBusy", "group", feed.primaryGroup), 60_000);

    const alerts = await prom.alerts();
    const names = (alertname: string) =>
      alerts.filter((alert) => alert.labels.alertname === alertname).map((alert) => alert.labels.group ?? alert.labels.environment);
    // Only the primary is unhealthy; production still has its approved secondary.
    expect(names("RunwardenRunnerGroupUnhealthy")).toEqual([feed.primaryGroup]);
    expect(names("RunwardenNoHealthyRunnerGroup")).toEqual([]);
    // 1 failure in 10 burns twice the 5 % budget: the slow burn alert (a ticket), never the page.
    expect(names("RunwardenDeploySLOBurnSlow")).toEqual(["production"]);
    expect(names("RunwardenDeploySLOBurnFast")).toEqual([]);
  }, 90_000);

  it("the metrics endpoint going away fires RunwardenScrapeDown for its instance", async () => {
    const firing = async () => (await prom.alerts()).some((alert) => alert.labels.alertname === "RunwardenScrapeDown" && alert.state === "firing");
    expect(await firing()).toBe(false);
    await feed.stopSource();
    await prom.until("RunwardenScrapeDown firing", firing, 60_000);
    const down = (await prom.alerts()).filter((alert) => alert.labels.alertname === "RunwardenScrapeDown");
    expect(down.map((alert) => [alert.labels.job, alert.labels.instance])).toEqual([["runwarden", feed.target]]);
  }, 90_000);
});
