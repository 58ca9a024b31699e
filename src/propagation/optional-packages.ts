import type * as B3Module from '@opentelemetry/propagator-b3';
import type * as OtTraceModule from '@opentelemetry/propagator-ot-trace';
import type { MisuseKind } from '../internal/report';
import { reportMisuse } from '../internal/report';

/**
 * The official propagators of the B3 and OT wire formats are optional peer dependencies: a service
 * that speaks only W3C does not carry them. (The Jaeger format is the bridge's own, since
 * OpenTelemetry JS 3 no longer publishes its propagator.) They are loaded when a
 * format that needs one is first configured.
 */
interface OptionalPackages {
  '@opentelemetry/propagator-b3': typeof B3Module;
  '@opentelemetry/propagator-ot-trace': typeof OtTraceModule;
}

const MISSING_PACKAGE_REPORTS = {
  '@opentelemetry/propagator-b3': 'propagator-package-b3',
  '@opentelemetry/propagator-ot-trace': 'propagator-package-ot-trace',
} as const satisfies Record<keyof OptionalPackages, MisuseKind>;

// CommonJS's `require`, in scope when the bridge runs as CommonJS (Node). The browser build is an
// ES module: there a bundler stubs `require` out or leaves it undefined, so loading fails into the
// report below (a name that is not a literal keeps bundlers from trying to resolve the packages).
declare const require: (name: string) => unknown;

/**
 * Loads one of the optional propagator packages, or reports once that the format needs it.
 * @internal
 */
export function loadPropagatorPackage<Name extends keyof OptionalPackages>(
  name: Name,
  format: string,
): OptionalPackages[Name] | undefined {
  try {
    return require(name) as OptionalPackages[Name];
  } catch {
    // One report per package: a service missing several must learn of each.
    reportMisuse(
      MISSING_PACKAGE_REPORTS[name],
      `the "${format}" format needs ${name}, which could not be loaded (npm install ${name}; in a browser bundle, pass the propagator itself to TracerShim); it was skipped`,
    );
    return undefined;
  }
}
