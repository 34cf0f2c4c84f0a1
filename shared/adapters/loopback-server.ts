import type { Server } from "node:http";
import type { AddressInfo } from "node:net";

/** A local stand-in listening on loopback: its URL and how to stop it. */
export interface LoopbackService {
  endpoint: string;
  close(): Promise<void>;
}

/** Wraps a listening server; open keep-alive sockets are cut so `close` does not wait on them. */
export function loopbackService(server: Server): LoopbackService {
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections?.();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
