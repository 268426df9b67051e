import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FACILITY_STAGES, FACILITY_STATUSES, type FacilityStage, type FacilityStatus } from '@/lib/domain/facilities';
import { allCamerasDown, facilityStatus, isLate, STEPS, stepAllowed, type StatusInput, type StepKind } from '@/lib/programme/status';

// The programme's pure rules, stated here as the brief states them (not as the code computes
// them) and checked over random inputs: a facility is connected because its cameras are live,
// never because someone ticked a box; a restart with unchecked cameras reports nothing down.

const CONNECTION: readonly FacilityStatus[] = ['connecting', 'connected', 'degraded'];
const BEFORE_CONNECTING: readonly FacilityStage[] = ['not_surveyed', 'surveyed', 'plan_agreed'];

const counts = fc.record({ live: fc.nat(8), unknown: fc.nat(8), down: fc.nat(8) });
const anyInput: fc.Arbitrary<StatusInput> = fc
  .record({
    stage: fc.constantFrom(...FACILITY_STAGES),
    requiredCameras: fc.option(fc.integer({ min: 1, max: 8 }), { nil: null }),
    current: fc.constantFrom(...FACILITY_STATUSES),
    everConnected: fc.boolean(),
    counts,
  })
  .map(({ counts: c, ...rest }) => ({ ...rest, ...c }));
const connecting = anyInput.map((input) => ({ ...input, stage: 'connecting' as const }));
/**
 * States a facility can be in while connecting: its status is one of the connection statuses,
 * and it has been connected before exactly when that status is no longer `connecting`.
 */
const reachable = connecting.chain((input) =>
  fc.constantFrom(...CONNECTION).map((current) => ({ ...input, current, everConnected: current !== 'connecting' })),
);
/** Enough unchecked cameras that, were they live, the plan's number would be reached. */
const couldBeMet = (i: StatusInput) => i.requiredCameras !== null && i.unknown > 0 && i.live + i.unknown >= i.requiredCameras;

describe('facility status', () => {
  it('is the recorded stage until connection work starts, whatever the cameras say', () => {
    fc.assert(
      fc.property(anyInput, fc.constantFrom(...BEFORE_CONNECTING), (input, stage) => {
        expect(facilityStatus({ ...input, stage })).toBe(stage);
      }),
    );
  });

  it('while connecting, follows the cameras only: never a pre-connection stage', () => {
    fc.assert(
      fc.property(connecting, (input) => {
        expect(CONNECTION).toContain(facilityStatus(input));
      }),
    );
  });

  it('becomes connected exactly when at least the planned number of cameras are live', () => {
    fc.assert(
      fc.property(reachable, (input) => {
        const enough = input.requiredCameras !== null && input.live >= input.requiredCameras;
        // The one exception: a connected site whose missing cameras are merely unchecked stays connected.
        const held = input.current === 'connected' && couldBeMet(input);
        expect(facilityStatus(input) === 'connected').toBe(enough || held);
        if (input.current !== 'connected') expect(facilityStatus(input) === 'connected').toBe(enough);
      }),
      { numRuns: 500 },
    );
  });

  it('is degraded only after it has been connected once', () => {
    fc.assert(
      fc.property(reachable, (input) => {
        const status = facilityStatus(input);
        if (!input.everConnected) expect(status).not.toBe('degraded');
        // Once connected, never back to `connecting`: too few cameras is a degradation.
        if (input.everConnected) expect(status).not.toBe('connecting');
      }),
      { numRuns: 500 },
    );
    // Fewer live cameras than planned, nothing left unchecked: the history decides the word.
    const short: StatusInput = { stage: 'connecting', requiredCameras: 3, current: 'connected', everConnected: true, live: 2, unknown: 0, down: 1 };
    expect(facilityStatus(short)).toBe('degraded');
    expect(facilityStatus({ ...short, everConnected: false, current: 'connecting' })).toBe('connecting');
  });

  it('keeps its status while unchecked cameras could still make up the number', () => {
    fc.assert(
      fc.property(reachable, (input) => {
        fc.pre(input.requiredCameras !== null && input.live < input.requiredCameras && couldBeMet(input));
        expect(facilityStatus(input)).toBe(input.current);
      }),
      { numRuns: 300 },
    );
    // After a restart every camera is unknown: a connected site is not reported degraded.
    expect(facilityStatus({ stage: 'connecting', requiredCameras: 2, current: 'connected', everConnected: true, live: 0, unknown: 2, down: 0 })).toBe('connected');
    // Unknown cameras that could not make up the number do not hold a status.
    expect(facilityStatus({ stage: 'connecting', requiredCameras: 3, current: 'connected', everConnected: true, live: 1, unknown: 1, down: 1 })).toBe('degraded');
  });

  it('is never connected without a plan (no number of cameras agreed)', () => {
    fc.assert(
      fc.property(connecting, (input) => {
        const status = facilityStatus({ ...input, requiredCameras: null });
        expect(status).toBe(input.everConnected ? 'degraded' : 'connecting');
      }),
    );
  });
});

