// `globalTracer()` and `initGlobalTracer(tracer)`.
import type { Usage } from '../usages';
import type { FilePlanning } from '../planning';
import { quote } from '../source-text';

/** `initGlobalTracer(tracer)`: the OpenTelemetry SDK set-up takes its place. */
export function planInitGlobalTracer(plan: FilePlanning, usage: Usage): void {
  plan.block(
    usage.node,
    'set up the OpenTelemetry SDK instead (MIGRATION.md, step 1) and remove this call',
  );
}

/** `globalTracer()`: `trace.getTracer(<the package's name>)`. */
export function planGlobalTracer(plan: FilePlanning, usage: Usage): void {
  plan.replace(usage.node, `${plan.use('trace')}.getTracer(${quote(plan.tracerName)})`);
}
