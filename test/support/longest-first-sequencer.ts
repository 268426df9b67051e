import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

// End-to-end files differ twentyfold in length (the accessibility walk ~5 min, ingest ~30 s) and
// run two at a time. Vitest orders files it has no timings for (every clean clone) by name and
// size, which started the longest file last and left one worker idle for minutes at the end.
// Longest first fills two workers evenly: the measured times of a CI run seed the order, and a
// machine's own timings (Vitest's cache) take over once it has some.

/** Seconds each file took in a clean-clone CI run (project:file); new files count as long. */
const MEASURED_SECONDS: Record<string, number> = {
  'embedded:test/e2e/accessibility.test.ts': 351,
  'embedded:test/e2e/map-workspace.test.ts': 202,
  'embedded:test/e2e/recording.test.ts': 193,
  'embedded:test/e2e/live.test.ts': 116,
  'embedded:test/e2e/planning.test.ts': 96,
  'embedded:test/e2e/security.test.ts': 95,
  'embedded:test/e2e/video.test.ts': 93,
  'embedded:test/e2e/live-restart.test.ts': 71,
  'embedded:test/e2e/authorization.test.ts': 70,
  'embedded:test/e2e/operations.test.ts': 66,
  'embedded:test/e2e/programme.test.ts': 55,
  'embedded:test/e2e/map.test.ts': 48,
  'embedded:test/e2e/workspace.test.ts': 45,
  'embedded:test/e2e/ogc.test.ts': 37,
  'embedded:test/e2e/ingest.test.ts': 30,
  'embedded:test/e2e/database-outage.test.ts': 1,
  'postgres:test/e2e/live.test.ts': 63,
  'postgres:test/e2e/workspace.test.ts': 38,
  'postgres:test/e2e/authorization.test.ts': 36,
  'postgres:test/e2e/live-restart.test.ts': 27,
  'postgres:test/e2e/database-outage.test.ts': 18,
  'postgres:test/e2e/ingest.test.ts': 16,
  'postgres:test/e2e/deployment.test.ts': 25,
};
const UNKNOWN_SECONDS = 120;

export default class LongestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const expected = (spec: TestSpecification): number => {
      const key = `${spec.project.name}:${relative(this.ctx.config.root, spec.moduleId)}`;
      const cached = this.ctx.cache.getFileTestResults(key);
      if (cached && !cached.failed && cached.duration > 0) return cached.duration / 1000;
      return MEASURED_SECONDS[key] ?? UNKNOWN_SECONDS;
    };
    return [...files].sort((a, b) => expected(b) - expected(a));
  }
}
