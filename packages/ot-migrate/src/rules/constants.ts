// OpenTracing's constants (`Tags.*`, `FORMAT_*`) left outside the calls the rewrite replaces.
import type { FilePlanning } from '../planning';

/** `Tags.*` and `FORMAT_*` the rules did not replace with the calls they stand in. */
export function checkConstants(plan: FilePlanning): void {
  for (const usage of plan.usages) {
    if ((usage.kind === 'tags' || usage.kind === 'formats') && !plan.isInsideEdit(usage.node)) {
      plan.block(
        usage.node,
        `\`${usage.name}\` is an OpenTracing constant: use the OpenTelemetry name by hand`,
        usage.name,
      );
    }
  }
}
