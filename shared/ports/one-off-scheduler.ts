/** Invokes the job once, later, with a payload (identifiers only): a one-off schedule on AWS. */
export interface OneOffScheduler {
  scheduleOnce(request: {
    name: string;
    atMs: number;
    payload: Record<string, unknown>;
  }): Promise<void>;
}
