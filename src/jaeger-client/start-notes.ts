import { diag } from '../internal/otel-api';
import type { JaegerLogger } from './config';

/**
 * What `initTracer` has to say at start, said once through `options.logger` (OpenTelemetry's
 * `diag` without one): how a setting was carried over, and what of jaeger-client could not be kept.
 * @internal
 */
export class StartNotes {
  private readonly _lines: Array<{ kept: boolean; text: string }> = [];

  /** @param _logger - jaeger-client's `options.logger`, if any. */
  constructor(private readonly _logger: JaegerLogger | undefined) {}

  /** A setting carried over in another form. */
  carriedOver(text: string): void {
    this._lines.push({ kept: true, text });
  }

  /** A setting of jaeger-client that has no equivalent here. */
  cannotKeep(text: string): void {
    this._lines.push({ kept: false, text });
  }

  /** Says everything noted, then forgets it. A logger that throws is not the caller's problem. */
  flush(): void {
    for (const { kept, text } of this._lines.splice(0)) {
      const message = `opentracing-otel-bridge/jaeger: ${text}`;
      try {
        if (this._logger === undefined) {
          if (kept) diag.info(message);
          else diag.warn(message);
        } else if (kept) this._logger.info(message);
        else this._logger.error(message);
      } catch {
        // The logger is the user's; a broken one must not stop the tracer from starting.
      }
    }
  }
}
