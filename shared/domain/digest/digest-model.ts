import type { IsoMonth } from "../dates";
import type { DeliveryRates } from "../delivery";
import type { Category, KpiCounts, MonthlyKpi } from "../monthly-kpi";
import type { Rag } from "../rating";
import type { AuditGrade, StaffMember } from "../records";
import type { ObligationKind } from "../stage";

export type ExceptionReason = "not_supervised" | "past_two_month_limit" | "under_minimum_sessions";

export interface DigestException {
  staffId: string;
  team: string;
  service: string;
  reasons: ExceptionReason[];
  formalSessionsLast12Months: number;
}

export interface Share {
  count: number;
  of: number;
  percent: number | null;
}

export interface CaseloadFigure {
  people: number;
  average: number | null;
}

export interface TeamCaseload extends CaseloadFigure {
  level: number;
  overLevel: boolean;
}

export interface AuditDraw {
  managerId: string;
  service: string;
  seed: number;
  staffId: string | null;
}

/** One team's file audits in the month (by the audited person's team) and its open actions. */
export interface TeamAuditQuality {
  audits: number;
  goodOrBetter: number | null;
  openActions: number;
  overdueActions: number;
}

/**
 * The quality of supervision in the month, from the audits of supervision files (policy
 * 9.2, 9.3). The first six keys are what `digest --json` publishes as `audits`; the rest
 * are what the page and CSVs need besides.
 */
export interface AuditQuality {
  /** Service managers' monthly audits: due of those employed on the month's last day, done. */
  monthly: { due: number; done: number };
  /** The quarter's QA sample: files drawn, and those audited since the quarter began. */
  quarterly: { drawn: number; done: number };
  /** The month's audits (both kinds) by grade. */
  grades: Record<AuditGrade, number>;
  /** % of the month's audits graded Good or Outstanding, one decimal; null with none. */
  goodOrBetter: number | null;
  /** People employed on the month's last day with an audit action open, and those overdue. */
  openActions: number;
  overdueActions: number;
  /** `policy.audits.goodOrBetterTargetPercent` when compiled, and `goodOrBetter` rated against it. */
  target: number;
  rag: Rag;
  /** The first month monthly audits are recorded here; null: they are not. */
  monthlyFrom: IsoMonth | null;
  /** The quarter's first month. */
  quarterFrom: IsoMonth;
  /** Monthly audits by the service managers' service. */
  byService: Record<string, { due: number; done: number }>;
  /** Teams with an audit in the month or an action open at its end. */
  byTeam: Record<string, TeamAuditQuality>;
  /** Beside the KPI's trend, the same months. */
  trend: { month: IsoMonth; audits: number; goodOrBetter: number | null }[];
}

/** The month's compliance digest: stored as a snapshot, rendered per recipient. Ids only. */
export interface Digest extends MonthlyKpi {
  previousCompliance: number | null;
  /** Change in points from last month, to one decimal. */
  change: number | null;
  /** Operational staff not counted in the KPI (unavailable 14 days or more of the month). */
  excludedForAbsence: {
    overall: number;
    byCategory: Record<Category, number>;
    byService: Record<string, number>;
    byTeam: Record<string, number>;
  };
  /** Each team's service, as the month's KPI rows have it (a figure, not a name). */
  teamService: Record<string, string>;
  trend: { month: IsoMonth; due: number; supervised: number; compliance: number | null }[];
  exceptions: DigestException[];
  coverage: { agreementCurrent: Share; appraisalInDate: Share; supervisorsTrained: Share };
  caseload: { byCategory: Record<Category, CaseloadFigure>; byTeam: Record<string, TeamCaseload> };
  forecast: {
    month: IsoMonth;
    supervisionsDueByTeam: Record<string, number>;
    passingSixWeeks: { staffId: string; team: string; date: string }[];
    passingTwoMonths: { staffId: string; team: string; date: string }[];
  };
  audit: {
    month: IsoMonth;
    serviceManagers: AuditDraw[];
    qualityAssurance: { seed: number; percent: number; staffIds: string[] } | null;
  };
  /**
   * What became of the month's emails, as SES reported it (absent from digests stored before
   * delivery was recorded).
   */
  delivery?: DeliveryRates;
  /** The quality of supervision (absent from digests stored before file audits were recorded). */
  audits?: AuditQuality;
}

export type { KpiCounts, ObligationKind };

/** A month's digest with what rendering needs: names for its ids, and the roster it came from. */
export interface CompiledDigest {
  digest: Digest;
  /** Names for the ids in the digest, for rendering and the CSVs. */
  nameOf: (staffId: string) => string;
  roster: StaffMember[];
}
