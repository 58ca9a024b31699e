// redis: a client span per command.
import type { Tracer } from 'opentracing';
import { Tags } from 'opentracing';
import type { RedisClient } from './clients';
import { markError, startClientSpan } from './common';

export interface RedisTracingOptions {
  tracer: Tracer;
  /** Commands that get no span (health checks). */
  ignore?: string[];
}

export class RedisTracing {
  private readonly tracer: Tracer;
  private readonly ignore: ReadonlySet<string>;

  constructor(opts: RedisTracingOptions) {
    this.tracer = opts.tracer;
    this.ignore = new Set(opts.ignore ?? []);
  }

  instrument(client: RedisClient): RedisClient {
    const send = client.send_command.bind(client);
    client.send_command = (command, args, callback) => {
      if (this.ignore.has(command)) return send(command, args, callback);
      const span = startClientSpan(this.tracer, `redis ${command}`, {
        [Tags.COMPONENT]: 'redis',
        [Tags.DB_TYPE]: 'redis',
        [Tags.DB_STATEMENT]: `${command} ${args[0] ?? ''}`.trim(),
        [Tags.PEER_ADDRESS]: client.address,
      });
      send(command, args, (err, reply) => {
        if (err) markError(span, err);
        else if (command === 'GET') span.setTag('redis.hit', reply !== null);
        span.finish();
        callback(err, reply);
      });
    };
    return client;
  }
}
