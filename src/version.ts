/** This package's version, kept equal to package.json's by a test. */
export const VERSION = '0.1.0';

/** This package's name, used as the default OpenTelemetry tracer name. */
export const PACKAGE_NAME = 'opentracing-otel-bridge';
