import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

// The floors of ARCHITECTURE.md are kept by the linter: a new file that breaks one is refused.
// Each case lints source as if it were a new file at that path, with the project's own config.

let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({ cwd: process.cwd() });
});

async function restrictedImports(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.filter((m) => m.ruleId === '@typescript-eslint/no-restricted-imports').map((m) => m.message);
}

describe('the layers, as the linter keeps them', () => {
  it('refuses SQL and tables in a page or a route', async () => {
    const page = `import { sql } from 'drizzle-orm';\nimport { cameras } from '@/db/schema';\nexport const q = [sql\`SELECT 1\`, cameras];\n`;
    const messages = await restrictedImports('app/new-feature/page.tsx', page);
    expect(messages).toHaveLength(2);
    expect(messages[0]).toMatch(/SQL and tables live in db\//);
    expect(await restrictedImports('app/api/new-feature/route.ts', page)).toHaveLength(2);
    // No file is excepted, not even one that held SQL before the rule was enforced.
    expect(await restrictedImports('app/admin/cameras/page.tsx', page)).toHaveLength(2);
    // Query functions are how a page reads.
    expect(await restrictedImports('app/new-feature/page.tsx', `import { getDatabase } from '@/lib/database';\nimport { listAlertGroups } from '@/db/queries/alerts';\nexport const x = [getDatabase, listAlertGroups];\n`)).toEqual([]);
  }, 60_000);

  it('refuses a db import in a component (a type is allowed for now)', async () => {
    const messages = await restrictedImports('components/new/thing.tsx', `import { listAlertGroups } from '@/db/queries/alerts';\nexport const x = listAlertGroups;\n`);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/Components never import db\//);
    expect(await restrictedImports('components/new/thing.tsx', `import type { AlertGroupRow } from '@/db/queries/alerts';\nexport type X = AlertGroupRow;\n`)).toEqual([]);
  }, 60_000);

  it('refuses a lib import in db, except the bottom layer', async () => {
    const messages = await restrictedImports('db/queries/new-thing.ts', `import { AppError } from '@/lib/api/errors';\nexport const x = AppError;\n`);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/db\/ imports nothing from lib\//);
    expect(await restrictedImports('db/queries/new-thing.ts', `import { FACILITY_STATUSES } from '@/lib/domain/facilities';\nexport const x = FACILITY_STATUSES;\n`)).toEqual([]);
    // Relative paths too (the schema uses them, for drizzle-kit).
    expect(await restrictedImports('db/schema/new-thing.ts', `import { getSettings } from '../../lib/settings';\nexport const x = getSettings;\n`)).toHaveLength(1);
    expect(await restrictedImports('db/schema/new-thing.ts', `import { ROLES } from '../../lib/domain/roles';\nexport const x = ROLES;\n`)).toEqual([]);
  }, 60_000);

  it('keeps lib/domain at the bottom', async () => {
    expect(await restrictedImports('lib/domain/new-thing.ts', `import { getSettings } from '@/lib/settings';\nexport const x = getSettings;\n`)).toHaveLength(1);
    expect(await restrictedImports('lib/domain/new-thing.ts', `import { ALERT_STATUSES } from '@/lib/domain/alerts';\nexport const x = ALERT_STATUSES;\n`)).toEqual([]);
  }, 60_000);
});

describe('route handlers', () => {
  /** Routes that are not Vigil's API: the sign-in library's own, and the health check load balancers call without a session. */
  const OWN_PROTOCOL = new Set(['app/api/auth/[...nextauth]/route.ts', 'app/api/health/route.ts']);
  const routeFiles = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? routeFiles(path.join(dir, e.name)) : e.name === 'route.ts' ? [path.join(dir, e.name)] : []));

  it('every route goes through apiRoute, or its OGC or device-key variant (session, permission, validation, errors in one place)', () => {
    const files = routeFiles('app').map((f) => f.split(path.sep).join('/'));
    expect(files.length).toBeGreaterThan(50);
    const bypassing = files.filter((f) => !OWN_PROTOCOL.has(f) && !/\b(apiRoute|ogcRoute|deviceRoute)\(/.test(readFileSync(f, 'utf8')));
    expect(bypassing).toEqual([]);
  });
});
