/**
 * The few panel and variable shapes runwarden's dashboards are made of: Prometheus queries on the
 * `$datasource` variable, stat and time series panels with thresholds, and the shared variables.
 */
import * as common from "@grafana/grafana-foundation-sdk/common";
import * as dashboard from "@grafana/grafana-foundation-sdk/dashboard";
import * as prometheus from "@grafana/grafana-foundation-sdk/prometheus";
import * as stat from "@grafana/grafana-foundation-sdk/stat";
import * as timeseries from "@grafana/grafana-foundation-sdk/timeseries";
import * as bargauge from "@grafana/grafana-foundation-sdk/bargauge";

/** Every panel queries the Prometheus chosen in the `datasource` variable. */
export const DATASOURCE: { type: string; uid: string } = { type: "prometheus", uid: "${datasource}" };

export interface Query {
  readonly expr: string;
  /** Legend, e.g. `{{environment}}`. */
  readonly legend?: string;
  /** Instant query (stat and bar gauge panels); range otherwise. */
  readonly instant?: boolean;
}

export interface Threshold {
  readonly value: number | null;
  readonly color: string;
}

function target(query: Query, index: number): prometheus.DataqueryBuilder {
  const built = new prometheus.DataqueryBuilder()
    .datasource(DATASOURCE)
    .refId(String.fromCharCode(65 + index))
    .expr(query.expr)
    .legendFormat(query.legend ?? "__auto");
  return query.instant === true ? built.instant() : built.range();
}

function thresholdsOf(steps: readonly Threshold[]): dashboard.ThresholdsConfigBuilder {
  return new dashboard.ThresholdsConfigBuilder().mode(dashboard.ThresholdsMode.Absolute).steps([...steps]);
}

export interface PanelSpec {
  readonly title: string;
  readonly description: string;
  readonly queries: readonly Query[];
  readonly unit?: string;
  readonly thresholds?: readonly Threshold[];
  readonly width?: number;
  readonly height?: number;
  readonly min?: number;
  readonly max?: number;
}

/** A single-number panel (instant queries, last value). */
export function statPanel(spec: PanelSpec): stat.PanelBuilder {
  const panel = new stat.PanelBuilder()
    .title(spec.title)
    .description(spec.description)
    .datasource(DATASOURCE)
    .unit(spec.unit ?? "short")
    .span(spec.width ?? 6)
    .height(spec.height ?? 5)
    .graphMode(common.BigValueGraphMode.None)
    .colorMode(common.BigValueColorMode.Value)
    .reduceOptions(new common.ReduceDataOptionsBuilder().calcs(["lastNotNull"]).values(false))
    .thresholds(thresholdsOf(spec.thresholds ?? [{ value: null, color: "green" }]));
  spec.queries.forEach((query, index) => {
    panel.withTarget(target({ ...query, instant: true }, index));
  });
  if (spec.min !== undefined) panel.min(spec.min);
  if (spec.max !== undefined) panel.max(spec.max);
  return panel;
}

/** A time series panel; thresholds are drawn as dashed lines (e.g. the 10-minute SLO line). */
export function timeseriesPanel(spec: PanelSpec): timeseries.PanelBuilder {
  const panel = new timeseries.PanelBuilder()
    .title(spec.title)
    .description(spec.description)
    .datasource(DATASOURCE)
    .unit(spec.unit ?? "short")
    .span(spec.width ?? 12)
    .height(spec.height ?? 8)
    .lineWidth(1)
    .fillOpacity(10)
    .thresholds(thresholdsOf(spec.thresholds ?? [{ value: null, color: "green" }]))
    .thresholdsStyle(
      new common.GraphThresholdsStyleConfigBuilder().mode(
        spec.thresholds === undefined ? common.GraphThresholdsStyleMode.Off : common.GraphThresholdsStyleMode.Dashed,
      ),
    );
  spec.queries.forEach((query, index) => {
    panel.withTarget(target(query, index));
  });
  if (spec.min !== undefined) panel.min(spec.min);
  if (spec.max !== undefined) panel.max(spec.max);
  return panel;
}

/** Horizontal bars, one per series (instant queries): rankings such as failure classes. */
export function barsPanel(spec: PanelSpec): bargauge.PanelBuilder {
  const panel = new bargauge.PanelBuilder()
    .title(spec.title)
    .description(spec.description)
    .datasource(DATASOURCE)
    .unit(spec.unit ?? "short")
    .span(spec.width ?? 12)
    .height(spec.height ?? 8)
    .orientation(common.VizOrientation.Horizontal)
    .reduceOptions(new common.ReduceDataOptionsBuilder().calcs(["lastNotNull"]).values(false))
    .thresholds(thresholdsOf(spec.thresholds ?? [{ value: null, color: "red" }]));
  spec.queries.forEach((query, index) => {
    panel.withTarget(target({ ...query, instant: true }, index));
  });
  return panel;
}

/** The Prometheus data source, chosen when the dashboard is opened. */
export function datasourceVariable(): dashboard.DatasourceVariableBuilder {
  return new dashboard.DatasourceVariableBuilder("datasource").label("Data source").type("prometheus");
}

/** A multi-value variable over the values of `label` on `metric` ("All" matches every value). */
export function labelVariable(name: string, label: string, metric: string, title: string): dashboard.QueryVariableBuilder {
  return new dashboard.QueryVariableBuilder(name)
    .label(title)
    .datasource(DATASOURCE)
    .query({ query: `label_values(${metric}, ${label})`, refId: "PrometheusVariableQueryEditor-VariableQuery" })
    .definition(`label_values(${metric}, ${label})`)
    .refresh(dashboard.VariableRefresh.OnTimeRangeChanged)
    .sort(dashboard.VariableSort.AlphabeticalAsc)
    .multi(true)
    .includeAll(true)
    .allValue(".*");
}

/** A dashboard with runwarden's common settings: tags, refresh, time range, shared crosshair. */
export function runwardenDashboard(uid: string, title: string, description: string): dashboard.DashboardBuilder {
  return new dashboard.DashboardBuilder(title)
    .uid(uid)
    .description(description)
    .tags(["runwarden"])
    .refresh("1m")
    .time({ from: "now-7d", to: "now" })
    .timezone("utc")
    .tooltip(dashboard.DashboardCursorSync.Crosshair)
    .editable()
    .link(
      new dashboard.DashboardLinkBuilder("runwarden")
        .type(dashboard.DashboardLinkType.Dashboards)
        .tags(["runwarden"])
        .asDropdown(true)
        .includeVars(true)
        .keepTime(true),
    );
}
