import type { ContinuationScheduler } from "../../shared/ports/continuation-scheduler";
import type { OneOffScheduler } from "../../shared/ports/one-off-scheduler";

export type OneOffRequest = Parameters<OneOffScheduler["scheduleOnce"]>[0];
export type ContinuationRequest = Parameters<ContinuationScheduler["scheduleContinuation"]>[0];

/** `OneOffScheduler` that remembers what it was asked to schedule (a copy of each request). */
export class RecordingOneOffScheduler implements OneOffScheduler {
  readonly requests: OneOffRequest[] = [];

  async scheduleOnce(request: OneOffRequest): Promise<void> {
    this.requests.push(structuredClone(request));
  }
}

/** `ContinuationScheduler` that remembers the continuations it was asked for. */
export class RecordingContinuationScheduler implements ContinuationScheduler {
  readonly requests: ContinuationRequest[] = [];

  async scheduleContinuation(request: ContinuationRequest): Promise<void> {
    this.requests.push({ ...request });
  }
}
