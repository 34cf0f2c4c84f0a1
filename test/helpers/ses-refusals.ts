import type { SESv2Client } from "@aws-sdk/client-sesv2";

/** What SES answers instead of sending: its error name and message, and HTTP status if any. */
export interface SesRefusal {
  name: string;
  message: string;
  /** Set for errors the SDK classes as client faults (throttling 429, validation 400). */
  status?: number;
}

/** The request SES is refusing: who the email was for. */
type SendInput = { Destination?: { ToAddresses?: string[] } };

/**
 * Makes the real client's requests fail with `refusal` whenever `refuses` says so, before they
 * leave (the stand-in never sees them): SES's own errors, on the real SDK path.
 */
export function sesRefuses(
  client: SESv2Client,
  refuses: (input: SendInput) => boolean,
  refusal: SesRefusal,
): void {
  client.middlewareStack.add(
    (next) => async (args) => {
      if (refuses(args.input as SendInput))
        throw Object.assign(new Error(refusal.message), {
          name: refusal.name,
          ...(refusal.status === undefined
            ? {}
            : { $fault: "client", $metadata: { httpStatusCode: refusal.status } }),
        });
      return next(args);
    },
    { step: "initialize", name: `refuse-${refusal.name}` },
  );
}
