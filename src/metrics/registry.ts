/**
 * The metrics of the catalogue as prom-client objects in runwarden's own Registry (never the global
 * default one, and no default process metrics): one object per catalogue entry, looked up by name.
 */
import { Counter, Gauge, Histogram, Registry } from "prom-client";
import { CATALOGUE, type MetricName, type MetricSpec } from "./catalogue.js";

type Metric = Gauge | Counter | Histogram;

export class RunwardenMetrics {
  readonly registry = new Registry();
  readonly #metrics = new Map<string, Metric>();

  constructor(catalogue: readonly MetricSpec[] = CATALOGUE) {
    for (const spec of catalogue) {
      const common = { name: spec.name, help: spec.help, labelNames: [...spec.labels], registers: [this.registry] };
      const metric =
        spec.type === "gauge"
          ? new Gauge(common)
          : spec.type === "counter"
            ? new Counter(common)
            : new Histogram({ ...common, buckets: [...(spec.buckets ?? [])] });
      this.#metrics.set(spec.name, metric);
    }
  }

  gauge(name: MetricName): Gauge {
    const metric = this.#metrics.get(name);
    if (!(metric instanceof Gauge)) throw new TypeError(`${name} is not a gauge of the catalogue`);
    return metric;
  }

  counter(name: MetricName): Counter {
    const metric = this.#metrics.get(name);
    if (!(metric instanceof Counter)) throw new TypeError(`${name} is not a counter of the catalogue`);
    return metric;
  }

  histogram(name: MetricName): Histogram {
    const metric = this.#metrics.get(name);
    if (!(metric instanceof Histogram)) throw new TypeError(`${name} is not a histogram of the catalogue`);
    return metric;
  }

  /** The text exposition format (version 0.0.4). */
  exposition(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
