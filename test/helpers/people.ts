import { emptyFacts, type PersonFacts, type StaffMember } from "../../shared/domain/records";

/** A qualified, operational social worker; override what the test is about. */
export function aPerson(overrides: Partial<StaffMember> = {}): StaffMember {
  return {
    staffId: "W1",
    name: "Test Person",
    email: "test.person@example.gov.uk",
    role: "social_worker",
    employment: "permanent",
    qualification: "qualified",
    team: "Team A",
    service: "Service X",
    supervisorId: "M1",
    startDate: "2020-01-01",
    operational: true,
    ...overrides,
  };
}

export function factsWith(overrides: Partial<PersonFacts> = {}): PersonFacts {
  return { ...emptyFacts(), ...overrides };
}
