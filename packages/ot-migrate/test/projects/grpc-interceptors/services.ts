// The two services: users, which calls inventory while it serves a request, and a flaky
// inventory. No tracing here: the interceptors do it all.
import type { Client, UnaryHandler } from './grpc';
import { ServiceError, Status } from './grpc';

const USERS: Record<string, string> = { 'u-1': 'Ada' };

export function usersService(inventory: Client): Record<string, UnaryHandler> {
  return {
    'users.Users/Get': async (call) => {
      const id = String(call.request.id);
      const name = USERS[id];
      if (!name) throw new ServiceError(Status.NOT_FOUND, `no user ${id}`);
      const stock = await inventory.call(
        'inventory.Inventory/Reserve',
        { user: id },
        { parent: call },
      );
      return { id, name, stock };
    },
    'users.Users/Crash': () => Promise.reject(new TypeError('cannot read properties of undefined')),
  };
}

export function inventoryService(): Record<string, UnaryHandler> {
  let calls = 0;
  return {
    'inventory.Inventory/Reserve': async () => {
      // The first call finds the service still starting.
      if (++calls === 1) throw new ServiceError(Status.UNAVAILABLE, 'warming up');
      return { reserved: true };
    },
  };
}
