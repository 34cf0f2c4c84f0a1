import * as emulator from "aws-ses-v2-local";
import { type LoopbackService, loopbackService } from "../loopback-server";

// A CommonJS package: under tsx/ESM its default export may arrive wrapped once more.
const startSesEmulator = ((emulator.default as unknown as { default?: typeof emulator.default })
  .default ?? emulator.default) as typeof emulator.default;

/** Starts aws-ses-v2-local, an SES emulator, on a free loopback port in this process. */
export async function startLocalSes(): Promise<LoopbackService> {
  return loopbackService(await startSesEmulator({ host: "127.0.0.1", port: 0 }));
}
