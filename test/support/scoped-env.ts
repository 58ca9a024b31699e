// Environment variables for one test: the tracer set-up reads JAEGER_* and OTEL_* from
// process.env, so a test starts from none of them, sets its own, and puts everything back.

/** Variables that change how a tracer is set up (whatever the machine running the tests has). */
const TRACER_VARIABLES = /^(JAEGER_|OTEL_)/;

/**
 * Removes every JAEGER_* and OTEL_* variable, then sets `vars` (an undefined value removes that
 * name). Returns the function that restores process.env as it was, for `afterEach`.
 */
export function scopedEnv(vars: Record<string, string | undefined> = {}): () => void {
  const touched = new Set([
    ...Object.keys(process.env).filter((name) => TRACER_VARIABLES.test(name)),
    ...Object.keys(vars),
  ]);
  const saved = new Map([...touched].map((name) => [name, process.env[name]]));
  for (const name of touched) delete process.env[name];
  for (const [name, value] of Object.entries(vars)) {
    if (value !== undefined) process.env[name] = value;
  }
  return () => {
    for (const name of Object.keys(process.env)) {
      if (TRACER_VARIABLES.test(name) && !saved.has(name)) delete process.env[name];
    }
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
}
