// The options of `ot-migrate rewrite`, which the writing and the naming of the tracer read too.

/** Options of {@link rewrite}. */
export interface RewriteOptions {
  /** Report the changes without writing them. */
  dryRun?: boolean;
  /** The name given to `trace.getTracer(…)`; default: the nearest package.json's name. */
  tracerName?: string;
  onProgress?: (done: number, total: number) => void;
}
