import { CfnOutput, Fn, Stack } from "aws-cdk-lib";
import { EventBus } from "aws-cdk-lib/aws-events";
import {
  ConfigurationSet,
  ConfigurationSetTlsPolicy,
  DkimIdentity,
  EasyDkimSigningKeyLength,
  EmailIdentity,
  EmailSendingEvent,
  EventDestination,
  Identity,
  type IEmailIdentity,
  MailFromBehaviorOnMxFailure,
  SuppressionReasons,
} from "aws-cdk-lib/aws-ses";
import { Construct } from "constructs";
import type { AppConfig } from "../../shared/config/app-config";
import {
  configurationSetNameFor,
  type SendingIdentity as ResolvedIdentity,
  sendingIdentityOf,
} from "../../shared/config/sending-identity";

/** What SES publishes to EventBridge about each message sent in the configuration set. */
export const DELIVERY_EVENT_TYPES = [
  EmailSendingEvent.SEND,
  EmailSendingEvent.DELIVERY,
  EmailSendingEvent.BOUNCE,
  EmailSendingEvent.COMPLAINT,
  EmailSendingEvent.REJECT,
  EmailSendingEvent.DELIVERY_DELAY,
];

export interface SendingIdentityProps {
  readonly config: AppConfig;
}

/**
 * Where the stage's emails come from and what SES tells us about them: the email identity
 * (created with Easy DKIM and, when configured, a custom MAIL FROM, with the DNS records to add
 * as stack outputs; or an existing one, referenced) and the configuration set every send names:
 * reputation metrics on, TLS required, bounced and complained-about addresses suppressed, and
 * its delivery events published to the account's default EventBridge bus (the only bus SES
 * publishes to).
 */
export class SendingIdentity extends Construct {
  readonly identity: IEmailIdentity;
  /** The identity's name as IAM and SES know it: a domain, or an address. */
  readonly identityName: string;
  readonly resolved: ResolvedIdentity;
  readonly configurationSet: ConfigurationSet;
  readonly configurationSetName: string;

  constructor(scope: Construct, id: string, props: SendingIdentityProps) {
    super(scope, id);
    const { config } = props;
    this.resolved = sendingIdentityOf(config.email);
    this.identityName = this.resolved.name;
    this.configurationSetName = configurationSetNameFor(config.stage);

    this.configurationSet = new ConfigurationSet(this, "ConfigurationSet", {
      configurationSetName: this.configurationSetName,
      // Reputation.BounceRate and Reputation.ComplaintRate for this set, which the alarms watch.
      reputationMetrics: true,
      // Never hand a reminder (names, overdue supervisions) to a mail server over plain text.
      tlsPolicy: ConfigurationSetTlsPolicy.REQUIRE,
      // The account-level suppression list, for both reasons, whatever the account's own
      // setting: an address that hard-bounced or complained is not sent to again (SES drops
      // the send and reports a bounce, which the delivery events record).
      suppressionReasons: SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });
    this.configurationSet.addEventDestination("DeliveryEvents", {
      configurationSetEventDestinationName: "delivery-events-to-eventbridge",
      destination: EventDestination.eventBus(
        EventBus.fromEventBusName(this, "DefaultBus", "default"),
      ),
      events: DELIVERY_EVENT_TYPES,
    });

    if (this.resolved.create) {
      const created = new EmailIdentity(this, "Identity", {
        identity: Identity.domain(this.resolved.name),
        dkimIdentity: DkimIdentity.easyDkim(EasyDkimSigningKeyLength.RSA_2048_BIT),
        dkimSigning: true,
        // A send that names no configuration set still gets this one.
        configurationSet: this.configurationSet,
        ...(this.resolved.mailFromDomain
          ? {
              mailFromDomain: this.resolved.mailFromDomain,
              // Until its MX record resolves, send with SES's own MAIL FROM rather than refuse.
              mailFromBehaviorOnMxFailure: MailFromBehaviorOnMxFailure.USE_DEFAULT_VALUE,
            }
          : {}),
      });
      this.identity = created;
      this.outputDnsRecords(created, this.resolved.mailFromDomain);
    } else {
      this.identity = EmailIdentity.fromEmailIdentityName(this, "Identity", this.resolved.name);
    }
    new CfnOutput(scope, "SesConfigurationSet", {
      description: `Every email is sent in this SES configuration set, from the identity ${this.resolved.name}`,
      value: this.configurationSetName,
    });
  }

  /** The DNS records that verify the domain (DKIM) and its MAIL FROM, as the admin adds them. */
  private outputDnsRecords(identity: EmailIdentity, mailFromDomain: string | undefined): void {
    const scope = this.node.scope as Construct;
    identity.dkimRecords.forEach((record, i) => {
      new CfnOutput(scope, `SesDkimRecord${i + 1}`, {
        description: `DNS: add this CNAME (name CNAME value) to verify ${this.identityName} with DKIM (${i + 1} of 3)`,
        value: Fn.join(" ", [record.name, "CNAME", record.value]),
      });
    });
    if (!mailFromDomain) return;
    const region = Stack.of(this).region;
    new CfnOutput(scope, "SesMailFromMxRecord", {
      description: `DNS: add this MX record for the MAIL FROM domain ${mailFromDomain} (bounces come back to SES through it)`,
      value: `${mailFromDomain} MX 10 feedback-smtp.${region}.amazonses.com`,
    });
    new CfnOutput(scope, "SesMailFromSpfRecord", {
      description: `DNS: add this TXT (SPF) record for the MAIL FROM domain ${mailFromDomain}`,
      value: `${mailFromDomain} TXT "v=spf1 include:amazonses.com ~all"`,
    });
  }
}
