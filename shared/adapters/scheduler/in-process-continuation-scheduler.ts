import type { ContinuationScheduler } from "../../ports/continuation-scheduler";

/** Locally and in tests: remembers continuations; the caller runs them when due. */
export class InProcessContinuationScheduler implements ContinuationScheduler {
  readonly requests: { scheduledTime: string; attempt: number; notBeforeMs: number }[] = [];

  async scheduleContinuation(request: {
    scheduledTime: string;
    attempt: number;
    notBeforeMs: number;
  }) {
    this.requests.push(request);
  }

  /** The next one to run, removed from the list. */
  take() {
    return this.requests.shift();
  }
}
