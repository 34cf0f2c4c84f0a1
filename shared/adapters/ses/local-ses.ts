import type { AddressInfo } from "node:net";
import * as emulator from "aws-ses-v2-local";

// A CommonJS package: under tsx/ESM its default export may arrive wrapped once more.
const startSesEmulator = ((emulator.default as unknown as { default?: typeof emulator.default })
  .default ?? emulator.default) as typeof emulator.default;

export interface LocalSes {
  endpoint: string;
  close(): Promise<void>;
}

/** Starts aws-ses-v2-local, an SES emulator, on a free loopback port in this process. */
export async function startLocalSes(): Promise<LocalSes> {
  const server = await startSesEmulator({ host: "127.0.0.1", port: 0 });
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
