// Stand-ins for the libraries the package instruments: a pg client, a callback-style redis client
// and an http server. Nothing here knows about tracing.
import { EventEmitter } from 'node:events';

const tick = () => new Promise((resolve) => setImmediate(resolve));

export interface QueryResult {
  rows: Record<string, unknown>[];
  rowCount: number;
}

export interface PgConfig {
  host: string;
  port: number;
  database: string;
  user: string;
}

export class PgClient {
  private readonly users = [{ id: 1, name: 'Ada' }];

  constructor(readonly config: PgConfig) {}

  async query(text: string, values: unknown[] = []): Promise<QueryResult> {
    await tick();
    if (!/^SELECT /i.test(text)) throw new Error(`syntax error at or near "${text.split(' ')[0]}"`);
    const [id] = values;
    if (typeof id === 'string' && !/^\d+$/.test(id)) {
      throw new Error(`invalid input syntax for type integer: "${id}"`);
    }
    const rows = this.users.filter((user) => user.id === Number(id));
    return { rows, rowCount: rows.length };
  }
}

export type RedisCallback = (err: Error | null, reply?: string | null) => void;

export class RedisClient {
  readonly address = '127.0.0.1:6379';
  private readonly store = new Map<string, string>();

  send_command(command: string, args: string[], callback: RedisCallback): void {
    setImmediate(() => {
      if (command === 'GET') callback(null, this.store.get(args[0]) ?? null);
      else if (command === 'SET') callback(null, (this.store.set(args[0], args[1]), 'OK'));
      else if (command === 'PING') callback(null, 'PONG');
      else callback(new Error(`ERR unknown command '${command}'`));
    });
  }

  get(key: string, callback: RedisCallback): void {
    this.send_command('GET', [key], callback);
  }

  set(key: string, value: string, callback: RedisCallback): void {
    this.send_command('SET', [key, value], callback);
  }
}

export interface IncomingRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
}

export class ServerResponse extends EventEmitter {
  statusCode = 200;
  body = '';

  end(body = ''): void {
    this.body = body;
    this.emit('finish');
  }
}

export type RequestListener = (req: IncomingRequest, res: ServerResponse) => Promise<void> | void;

/** An http server without sockets: `request` hands one request to the listener. */
export class HttpServer {
  constructor(public listener: RequestListener) {}

  async request(
    method: string,
    url: string,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: string }> {
    const res = new ServerResponse();
    const finished = new Promise<void>((resolve) => res.once('finish', resolve));
    try {
      await this.listener({ method, url, headers }, res);
    } catch {
      if (!res.body) {
        res.statusCode = 500;
        res.end('internal error');
      }
    }
    await finished;
    return { status: res.statusCode, body: res.body };
  }
}
