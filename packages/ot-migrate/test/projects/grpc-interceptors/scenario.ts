// Calls to the users service: one that reaches the flaky inventory (retried), one arriving from a
// traced upstream (trace context and baggage in its metadata), a missing user, a crashing handler,
// and a call on a closed channel.
import { ClientTracingInterceptor } from './client-interceptor';
import { Client, Metadata, Server } from './grpc';
import { RetryingTracingInterceptor } from './retrying-interceptor';
import { ServerTracingInterceptor } from './server-interceptor';
import { inventoryService, usersService } from './services';
import { tracer } from './tracing';

export async function run(): Promise<void> {
  const inventoryServer = new Server('inventory:50051', [new ServerTracingInterceptor(tracer)]);
  inventoryServer.addService(inventoryService());
  const inventory = new Client(inventoryServer, [new RetryingTracingInterceptor(tracer, 3)]);
  const usersServer = new Server('users:50051', [new ServerTracingInterceptor(tracer)]);
  usersServer.addService(usersService(inventory));
  const users = new Client(usersServer, [new ClientTracingInterceptor(tracer)]);

  await users.call('users.Users/Get', { id: 'u-1' });
  await usersServer.handle(
    'users.Users/Get',
    { id: 'u-1' },
    new Metadata({
      traceparent: '00-8f6a1b9c0d2e3f405162738495a6b7c8-1a2b3c4d5e6f7081-01',
      baggage: 'tenant=acme',
    }),
  );
  await users.call('users.Users/Get', { id: 'u-404' }).catch(() => undefined);
  await users.call('users.Users/Crash', {}).catch(() => undefined);
  users.close();
  await users.call('users.Users/Get', { id: 'u-1' }).catch(() => undefined);
}