describe('all cameras down', () => {
  it('holds when at least one camera is down and none is live or unchecked', () => {
    fc.assert(
      fc.property(counts, (c) => {
        expect(allCamerasDown(c)).toBe(c.down > 0 && c.live === 0 && c.unknown === 0);
      }),
    );
    // A facility without cameras has nothing down; one camera not yet checked proves nothing.
    expect(allCamerasDown({ live: 0, unknown: 0, down: 0 })).toBe(false);
    expect(allCamerasDown({ live: 0, unknown: 1, down: 3 })).toBe(false);
    expect(allCamerasDown({ live: 0, unknown: 0, down: 1 })).toBe(true);
  });
});

describe('steps in order', () => {
  const rank = (stage: FacilityStage) => FACILITY_STAGES.indexOf(stage);
  const steps = Object.keys(STEPS) as StepKind[];

  it('allows survey → plan → connect from the start, one stage at a time', () => {
    let stage: FacilityStage = 'not_surveyed';
    for (const step of ['survey', 'plan', 'connect'] as const) {
      expect(stepAllowed(step, stage), `${step} after ${stage}`).toBe(true);
      stage = STEPS[step].to;
    }
    expect(stage).toBe('connecting');
  });

  it('never skips a stage nor goes back; survey and plan may be recorded again, connect once', () => {
    for (const step of steps) {
      for (const stage of FACILITY_STAGES) {
        const advance = rank(STEPS[step].to) - rank(stage);
        const expected = advance === 1 || (advance === 0 && step !== 'connect');
        expect(stepAllowed(step, stage), `${step} at ${stage}`).toBe(expected);
      }
    }
  });
});

describe('late', () => {
  const day0 = Date.UTC(2021, 0, 1);
  const date = (n: number) => new Date(day0 + n * 86_400_000).toISOString().slice(0, 10);
  const day = fc.integer({ min: 0, max: 400 });

  it('is past the agreed target date, else past the programme deadline; never for a working connection', () => {
    fc.assert(
      fc.property(fc.constantFrom(...FACILITY_STATUSES), fc.option(day, { nil: null }), day, day, (status, target, deadline, today) => {
        const due = target ?? deadline;
        const expected = status !== 'connected' && status !== 'degraded' && today > due;
        expect(isLate(status, target === null ? null : date(target), date(deadline), date(today))).toBe(expected);
      }),
      { numRuns: 500 },
    );
  });

  it('is not late on the due day itself, and a later target overrides a passed deadline', () => {
    expect(isLate('plan_agreed', '2021-05-10', '2021-05-01', '2021-05-10')).toBe(false);
    expect(isLate('plan_agreed', '2021-05-10', '2021-05-01', '2021-05-11')).toBe(true);
    expect(isLate('surveyed', null, '2021-05-10', '2021-05-11')).toBe(true);
    // Date strings compare as dates only if they are zero-padded: October after September.
    expect(isLate('connecting', '2021-09-30', '2021-09-30', '2021-10-01')).toBe(true);
    expect(isLate('degraded', '2021-01-01', '2021-01-01', '2022-01-01')).toBe(false);
  });
});
