// jaeger-client's own modules that the drop-in's tests compare against (it ships no types).
declare module 'jaeger-client/dist/src/configuration_env.js' {
  /** jaeger-client's initTracerFromEnv: reads JAEGER_* into config and options. */
  const ConfigurationEnv: {
    initTracer(config?: object, options?: object): unknown;
  };
  export default ConfigurationEnv;
}

declare module 'jaeger-client/dist/src/configuration.js' {
  /** jaeger-client's initTracer, which initTracerFromEnv calls with what it read. */
  const Configuration: {
    initTracer(config: object, options?: object): unknown;
  };
  export default Configuration;
}
