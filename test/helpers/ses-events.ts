/**
 * SES events as EventBridge delivers them from a configuration set's event destination: the
 * envelope, and in `detail` SES's event publishing record, with the fields SES sends (headers,
 * tags, feedback ids), so the handler is tried on what it will really receive.
 */
export type SesEventType =
  | "Send"
  | "Delivery"
  | "Bounce"
  | "Complaint"
  | "Reject"
  | "DeliveryDelay";

const DETAIL_TYPE: Record<SesEventType, string> = {
  Send: "Email Sent",
  Delivery: "Email Delivered",
  Bounce: "Email Bounced",
  Complaint: "Email Complaint Received",
  Reject: "Email Rejected",
  DeliveryDelay: "Email Delivery Delayed",
};

export interface SesEventOptions {
  messageId: string;
  to: string;
  /** When SES accepted the message. */
  sentAt: string;
  /** When the event happened (defaults to a second after `sentAt`). */
  at?: string;
  bounceType?: "Permanent" | "Transient" | "Undetermined";
  /** The sender's `email-kind` tag. */
  emailKind?: string;
  configurationSet?: string;
}

export function sesEvent(type: SesEventType, o: SesEventOptions) {
  const at = o.at ?? new Date(Date.parse(o.sentAt) + 1000).toISOString();
  const configurationSet = o.configurationSet ?? "supervision-reminders-test";
  const detail: Record<string, unknown> = {
    eventType: type,
    mail: {
      timestamp: o.sentAt,
      source: "Supervision reminders <supervision-reminders@example.gov.uk>",
      sourceArn: "arn:aws:ses:eu-west-2:222222222222:identity/example.gov.uk",
      sendingAccountId: "222222222222",
      messageId: o.messageId,
      destination: [o.to],
      headersTruncated: false,
      headers: [
        { name: "From", value: "supervision-reminders@example.gov.uk" },
        { name: "To", value: o.to },
        { name: "Subject", value: "Weekly supervision summary" },
        { name: "Auto-Submitted", value: "auto-generated" },
      ],
      commonHeaders: {
        from: ["supervision-reminders@example.gov.uk"],
        to: [o.to],
        messageId: o.messageId,
        subject: "Weekly supervision summary",
      },
      tags: {
        "ses:operation": ["SendEmail"],
        "ses:configuration-set": [configurationSet],
        "ses:source-ip": ["192.0.2.10"],
        "ses:from-domain": ["example.gov.uk"],
        "ses:caller-identity": ["supervision-reminders-prod-send-due-reminders"],
        ...(o.emailKind ? { "email-kind": [o.emailKind] } : {}),
      },
    },
  };
  if (type === "Send") detail.send = {};
  if (type === "Delivery")
    detail.delivery = {
      timestamp: at,
      processingTimeMillis: 1164,
      recipients: [o.to],
      smtpResponse: "250 2.6.0 Message received",
      reportingMTA: "a8-70.smtp-out.amazonses.com",
      remoteMtaIp: "198.51.100.7",
    };
  if (type === "Bounce")
    detail.bounce = {
      feedbackId: `0102017${o.messageId}-bounce`,
      bounceType: o.bounceType ?? "Permanent",
      bounceSubType: o.bounceType === "Transient" ? "MailboxFull" : "General",
      bouncedRecipients: [
        {
          emailAddress: o.to,
          action: "failed",
          status: o.bounceType === "Transient" ? "4.2.2" : "5.1.1",
          diagnosticCode: "smtp; 550 5.1.1 user unknown",
        },
      ],
      timestamp: at,
      reportingMTA: "dns; a8-70.smtp-out.amazonses.com",
    };
  if (type === "Complaint")
    detail.complaint = {
      feedbackId: `0102017${o.messageId}-complaint`,
      complaintSubType: null,
      complainedRecipients: [{ emailAddress: o.to }],
      timestamp: at,
      userAgent: "Microsoft Outlook",
      complaintFeedbackType: "abuse",
      arrivalDate: at,
    };
  if (type === "Reject") detail.reject = { reason: "Bad content" };
  if (type === "DeliveryDelay")
    detail.deliveryDelay = {
      timestamp: at,
      delayType: "TransientCommunicationFailure",
      expirationTime: new Date(Date.parse(at) + 86_400_000).toISOString(),
      delayedRecipients: [{ emailAddress: o.to, status: "4.4.1", diagnosticCode: "smtp; 421" }],
    };
  return {
    version: "0",
    id: `${type}-${o.messageId}-${at}`,
    "detail-type": DETAIL_TYPE[type],
    source: "aws.ses",
    account: "222222222222",
    time: at,
    region: "eu-west-2",
    resources: [`arn:aws:ses:eu-west-2:222222222222:configuration-set/${configurationSet}`],
    detail,
  };
}
